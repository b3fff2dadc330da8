import { promises as fs } from 'node:fs';
import { backupDirFor, pad, sameFile, statId } from './backups.js';
import { fsError } from './fs-errors.js';
import { locate } from './locate.js';
import { Lock, lockPathFor } from './lock.js';
import { UndoLog } from './undo.js';

/*
 * A change to the data file that another program makes (git merging what another device sent,
 * for `meld sync`), made one of meld's own: it runs under the data file's lock, and when the
 * file was replaced, the version before is kept as that change's backup and a history entry is
 * written. `meld history` then lists it and `meld undo` takes back exactly it, not it together
 * with the change before (which is what an undo of an unrecorded outside edit does).
 */
export async function recordOutsideChange<T>(
  dbPath: string,
  run: () => Promise<T>,
  summary: (result: T) => string | null,
  /** When it happened, for its history entry: the caller's clock (the context's). */
  at: Date,
): Promise<T> {
  const where = await locate(dbPath);
  let lock: Lock;
  try {
    lock = await Lock.acquire(lockPathFor(dbPath));
  } catch (error) {
    throw fsError(error, { dataFile: dbPath });
  }
  const tmp = `sync-before-${process.pid}.json`;
  try {
    const log = await UndoLog.open(dbPath, where.target, where.linked);
    const before = await statId(where.target);
    const kept = await log.backups.snapshot(tmp);
    const result = await run();
    const after = await statId(where.target);
    const words = summary(result);
    if (!kept || !words || sameFile(before, after)) return result;
    const seq = log.journal.nextSeq();
    const name = `${pad(seq)}.json`;
    await fs.rename(log.backups.path(tmp), log.backups.path(name));
    log.journal.add({ seq, at: at.toISOString(), summary: words, before: name, beforeId: before, after });
    await log.save();
    await log.backups.keepLatest();
    return result;
  } finally {
    await fs.rm(`${backupDirFor(dbPath)}/${tmp}`, { force: true }).catch(() => undefined);
    await lock.release();
  }
}
