import { promises as fs, constants as fsc } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { MeldError } from '../errors.js';
import { emptyDb, type Db } from '../domain/types.js';
import { copyVerified, ensureFolder, stageFile } from './atomic.js';
import { backupDirFor, type FileId, fileIdOf, LATEST, pendingPurgeFile, sameFile, statId } from './backups.js';
import { ChangedMeanwhile, changedMeanwhile, commitChecked, contentHash } from './commit.js';
import { Lock, lockPathFor, type LockOptions } from './lock.js';
import { checkName, locate, notRegular, type Where } from './locate.js';
import { fsCause, fsError } from './fs-errors.js';
import { removeOrphanedTemps } from './leftovers.js';
import { pauseAt } from './pause.js';
import { settledCtime } from './settled.js';
import type {
  AnswerOptions,
  Change,
  DoctorReport,
  HistoryEntry,
  PurgeResult,
  PurgeTarget,
  ReadOptions,
  Store,
  UndoResult,
} from './types.js';
import { type FileMode, UndoLog } from './undo.js';
import { machineTimeZone } from './zone.js';

export interface StoreOptions extends LockOptions {
  /** Start a new file even though the history of a missing one exists (`--new`). */
  startNew?: () => boolean;
  /** Something the user should know that is not an error (a conflict copy was kept). */
  notice?: (message: string) => void;
  /** The clock a change's history entry is dated by (the context's; the real one by default). */
  now?: () => Date;
  /** Test seams: run at fixed points of a save, so a test can put an outside write exactly there. */
  hooks?: { afterRecord?: () => Promise<void>; afterCheck?: () => Promise<void> };
}

interface Loaded {
  text: string;
  id: FileId;
  /** The digest of the bytes read, when the file is read to be changed (see commit.ts). */
  hash?: string;
  /** Its ctime, when that was already old enough to prove the file unchanged since (settled.ts). */
  settledCtime: string | null;
}

/** Reads the data file and notes which file it was (to notice an edit made while we work). */
async function readCurrent(path: string, forChange = false): Promise<Loaded | null> {
  let handle: FileHandle;
  try {
    // Non-blocking: opening a fifo for reading would otherwise wait for a writer forever.
    handle = await fs.open(path, fsc.O_RDONLY | fsc.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new MeldError(`${path} is a folder, not a meld data file`);
    throw fsError(error, { action: 'read', path });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRegular(path, stat);
    const big = await handle.stat({ bigint: true });
    const bytes = await handle.readFile();
    const { damaged, notUtf8 } = await import('./load.js');
    const wrong = notUtf8(bytes);
    if (wrong) throw damaged(path, wrong);
    const text = bytes.toString('utf8');
    return {
      text,
      id: fileIdOf(big),
      hash: forChange ? await contentHash(bytes) : undefined,
      settledCtime: settledCtime(big),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new MeldError(`${path} is a folder, not a meld data file`);
    throw error;
  } finally {
    await handle.close();
  }
}

async function modeOf(path: string): Promise<FileMode | null> {
  const s = await fs.stat(path).catch(() => null);
  return s ? { mode: s.mode, uid: s.uid, gid: s.gid } : null;
}

/** Saving replaces the file: only when its owner could write it, and keeping owner and mode. */
function checkReplaceable(path: string, m: FileMode): void {
  if ((m.mode & 0o200) === 0) {
    throw new MeldError(`${path} is read-only (mode ${(m.mode & 0o777).toString(8)}); nothing was changed`, {
      hint: `to let meld change it: chmod u+w ${path}`,
    });
  }
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && m.uid !== uid) {
    throw new MeldError(
      `${path} belongs to another user (uid ${m.uid}); saving would make it yours and lock them out; nothing was changed`,
      { hint: 'run meld as its owner, or work on a copy with --db' },
    );
  }
}

/** When root saves someone else's file, the files meld keeps beside it stay theirs too. */
async function giveBack(dir: string, m: FileMode | null): Promise<void> {
  if (!m || process.getuid?.() !== 0 || (m.uid === 0 && m.gid === 0)) return;
  await fs.chown(dir, m.uid, m.gid).catch(() => undefined);
  for (const name of await fs.readdir(dir).catch(() => [] as string[]))
    await fs.lchown(`${dir}/${name}`, m.uid, m.gid).catch(() => undefined);
}

/** How a file is opened: every choice made up front, none changed afterwards. */
interface OpenAs {
  /** doctor --fix: accept a schema-valid file whose references are broken, to repair them. */
  lenient: boolean;
  /** Read to be changed: the content's digest is taken (a read-only command skips that cost). */
  forChange: boolean;
  /** A read (not a write's read): what it can do without, and it derives the data when it must load it. */
  reading: ReadOptions | null;
}

/** What a read found out about the file, which the save of the same change needs. */
interface Found {
  /** Which file was read (not its text: a 50 MB string must not stay alive through the save). */
  id: FileId | null;
  /** The digest of the text read (when read to be changed), to tell an in-place rewrite meanwhile. */
  hash: string | undefined;
  /** The schema version the file was migrated from in memory, or null. */
  migratedFrom: number | null;
  /** Its ctime when read, if already old enough to prove it unchanged since (settled.ts). */
  settledCtime: string | null;
}

/**
 * The lowdb adapter that reads: validates (migrating older schema versions in memory) and notes
 * what it found (`found`, set once by read), so a save can refuse when someone changed the file
 * meanwhile. Saving is SavingJsonFile's, made with the change's summary once it is known.
 */
class ValidatedJsonFile implements Adapter<Db> {
  found: Found = { id: null, hash: undefined, migratedFrom: null, settledCtime: null };

  constructor(
    private readonly where: Where,
    private readonly options: StoreOptions,
    private readonly as: OpenAs,
  ) {}

  async read(): Promise<Db | null> {
    const { path, target } = this.where;
    const { lenient, forChange, reading } = this.as;
    // What an earlier run indexed of these very bytes, when it did (derived.ts); never for doctor --fix.
    const hit = lenient ? null : await (await import('./derived.js')).readDerived(path, target, reading?.without);
    if (hit) {
      // The SHA-1 of the bytes, as contentHash gives it.
      this.found = {
        id: hit.id,
        hash: forChange ? hit.sha1 : undefined,
        migratedFrom: null,
        settledCtime: hit.settledCtime,
      };
      return hit.db;
    }
    for (let attempt = 1; ; attempt++) {
      const loaded = await readCurrent(target, forChange);
      if (loaded === null) {
        this.found = { id: null, hash: undefined, migratedFrom: null, settledCtime: null };
        if (!this.options.startNew?.()) await refuseLostFile(path);
        return null;
      }
      try {
        const { db, migratedFrom } = await this.parse(path, loaded.text);
        this.found = { id: loaded.id, hash: loaded.hash, migratedFrom, settledCtime: loaded.settledCtime };
        return db;
      } catch (error) {
        // A program writing the file in place (truncate, then write) is read cut short: when the
        // file changes within a moment of a failed read, it is read again; a damaged file stays put.
        if (!(error instanceof MeldError) || attempt >= READ_TRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (sameFile(await statId(target), loaded.id)) throw error;
      }
    }
  }

  private async parse(path: string, text: string): Promise<{ db: Db; migratedFrom: number | null }> {
    // Loaded here, not at the top: the schema (zod) costs ~13 ms that `meld --help` need not pay.
    const { analyseText, damaged, loadDbText } = await import('./load.js');
    if (this.as.lenient) {
      const analysis = analyseText(text);
      const db = analysis.db ?? analysis.schemaDb;
      const first = analysis.findings.find((f) => f.severity === 'error');
      if (!db) throw damaged(path, first?.message ?? 'unreadable');
      return { db, migratedFrom: analysis.version !== null && analysis.version < db.version ? analysis.version : null };
    }
    const { db, migratedFrom } = loadDbText(path, text);
    // Before the command sees (and may change) the records; a write indexes what it saves.
    if (this.as.reading && migratedFrom === null) await (await import('./derived.js')).indexText(path, text, db);
    return { db, migratedFrom };
  }

  async write(): Promise<void> {
    throw new Error('ValidatedJsonFile only reads: a change is saved through SavingJsonFile');
  }
}

/**
 * The lowdb adapter that saves one change: atomically, with a backup of the previous file and a
 * journal entry named by `summary`, and only when the file is still the one `found` describes.
 */
class SavingJsonFile implements Adapter<Db> {
  constructor(
    private readonly where: Where,
    private readonly options: StoreOptions,
    private readonly change: { summary: string; lenient: boolean; found: Found },
  ) {}

  async read(): Promise<Db | null> {
    throw new Error('SavingJsonFile only saves: the file is read through ValidatedJsonFile');
  }

  async write(db: Db): Promise<void> {
    const { path, target, linked } = this.where;
    // Every limit is checked before anything is written.
    const { checkSaveable } = await import('./load.js');
    const { summary, lenient, found } = this.change;
    checkSaveable(path, db, lenient);
    const derived = await import('./derived.js');
    // The new text is made a piece at a time as it is written, and indexed on the way (derived.ts):
    // a 60 MB file is never a 120 MB string in memory.
    const saved = derived.saving(db);
    const mode = await modeOf(target);
    if (mode) checkReplaceable(path, mode);
    pauseAt('changed');
    const log = await UndoLog.open(path, target, linked);
    // The slow steps first (clean-up, writing and flushing the new file, the journal), so that
    // the check that nobody else changed the file comes right before the rename.
    await removeOrphanedTemps(path, target);
    const owner = mode && process.getuid?.() === 0 ? { uid: mode.uid, gid: mode.gid } : undefined;
    const tmp = await stageFile(target, saved.pieces, mode ? mode.mode & 0o7777 : 0o600, owner).catch(
      (error: unknown) => {
        throw tooDeep(path, error);
      },
    );
    pauseAt('staged');
    let entry: Awaited<ReturnType<UndoLog['record']>> | null = null;
    /** A conflict copy the save kept. */
    let conflict: string | null = null;
    try {
      if (found.migratedFrom !== null && found.id) await keepOriginal(target, found.migratedFrom, linked);
      entry = await log.record(
        summary,
        (this.options.now?.() ?? new Date()).toISOString(),
        found.id,
        await statId(tmp),
        () => changedMeanwhile(path),
      );
      pauseAt('journaled');
      await this.options.hooks?.afterRecord?.();
      // The old file's index goes before the new file lands (a crash then leaves none).
      await derived.dropDerived(path);
      conflict = await commitChecked(
        tmp,
        target,
        found.id,
        this.options.hooks?.afterCheck,
        found.hash,
        found.settledCtime,
      );
      pauseAt('renamed');
    } catch (error) {
      await fs.rm(tmp, { force: true });
      if (entry) await log.forget(entry).catch(() => undefined);
      throw error;
    }
    const latest = await log.backups.keepLatest();
    if (latest) {
      this.options.notice?.(
        `${log.backups.path(LATEST)} could not be brought up to date (${fsCause(latest) ?? latest.message}); it holds an earlier version of ${path}`,
      );
    }
    // After the data file, as a full load of it would give the records back (derived.ts).
    if (!lenient) await derived.indexSaved(path, saved, db);
    await giveBack(log.backups.dir, mode);
    if (conflict) {
      this.options.notice?.(
        `another program wrote ${path} at the moment meld saved it; meld's change is saved and that version is kept as ${conflict}`,
      );
    }
  }
}

/** JSON.stringify's RangeError for a value nested too deep, in words (the temp file is gone by then). */
function tooDeep(path: string, error: unknown): unknown {
  if (!(error instanceof RangeError)) return error;
  return new MeldError(`${path} holds a value nested too deep to save; nothing was changed`, {
    hint: '`meld doctor` shows where',
  });
}

/** A missing data file whose history exists was moved or deleted: starting empty would hide that. */
async function refuseLostFile(path: string): Promise<void> {
  const log = await UndoLog.read(path);
  const last = (await log.recent())[0];
  if (!last) return;
  throw new MeldError(
    `${path} is missing, but ${backupDirFor(path)}/ holds its history (last change ${last.at.slice(0, 10)}: ${last.summary}); nothing was changed`,
    {
      hint: `if you moved it, put it back or point --db at it; meld's last save of it is ${backupDirFor(path)}/latest.json (copy it back); \`--new\` starts an empty file on purpose (\`meld undo\` then brings the old one back)`,
    },
  );
}

/** Before the first save in a newer schema, the original stays beside the file: `meld.json.v1.json`. */
async function keepOriginal(path: string, version: number, copy: boolean): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${path}.v${version}.json` : `${path}.v${version}-${n}.json`;
    try {
      if (copy) await copyVerified(path, name, fs.constants.COPYFILE_EXCL);
      else await fs.link(path, name);
      return name;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'EPERM' || code === 'ENOTSUP') {
        await copyVerified(path, name, fs.constants.COPYFILE_EXCL);
        return name;
      }
      throw error;
    }
  }
}

/** How many times a save whose file another program changed meanwhile is made again on the new version. */
export const SAVE_TRIES = 16;
/** How many times a file that reads as damaged but changes within a moment (written in place) is read again. */
const READ_TRIES = 5;

/** File-system failures a user can act on, as one-line errors naming the data file (nothing was changed). */
function asMeldError(error: unknown, path: string): unknown {
  return fsError(error, { dataFile: path });
}

export class FileStore implements Store {
  constructor(
    readonly path: string,
    private readonly options: StoreOptions = {},
  ) {}

  private async open(as: OpenAs): Promise<{ low: Low<Db>; where: Where; found: Found }> {
    checkName(this.path);
    const where = await locate(this.path);
    const adapter = new ValidatedJsonFile(where, this.options, as);
    // A fresh default object every time: Low keeps it by reference.
    const low = new Low<Db>(adapter, emptyDb('UTC'));
    await low.read();
    // No file yet: the new one records this machine's zone. Asked only then: Intl's first
    // DateTimeFormat costs ~15 ms, a tenth of a small file's read.
    if (adapter.found.id === null && low.data.config.timezone === 'UTC') low.data.config.timezone = machineTimeZone();
    return { low, where, found: adapter.found };
  }

  async read(options: ReadOptions = {}): Promise<Db> {
    return (await this.open({ lenient: false, forChange: false, reading: options })).low.data;
  }

  async answer<T>(key: string, compute: (db: Db) => T, options: AnswerOptions = {}): Promise<T> {
    const asOf = options.asOf?.getTime();
    const { target } = await locate(this.path);
    const [derived, answers] = await Promise.all([import('./derived.js'), import('./answers.js')]);
    // An answer kept for this key (every save removes them): only then are the file's bytes
    // checked against it, by their stamp or hashed, with nothing parsed.
    const kept = answers.keptFor(this.path, key, asOf);
    if (kept) {
      const verified = await derived.readDerived(this.path, target, 'all');
      if (verified?.sha1 === kept.sha1) return kept.value as T;
    }
    // forChange: the digest of exactly the bytes the answer is computed from is what it is kept under.
    const { low, found } = await this.open({ lenient: false, forChange: true, reading: options });
    const value = compute(low.data);
    // A migrated file's data depends on this machine (its zone), not on its bytes alone.
    if (found.hash && found.migratedFrom === null) {
      const window =
        asOf === undefined ? undefined : (await import('../domain/instant-window.js')).instantWindow(low.data, asOf);
      await answers.keepAnswer(this.path, found.hash, key, value, window);
    }
    return value;
  }

  /** Runs `fn` holding the data file's lock (waiting for another writer, up to the timeout). */
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    checkName(this.path);
    const folder = dirname(this.path);
    const stat = await fs.stat(this.path).catch(() => null);
    if (stat && !stat.isFile()) throw notRegular(this.path, stat);
    await ensureFolder(folder).catch((error: NodeJS.ErrnoException) => {
      // mkdir -p meets a file where a folder should be: EEXIST or ENOTDIR, the same cause.
      if (error.code === 'EEXIST') error.code = 'ENOTDIR';
      throw fsError(error, { action: 'write', dataFile: this.path });
    });
    try {
      const lock = await Lock.acquire(lockPathFor(this.path), this.options);
      try {
        // A purge a crash interrupted is finished first (one stat when there is none).
        if (await fs.stat(pendingPurgeFile(this.path)).catch(() => null)) {
          const { finishPendingPurge } = await import('./purge.js');
          await finishPendingPurge(this.path);
        }
        return await fn();
      } finally {
        await lock.release();
      }
    } catch (error) {
      throw asMeldError(error, this.path);
    }
  }

  async write<T>(change: (db: Db) => Change<T>): Promise<T> {
    return this.locked(() => this.transact(change, false));
  }

  /** `doctor --fix`: like write, but opens a file whose references are broken so they can be repaired. */
  async writeLenient<T>(change: (db: Db) => Change<T>): Promise<T> {
    return this.locked(() => this.transact(change, true));
  }

  /**
   * Reads, changes and saves. When another program changed the file while meld was saving (a
   * sync tool, an editor, a script writing every few milliseconds), the save is refused and
   * nothing is lost; the change is then made again on the new version, which is what the user
   * asked for (a change is a function of the file), up to SAVE_TRIES times.
   */
  private async transact<T>(change: (db: Db) => Change<T>, lenient: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { low, where, found } = await this.open({ lenient, forChange: true, reading: null });
      const { summary, result, unchanged } = change(low.data);
      if (unchanged) return result;
      try {
        await new Low<Db>(new SavingJsonFile(where, this.options, { summary, lenient, found }), low.data).write();
        return result;
      } catch (error) {
        if (!(error instanceof ChangedMeanwhile) || attempt >= SAVE_TRIES) throw error;
        // The other program has just written: the quiet moment after its write is the best time
        // to try again, so at once (a few ms of jitter keep two retrying melds apart).
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      }
    }
  }

  async undo(): Promise<UndoResult> {
    const nothing = () =>
      new MeldError('nothing to undo: meld has no earlier version of this file', {
        hint: `meld keeps the last changes in ${backupDirFor(this.path)}/; \`meld history\` lists them`,
      });
    if (!(await fs.stat(backupDirFor(this.path)).catch(() => null))) throw nothing();
    return this.locked(async () => {
      const where = await locate(this.path);
      const mode = await modeOf(where.target);
      if (mode) checkReplaceable(this.path, mode);
      const log = await UndoLog.open(this.path, where.target, where.linked);
      const undone = await log.undoLast(mode);
      if (!undone) throw nothing();
      await giveBack(log.backups.dir, mode);
      return {
        summary: undone.entry.summary,
        at: undone.entry.at,
        keptAs: undone.keptAs,
        outsideEdit: undone.outsideEdit,
        remaining: log.entries.length,
      };
    });
  }

  async history(): Promise<HistoryEntry[]> {
    const where = await locate(this.path);
    const log = await UndoLog.read(this.path, where.target, where.linked);
    return (await log.recent()).map(({ seq, at, summary }) => ({ seq, at, summary }));
  }

  async diagnose(): Promise<DoctorReport> {
    const { diagnose } = await import('./doctor.js');
    return diagnose(this.path);
  }

  async repair(now: Date): Promise<string[]> {
    const { repair } = await import('./doctor.js');
    return repair(this, now);
  }

  async purge(target: PurgeTarget): Promise<PurgeResult> {
    const { purgeVersions } = await import('./purge.js');
    return this.locked(() => purgeVersions(this.path, target));
  }

  async markPurge(target: PurgeTarget): Promise<void> {
    const { markPurge } = await import('./purge.js');
    return this.locked(() => markPurge(this.path, target));
  }
}
