import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { MeldError } from '../errors.js';
import { emptyDb, type Db } from '../domain/types.js';
import { commitFile, ensureFolder, removeStaleTemps, stageFile } from './atomic.js';
import { backupDirFor, Journal, statId, type FileId } from './backups.js';
import { Lock, lockFilesFor, lockPathFor, type LockOptions } from './lock.js';
import { fsError } from './fs-errors.js';
import { pauseAt } from './pause.js';
import { serializeDb } from './serialize.js';

/** What a write command did, in words: kept for `meld history` and `meld undo`. */
export interface Change<T> {
  summary: string;
  result: T;
  /** The change found nothing to do: the file is not rewritten and no history is recorded. */
  unchanged?: boolean;
}

export interface HistoryEntry {
  seq: number;
  /** ISO UTC time of the change. */
  at: string;
  summary: string;
}

export interface UndoResult {
  /** The summary of the change undone: "add-prospect Ana Souza (#12)". */
  summary: string;
  at: string;
  /** Where the version that was undone is kept, in case the undo itself was a mistake. */
  keptAs: string | null;
  /** The file had been edited outside meld after that change; those edits were undone too. */
  outsideEdit: boolean;
  /** How many more changes can be undone. */
  remaining: number;
}

export interface Store {
  readonly path: string;
  /** The current data; an empty database when the file does not exist yet. Never locks. */
  read(): Promise<Db>;
  /**
   * Read, change and save as one step under the data file's lock. `change` mutates the db it is
   * given; if it throws, nothing is written. The previous file is kept for `undo`.
   */
  write<T>(change: (db: Db) => Change<T>): Promise<T>;
  /** Reverts the last change (one step further back on each call). Optional for test doubles. */
  undo?(): Promise<UndoResult>;
  /** Recorded changes, newest first. Never locks. Optional for test doubles. */
  history?(): Promise<HistoryEntry[]>;
}

export interface StoreOptions extends LockOptions {}

interface Loaded {
  text: string;
  id: FileId;
}

/** Reads the data file and notes which file it was (to notice an edit made while we work). */
async function readCurrent(path: string): Promise<Loaded | null> {
  let handle: FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new MeldError(`${path} is a folder, not a meld data file`);
    throw fsError(error, { action: 'read', path });
  }
  try {
    const stat = await handle.stat({ bigint: true });
    if (stat.isDirectory()) throw new MeldError(`${path} is a folder, not a meld data file`);
    const text = await handle.readFile('utf8');
    return { text, id: { ino: `${stat.dev}:${stat.ino}`, size: Number(stat.size), mtimeMs: Number(stat.mtimeMs) } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new MeldError(`${path} is a folder, not a meld data file`);
    throw error;
  } finally {
    await handle.close();
  }
}

const sameFile = (a: FileId | null, b: FileId | null) =>
  a === null || b === null ? a === b : a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

/**
 * The lowdb adapter: reads and validates (migrating older schema versions in memory), and saves
 * atomically with a backup of the previous file and a journal entry. It remembers the file it
 * read so a save can refuse when someone changed the file meanwhile.
 */
class ValidatedJsonFile implements Adapter<Db> {
  /** Which file was read (not its text: a 50 MB string must not stay alive through the save). */
  loadedId: FileId | null = null;
  migratedFrom: number | null = null;
  /** The summary the next save records. */
  summary = 'change';
  /** doctor --fix: accept a schema-valid file whose references are broken, to repair them. */
  lenient = false;

  constructor(private readonly path: string) {}

  async read(): Promise<Db | null> {
    const loaded = await readCurrent(this.path);
    this.loadedId = loaded?.id ?? null;
    if (loaded === null) return null;
    // Loaded here, not at the top: the schema (zod) costs ~13 ms that `meld --help` need not pay.
    const { analyseText, damaged, loadDbText } = await import('./load.js');
    if (this.lenient) {
      const analysis = analyseText(loaded.text);
      const db = analysis.db ?? analysis.schemaDb;
      const first = analysis.findings.find((f) => f.severity === 'error');
      if (!db) throw damaged(this.path, first?.message ?? 'unreadable');
      this.migratedFrom = analysis.version !== null && analysis.version < db.version ? analysis.version : null;
      return db;
    }
    const { db, migratedFrom } = loadDbText(this.path, loaded.text);
    this.migratedFrom = migratedFrom;
    return db;
  }

  async write(db: Db): Promise<void> {
    pauseAt('changed');
    const journal = await Journal.open(this.path);
    await removeStaleTemps(this.path);
    for (const file of lockFilesFor(this.path)) await removeStaleTemps(file);
    const tmp = await stageFile(this.path, serializeDb(db));
    pauseAt('staged');
    try {
      const current = await statId(this.path);
      if (!sameFile(current, this.loadedId)) {
        throw new MeldError(`${this.path} was changed by another program while meld was saving; nothing was saved`, {
          hint: 'run the command again',
        });
      }
      if (this.migratedFrom !== null && current) await keepOriginal(this.path, this.migratedFrom);
      const seq = journal.nextSeq();
      const before = current ? await journal.backupCurrent(seq) : null;
      pauseAt('backed-up');
      journal.add({ seq, at: new Date().toISOString(), summary: this.summary, before, after: await statId(tmp) });
      await journal.save();
      pauseAt('journaled');
      await commitFile(tmp, this.path);
      pauseAt('renamed');
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
  }
}

/** Before the first save in a newer schema, the original stays beside the file: `meld.json.v1.json`. */
async function keepOriginal(path: string, version: number): Promise<string> {
  for (let n = 1; ; n++) {
    const copy = n === 1 ? `${path}.v${version}.json` : `${path}.v${version}-${n}.json`;
    try {
      await fs.link(path, copy);
      return copy;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'EPERM' || code === 'ENOTSUP') {
        await fs.copyFile(path, copy, fs.constants.COPYFILE_EXCL);
        return copy;
      }
      throw error;
    }
  }
}

/** File-system failures a user can act on, as one-line errors naming the data file (nothing was changed). */
function asMeldError(error: unknown, path: string): unknown {
  return fsError(error, { dataFile: path });
}

export class FileStore implements Store {
  constructor(
    readonly path: string,
    private readonly options: StoreOptions = {},
  ) {}

  private async open(lenient = false): Promise<{ low: Low<Db>; adapter: ValidatedJsonFile }> {
    const adapter = new ValidatedJsonFile(this.path);
    adapter.lenient = lenient;
    // A fresh default object every time: Low keeps it by reference.
    const low = new Low<Db>(adapter, emptyDb());
    await low.read();
    return { low, adapter };
  }

  async read(): Promise<Db> {
    return (await this.open()).low.data;
  }

  /** Runs `fn` holding the data file's lock (waiting for another writer, up to the timeout). */
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    const folder = dirname(this.path);
    const stat = await fs.stat(this.path).catch(() => null);
    if (stat?.isDirectory()) throw new MeldError(`${this.path} is a folder, not a meld data file`);
    await ensureFolder(folder).catch((error: NodeJS.ErrnoException) => {
      // mkdir -p meets a file where a folder should be: EEXIST or ENOTDIR, the same cause.
      if (error.code === 'EEXIST') error.code = 'ENOTDIR';
      throw fsError(error, { action: 'write', dataFile: this.path });
    });
    try {
      const lock = await Lock.acquire(lockPathFor(this.path), this.options);
      try {
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
  async repair<T>(change: (db: Db) => Change<T>): Promise<T> {
    return this.locked(() => this.transact(change, true));
  }

  private async transact<T>(change: (db: Db) => Change<T>, lenient: boolean): Promise<T> {
    const { low, adapter } = await this.open(lenient);
    const { summary, result, unchanged } = change(low.data);
    if (unchanged) return result;
    adapter.summary = summary;
    await low.write();
    return result;
  }

  async undo(): Promise<UndoResult> {
    const nothing = () =>
      new MeldError('nothing to undo: meld has no earlier version of this file', {
        hint: `meld keeps the last changes in ${backupDirFor(this.path)}/; \`meld history\` lists them`,
      });
    if (!(await fs.stat(backupDirFor(this.path)).catch(() => null))) throw nothing();
    return this.locked(async () => {
      const journal = await Journal.open(this.path);
      const undone = await journal.undoLast();
      if (!undone) throw nothing();
      return {
        summary: undone.entry.summary,
        at: undone.entry.at,
        keptAs: undone.keptAs,
        outsideEdit: undone.outsideEdit,
        remaining: journal.entries.length,
      };
    });
  }

  async history(): Promise<HistoryEntry[]> {
    const journal = await Journal.read(this.path);
    return (await journal.recent()).map(({ seq, at, summary }) => ({ seq, at, summary }));
  }
}
