import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { repairIntegrity } from '../domain/integrity.js';
import { SCHEMA_VERSION } from '../domain/types.js';
import { removeStaleTemps, tempFilesOf } from './atomic.js';
import { backupDirFor, Journal } from './backups.js';
import { analyseText, type Finding } from './load.js';
import { isAlive, isStale, lockFilesFor, lockPathFor, readLock } from './lock.js';
import { FileStore } from './store.js';

/*
 * `meld doctor`: every check meld can make on a data file and the files around it, and the
 * repairs that are safe (nothing is deleted that cannot be found again in the backup taken
 * just before; nothing is guessed).
 */

export interface DoctorFinding extends Finding {
  /** `meld doctor --fix` can repair it. */
  fixable: boolean;
}

export interface DoctorReport {
  file: string;
  exists: boolean;
  version: number | null;
  counts: { campaigns: number; prospects: number; followUps: number; activities: number } | null;
  /** Changes `meld undo` can revert. */
  undoSteps: number;
  findings: DoctorFinding[];
}

const FIXABLE = new Set([
  'old-version',
  'last-id-behind',
  'missing-campaign',
  'missing-prospect',
  'leftover-temp',
  'stale-lock',
  'permissions',
]);

function fixable(f: Finding): boolean {
  if (f.code === 'duplicate-id') return /^(followUps|activities)\[/.test(f.where);
  return FIXABLE.has(f.code);
}

async function modeOf(path: string): Promise<number | null> {
  const s = await fs.stat(path).catch(() => null);
  return s ? s.mode & 0o777 : null;
}

/** Files and folders meld made that others can read, and what they should be. */
async function loosePermissions(path: string): Promise<Array<{ file: string; mode: number; want: number }>> {
  const loose: Array<{ file: string; mode: number; want: number }> = [];
  const check = async (file: string, want: number) => {
    const mode = await modeOf(file);
    if (mode !== null && (mode & 0o077) !== 0) loose.push({ file, mode, want });
  };
  await check(path, 0o600);
  const dir = backupDirFor(path);
  await check(dir, 0o700);
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) await check(join(dir, name), 0o600);
  return loose;
}

export async function diagnose(path: string): Promise<DoctorReport> {
  const report: DoctorReport = { file: path, exists: false, version: null, counts: null, undoSteps: 0, findings: [] };
  const add = (f: Finding) => report.findings.push({ ...f, fixable: fixable(f) });
  const stat = await fs.stat(path).catch(() => null);
  if (stat?.isDirectory()) {
    add({
      severity: 'error',
      code: 'not-a-file',
      where: 'file',
      message: `${path} is a folder, not a meld data file`,
      fix: 'point --db or MELD_DB at a file',
    });
    return report;
  }
  if (stat) {
    report.exists = true;
    const text = await fs.readFile(path, 'utf8');
    const analysis = analyseText(text);
    report.version = analysis.version;
    const db = analysis.db ?? analysis.schemaDb;
    if (db) {
      report.counts = {
        campaigns: db.campaigns.length,
        prospects: db.prospects.length,
        followUps: db.followUps.length,
        activities: db.activities.length,
      };
    }
    for (const f of analysis.findings) add(f);
  }

  const temps = (
    await Promise.all([path, ...lockFilesFor(path), join(backupDirFor(path), 'history.json')].map(tempFilesOf))
  ).flat();
  for (const t of temps) {
    if (t.pid === process.pid || isAlive(t.pid)) continue;
    add({
      severity: 'warning',
      code: 'leftover-temp',
      where: 'file',
      message: `leftover temp file ${t.file} from a save that was interrupted (pid ${t.pid} is gone)`,
      fix: '`meld doctor --fix` (or the next change) deletes it; your data is not in it',
    });
  }
  const lock = await readLock(lockPathFor(path));
  if (lock && isStale(lock)) {
    add({
      severity: 'warning',
      code: 'stale-lock',
      where: 'file',
      message: `stale lock ${lockPathFor(path)} left by pid ${lock.info?.pid ?? '?'}, which is gone`,
      fix: '`meld doctor --fix` (or the next change) removes it',
    });
  }
  for (const l of await loosePermissions(path)) {
    add({
      severity: 'warning',
      code: 'permissions',
      where: 'file',
      message: `${l.file} is readable by others (mode ${l.mode.toString(8)})`,
      fix: `\`meld doctor --fix\` sets it to ${l.want.toString(8)}`,
    });
  }
  report.undoSteps = (await (await Journal.read(path)).recent()).length;
  report.findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return report;
}

/**
 * Repairs what is safe: temp files, stale lock, permissions, then (through a normal save, so
 * the previous file is backed up and `meld undo` can revert it) counters, migration, orphans and
 * missing campaigns. Returns what it did, one line each.
 */
export async function repair(path: string, now: Date): Promise<string[]> {
  const done: string[] = [];
  if ((await fs.stat(path).catch(() => null))?.isDirectory()) return done;
  const before = await diagnose(path);
  for (const file of (
    await Promise.all([path, ...lockFilesFor(path), join(backupDirFor(path), 'history.json')].map(removeStaleTemps))
  ).flat()) {
    done.push(`deleted leftover temp file ${file}`);
  }
  const lock = await readLock(lockPathFor(path));
  if (lock && isStale(lock)) {
    await fs.rm(lockPathFor(path), { force: true });
    done.push(`removed the stale lock left by pid ${lock.info?.pid ?? '?'}`);
  }
  for (const l of await loosePermissions(path)) {
    await fs.chmod(l.file, l.want);
    done.push(`set ${l.file} to mode ${l.want.toString(8)}`);
  }
  const dataFixes = before.findings.filter(
    (f) => f.fixable && !['leftover-temp', 'stale-lock', 'permissions'].includes(f.code),
  );
  const blocked = before.findings.some(
    (f) =>
      f.severity === 'error' &&
      ['empty', 'invalid-json', 'not-an-object', 'no-version', 'newer-version', 'schema', 'not-a-file'].includes(
        f.code,
      ),
  );
  if (dataFixes.length > 0 && !blocked) {
    const store = new FileStore(path);
    const repairs = await store.repair((db) => {
      const list = repairIntegrity(db, now);
      if (dataFixes.some((f) => f.code === 'last-id-behind') && !list.some((l) => l.includes('lastIds'))) {
        list.unshift('moved the id counters (lastIds) up to the largest ids in use');
      }
      if (before.version !== null && before.version < SCHEMA_VERSION) {
        list.unshift(
          `migrated from schema version ${before.version} to ${SCHEMA_VERSION} (the original is kept as ${path}.v${before.version}.json)`,
        );
      }
      return { summary: `doctor --fix: ${list.length} ${list.length === 1 ? 'repair' : 'repairs'}`, result: list };
    });
    done.push(...repairs);
    if (repairs.length > 0) done.push('the file as it was is kept: `meld undo` reverts these repairs');
  }
  return done;
}
