import { promises as fs, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pauseAt } from './pause.js';
import { isAlive } from './processes.js';

/*
 * Saves never write into an existing file. The new content goes to a temp file in the same
 * folder (`<name>.<pid>.<random>.tmp`, created 0600 with O_EXCL), is flushed with fsync and is
 * then renamed over the target: rename is atomic, so a crash at any moment leaves either the old
 * file or the new one. The folder is fsynced too so the rename itself survives a power cut.
 * A temp file left by a killed process carries its pid, so the next save can tell it is stale.
 */

/**
 * A temp name no other process or call uses: the pid keeps processes apart, the counter calls,
 * the random part a recycled pid. (Not node:crypto: loading it costs start-up on every run.)
 */
export function uniqueSuffix(): string {
  counter += 1;
  return `${process.pid}.${counter.toString(16)}${Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0')}`;
}
let counter = 0;

export function tempPathFor(path: string): string {
  return `${path}.${uniqueSuffix()}.tmp`;
}

/**
 * Creates a folder and its missing parents, 0700. Level by level rather than
 * `mkdir({recursive: true})`, which on Node 20 never settles under /proc (`--db /proc/a/b.json`
 * hung, spinning the CPU). A part of the path that is a file surfaces as ENOTDIR or EEXIST.
 */
export async function ensureFolder(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { mode: 0o700 });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (!(await fs.stat(dir)).isDirectory()) throw error;
      return;
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await ensureFolder(parent);
  }
  await fs.mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/**
 * Writes `content` to a new flushed temp file beside `path` and returns the temp's path. Every
 * byte is written or the call fails: a write that comes back short (a disk filling up, a file
 * size limit) is continued until the system refuses with an error, and the flushed file's size
 * is checked against the bytes written. On failure the temp file is removed and the error names
 * `path` (the file meld was writing), so the file in place stays as it was.
 */
export async function stageFile(
  path: string,
  content: string | Iterable<Uint8Array>,
  mode = 0o600,
  owner?: { uid: number; gid: number },
): Promise<string> {
  await ensureFolder(dirname(path));
  const tmp = tempPathFor(path);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    // The umask may have taken bits away from `mode`; the file is to have exactly these.
    await handle.chmod(mode);
    if (owner) await handle.chown(owner.uid, owner.gid);
    const written =
      typeof content === 'string' ? await writeInSlices(handle, content) : await writePieces(handle, content);
    await handle.sync();
    const { size } = await handle.stat();
    if (size !== written) throw shortFile(size, written);
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw naming(error, path);
  }
  return tmp;
}

/**
 * A file that holds fewer (or more) bytes than were written to it, with no error from the
 * system: reported as a failed write (`ESHORT` is meld's own code, worded in fs-errors.ts).
 */
export function shortFile(size: number, expected: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`the file holds ${size} bytes of the ${expected} written`), {
    code: 'ESHORT',
    syscall: 'write',
  });
}

/** A write error on a descriptor carries no path: give it the file meld was writing. */
function naming(error: unknown, path: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string' && e.path === undefined) e.path = path;
  return error;
}

const SLICE = 4 * 1024 * 1024;

/**
 * Writes a string in slices of a few MB, so a 50 MB file never needs a second, 50 MB copy as
 * one Buffer. A slice never ends between the two halves of a surrogate pair (that would write
 * U+FFFD twice instead of the character). Returns the number of bytes written.
 */
async function writeInSlices(handle: FileHandle, content: string): Promise<number> {
  let total = 0;
  for (let start = 0; start < content.length; ) {
    let end = Math.min(start + SLICE, content.length);
    const last = content.charCodeAt(end - 1);
    if (end < content.length && last >= 0xd800 && last <= 0xdbff) end--;
    const bytes = Buffer.from(content.slice(start, end), 'utf8');
    await writeAll(handle, bytes);
    total += bytes.length;
    start = end;
    if (start < content.length) pauseAt('half-written');
  }
  return total;
}

/** Writes pieces of bytes as they come (a text made a piece at a time); pauses as writeInSlices does. */
async function writePieces(handle: FileHandle, pieces: Iterable<Uint8Array>): Promise<number> {
  let total = 0;
  let sincePause = 0;
  for (const bytes of pieces) {
    if (sincePause >= SLICE) {
      pauseAt('half-written');
      sincePause = 0;
    }
    await writeAll(handle, bytes);
    total += bytes.length;
    sincePause += bytes.length;
  }
  return total;
}

/**
 * `write` may write fewer bytes than it was given (the disk is filling up, the size limit of
 * `ulimit -f` is near): the rest is written by the next call, which then fails with the reason
 * (ENOSPC, EFBIG) if there is one. A write of nothing at all is taken as a full disk.
 */
export async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; ) {
    // Synchronous: a save writes its pieces one after another anyway, and each asynchronous write
    // was a round trip through the thread pool (a hundred of them for a typical file).
    const bytesWritten = writeSync(handle.fd, bytes, at, bytes.length - at, null);
    if (bytesWritten <= 0) throw Object.assign(new Error('no space left'), { code: 'ENOSPC', syscall: 'write' });
    at += bytesWritten;
  }
}

/**
 * Copies `from` to `to` (a new name) and checks the copy holds as many bytes as the original;
 * a copy that came out short is removed and reported as a failed write.
 */
export async function copyVerified(from: string, to: string, flags = 0): Promise<void> {
  try {
    await fs.copyFile(from, to, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No original, or the name is taken (COPYFILE_EXCL): nothing was written, nothing to remove.
    if (code !== 'ENOENT' && code !== 'EEXIST') await fs.rm(to, { force: true }).catch(() => undefined);
    throw naming(error, to);
  }
  const [a, b] = await Promise.all([fs.stat(from), fs.stat(to)]);
  if (a.size !== b.size) {
    await fs.rm(to, { force: true });
    throw naming(shortFile(b.size, a.size), to);
  }
}

/** Renames a staged temp file over `path` and makes the rename durable. */
export async function commitFile(tmp: string, path: string): Promise<void> {
  try {
    await fs.rename(tmp, path);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await syncDir(dirname(path));
}

/**
 * Replaces `path` with `content` so that a crash at any moment leaves either the old file or
 * the new one.
 */
export async function writeFileAtomic(path: string, content: string, mode = 0o600): Promise<void> {
  await commitFile(await stageFile(path, content, mode), path);
}

export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Temp files of `path` (any process) in its folder: `{file, pid}`. */
export async function tempFilesOf(path: string): Promise<Array<{ file: string; pid: number }>> {
  const dir = dirname(path);
  const pattern = new RegExp(`^${escapeRegExp(basename(path))}\\.(\\d+)\\.[0-9a-f]+\\.(?:tmp|stale)$`);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const found: Array<{ file: string; pid: number }> = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (m) found.push({ file: join(dir, name), pid: Number(m[1]) });
  }
  return found;
}

/** Removes temp files left by processes that no longer run; returns how many went. */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const removed: string[] = [];
  for (const { file, pid } of await tempFilesOf(path)) {
    if (pid === process.pid || isAlive(pid)) continue;
    await fs.rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}
