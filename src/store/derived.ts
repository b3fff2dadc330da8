import { closeSync, fstatSync, promises as fs, constants as fsc, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { healCounters } from '../domain/integrity.js';
import { SCHEMA_VERSION, type Db } from '../domain/types.js';
import { ensureFolder, removeStaleTemps, tempPathFor } from './atomic.js';
import { backupDirFor, type FileId, fileIdOf } from './backups.js';
import { BUILD } from './build-id.js';
import { CTIME_KEPT, settledCtime } from './settled.js';
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
 * - once a read has hashed the file and found it matching, the index also keeps the file's
 *   `verified` stamp (device, inode, size, mtime and ctime, to the nanosecond), and later reads
 *   that find exactly that stamp skip the hashing. The ctime is what makes this safe: the kernel
 *   sets it to the present on every write, truncate, rename or utimes, and no program can set it
 *   back (an edit that restores size and mtime still moves it). A stamp is recorded only for a
 *   file whose ctime was already old when it was verified (as git treats "racily clean" files),
 *   so no later edit can fall in the same clock tick and share its ctime: 100 ms old where the
 *   file system keeps times finer than a second (the kernel's clock for them moves every 1-10
 *   ms), 2 s where it keeps whole seconds (a ctime with no fraction);
 *   and only where the kernel keeps ctime so (Linux, macOS, the BSDs; not Windows, where a
 *   program can set it);
 * - it is written after the data file (a save removes the old one before it renames the new
 *   data file in place, and writes the new one after), so a crash in between leaves no index or
 *   one naming other bytes: either way the next read loads the data file in full and indexes it;
 * - it is written only for a file at this schema version whose full load gives exactly its JSON
 *   (not migrated, no counter healed); migrated files and doctor --fix never use it;
 * - it is never needed: deleting it changes no output, only the time the next read takes.
 */

/**
 * A new SHA-1 digest. node:crypto is loaded on the first one, not with this module: loading it
 * is ~2.5 ms, and a read that goes by the verified stamp hashes nothing.
 */
const sha1 = () => process.getBuiltinModule('node:crypto').createHash('sha1');

/** Bumped when the layout or its meaning changes: an older index is then ignored. */
const FORMAT = 4;
/** An index written by another build of meld is not trusted: its checks may differ from this one's. */
const WRITER = BUILD;
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
  /**
   * The SHA-1 of each stretch of the file in turn: before the first value, the first value,
   * between it and the next… after the last. A read checks a value's bytes before it parses
   * them, so it never holds more than one value's bytes at a time.
   */
  parts: string[];
  /** The data file as it was when a read found these bytes in it (see the comment at the top). */
  verified?: Stamp;
}

/** A file's identity and times as the kernel keeps them, in decimal nanoseconds. */
interface Stamp {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

const stampOf = (s: import('node:fs').BigIntStats): Stamp => ({
  dev: String(s.dev),
  ino: String(s.ino),
  size: String(s.size),
  mtimeNs: String(s.mtimeNs),
  ctimeNs: String(s.ctimeNs),
});
const sameStamp = (a: Stamp, b: Stamp) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

type Section = [key: string, start: number, end: number];
/** A section, and where its value lies in the text's characters. */
type Found = [key: string, start: number, end: number, from: number, to: number];

export function derivedPathFor(dbPath: string): string {
  return join(backupDirFor(dbPath), NAME);
}

/** The SHA-1 of a string's UTF-8 encoding, a slice at a time (no copy of a 50 MB text). */
export function textHash(text: string): string {
  const hash = sha1();
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
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xfeff) return;
      step();
    }
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

/** The stretches of the file the index's parts are digests of: values (with their key) and what lies between. */
function stretchesOf(
  index: Pick<Index, 'sections' | 'bytes'>,
): Array<{ key: string | null; start: number; end: number }> {
  const out: Array<{ key: string | null; start: number; end: number }> = [];
  let at = 0;
  for (const [key, start, end] of index.sections) {
    out.push({ key: null, start: at, end: start }, { key, start, end });
    at = end;
  }
  out.push({ key: null, start: at, end: index.bytes });
  return out;
}

function readIndex(dbPath: string): Index | null {
  const index = JSON.parse(readFileSync(derivedPathFor(dbPath), 'utf8')) as Index;
  const valid =
    index.format === FORMAT &&
    index.writer === WRITER &&
    index.schema === SCHEMA_VERSION &&
    Array.isArray(index.sections) &&
    Array.isArray(index.parts) &&
    index.sections.every(
      ([, start, end], i) => start <= end && end <= index.bytes && start >= (index.sections[i - 1]?.[2] ?? 0),
    );
  return valid ? index : null;
}

export interface DerivedRead {
  db: Db;
  /** The data file read (to notice an edit made while a write works). */
  id: FileId;
  /** The SHA-1 of its bytes. */
  sha1: string;
  /** Its ctime when that was already old enough to prove it unchanged since (settled.ts), else null. */
  settledCtime: string | null;
}

/**
 * The data as a full load of `target` would give it, through the index, when the index was made
 * from exactly the bytes `target` holds now; null otherwise (no index, another version of the
 * data, anything unexpected: the caller then loads the data file in full). Keys in `skip` are
 * not parsed (`'all'`: only the bytes are verified); reading one of them is a bug and throws. `nowNs` (the clock, in nanoseconds since
 * the epoch) decides whether a verified file is old enough for its stamp to be kept.
 *
 * Synchronous file calls on purpose: a read is a dozen small reads, and each await of the
 * promise API is a round trip through libuv's thread pool that a CLI has nothing to overlap with.
 */
export async function readDerived(
  dbPath: string,
  target: string,
  skip: readonly string[] | 'all' = [],
  nowNs: bigint = BigInt(Date.now()) * 1_000_000n,
): Promise<DerivedRead | null> {
  let fd: number | undefined;
  try {
    const index = readIndex(dbPath);
    if (!index) return null;
    // Non-blocking: a fifo in the data file's place must not hang a read (the full load says what it is).
    fd = openSync(target, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const big = fstatSync(fd, { bigint: true });
    if (!big.isFile() || Number(big.size) !== index.bytes) return null;
    const stamp = stampOf(big);
    const trusted = CTIME_KEPT && index.verified !== undefined && sameStamp(index.verified, stamp);
    // Every stretch of the file is hashed and checked (unless the stamp says these are the bytes
    // already checked); a value to parse is read whole, checked, and parsed at once (what is
    // parsed is what was hashed, even if another program writes the file meanwhile), so no more
    // than one value's bytes are held at a time.
    const db = {} as Record<string, unknown>;
    const stretches = stretchesOf(index);
    if (stretches.length !== index.parts.length) return null;
    let chunk: Buffer | undefined;
    for (const [n, { key, start, end }] of stretches.entries()) {
      if (key !== null && skip !== 'all' && !skip.includes(key)) {
        const bytes = Buffer.allocUnsafe(end - start);
        if (readSync(fd, bytes, 0, bytes.length, start) !== bytes.length) return null;
        if (!trusted && sha1().update(bytes).digest('hex') !== index.parts[n]) return null;
        const value = JSON.parse(bytes.toString('utf8')) as unknown;
        // defineProperty, not assignment: a key such as "__proto__" stays a plain key, as JSON.parse makes it.
        Object.defineProperty(db, key, { value, enumerable: true, writable: true, configurable: true });
        continue;
      }
      if (!trusted) {
        const hash = sha1();
        chunk ??= Buffer.allocUnsafe(Math.min(Math.max(index.bytes, 1), CHUNK));
        for (let at = start; at < end; ) {
          const got = readSync(fd, chunk, 0, Math.min(chunk.length, end - at), at);
          if (got === 0) return null;
          hash.update(chunk.subarray(0, got));
          at += got;
        }
        if (hash.digest('hex') !== index.parts[n]) return null;
      }
      if (key !== null)
        Object.defineProperty(db, key, {
          enumerable: false,
          configurable: true,
          get() {
            throw new Error(`bug: this command read the data without "${key}" and then used it`);
          },
        });
    }
    const settled = settledCtime(big, nowNs);
    if (!trusted && settled !== null) {
      // Verified, and old enough: the next read can go by the stamp, if the file did not change
      // while it was hashed here.
      if (sameStamp(stampOf(fstatSync(fd, { bigint: true })), stamp))
        await writeIndex(dbPath, { ...index, verified: stamp }).catch(() => undefined);
    }
    return {
      db: db as unknown as Db,
      id: fileIdOf(big),
      sha1: index.sha1,
      settledCtime: settled,
    };
  } catch {
    return null; // speed only: the full load says what is wrong, if anything is
  } finally {
    if (fd !== undefined) closeSync(fd);
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
    const parts: string[] = [];
    let from = 0;
    for (const [, , , start, end] of found) {
      parts.push(textHash(text.slice(from, start)), textHash(text.slice(start, end)));
      from = end;
    }
    parts.push(textHash(text.slice(from)));
    const index: Index = {
      format: FORMAT,
      writer: WRITER,
      schema: SCHEMA_VERSION,
      sha1: textHash(text),
      bytes: Buffer.byteLength(text),
      sections,
      parts,
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
  index(): Pick<Index, 'sha1' | 'bytes' | 'sections' | 'parts'> | null;
}

/** The text of `db` to save (serializePieces), hashed and indexed as its pieces are taken. */
export function saving(db: Db): Saving {
  const hash = sha1();
  const sections: Section[] = [];
  const parts: string[] = [];
  let part = sha1();
  let bytes = 0;
  let done = false;
  let open: [string, number] | null = null;
  // The pieces never straddle the start or the end of a top-level value (serializePieces).
  const edge = (key: string, at: 'start' | 'end') => {
    parts.push(part.digest('hex'));
    part = sha1();
    if (at === 'start') open = [key, bytes];
    else if (open) sections.push([open[0], open[1], bytes]);
  };
  function* pieces(): Generator<Uint8Array> {
    for (const text of serializePieces(db, edge)) {
      const piece = Buffer.from(text, 'utf8');
      hash.update(piece);
      part.update(piece);
      bytes += piece.length;
      yield piece;
    }
    parts.push(part.digest('hex'));
    done = true;
  }
  return {
    pieces: pieces(),
    index: () => (done ? { sha1: hash.digest('hex'), bytes, sections, parts } : null),
  };
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

/** Before a save renames a new data file in place: the index of the old one goes first, and its kept answers. */
export async function dropDerived(dbPath: string): Promise<void> {
  await fs.rm(derivedPathFor(dbPath), { force: true }).catch(() => undefined);
  await (await import('./answers.js')).dropAnswers(dbPath);
}
