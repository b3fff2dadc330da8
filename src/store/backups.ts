import { promises as fs, type BigIntStats } from 'node:fs';
import { dirname, join } from 'node:path';
import { MeldError } from '../errors.js';
import { commitFile, ensureFolder, removeStaleTemps, stageFile, syncDir, tempPathFor } from './atomic.js';

/*
 * Backups and the change history live in `<data file>.d/` (0700):
 *
 *   history.json      the journal: one entry per change meld made, oldest first
 *   000042.json       the data file as it was BEFORE change 42 (0600)
 *   undone-<time>-000042.json  the data file as it was when change 42 was undone (kept, pruned)
 *
 * A backup costs no copy: just before a save renames the new file over the data file, the old
 * data file is hard-linked into the folder, so the rename leaves the old inode to that link.
 * Order of a save: link old -> journal entry -> rename new. A crash between the journal and the
 * rename leaves an entry whose backup is still the very file in place (same inode): that change
 * never landed, and `reconcile` drops it. Undo follows the same rule in reverse.
 */

export interface FileId {
  ino: string;
  size: number;
  mtimeMs: number;
}

export interface JournalEntry {
  seq: number;
  /** When the change was saved (ISO UTC). */
  at: string;
  /** What the command said it did: "add-prospect Ana Souza (#12)". */
  summary: string;
  /** Backup of the data file before this change, in the backup folder; null: there was no file. */
  before: string | null;
  /** The file this change saved, to notice edits made outside meld since. */
  after: FileId | null;
}

interface JournalFile {
  version: 1;
  entries: JournalEntry[];
}

/** How many changes `meld undo` can go back. */
export const KEEP_CHANGES = 30;
/** How many undone versions are kept (they are not on the undo path, just a safety net). */
export const KEEP_UNDONE = 5;

export function backupDirFor(dbPath: string): string {
  return `${dbPath}.d`;
}

const BACKUP_NAME = /^(\d{6,})\.json$/;
const UNDONE_NAME = /^undone-(\d{13,})-(\d{6,})\.json$/;
const pad = (seq: number) => String(seq).padStart(6, '0');

export async function statId(path: string): Promise<FileId | null> {
  try {
    const s: BigIntStats = await fs.stat(path, { bigint: true });
    return { ino: `${s.dev}:${s.ino}`, size: Number(s.size), mtimeMs: Number(s.mtimeMs) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Hard link (no copy); a copy where the file system has no hard links. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw error;
    await fs.copyFile(from, to);
    await fs.chmod(to, 0o600);
  }
}

export class Journal {
  readonly dir: string;
  readonly file: string;

  private constructor(
    readonly dbPath: string,
    public entries: JournalEntry[],
  ) {
    this.dir = backupDirFor(dbPath);
    this.file = join(this.dir, 'history.json');
  }

  /** Reads the journal (read-only use: `meld history`). A missing folder is an empty history. */
  static async read(dbPath: string): Promise<Journal> {
    const journal = new Journal(dbPath, []);
    journal.entries = await journal.load();
    return journal;
  }

  private async load(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.rebuild();
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as JournalFile;
      if (!Array.isArray(parsed.entries)) throw new Error('no entries');
      return parsed.entries.filter((e) => typeof e.seq === 'number' && typeof e.summary === 'string');
    } catch {
      // A damaged journal must not cost the backups: keep it aside and rebuild from the files.
      await fs.rename(this.file, `${this.file}.damaged`).catch(() => undefined);
      return this.rebuild();
    }
  }

  /** Entries recovered from the backup files alone (summaries are lost). */
  private async rebuild(): Promise<JournalEntry[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const entries: JournalEntry[] = [];
    for (const name of names.sort()) {
      const m = BACKUP_NAME.exec(name);
      if (!m) continue;
      const stat = await fs.stat(join(this.dir, name)).catch(() => null);
      entries.push({
        seq: Number(m[1]),
        at: stat ? stat.mtime.toISOString() : new Date(0).toISOString(),
        summary: '(change not recorded: the history file was missing or damaged)',
        before: name,
        after: null,
      });
    }
    return entries;
  }

  /** Opens the journal for a change, under the data file's lock: fixes up what a crash left. */
  static async open(dbPath: string): Promise<Journal> {
    const journal = await Journal.read(dbPath);
    await ensureFolder(journal.dir);
    await fs.chmod(journal.dir, 0o700).catch(() => undefined);
    await journal.reconcile();
    return journal;
  }

  private backupPath(name: string): string {
    return join(this.dir, name);
  }

  /** True when the last entry's change never reached the data file (a crash mid-save or mid-undo). */
  private async lastIsPhantom(): Promise<boolean> {
    const last = this.entries.at(-1);
    if (!last) return false;
    // A first save that never landed: there was no file before, and there still is none.
    if (last.before === null) return (await statId(this.dbPath)) === null;
    const [backup, current] = await Promise.all([statId(this.backupPath(last.before)), statId(this.dbPath)]);
    return backup !== null && current !== null && backup.ino === current.ino;
  }

  private async reconcile(): Promise<void> {
    let changed = false;
    while (await this.lastIsPhantom()) {
      const last = this.entries.pop()!;
      if (last.before) await fs.rm(this.backupPath(last.before), { force: true });
      changed = true;
    }
    await removeStaleTemps(this.file);
    await this.removeOrphans();
    if (changed) await this.save();
  }

  /** Backup files no entry refers to (left by a crash before the journal was written). */
  private async removeOrphans(): Promise<void> {
    const wanted = new Set(this.entries.map((e) => e.before));
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const undone: string[] = [];
    for (const name of names) {
      if (BACKUP_NAME.test(name) && !wanted.has(name)) await fs.rm(this.backupPath(name), { force: true });
      if (UNDONE_NAME.test(name)) undone.push(name);
    }
    undone.sort();
    for (const name of undone.slice(0, Math.max(0, undone.length - KEEP_UNDONE)))
      await fs.rm(this.backupPath(name), { force: true });
  }

  nextSeq(): number {
    return (this.entries.at(-1)?.seq ?? 0) + 1;
  }

  /** Links the current data file into the folder as the backup for change `seq`. */
  async backupCurrent(seq: number): Promise<string | null> {
    const name = `${pad(seq)}.json`;
    try {
      await linkOrCopy(this.dbPath, this.backupPath(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // A file made by hand may be 0644; from now on it is only a backup, which must be 0600.
    await fs.chmod(this.backupPath(name), 0o600).catch(() => undefined);
    return name;
  }

  add(entry: JournalEntry): void {
    this.entries.push(entry);
    const drop = this.entries.length - KEEP_CHANGES;
    if (drop > 0) this.pruned.push(...this.entries.splice(0, drop));
  }

  private pruned: JournalEntry[] = [];

  /** Writes the journal atomically, then deletes the backups of entries pruned from it. */
  async save(): Promise<void> {
    const body: JournalFile = { version: 1, entries: this.entries };
    await commitFile(await stageFile(this.file, `${JSON.stringify(body, null, 1)}\n`), this.file);
    for (const e of this.pruned.splice(0)) if (e.before) await fs.rm(this.backupPath(e.before), { force: true });
  }

  /** Whether the data file is still the one the last change saved (no edit by hand since). */
  async currentIsLastSaved(): Promise<boolean> {
    const last = this.entries.at(-1);
    if (!last?.after) return true;
    const now = await statId(this.dbPath);
    return (
      now !== null && now.ino === last.after.ino && now.size === last.after.size && now.mtimeMs === last.after.mtimeMs
    );
  }

  /**
   * Puts the data file back as it was before the last change and forgets that change. The
   * version being undone is kept as `undone-<seq>.json`. Returns the entry undone, or null.
   */
  async undoLast(): Promise<{ entry: JournalEntry; keptAs: string | null; outsideEdit: boolean } | null> {
    const last = this.entries.at(-1);
    if (!last) return null;
    if (last.before && !(await statId(this.backupPath(last.before)))) {
      throw new MeldError(
        `the backup of the file before "${last.summary}" is missing (${this.backupPath(last.before)}); nothing was undone`,
        {
          hint: '`meld history` lists the changes; the data file itself is fine',
        },
      );
    }
    const outsideEdit = !(await this.currentIsLastSaved());
    const keptName = `undone-${Date.now()}-${pad(last.seq)}.json`;
    let keptAs: string | null = join(this.dir, keptName);
    await fs.rm(keptAs, { force: true });
    try {
      await fs.link(this.dbPath, keptAs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') await fs.copyFile(this.dbPath, keptAs);
      else keptAs = null;
    }
    if (last.before) {
      const tmp = tempPathFor(this.dbPath);
      await linkOrCopy(this.backupPath(last.before), tmp);
      await commitFile(tmp, this.dbPath);
    } else {
      await fs.rm(this.dbPath, { force: true });
      await syncDir(dirname(this.dbPath));
    }
    this.entries.pop();
    await this.save();
    if (last.before) await fs.rm(this.backupPath(last.before), { force: true });
    await this.removeOrphans();
    return { entry: last, keptAs, outsideEdit };
  }

  /** Entries newest first, without those whose change never landed. */
  async recent(): Promise<JournalEntry[]> {
    const list = [...this.entries];
    if (await this.lastIsPhantom()) list.pop();
    return list.reverse();
  }
}
