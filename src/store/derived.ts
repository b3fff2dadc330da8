import { createHash } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { healCounters } from '../domain/integrity.js';
import { SCHEMA_VERSION, type Db } from '../domain/types.js';
import { ensureFolder, removeStaleTemps, tempPathFor } from './atomic.js';
import { backupDirFor, type FileId, fileIdOf } from './backups.js';
import { serializePieces } from './serialize.js';

/*
 * Derived data: `<data file>.d/derived.json`, an index of the data file — where the value of
 * each top-level key (`prospects`, `activities`, …) lies in it, in bytes — for a file that was
 * loaded in full and found clean. With it a read of an unchanged file skips validating every
 * record and checking every reference (the validator is not even loaded), and parses only the
 * parts the command uses (the activity log is 40% of a file; `meld followups` never needs it).
 *
 * The data file stays the one source of truth, and this index holds none of its content:
 * - it is never trusted on size and modification time: it names the SHA-1 of the data file's
 *   bytes, and a read hashes the data file (~1 ms per 2 MB) in the same pass that reads the parts
 *   it parses, so an edit in place that keeps the size and the mtime (a sync tool) is seen;
 * - it is written after the data file (a save removes the old one before it renames the new
 *   data file in place, and writes the new one after), so a crash in between leaves no index or
 *   one naming other bytes: either way the next read loads the data file in full and indexes it;
 * - it is written only for a file at this schema version whose full load gives exactly its JSON
 *   (not migrated, no counter healed); migrated files and doctor --fix never use it;
 * - it is never needed: deleting it changes no output, only the time the next read takes.
 */

/** Bumped when the layout or its meaning changes: an older index is then ignored. */
const FORMAT = 2;
declare const MELD_VERSION: string;
/** An index written by another meld is not trusted: its checks may differ from this one's. */
const WRITER = typeof MELD_VERSION === 'string' ? MELD_VERSION : 'dev';
const NAME = 'derived.json';
const CHUNK = 4 * 1024 * 1024;

interface Index {
  format: number;
  writer: string;
  schema: number;
  /** SHA-1 (hex) of the data file's bytes, and their number. */
  sha1: string;
  bytes: number;
  /** Top-level keys in the file's order, each with the byte range of its value. */
  sections: Section[];
}

type Section = [key: string, start: number, end: number];
/** A section, and where its value lies in the text's characters. */
type Found = [key: string, start: number, end: number, from: number, to: number];

export function derivedPathFor(dbPath: string): string {
  return join(backupDirFor(dbPath), NAME);
}

/** The SHA-1 of a string's UTF-8 encoding, a slice at a time (no copy of a 50 MB text). */
export function textHash(text: string): string {
  const hash = createHash('sha1');
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + CHUNK, text.length);
    const last = text.charCodeAt(end - 1);
    // Never between the two halves of a surrogate pair: each half alone would hash as U+FFFD.
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    hash.update(text.slice(start, end), 'utf8');
    start = end;
  }
  return hash.digest('hex');
}

/** UTF-8 length of one UTF-16 code unit (a high surrogate counts its pair's 4 bytes). */
const utf8Length = (c: number) => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0xd800 || c > 0xdfff ? 3 : c < 0xdc00 ? 4 : 0);

/**
 * Where the value of each top-level key of a JSON object text lies, in UTF-8 bytes (the last
 * one wins for a key written twice, as in JSON.parse). The text must be valid JSON (it was just
 * parsed); anything unexpected gives null.
 */
export function topLevelSections(text: string): Found[] | null {
  let i = 0;
  let bytes = 0;
  const n = text.length;
  const step = () => {
    bytes += utf8Length(text.charCodeAt(i));
    i++;
  };
  const space = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff; )
      c = (step(), text.charCodeAt(i));
  };
  /** Past a string whose opening quote is at i. */
  const string = () => {
    step();
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return step();
      if (c === 0x5c) step();
      step();
    }
  };
  const sections = new Map<string, Found>();
  space();
  if (text[i] !== '{') return null;
  step();
  for (;;) {
    space();
    if (text[i] === '}') break;
    if (text[i] !== '"') return null;
    const keyFrom = i;
    string();
    const key = JSON.parse(text.slice(keyFrom, i)) as string;
    space();
    if (text[i] !== ':') return null;
    step();
    space();
    const start = bytes;
    const from = i;
    let depth = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        string();
        if (depth === 0) break;
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (depth === 0) break; // the end of the object itself, after a scalar
        depth--;
        if (depth === 0) {
          step();
          break;
        }
      } else if (depth === 0 && (c === 0x2c || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) break;
      step();
    }
    // A key written twice keeps its first place and its last value, as JSON.parse does.
    sections.set(key, [key, start, bytes, from, i]);
    space();
    if (text[i] === ',') step();
    else if (text[i] !== '}') return null;
  }
  return [...sections.values()];
}

async function readIndex(dbPath: string): Promise<Index | null> {
  const index = JSON.parse(await fs.readFile(derivedPathFor(dbPath), 'utf8')) as Index;
  const valid =
    index.format === FORMAT &&
    index.writer === WRITER &&
    index.schema === SCHEMA_VERSION &&
    Array.isArray(index.sections) &&
    index.sections.every(([, start, end]) => start <= end && end <= index.bytes);
  return valid ? index : null;
}

export interface DerivedRead {
  db: Db;
  /** The data file read (to notice an edit made while a write works). */
  id: FileId;
  /** The SHA-1 of its bytes. */
  sha1: string;
}

/**
 * The data as a full load of `target` would give it, through the index, when the index was made
 * from exactly the bytes `target` holds now; null otherwise (no index, another version of the
 * data, anything unexpected: the caller then loads the data file in full). Keys in `skip` are
 * not parsed; reading one of them is a bug and throws.
 */
export async function readDerived(
  dbPath: string,
  target: string,
  skip: readonly string[] = [],
): Promise<DerivedRead | null> {
  let data: FileHandle | undefined;
  try {
    const index = await readIndex(dbPath);
    if (!index) return null;
    // Non-blocking: a fifo in the data file's place must not hang a read (the full load says what it is).
    data = await fs.open(target, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const big = await data.stat({ bigint: true });
    if (!big.isFile() || Number(big.size) !== index.bytes) return null;
    // One pass: every byte is hashed, and the bytes of the parts to parse are kept, so what is
    // parsed is exactly what was hashed even if another program writes the file meanwhile.
    const wanted = index.sections.filter(([key]) => !skip.includes(key));
    const kept = wanted.map(([, start, end]) => Buffer.allocUnsafe(end - start));
    const hash = createHash('sha1');
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(index.bytes, 1), CHUNK));
    let at = 0;
    for (;;) {
      const { bytesRead } = await data.read(chunk, 0, chunk.length, at);
      if (bytesRead === 0) break;
      const piece = chunk.subarray(0, bytesRead);
      hash.update(piece);
      for (const [n, [, start, end]] of wanted.entries()) {
        const from = Math.max(start, at);
        const to = Math.min(end, at + bytesRead);
        if (from < to) piece.copy(kept[n]!, from - start, from - at, to - at);
      }
      at += bytesRead;
    }
    if (at !== index.bytes || hash.digest('hex') !== index.sha1) return null;
    const db = {} as Record<string, unknown>;
    for (const [key] of index.sections) {
      const n = wanted.findIndex(([k]) => k === key);
      // defineProperty, not assignment: a key such as "__proto__" stays a plain key, as JSON.parse makes it.
      if (n >= 0) {
        const value = JSON.parse(kept[n]!.toString('utf8')) as unknown;
        kept[n] = Buffer.alloc(0);
        Object.defineProperty(db, key, { value, enumerable: true, writable: true, configurable: true });
      } else
        Object.defineProperty(db, key, {
          enumerable: false,
          configurable: true,
          get() {
            throw new Error(`bug: this command read the data without "${key}" and then used it`);
          },
        });
    }
    return {
      db: db as unknown as Db,
      id: fileIdOf(big),
      sha1: index.sha1,
    };
  } catch {
    return null; // speed only: the full load says what is wrong, if anything is
  } finally {
    await data?.close().catch(() => undefined);
  }
}

/**
 * Indexes `text`, the data file's content, whose full load gave `db`: only when that load gave
 * exactly the text's JSON (same top-level keys, counters not healed), so that parsing the parts
 * gives what the full load gave. Written to a temp file and renamed into place; any failure
 * leaves no index and is not an error (it only costs the next read).
 */
export async function indexText(dbPath: string, text: string, db: Db): Promise<void> {
  try {
    const found = topLevelSections(text);
    if (!found) return;
    const keys = Object.keys(db);
    if (keys.length !== found.length || keys.some((k, i) => found[i]![0] !== k)) return;
    const lastIds = found.find(([k]) => k === 'lastIds');
    if (!lastIds || JSON.stringify(JSON.parse(text.slice(lastIds[3], lastIds[4]))) !== JSON.stringify(db.lastIds))
      return; // the load healed a counter: the text alone no longer gives the data
    const sections = found.map(([key, start, end]): Section => [key, start, end]);
    const index: Index = {
      format: FORMAT,
      writer: WRITER,
      schema: SCHEMA_VERSION,
      sha1: textHash(text),
      bytes: Buffer.byteLength(text),
      sections,
    };
    await writeIndex(dbPath, index);
  } catch {
    // speed only
  }
}

async function writeIndex(dbPath: string, index: Index): Promise<void> {
  const file = derivedPathFor(dbPath);
  let tmp: string | null = null;
  try {
    await ensureFolder(backupDirFor(dbPath));
    await removeStaleTemps(file);
    tmp = tempPathFor(file);
    await fs.writeFile(tmp, `${JSON.stringify(index)}\n`, { flag: 'wx', mode: 0o600 });
    await fs.rename(tmp, file);
    tmp = null;
  } finally {
    if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** A save's text as it is written, with what its index needs: the digest, the size, the sections. */
export interface Saving {
  /** The UTF-8 bytes of serializeDb(db), a piece at a time. */
  pieces: Iterable<Uint8Array>;
  /** Once every piece was taken: the index of the text they make. */
  index(): Pick<Index, 'sha1' | 'bytes' | 'sections'> | null;
}

/** The text of `db` to save (serializePieces), hashed and indexed as its pieces are taken. */
export function saving(db: Db): Saving {
  const hash = createHash('sha1');
  const sections: Section[] = [];
  let bytes = 0;
  let done = false;
  let open: [string, number] | null = null;
  const edge = (key: string, at: 'start' | 'end') => {
    if (at === 'start') open = [key, bytes];
    else if (open) sections.push([open[0], open[1], bytes]);
  };
  function* pieces(): Generator<Uint8Array> {
    for (const text of serializePieces(db, edge)) {
      const piece = Buffer.from(text, 'utf8');
      hash.update(piece);
      bytes += piece.length;
      yield piece;
    }
    done = true;
  }
  return { pieces: pieces(), index: () => (done ? { sha1: hash.digest('hex'), bytes, sections } : null) };
}

/**
 * After a save: indexes the text just written from `db` (records in file order), unless a full
 * load of it would not give exactly its JSON back (a counter that a load would heal).
 */
export async function indexSaved(dbPath: string, saved: Saving, db: Db): Promise<void> {
  try {
    const index = saved.index();
    if (!index) return;
    if (healCounters({ ...db, lastIds: { ...db.lastIds } })) return;
    await writeIndex(dbPath, { format: FORMAT, writer: WRITER, schema: SCHEMA_VERSION, ...index });
  } catch {
    // speed only
  }
}

/** Before a save renames a new data file in place: the index of the old one goes first. */
export async function dropDerived(dbPath: string): Promise<void> {
  await fs.rm(derivedPathFor(dbPath), { force: true }).catch(() => undefined);
}
