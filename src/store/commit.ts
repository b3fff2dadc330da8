// The last step of a save: the staged file renamed over the data file, checked so that no
// version another program wrote meanwhile is lost (it is kept as a conflict copy instead).
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { MeldError } from '../errors.js';
import { syncDir, tempPathFor } from './atomic.js';
import { type FileId, sameFile, statId } from './backups.js';

export function changedMeanwhile(path: string): MeldError {
  return new MeldError(`${path} was changed by another program while meld was saving; nothing was saved`, {
    hint: 'run the command again',
  });
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
 * system calls) can still go unseen. Returns the conflict copy's path, or null.
 */
export async function commitChecked(
  tmp: string,
  target: string,
  expected: FileId | null,
  afterCheck?: () => Promise<void>,
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
  if (!sameFile(await statId(target), expected)) throw changedMeanwhile(target);
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
  if (sameFile(await statId(probe), expected)) {
    await fs.rm(probe, { force: true });
    return null;
  }
  return keepConflict(probe, target);
}
