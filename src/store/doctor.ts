import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { repairIntegrity } from '../domain/integrity.js';
import { type Db, SCHEMA_VERSION } from '../domain/types.js';
import { writeFileAtomic } from './atomic.js';
import { backupDirFor, LATEST } from './backups.js';
import { fsError } from './fs-errors.js';
import { locateJsonError } from './jsonpos.js';
import { analyseText, type Finding, notUtf8, tooDeep, MAX_DEPTH } from './load.js';
import { holderState, holderText, isStale, lockPathFor, readLock } from './lock.js';
import { orphanedTemps, removeOrphanedTemps } from './leftovers.js';
import { locate } from './locate.js';
import type { Change, DoctorReport } from './types.js';
import { UndoLog } from './undo.js';
import { conflictCopyFindings, mergeConflictCopies } from './conflict-copies.js';

/*
 * `meld doctor`: every check meld can make on a data file and the files around it, and the
 * repairs that are safe (nothing is deleted that cannot be found again in the backup taken
 * just before; nothing is guessed).
 */

const FIXABLE = new Set([
  'conflict-copy',
  'old-version',
  'last-id-behind',
  'missing-campaign',
  'missing-referrer',
  'missing-prospect',
  'duplicate-id',
  'leftover-temp',
  'stale-lock',
  'lock-in-the-way',
  'permissions',
]);

function fixable(f: Finding): boolean {
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
  // latest.json is the data file itself (a hard link): checked as the data file.
  for (const name of await fs.readdir(dir).catch(() => [] as string[]))
    if (name !== LATEST) await check(join(dir, name), 0o600);
  return loose;
}

export async function diagnose(path: string): Promise<DoctorReport> {
  const report: DoctorReport = { file: path, exists: false, version: null, counts: null, undoSteps: 0, findings: [] };
  const add = (f: Finding) => report.findings.push({ ...f, fixable: fixable(f) });
  const where = await locate(path);
  let reach: NodeJS.ErrnoException | null = null;
  const stat = await fs.stat(where.target).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') reach = error;
    return null;
  });
  if (reach) {
    // A link loop, a folder on the way that is a file or closed to this user: every command fails on it.
    add({
      severity: 'error',
      code: 'unreachable',
      where: 'file',
      message: (fsError(reach, { action: 'read', path: where.target }) as Error).message,
      fix: 'point --db or MELD_DB at a file meld can open',
    });
    return report;
  }
  if (stat && !stat.isFile()) {
    add({
      severity: 'error',
      code: 'not-a-file',
      where: 'file',
      message: `${path} is ${stat.isDirectory() ? 'a folder' : 'not a regular file (a fifo, device or socket)'}, not a meld data file`,
      fix: 'point --db or MELD_DB at a file',
    });
    return report;
  }
  if (stat) {
    report.exists = true;
    const bytes = await fs.readFile(where.target);
    const wrong = notUtf8(bytes);
    const analysis: ReturnType<typeof analyseText> = wrong
      ? {
          db: null,
          version: null,
          findings: [
            {
              severity: 'error',
              code: 'not-utf8',
              where: 'file',
              message: wrong,
              fix: 'save it as UTF-8 in your editor',
            },
          ],
        }
      : analyseText(bytes.toString('utf8'));
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
    if (analysis.db || analysis.schemaDb) {
      // Only doctor pays for this scan (JSON.parse keeps the last of two equal keys silently).
      let twice: ReturnType<typeof locateJsonError> = null;
      try {
        twice = locateJsonError(bytes.toString('utf8'), { duplicateKeys: true });
      } catch {
        twice = null; // nested too deep for the scanner: reported as too deep below
      }
      if (twice) {
        add({
          severity: 'warning',
          code: 'duplicate-key',
          where: `line ${twice.line}, column ${twice.column}`,
          message: `${twice.detail} at line ${twice.line}, column ${twice.column}: only the last value counts, and the next save drops the first`,
          // doctor --fix saves through JSON.parse too: it leaves the file alone while this stands.
          fix: 'delete the line you do not want; until then `meld doctor --fix` repairs nothing in the file, since its save would drop the first value',
        });
      }
    }
    if (!analysis.findings.some((f) => f.code === 'invalid-json' || f.code === 'not-utf8')) {
      let deep: string | null = null;
      try {
        deep = tooDeep(JSON.parse(bytes.toString('utf8')));
      } catch {
        deep = null;
      }
      if (deep) {
        add({
          severity: 'error',
          code: 'too-deep',
          where: deep,
          message: `${deep}: nested more than ${MAX_DEPTH} levels deep; meld cannot save such a value`,
          fix: 'flatten or remove that value by hand',
        });
      }
    }
  } else {
    const history = await (await UndoLog.read(path)).recent();
    if (history.length > 0) {
      add({
        severity: 'error',
        code: 'missing-file',
        where: 'file',
        message: `${path} is missing, but ${backupDirFor(path)}/ holds its history (${history.length} changes, the last on ${history[0]!.at.slice(0, 10)})`,
        fix: `put the file back; meld's last save of it is ${backupDirFor(path)}/latest.json; or start anew with \`--new\``,
      });
    }
  }

  for (const t of await orphanedTemps(path, where.target)) {
    add({
      severity: 'warning',
      code: 'leftover-temp',
      where: 'file',
      message: `leftover temp file ${t.file} from a save that was interrupted (pid ${t.pid} is gone)`,
      fix: '`meld doctor --fix` (or the next change) deletes it; your data is not in it',
    });
  }
  for (const finding of await lockFindings(path)) add(finding);
  for (const l of await loosePermissions(path)) {
    add({
      severity: 'warning',
      code: 'permissions',
      where: 'file',
      message: `${l.file} is readable by others (mode ${l.mode.toString(8)})`,
      fix: `\`meld doctor --fix\` sets it to ${l.want.toString(8)}`,
    });
  }
  for (const f of await conflictCopyFindings(path)) add(f);
  report.undoSteps = (await (await UndoLog.read(path, where.target, where.linked)).recent()).length;
  report.findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return report;
}

/**
 * The lock, unless its holder is shown to be running: a lock whose holder is gone, or cannot be
 * told (another machine, an older meld's lock naming a process that is not meld), blocks every
 * write; so does a folder where the lock goes.
 */
async function lockFindings(path: string): Promise<Finding[]> {
  const lockPath = lockPathFor(path);
  const stat = await fs.lstat(lockPath).catch(() => null);
  if (!stat) return [];
  if (!stat.isFile()) {
    return [
      {
        severity: 'error',
        code: 'lock-in-the-way',
        where: 'file',
        message: `${lockPath} is ${stat.isDirectory() ? 'a folder' : 'not a file'}, where meld keeps its lock: every change stops at it`,
        fix: stat.isDirectory()
          ? '`meld doctor --fix` removes it when it is empty; otherwise move it away by hand'
          : 'move it away by hand',
      },
    ];
  }
  const lock = await readLock(lockPath).catch(() => null);
  if (!lock) return [];
  const state = holderState(lock);
  if (state === 'alive' || (!isStale(lock) && state === 'unknown' && !lock.info)) return [];
  const message =
    state === 'dead'
      ? `stale lock ${lockPath} left by ${holderText(lock.info, lock.mtimeMs)}, which is no longer running`
      : `lock ${lockPath} held by ${holderText(lock.info, lock.mtimeMs)}: meld cannot tell whether it still runs`;
  return [
    {
      severity: 'warning',
      code: 'stale-lock',
      where: 'file',
      message,
      fix:
        state === 'dead'
          ? '`meld doctor --fix` (or the next change) removes it'
          : '`meld doctor --fix` removes it; do so only when no meld runs on that machine',
    },
  ];
}

/** doctor --fix: removes a lock no running meld can be shown to hold, or an empty folder in its place. */
async function clearLock(lockPath: string): Promise<string | null> {
  const stat = await fs.lstat(lockPath).catch(() => null);
  if (!stat) return null;
  if (stat.isDirectory()) {
    const removed = await fs.rmdir(lockPath).then(
      () => true,
      () => false,
    );
    return removed ? `removed the empty folder ${lockPath} that stood where meld keeps its lock` : null;
  }
  if (!stat.isFile()) return null;
  const lock = await readLock(lockPath).catch(() => null);
  if (!lock || holderState(lock) === 'alive') return null;
  await fs.rm(lockPath, { force: true });
  return `removed the stale lock left by pid ${lock.info?.pid ?? '?'}`;
}

/**
 * Repairs what is safe: temp files, stale lock, permissions, then (through a normal save, so
 * the previous file is backed up and `meld undo` can revert it) counters, migration, orphans and
 * missing campaigns. Returns what it did, one line each.
 */
/** What repair needs of the store: its path and a save that opens a file with broken references. */
export interface Repairable {
  readonly path: string;
  writeLenient<T>(change: (db: Db) => Change<T>): Promise<T>;
}

export async function repair(store: Repairable, now: Date): Promise<string[]> {
  const path = store.path;
  const done: string[] = [];
  const before = await diagnose(path);
  if (before.findings.some((f) => f.code === 'not-a-file')) return done;
  for (const file of await removeOrphanedTemps(path, (await locate(path)).target)) {
    done.push(`deleted leftover temp file ${file}`);
  }
  if (before.findings.some((f) => f.code === 'stale-lock' || f.code === 'lock-in-the-way')) {
    const line = await clearLock(lockPathFor(path));
    if (line) done.push(line);
  }
  for (const l of await loosePermissions(path)) {
    await fs.chmod(l.file, l.want);
    done.push(`set ${l.file} to mode ${l.want.toString(8)}`);
  }
  const dataFixes = before.findings.filter(
    (f) =>
      f.fixable && !['leftover-temp', 'stale-lock', 'lock-in-the-way', 'permissions', 'conflict-copy'].includes(f.code),
  );
  // A key written twice blocks the data repairs too: both values stay where the owner can see
  // them, since a repair saved through JSON.parse would keep only the last.
  const blocked = before.findings.some(
    (f) =>
      f.code === 'duplicate-key' ||
      (f.severity === 'error' &&
        [
          'empty',
          'invalid-json',
          'not-an-object',
          'no-version',
          'newer-version',
          'schema',
          'not-a-file',
          'unreachable',
          'not-utf8',
          'too-deep',
          'missing-file',
        ].includes(f.code)),
  );
  if (dataFixes.length > 0 && !blocked) {
    let quarantined: ReturnType<typeof repairIntegrity>['quarantined'] = { deals: [], followUps: [], activities: [] };
    const repairs = await store.writeLenient((db) => {
      const fixed = repairIntegrity(db, now);
      quarantined = fixed.quarantined;
      const list = fixed.done;
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
    if (quarantined.deals.length + quarantined.followUps.length + quarantined.activities.length > 0) {
      const file = join(backupDirFor(path), `quarantine-${now.toISOString().replace(/[:.]/g, '-')}.json`);
      await writeFileAtomic(
        file,
        `${JSON.stringify({ from: path, at: now.toISOString(), ...quarantined }, null, 2)}\n`,
      );
      done.push(...repairs.map((r) => r.replace('the quarantine file', file)));
    } else done.push(...repairs);
    if (repairs.length > 0) done.push('the file as it was is kept: `meld undo` reverts these repairs');
  }
  // Conflict copies from synced folders: merged in a save of their own (one undo each way).
  if (!blocked && before.findings.some((f) => f.code === 'conflict-copy'))
    done.push(...(await mergeConflictCopies(store, now)));
  return done;
}
