import { promises as fs, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { copyVerified, ensureFolder } from './atomic.js';

/*
 * Backups and the change history live in `<data file>.d/` (0700):
 *
 *   history.json      the journal (journal.ts): one entry per change meld made, oldest first
 *   000042.json       the data file as it was BEFORE change 42 (0600)
 *   undone-<time>-000042.json  the data file as it was when change 42 was undone (kept, pruned)
 *   latest.json       the file as meld last saved it (a link: no copy), so a data file moved or
 *                     deleted outside meld can be brought back
 *   quarantine-<time>.json     records `doctor --fix` could not place (never deleted by meld)
 *
 * This file knows the backup files: where they are, how a snapshot is taken, which are no
 * longer wanted. A snapshot of a regular data file costs no copy: it is a hard link to the
 * file in place, and since every save renames a new file over the data file, the link keeps the
 * old content. A data file reached through a symlink (a synced folder) is copied instead: the
 * program on the other end may write into that file in place, and a link would follow it.
 */

export interface FileId {
  ino: string;
  size: number;
  mtimeMs: number;
  /**
   * The modification time to the nanosecond (where the file system keeps it): a program that
   * rewrites the file in place, same size, within the same millisecond, still changes it.
   * Missing in journals written before it was recorded.
   */
  mtimeNs?: string;
}

/** How many changes `meld undo` can go back. */
export const KEEP_CHANGES = 30;
/** How many undone versions are kept (they are not on the undo path, just a safety net). */
export const KEEP_UNDONE = 5;

export function backupDirFor(dbPath: string): string {
  return `${dbPath}.d`;
}

/** A purge in progress (see purge.ts): the person to erase, written before the removal is saved. */
export function pendingPurgeFile(dbPath: string): string {
  return join(backupDirFor(dbPath), 'purge-pending.json');
}

export const BACKUP_NAME = /^(\d{6,})\.json$/;
export const UNDONE_NAME = /^undone-(\d{13,})-(\d{6,})\.json$/;
export const LATEST = 'latest.json';
export const pad = (seq: number) => String(seq).padStart(6, '0');

export async function statId(path: string): Promise<FileId | null> {
  try {
    const s: BigIntStats = await fs.stat(path, { bigint: true });
    return fileIdOf(s);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function fileIdOf(s: BigIntStats): FileId {
  return { ino: `${s.dev}:${s.ino}`, size: Number(s.size), mtimeMs: Number(s.mtimeMs), mtimeNs: String(s.mtimeNs) };
}

export const sameFile = (a: FileId | null | undefined, b: FileId | null | undefined) =>
  !a || !b
    ? !a === !b
    : a.ino === b.ino &&
      a.size === b.size &&
      a.mtimeMs === b.mtimeMs &&
      (a.mtimeNs === undefined || b.mtimeNs === undefined || a.mtimeNs === b.mtimeNs);

/** Hard link (no copy); a copy where the file system has no hard links. */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw error;
    await copyVerified(from, to);
    await fs.chmod(to, 0o600);
  }
}

/** The backup folder of one data file. `target` is the file itself (a symlink's target). */
export class Backups {
  readonly dir: string;

  constructor(
    readonly dbPath: string,
    readonly target: string = dbPath,
    /** Copy instead of linking: the data file is a symlink, its target may be written in place. */
    readonly copy = false,
  ) {
    this.dir = backupDirFor(dbPath);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  async ensure(): Promise<void> {
    await ensureFolder(this.dir);
    await fs.chmod(this.dir, 0o700).catch(() => undefined);
  }

  /** A snapshot of the data file's content as `name` (0600). False when there is no data file. */
  async snapshot(name: string): Promise<boolean> {
    const to = this.path(name);
    try {
      if (this.copy) {
        await fs.rm(to, { force: true });
        await copyVerified(this.target, to, fs.constants.COPYFILE_EXCL);
      } else await linkOrCopy(this.target, to);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    // A file made by hand may be 0644; from now on it is only a backup, which must be 0600.
    await fs.chmod(to, 0o600).catch(() => undefined);
    return true;
  }

  /**
   * Keeps `latest.json` pointing at the file just saved (replaced atomically). The save has
   * landed either way: a failure is returned, for the caller to say, not thrown.
   */
  async keepLatest(): Promise<Error | null> {
    const tmp = this.path(`latest.json.${process.pid}.${Date.now().toString(16)}.tmp`);
    try {
      if (this.copy) await copyVerified(this.target, tmp);
      else await linkOrCopy(this.target, tmp);
      await fs.rename(tmp, this.path(LATEST));
      return null;
    } catch (error) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      return error as Error;
    }
  }

  async remove(name: string): Promise<void> {
    await fs.rm(this.path(name), { force: true });
  }

  async names(): Promise<string[]> {
    return (await fs.readdir(this.dir).catch(() => [] as string[])).sort();
  }

  /** Backups no change refers to (left by a crash before the journal was written), and old undone versions. */
  async removeUnwanted(wanted: Set<string | null>): Promise<void> {
    const undone: string[] = [];
    for (const name of await this.names()) {
      if (BACKUP_NAME.test(name) && !wanted.has(name)) await this.remove(name);
      if (UNDONE_NAME.test(name)) undone.push(name);
    }
    for (const name of undone.slice(0, Math.max(0, undone.length - KEEP_UNDONE))) await this.remove(name);
  }

  /** Every file in the folder that holds a version of the data (for `--purge`). */
  async versions(): Promise<string[]> {
    return (await this.names()).filter((n) => BACKUP_NAME.test(n) || UNDONE_NAME.test(n) || n === LATEST);
  }
}
