import { createHash } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { healCounters } from '../domain/integrity.js';
import { SCHEMA_VERSION, type Db } from '../domain/types.js';
import { ensureFolder, removeStaleTemps, tempPathFor } from './atomic.js';
import { backupDirFor, type FileId } from './backups.js';
import { orderedDb } from './serialize.js';

/*
 * Derived data: `<data file>.d/derived.json`, what a full load of the data file yields, kept so
 * that the next read can skip decoding the pretty-printed text, validating every record and
 * checking every reference, and can leave out the parts a command does not use (the activity
 * log is 40% of a file; `meld followups` never looks at it).
 *
 * The data file stays the one source of truth. This file is:
 * - never trusted on size and modification time: it names the SHA-256 of the data file's bytes
 *   it was derived from, and a read hashes the data file (~1 ms per 2 MB) before using it, so
 *   an edit in place that keeps the size and the mtime (a sync tool) is seen like any other;
 * - written after the data file (a save removes the old one before it renames the new data
 *   file in place, and writes the new one after), so a crash in between leaves no derived file
 *   or one naming other bytes: either way the next read loads the data file in full and
 *   derives it again;
 * - written only for a file at this schema version that loaded with no error, from the very
 *   records a full load gives (migrated files and doctor --fix never use it);
 * - never needed: deleting it changes no output, only the time the next read takes.
 *
 * Layout: one compact JSON value per top-level key of the data (the sections), then one line
 * of JSON (the header) with the hash, the sections' byte ranges and who wrote it. The header
 * comes last so that the sections can be written one at a time, never as one big string.
 */

/** Bumped when the layout or what is derived changes: an older derived file is then ignored. */
const FORMAT = 1;
declare const MELD_VERSION: string;
/** A derived file written by another meld is not trusted: its checks may differ from this one's. */
const WRITER = typeof MELD_VERSION === 'string' ? MELD_VERSION : 'dev';
const NAME = 'derived.json';
/** The header is at most this long (a file with thousands of top-level keys is not derived). */
const TAIL = 16 * 1024;
const CHUNK = 1024 * 1024;

interface Header {
  format: number;
  writer: string;
  schema: number;
  /** SHA-256 (hex) of the data file's bytes, and their number. */
  sha256: string;
  bytes: number;
  /** Top-level keys in the data's order, each with its section's byte range. */
  sections: Array<[key: string, start: number, end: number]>;
}

export function derivedPathFor(dbPath: string): string {
  return join(backupDirFor(dbPath), NAME);
}

/** What a read can do without: top-level keys of the data (`activities`). */
export type Skip = readonly string[];

/** The SHA-256 of some bytes, or of a string's UTF-8 encoding without encoding it all at once. */
export function contentHash(content: Buffer | string): string {
  const hash = createHash('sha256');
  if (typeof content !== 'string') return hash.update(content).digest('hex');
  for (let start = 0; start < content.length; ) {
    let end = Math.min(start + CHUNK, content.length);
    const last = content.charCodeAt(end - 1);
    // Never between the two halves of a surrogate pair: each half alone would hash as U+FFFD.
    if (end < content.length && last >= 0xd800 && last <= 0xdbff) end--;
    hash.update(content.slice(start, end), 'utf8');
    start = end;
  }
  return hash.digest('hex');
}

async function readHeader(handle: FileHandle): Promise<Header | null> {
  const { size } = await handle.stat();
  const length = Math.min(size, TAIL);
  const tail = Buffer.alloc(length);
  await handle.read(tail, 0, length, size - length);
  if (tail[length - 1] !== 0x0a) return null;
  const from = tail.lastIndexOf(0x0a, length - 2) + 1;
  if (from === 0 && length === TAIL) return null;
  const header = JSON.parse(tail.toString('utf8', from, length - 1)) as Header;
  const valid =
    header.format === FORMAT &&
    header.writer === WRITER &&
    header.schema === SCHEMA_VERSION &&
    Array.isArray(header.sections) &&
    header.sections.every(([, start, end]) => start <= end && end <= size - (length - from));
  return valid ? header : null;
}

/** Hashes an open file from start to end, in slices; null when it is not `size` bytes long. */
async function hashFile(handle: FileHandle, size: number): Promise<string | null> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.min(Math.max(size, 1), 4 * CHUNK));
  let at = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    at += bytesRead;
  }
  return at === size ? hash.digest('hex') : null;
}

export interface DerivedRead {
  db: Db;
  /** The data file read (to notice an edit made while a write works). */
  id: FileId;
}

/**
 * The data as a full load of `target` would give it, from the derived file, when that file was
 * derived from exactly the bytes `target` holds now; null otherwise (no derived file, another
 * version of the data, anything unexpected: the caller then loads the data file in full).
 * Keys in `skip` are left out; reading one of them is a bug and throws.
 */
export async function readDerived(dbPath: string, target: string, skip: Skip = []): Promise<DerivedRead | null> {
  let derived: FileHandle | undefined;
  let data: FileHandle | undefined;
  try {
    derived = await fs.open(derivedPathFor(dbPath), fsc.O_RDONLY | fsc.O_NONBLOCK);
    const header = await readHeader(derived);
    if (!header) return null;
    // Non-blocking: a fifo in the data file's place must not hang a read (readCurrent says what it is).
    data = await fs.open(target, fsc.O_RDONLY | fsc.O_NONBLOCK);
    const big = await data.stat({ bigint: true });
    if (!big.isFile() || Number(big.size) !== header.bytes) return null;
    if ((await hashFile(data, header.bytes)) !== header.sha256) return null;
    const db = {} as Record<string, unknown>;
    for (const [key, start, end] of header.sections) {
      if (skip.includes(key)) {
        Object.defineProperty(db, key, {
          enumerable: false,
          get() {
            throw new Error(`bug: this command read the data without "${key}" and then used it`);
          },
        });
        continue;
      }
      const bytes = Buffer.allocUnsafe(end - start);
      const { bytesRead } = await derived.read(bytes, 0, bytes.length, start);
      if (bytesRead !== bytes.length) return null;
      db[key] = JSON.parse(bytes.toString('utf8'));
    }
    return {
      db: db as unknown as Db,
      id: { ino: `${big.dev}:${big.ino}`, size: Number(big.size), mtimeMs: Number(big.mtimeMs) },
    };
  } catch {
    return null; // speed only: the full load says what is wrong, if anything is
  } finally {
    await derived?.close().catch(() => undefined);
    await data?.close().catch(() => undefined);
  }
}

/**
 * Writes the derived file for the data whose bytes hash to `sha256` (`bytes` long): `db` must be
 * what a full load of those bytes gives. Section by section into a temp file, renamed into
 * place. Any failure leaves no derived file and is not an error: it only costs the next read.
 */
export async function writeDerived(dbPath: string, sha256: string, bytes: number, db: Db): Promise<void> {
  const file = derivedPathFor(dbPath);
  let tmp: string | null = null;
  let handle: FileHandle | undefined;
  try {
    await ensureFolder(backupDirFor(dbPath));
    await removeStaleTemps(file);
    tmp = tempPathFor(file);
    handle = await fs.open(tmp, 'wx', 0o600);
    const sections: Header['sections'] = [];
    let at = 0;
    const put = async (text: string) => {
      const buffer = Buffer.from(text, 'utf8');
      await handle!.write(buffer, 0, buffer.length, at);
      at += buffer.length;
    };
    for (const [key, value] of Object.entries(db)) {
      const start = at;
      if (Array.isArray(value) && value.length > 0) {
        // A big array a slice of records at a time: no string as long as the whole section.
        for (let i = 0; i < value.length; i += 2000) {
          const slice = JSON.stringify(value.slice(i, i + 2000));
          await put(`${i === 0 ? '[' : ','}${slice.slice(1, -1)}${i + 2000 >= value.length ? ']' : ''}`);
        }
      } else {
        const text = JSON.stringify(value);
        if (text === undefined) continue; // a key JSON.stringify leaves out
        await put(text);
      }
      sections.push([key, start, at]);
    }
    const header: Header = { format: FORMAT, writer: WRITER, schema: SCHEMA_VERSION, sha256, bytes, sections };
    const line = `\n${JSON.stringify(header)}\n`;
    if (Buffer.byteLength(line) > TAIL) throw new Error('header too long');
    await put(line);
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, file);
    tmp = null;
  } catch {
    // speed only
  } finally {
    await handle?.close().catch(() => undefined);
    if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * After a save: derives what loading the saved `text` gives back — records in the file's order,
 * counters healed as a load heals them — from `db`, without parsing the text again.
 */
export async function deriveSaved(dbPath: string, text: string, db: Db): Promise<void> {
  const shape = orderedDb(db);
  const reloaded = { ...shape, lastIds: { ...shape.lastIds } };
  healCounters(reloaded);
  await writeDerived(dbPath, contentHash(text), Buffer.byteLength(text), reloaded);
}

/** Before a save renames a new data file in place: the derived file of the old one goes first. */
export async function dropDerived(dbPath: string): Promise<void> {
  await fs.rm(derivedPathFor(dbPath), { force: true }).catch(() => undefined);
}
