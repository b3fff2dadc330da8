import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureFolder, removeStaleTemps, tempPathFor } from './atomic.js';
import { backupDirFor } from './backups.js';
import { BUILD } from './build-id.js';
import { type InstantWindow, inWindow } from '../domain/instant-window.js';

/*
 * Kept answers: what a pure computation on the data gave (the follow-ups due today, ranked; the
 * agenda; the campaign summary), kept beside the data file in `<data file>.d/answer-<key>.json`
 * with the SHA-1 of the exact bytes it was computed from. A read of unchanged data (the derived
 * index verifies the bytes: derived.ts) then prints the kept answer instead of parsing megabytes
 * to compute it again.
 *
 * Like the index, an answer is derived data only:
 * - it is used only when the data file's bytes are verified to be the ones it names, and only by
 *   the build of meld that wrote it (another build may compute it differently);
 * - its key names every input besides the data (the day, the options), so the same key on the
 *   same bytes gives the same answer;
 * - a value that JSON would not give back exactly (NaN, a Map, a Date, undefined in a list) is
 *   never kept;
 * - every save removes them all (the next read computes afresh), and so does a purge (they may
 *   hold a purged person's name); deleting them changes no output.
 */

const FORMAT = 1;
const PREFIX = 'answer-';
/** The most answers kept at a time (searches and people shown add one each): the oldest go first. */
const KEEP = 16;

interface Kept {
  format: number;
  build: string;
  sha1: string;
  key: string;
  value: unknown;
  /** For an answer computed as of an instant: the instants it holds for (domain/instant-window.ts). */
  window?: InstantWindow;
}

/**
 * Whether a file in the `.d` folder belongs to a kept answer: the answer, or a temp file a run
 * killed while writing one left (purge and save remove both: they may name a person).
 */
export const isAnswerFile = (name: string) => name.startsWith(PREFIX);

/**
 * The file of a key: named by two 32-bit FNV-1a hashes of it (the key itself is kept inside and
 * checked), not a SHA-1: node:crypto costs ~2.5 ms to load, and a kept answer is read to skip work.
 */
function answerPathFor(dbPath: string, key: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x811c9dc5) >>> 0;
  }
  const name = a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  return join(backupDirFor(dbPath), `${PREFIX}${name}.json`);
}

/**
 * The answer kept for `key` by this build, with the digest of the bytes it was computed from, or
 * undefined; for an answer computed as of an instant, only when `asOf` (ms) lies in the window it
 * holds for. The caller checks the data file still has those bytes.
 */
export function keptFor(dbPath: string, key: string, asOf?: number): { sha1: string; value: unknown } | undefined {
  try {
    const kept = JSON.parse(readFileSync(answerPathFor(dbPath, key), 'utf8')) as Kept;
    const timely = kept.window === undefined ? asOf === undefined : asOf !== undefined && inWindow(kept.window, asOf);
    if (kept.format === FORMAT && kept.build === BUILD && kept.key === key && typeof kept.sha1 === 'string' && timely)
      return { sha1: kept.sha1, value: kept.value };
  } catch {
    // none kept, or unreadable: computed again
  }
  return undefined;
}

/**
 * Keeps `value`, the answer for `key` on the data with digest `sha1`, when JSON gives it back
 * exactly. Any failure only costs the next read its time.
 */
export async function keepAnswer(
  dbPath: string,
  sha1: string,
  key: string,
  value: unknown,
  window?: InstantWindow,
): Promise<void> {
  if (!jsonExact(value)) return;
  const file = answerPathFor(dbPath, key);
  let tmp: string | null = null;
  try {
    const dir = backupDirFor(dbPath);
    await ensureFolder(dir);
    await removeStaleTemps(file);
    tmp = tempPathFor(file);
    const kept: Kept = { format: FORMAT, build: BUILD, sha1, key, value, ...(window ? { window } : {}) };
    await fs.writeFile(tmp, JSON.stringify(kept), { flag: 'wx', mode: 0o600 });
    await fs.rename(tmp, file);
    tmp = null;
    await dropOldest(dir);
  } catch {
    // speed only
  } finally {
    if (tmp) await fs.rm(tmp, { force: true }).catch(() => undefined);
  }
}

async function dropOldest(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((name) => isAnswerFile(name) && name.endsWith('.json'));
  if (names.length <= KEEP) return;
  const aged = await Promise.all(
    names.map(async (name) => ({ name, at: (await fs.stat(join(dir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  aged.sort((a, b) => a.at - b.at);
  for (const { name } of aged.slice(0, aged.length - KEEP)) await fs.rm(join(dir, name), { force: true });
}

/** Removes every kept answer (a save, a purge): they describe data that is no longer there. */
export async function dropAnswers(dbPath: string): Promise<void> {
  const dir = backupDirFor(dbPath);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter(isAnswerFile)) await fs.rm(join(dir, name), { force: true }).catch(() => undefined);
}

/**
 * Whether JSON.parse(JSON.stringify(value)) gives `value` back as far as reading it goes: plain
 * objects and arrays of strings, finite numbers, booleans and null (undefined only as an
 * object's property, which JSON drops and reading gives anyway). An object reached twice comes
 * back as two equal copies, which is the same to a reader (answers are only read); a cycle is
 * refused. Depth is bounded by the data's (load.ts refuses nesting past MAX_DEPTH).
 */
export function jsonExact(value: unknown, ancestors: Set<object> = new Set()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || ancestors.has(value)) return false;
  ancestors.add(value);
  let exact = true;
  if (Array.isArray(value)) {
    for (const item of value) if (item === undefined || !jsonExact(item, ancestors)) exact = false;
  } else {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) exact = false;
    else
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (key === '__proto__' || (item !== undefined && !jsonExact(item, ancestors))) {
          exact = false;
          break;
        }
      }
  }
  ancestors.delete(value);
  return exact;
}
