// The last step of a save: the staged file renamed over the data file, checked so that no
// version another program wrote meanwhile is lost (it is kept as a conflict copy instead).
import { closeSync, constants, promises as fs, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { MeldError } from '../errors.js';
import { syncDir, tempPathFor } from './atomic.js';
import { type FileId, fileIdOf, sameFile } from './backups.js';

/** The file changed under a save (another program wrote it): the save can be tried again on the new version. */
export class ChangedMeanwhile extends MeldError {}

export function changedMeanwhile(path: string): MeldError {
  return new ChangedMeanwhile(`${path} was changed by another program while meld was saving; nothing was saved`, {
    hint: 'run the command again',
  });
}

/**
 * A digest of a file's content. Inode, size and time tell most changes, but not a program that
 * truncates the file and writes it again in place, the same size within the same tick: only the
 * content tells that one. (node:crypto is loaded here, on a save, never at start-up.)
 */
export async function contentHash(source: string | Uint8Array): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha1');
  if (typeof source !== 'string') return hash.update(source).digest('hex');
  // Synchronous reads: nothing else runs meanwhile, and the file is read right before the rename.
  // Non-blocking: a fifo put in the file's place must not hang the save.
  const fd = openSync(source, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
    for (;;) {
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Whether `path` is still the file the change was made from: the same inode, size and time, and
 * the same content. `settled`: the file's ctime when read, which was already old enough then to
 * prove it unchanged since (settled.ts); the same ctime now spares hashing the file.
 */
async function unchanged(
  path: string,
  expected: FileId,
  hash: string | undefined,
  settled: string | null = null,
): Promise<boolean> {
  const stat = await fs.stat(path, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!sameFile(stat && fileIdOf(stat), expected)) return false;
  if (hash === undefined) return true;
  if (settled !== null && stat !== null && String(stat.ctimeNs) === settled) return true;
  const now = await contentHash(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  return now === hash;
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** Where a version of the file that another program wrote, and a save displaced, is kept. */
async function keepConflict(probe: string, target: string): Promise<string> {
  for (let n = 1; ; n++) {
    const copy = `${target}.conflict-${stamp()}${n === 1 ? '' : `-${n}`}.json`;
    try {
      await fs.link(probe, copy);
      await fs.rm(probe, { force: true });
      return copy;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Renames the staged file over the data file as the very last step, and makes sure no version
 * another program wrote is lost: the file in place is checked, then hard-linked (`probe`) in
 * the syscall just before the rename, and the probe is compared with the file the change was
 * made from after it. A version that slipped in after the check is then in the probe, and is
 * kept as a conflict copy. Only a write landing between the link and the rename (two adjacent
 * system calls) can still go unseen. Both checks compare the content too (`hash`, the digest of
 * the text the change was made from): a program that rewrites the file in place keeps its inode
 * and may keep its size and time. The first check goes by the ctime instead when the file's was
 * already settled when read (`settled`, settled.ts); the probe's cannot (the link moved it).
 * Returns the conflict copy's path, or null.
 */
export async function commitChecked(
  tmp: string,
  target: string,
  expected: FileId | null,
  afterCheck?: () => Promise<void>,
  hash?: string,
  settled: string | null = null,
): Promise<string | null> {
  if (expected === null) {
    // No file when the change was made: create it only if there still is none (link fails with EEXIST).
    try {
      await fs.link(tmp, target);
      await fs.rm(tmp, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw changedMeanwhile(target);
      if (code !== 'EPERM' && code !== 'ENOTSUP') throw error;
      await fs.rename(tmp, target);
    }
    await syncDir(dirname(target));
    return null;
  }
  if (!(await unchanged(target, expected, hash, settled))) throw changedMeanwhile(target);
  await afterCheck?.();
  const probe = tempPathFor(target);
  let probed = true;
  try {
    await fs.link(target, probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw changedMeanwhile(target);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
    probed = false;
  }
  try {
    await fs.rename(tmp, target);
  } catch (error) {
    if (probed) await fs.rm(probe, { force: true });
    throw error;
  }
  await syncDir(dirname(target));
  if (!probed) return null;
  if (await unchanged(probe, expected, hash)) {
    await fs.rm(probe, { force: true });
    return null;
  }
  return keepConflict(probe, target);
}
