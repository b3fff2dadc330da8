// The store's contract: what commands and doctor can ask of the data file, and the shapes of
// what comes back. Apart from the implementation (store.ts) so the modules it loads (doctor,
// purge) can name these types without importing the store back.
import type { Db } from '../domain/types.js';
import type { Finding } from './load.js';

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

/** A record to erase from every backup and history summary (`prospect remove --purge`). */
export interface PurgeTarget {
  id: number;
  /** With the id, tells this person from another who got the same id in an older version. */
  createdAt: string;
  /** Words to blank out of history summaries (name, email). */
  words: string[];
  /** Also blank their words where other records' text mentions them, in every version. */
  redactMentions?: boolean;
}

/** What a purge did: how many files it rewrote, and those it could not clean (each still holds the person). */
export interface PurgeResult {
  files: number;
  uncleaned: string[];
}

export interface ReadOptions {
  /**
   * Parts of the data the command does not use (`activities`: `meld followups`): the store may
   * then leave them out (see derived.ts), and reading one of them throws.
   */
  without?: ReadonlyArray<keyof Db>;
}

export interface AnswerOptions extends ReadOptions {
  asOf?: Date;
}

/** Everything meld does with its data file: commands and doctor reach the file only through this. */
export interface Store {
  readonly path: string;
  /**
   * What `compute` (pure) gives on the data, kept beside the data file and given again, without
   * reading the data, while the file holds the same bytes (answers.ts). `key` must name every
   * input of `compute` besides the data: the day, the options. With `asOf`, the instant `compute`
   * works as of: the answer is given again at another instant only when no timestamp in the data
   * lies between the two (domain/instant-window.ts).
   */
  answer<T>(key: string, compute: (db: Db) => T, options?: AnswerOptions): Promise<T>;
  /** The current data; an empty database when the file does not exist yet. Never locks. */
  read(options?: ReadOptions): Promise<Db>;
  /**
   * Read, change and save as one step under the data file's lock. `change` mutates the db it is
   * given; if it throws, nothing is written. The previous file is kept for `undo`.
   */
  write<T>(change: (db: Db) => Change<T>): Promise<T>;
  /** Reverts the last change (one step further back on each call). */
  undo(): Promise<UndoResult>;
  /** Recorded changes, newest first. Never locks. */
  history(): Promise<HistoryEntry[]>;
  /** Every problem with the file and the files around it (`meld doctor`). */
  diagnose(): Promise<DoctorReport>;
  /** Repairs what is safe to repair (`meld doctor --fix`); one line per thing done. */
  repair(now: Date): Promise<string[]>;
  /** Removes a person from every backup and history summary; says which files it could not clean. */
  purge(target: PurgeTarget): Promise<PurgeResult>;
  /** Before the removal a purge follows: if meld is killed in between, the next command finishes the purge. */
  markPurge(target: PurgeTarget): Promise<void>;
}

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
