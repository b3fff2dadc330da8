import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ensureFolder, writeFileAtomic } from './atomic.js';
import { Backups, backupDirFor, pendingPurgeFile } from './backups.js';
import { Journal } from './journal.js';
import { isAlive, ownStart } from './processes.js';
import { locate } from './locate.js';
import type { PurgeTarget } from './types.js';

/*
 * `meld prospect remove <p> --purge`: after the person is removed from the data file, every
 * other place meld keeps a version of it forgets them too: the backups and undone versions in
 * `<data file>.d/`, `latest.json`, the migration originals and conflict copies beside the file,
 * and the summaries in the change history. Matched by id and creation time, so another person
 * who had the same id in an older version is left alone. Runs under the data file's lock.
 */

type Json = Record<string, unknown>;

/** What a history summary may hold of a person as one version had them (a name or email changed since). */
function wordsOf(p: Json): string[] {
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return [p.name, p.email, p.phone, ...list(p.otherEmails), ...list(p.otherPhones)].filter(
    (w): w is string => typeof w === 'string' && w.trim().length > 2,
  );
}

/**
 * Removes the person and what hangs off them from one version; false when they were not in it.
 * The words they had in that version join `who.words`, so older summaries are blanked too.
 */
function forget(data: Json, who: PurgeTarget): boolean {
  if (!Array.isArray(data.prospects)) return false;
  const prospects = data.prospects as Json[];
  const isThem = (p: Json) => p.id === who.id && p.createdAt === who.createdAt;
  const keep = prospects.filter((p) => !isThem(p));
  if (keep.length === prospects.length) return false;
  for (const p of prospects) if (isThem(p)) for (const w of wordsOf(p)) if (!who.words.includes(w)) who.words.push(w);
  data.prospects = keep;
  for (const kind of ['followUps', 'activities']) {
    if (Array.isArray(data[kind])) data[kind] = (data[kind] as Json[]).filter((r) => r.prospectId !== who.id);
  }
  return true;
}

export function blankWords(text: string, who: PurgeTarget): string {
  let out = text;
  // Longest first: "Ana Souza" before a shorter word it contains.
  const words = [...who.words].sort((a, b) => b.length - a.length);
  for (const word of words) if (word.trim() !== '') out = out.split(word).join('(purged)');
  return out;
}

/** Rewrites every stored version that still holds the person; returns how many files changed. */
export async function purgeVersions(path: string, target: PurgeTarget): Promise<number> {
  const who = { ...target, words: [...target.words] };
  const where = await locate(path);
  const backups = new Backups(path, where.target, where.linked);
  const files = (await backups.versions()).map((n) => backups.path(n));
  const folder = dirname(where.target);
  const name = basename(where.target);
  for (const n of await fs.readdir(folder).catch(() => [] as string[])) {
    if (n.startsWith(`${name}.`) && /\.(v\d+(-\d+)?|conflict-[\w-]+)\.json$/.test(n)) files.push(join(folder, n));
  }
  let changed = 0;
  for (const file of files) {
    let data: Json;
    try {
      data = JSON.parse(await fs.readFile(file, 'utf8')) as Json;
    } catch {
      continue;
    }
    if (!forget(data, who)) continue;
    // A fresh file, not a write in place: a backup may be a hard link shared with another name.
    await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`);
    changed++;
  }
  const journal = await Journal.read(path);
  let summaries = false;
  for (const e of journal.entries) {
    const clean = blankWords(e.summary, who);
    if (clean !== e.summary) {
      e.summary = clean;
      summaries = true;
    }
  }
  if (summaries) {
    await journal.save();
    changed++;
  }
  const damaged = `${journal.file}.damaged`;
  const old = await fs.readFile(damaged, 'utf8').catch(() => null);
  if (old !== null && blankWords(old, who) !== old) {
    await writeFileAtomic(damaged, blankWords(old, who));
    changed++;
  }
  await fs.rm(pendingPurgeFile(path), { force: true });
  return changed;
}

/**
 * A purge is two steps (save the removal, then rewrite the backups); a crash between them would
 * leave the person in the backups with no record left to purge again. So the intent is written
 * first, in `<data file>.d/purge-pending.json`, and removed once the purge is done; the next
 * command that takes the lock finishes a purge it finds pending (see `finishPendingPurge`).
 */
export async function markPurge(path: string, who: PurgeTarget): Promise<void> {
  await ensureFolder(backupDirFor(path));
  const mark = { ...who, pid: process.pid, start: ownStart() };
  await writeFileAtomic(pendingPurgeFile(path), `${JSON.stringify(mark)}\n`);
}

/**
 * Finishes a purge a crash interrupted: only when the person is no longer in the data file (a
 * crash before the removal was saved, or a removal refused, leaves them there: nothing to do).
 */
export async function finishPendingPurge(path: string): Promise<void> {
  const file = pendingPurgeFile(path);
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return;
  let who: PurgeTarget | null = null;
  try {
    const parsed = JSON.parse(text) as PurgeTarget & { pid?: number; start?: string | null };
    // A meld that is still running (this one, or another between its removal and its purge) finishes it itself.
    if (typeof parsed.pid === 'number' && (parsed.pid === process.pid || isAlive(parsed.pid, parsed.start ?? null)))
      return;
    if (typeof parsed.id === 'number' && typeof parsed.createdAt === 'string' && Array.isArray(parsed.words))
      who = { id: parsed.id, createdAt: parsed.createdAt, words: parsed.words.filter((w) => typeof w === 'string') };
  } catch {
    who = null;
  }
  if (who) {
    const where = await locate(path);
    let current: Json | null = null;
    try {
      current = JSON.parse(await fs.readFile(where.target, 'utf8')) as Json;
    } catch {
      current = null;
    }
    const still =
      current !== null &&
      Array.isArray(current.prospects) &&
      (current.prospects as Json[]).some((p) => p.id === who.id && p.createdAt === who.createdAt);
    // A data file meld cannot read: leave the marker for a later command.
    if (current === null) return;
    if (!still) await purgeVersions(path, who);
  }
  await fs.rm(file, { force: true });
}
