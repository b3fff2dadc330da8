import { promises as fs, constants as fsc, fstatSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MeldError } from '../errors.js';
import { FS_CAUSES, fsError, quotePath } from '../store/fs-errors.js';
import { commitFile, stageFile } from '../store/atomic.js';
import { backupDirFor } from '../store/backups.js';
import { OWN_SUFFIX, ownFileAt, ownFileOnFd } from '../store/own-files.js';

/*
 * Where `--out <file>` writes. A regular file or a new name is replaced atomically (a temp
 * file renamed over it, keeping the mode of the file it replaces); a symlink is followed, so
 * the file it points to is written and the link stays a link; a fifo or a character device
 * (/dev/stdout, a pipe someone reads) is written as a stream, never replaced. The data file,
 * anything in its `.d/` folder, its lock and the files meld keeps beside it are refused.
 */

export interface OutTarget {
  /** The path as the user gave it (for messages). */
  given: string;
  /** The file that is written: the symlink's target when it is one. */
  path: string;
  kind: 'new' | 'file' | 'stream' | 'fd';
  /** kind 'fd': the descriptor this process already has open (`/dev/stdout` redirected to a file). */
  fd?: number;
  /** The mode of the file replaced, to keep. */
  mode: number | null;
}

/** The real path of `path`, following symlinks as far as they lead (a dangling one: where it points). */
async function realish(path: string): Promise<string> {
  let current = resolve(path);
  // A pipe or device reached through a /proc fd link (/dev/stdout when piped): the link
  // reads "pipe:[123]", no path to follow, so the link itself is what is opened. Never meld's own.
  const end = await fs.stat(current).catch(() => null);
  if (end && (end.isFIFO() || end.isCharacterDevice())) return current;
  for (let hops = 0; hops < 40; hops++) {
    const stat = await fs.lstat(current).catch(() => null);
    if (!stat) {
      // Not there (yet): resolve the folder, keep the name.
      const folder = await fs.realpath(dirname(current)).catch(() => dirname(current));
      return join(folder, basename(current));
    }
    if (!stat.isSymbolicLink()) return fs.realpath(current);
    current = resolve(dirname(current), await fs.readlink(current));
  }
  throw new MeldError(`cannot write "${path}": too many symbolic links`);
}

/** Whether `path` (a real path) is the data file or one of the files meld keeps with it. */
async function isMeldsOwn(path: string, dataPath: string): Promise<boolean> {
  const candidates = new Set([resolve(dataPath), await realish(dataPath)]);
  for (const p of [...candidates]) {
    const folder = await fs.realpath(backupDirFor(p)).catch(() => null);
    if (folder) candidates.add(folder.slice(0, -2));
  }
  const own = (file: string) =>
    [...candidates].some((p) => file === p || (file.startsWith(p) && OWN_SUFFIX.test(file.slice(p.length))));
  if (own(path)) return true;
  // The same folder under another real path (a bind mount): compare the folders themselves.
  const folder = await fs.stat(dirname(path)).catch(() => null);
  if (!folder) return false;
  const same = (s: import('node:fs').Stats | null) => s !== null && s.dev === folder.dev && s.ino === folder.ino;
  for (const p of candidates) {
    if (same(await fs.stat(dirname(p)).catch(() => null)) && own(join(dirname(p), basename(path)))) return true;
    if (same(await fs.stat(backupDirFor(p)).catch(() => null))) return true;
  }
  return false;
}

/** The descriptor `given` names when it is one this process holds: /dev/stdout, /dev/fd/3, /proc/self/fd/1. */
function ownFd(given: string): number | null {
  const m = /^\/(?:dev\/(stdout|stderr)|dev\/fd\/(\d+)|proc\/(self|\d+)\/fd\/(\d+))$/.exec(resolve(given));
  if (!m) return null;
  if (m[1]) return m[1] === 'stdout' ? 1 : 2;
  if (m[2]) return Number(m[2]);
  return m[3] === 'self' || Number(m[3]) === process.pid ? Number(m[4]) : null;
}

function refuseOwn(given: string, other: string | null): MeldError {
  const also = other === null ? '' : ' (the same file under another name: a hard link, a bind mount or a descriptor)';
  return new MeldError(
    `cannot write "${given}": it is meld's data file or one of the files meld keeps with it${also}; nothing was changed`,
    { hint: 'export to another file name' },
  );
}

/** Decides how `--out` is written; refuses meld's own files (exit 1, nothing changed). */
export async function outTarget(given: string, dataPath: string): Promise<OutTarget> {
  const path = await realish(given);
  if (await isMeldsOwn(path, dataPath)) throw refuseOwn(given, null);
  // By device and inode: a hard link to the data file, a bind mount of it, /dev/stdout or
  // /proc/self/fd/N that the shell opened onto one of meld's files (`>> snap.json`).
  const fd = ownFd(given);
  if ((fd !== null && (await ownFileOnFd(fd, dataPath))) || (await ownFileAt(given, dataPath)))
    throw refuseOwn(given, 'same');
  const stat = await fs.stat(path).catch(() => null);
  // `/dev/stdout >> log.csv`: write through the open descriptor (appending, at its offset), never
  // replace the file the shell opened.
  if (fd !== null && stat?.isFile()) return { given, path, kind: 'fd', fd, mode: null };
  if (!stat) return { given, path, kind: 'new', mode: null };
  if (stat.isDirectory()) throw new MeldError(`cannot write "${given}": it is a folder`);
  if (stat.isFIFO() || stat.isCharacterDevice()) return { given, path, kind: 'stream', mode: null };
  if (!stat.isFile()) throw new MeldError(`cannot write "${given}": it is not a regular file`);
  return { given, path, kind: 'file', mode: stat.mode & 0o7777 };
}

/**
 * Writes all of `bytes` through descriptor `fd`. On a regular file a write comes back short
 * only when the disk fills up or a size limit is reached; the next write then fails with the
 * reason, and a write of nothing at all is taken as a full disk.
 */
function writeAllSync(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) {
    const n = writeSync(fd, bytes, at, bytes.length - at);
    if (n <= 0) throw Object.assign(new Error('no space left'), { code: 'ENOSPC', syscall: 'write' });
    at += n;
  }
}

/**
 * Plain `meld export … >> file`: stdout is a file the shell opened. Writes `content` through
 * the descriptor, every byte or an error (a stream would cut it short on a full disk and say
 * nothing), after refusing meld's own files. False when `fd` is not a regular file (a pipe or a
 * terminal): the caller writes as usual then.
 */
export async function writeToOpenFile(fd: number, content: string, dataPath: string): Promise<boolean> {
  let isFile: boolean;
  try {
    isFile = fstatSync(fd).isFile();
  } catch {
    return false;
  }
  if (!isFile) return false;
  if (await ownFileOnFd(fd, dataPath)) throw refuseOwn('/dev/stdout', 'same');
  try {
    writeAllSync(fd, Buffer.from(content, 'utf8'));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === 'string') e.path = '/dev/stdout';
    throw error;
  }
  return true;
}

/** Writes the export to its target (see `outTarget`). */
export async function writeOut(target: OutTarget, content: string): Promise<void> {
  if (target.kind === 'fd') {
    writeAllSync(target.fd!, Buffer.from(content, 'utf8'));
    return;
  }
  if (target.kind === 'stream') {
    // No O_CREAT, no O_TRUNC: a device or a pipe is written into, never replaced.
    const handle = await fs.open(target.path, fsc.O_WRONLY);
    try {
      await handle.writeFile(content, 'utf8');
    } finally {
      await handle.close();
    }
    return;
  }
  const tmp = await stageFile(target.path, content, target.mode ?? 0o600);
  await commitFile(tmp, target.path);
}

/** `--out` goes into a folder that exists: a typo in a path must not create folders. */
export async function checkOutFolder(out: string, path: string): Promise<void> {
  const folder = dirname(path);
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MeldError(`cannot write ${quotePath(out)}: ${FS_CAUSES.ENOENT} (${quotePath(folder)})`, {
        hint: 'create the folder first: meld does not create folders for an export',
      });
    }
    throw fsError(error, { action: 'write', path: out });
  }
  if (!stat.isDirectory()) {
    throw new MeldError(`cannot write ${quotePath(out)}: ${FS_CAUSES.ENOTDIR} (${quotePath(folder)})`);
  }
}

/**
 * `--out <file>`: the folder must exist (meld creates none), meld's own files are refused, and
 * the file is written whole or not at all; every file-system error as one line.
 */
export async function writeOutFile(given: string, content: string, dataPath: string): Promise<void> {
  await checkOutFolder(given, resolve(given));
  const target = await outTarget(given, dataPath);
  try {
    await writeOut(target, content);
  } catch (error) {
    throw fsError(error, { action: 'write', path: given });
  }
}
