import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { tempFilesOf } from './atomic.js';
import { backupDirFor } from './backups.js';
import { lockFilesFor } from './lock.js';
import { isAlive } from './processes.js';

/*
 * Temp files a killed meld leaves: beside the data file (a save's new text, a conflict probe,
 * the lock's) and anywhere in its `.d/` folder (the journal's, latest.json's, the purge marker's,
 * a backup copied). `latest.json.<pid>.….tmp` is a hard link to the whole data file and
 * `purge-pending.json.<pid>.….tmp` names a person being purged: every save and `doctor --fix`
 * removes those of processes that no longer run, and so does a purge.
 */

/** A temp file's name: `<name>.<pid>.<hex>.tmp` (or `.stale`, a lock being broken). */
const TEMP = /\.(\d+)\.[0-9a-f]+\.(?:tmp|stale)$/;

/** Every temp file of the data file `path` (a symlink's `target` too), whoever wrote it. */
export async function leftoverTemps(path: string, target = path): Promise<Array<{ file: string; pid: number }>> {
  const beside = [...new Set([path, target, ...lockFilesFor(path)])];
  const found = (await Promise.all(beside.map(tempFilesOf))).flat();
  const dir = backupDirFor(path);
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const m = TEMP.exec(name);
    if (m) found.push({ file: join(dir, name), pid: Number(m[1]) });
  }
  return found;
}

/** The temp files whose process no longer runs. */
export async function orphanedTemps(path: string, target = path): Promise<Array<{ file: string; pid: number }>> {
  return (await leftoverTemps(path, target)).filter((t) => t.pid !== process.pid && !isAlive(t.pid));
}

/** Removes the temp files of processes that no longer run; returns them. */
export async function removeOrphanedTemps(path: string, target = path): Promise<string[]> {
  const removed: string[] = [];
  for (const { file } of await orphanedTemps(path, target)) {
    await fs.rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}
