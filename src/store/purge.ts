import { isAnswerFile } from './answers.js';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { mentions, Words, wordsOf } from '../domain/mentions.js';
import { ensureFolder, writeFileAtomic } from './atomic.js';
import { BACKUP_NAME, Backups, backupDirFor, LATEST, pendingPurgeFile, UNDONE_NAME } from './backups.js';
import { Journal } from './journal.js';
import { removeOrphanedTemps } from './leftovers.js';
import { locate } from './locate.js';
import { isAlive, ownStart } from './processes.js';
import type { PurgeResult, PurgeTarget } from './types.js';

/*
 * `meld prospect remove <p> --purge`: after the person is removed from the data file, every
 * other place meld keeps a version of it forgets them too: the backups and undone versions in
 * `<data file>.d/`, `latest.json`, the migration originals and conflict copies beside the file,
 * the quarantine files of `doctor --fix`, the summaries in the change history, and the temp files
 * killed processes left. Matched by id and creation time, so another person who had the same id
 * in an older version is left alone; a record merged into the person goes with them. With
 * `redactMentions`, their words are blanked where other records' text mentions them. A file
 * that cannot be cleaned is reported, never skipped in silence. Runs under the data file's lock.
 */

type Json = Record<string, unknown>;

/** One person as a version knows them: an id with the creation time that tells them apart. */
interface Identity {
  id: number;
  createdAt: string;
}

const isOneOf = (p: Json, who: readonly Identity[]) => who.some((i) => p.id === i.id && p.createdAt === i.createdAt);

/**
 * Removes the person (and whoever was merged into them) with what hangs off them from one
 * version; their words in that version are added to `words`. With `redact`, mentions of them in
 * other records' text are blanked. False when the version did not change.
 */
function forget(data: Json, who: readonly Identity[], words: Set<string>, redact: boolean): boolean {
  if (!Array.isArray(data.prospects)) return false;
  const prospects = data.prospects as Json[];
  const theirs = prospects.filter((p) => isOneOf(p, who));
  for (const p of theirs) for (const w of wordsOf(p)) words.add(w);
  let changed = false;
  if (theirs.length > 0) {
    const ids = new Set(theirs.map((p) => p.id));
    data.prospects = prospects.filter((p) => !ids.has(p.id));
    // Follow-ups, activities and deals: every list of records that point at a prospect.
    for (const [key, list] of Object.entries(data)) {
      if (key === 'prospects' || !Array.isArray(list)) continue;
      data[key] = list.filter((r) => !(typeof r === 'object' && r !== null && ids.has((r as Json).prospectId)));
    }
    changed = true;
  }
  if (redact && mentions(data, new Words(words), new Set(), true).length > 0) changed = true;
  return changed;
}

/**
 * Whoever was merged into the person (`prospect merge #7 … into #3 …`), found through the
 * journal and the backup taken before each merge, newest first so a merge into someone merged
 * later is found too.
 */
async function mergedInto(journal: Journal, backups: Backups, who: Identity[]): Promise<void> {
  for (const entry of [...journal.entries].reverse()) {
    const m = /^prospect merge #(\d+) .* into #(\d+) /.exec(entry.summary);
    if (!m || !entry.before) continue;
    let before: Json;
    try {
      before = JSON.parse(await fs.readFile(backups.path(entry.before), 'utf8')) as Json;
    } catch {
      continue;
    }
    const prospects = Array.isArray(before.prospects) ? (before.prospects as Json[]) : [];
    const keep = prospects.find((p) => p.id === Number(m[2]));
    const other = prospects.find((p) => p.id === Number(m[1]));
    if (keep && other && isOneOf(keep, who) && typeof other.createdAt === 'string' && !isOneOf(other, who))
      who.push({ id: other.id as number, createdAt: other.createdAt });
  }
}

/** What a purge finds in `<file>.d/`: the files it knows how to clean. */
const KNOWN = (name: string) =>
  BACKUP_NAME.test(name) ||
  UNDONE_NAME.test(name) ||
  name === LATEST ||
  /^quarantine-.*\.json$/.test(name) ||
  name === 'history.json' ||
  name === 'history.json.damaged' ||
  name === 'purge-pending.json';

/** Rewrites every stored version that still holds the person; says which files it could not clean. */
export async function purgeVersions(path: string, target: PurgeTarget): Promise<PurgeResult> {
  const where = await locate(path);
  const backups = new Backups(path, where.target, where.linked);
  const uncleaned: string[] = [];
  // Killed saves' and purges' temp files: a copy of the data file, the purge marker's words.
  await removeOrphanedTemps(path, where.target);
  const journal = await Journal.read(path);
  const who: Identity[] = [{ id: target.id, createdAt: target.createdAt }];
  await mergedInto(journal, backups, who);
  const words = new Set(target.words);
  const redact = target.redactMentions === true;

  const versions = (await backups.versions()).map((n) => backups.path(n));
  const folder = dirname(where.target);
  const name = basename(where.target);
  for (const n of await fs.readdir(folder).catch(() => [] as string[])) {
    if (n.startsWith(`${name}.`) && /\.(v\d+(-\d+)?|conflict-[\w-]+)\.json$/.test(n)) versions.push(join(folder, n));
  }
  let changed = 0;
  const rewrite = async (file: string, text: string) => {
    try {
      // A fresh file, not a write in place: a backup may be a hard link shared with another name.
      await writeFileAtomic(file, text);
      changed++;
    } catch {
      uncleaned.push(file);
    }
  };
  if (redact) {
    // The words the person had in any version (an old name, a merged-in email) are looked for in
    // every version's mentions, so they are gathered first.
    for (const file of versions) {
      try {
        const data = JSON.parse(await fs.readFile(file, 'utf8')) as Json;
        if (Array.isArray(data.prospects))
          for (const p of data.prospects as Json[]) if (isOneOf(p, who)) for (const w of wordsOf(p)) words.add(w);
      } catch {
        // reported below
      }
    }
  }
  // The words gathered from every version are then blanked from the summaries and the quarantine.
  const unread: Array<{ file: string; text: string }> = [];
  for (const file of versions) {
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    if (text === null) {
      if ((await fs.stat(file).catch(() => null))?.isFile()) uncleaned.push(file);
      continue;
    }
    let data: Json;
    try {
      data = JSON.parse(text) as Json;
    } catch {
      unread.push({ file, text });
      continue;
    }
    if (forget(data, who, words, redact)) await rewrite(file, `${JSON.stringify(data, null, 2)}\n`);
  }
  const all = new Words(words);
  // A version meld cannot parse cannot be cleaned by record: reported when it holds their words.
  for (const { file, text } of unread) if (all.found(text)) uncleaned.push(file);

  let summaries = false;
  for (const e of journal.entries) {
    const clean = all.blank(e.summary);
    if (clean !== e.summary) {
      e.summary = clean;
      summaries = true;
    }
  }
  if (summaries) {
    try {
      await journal.save();
      changed++;
    } catch {
      uncleaned.push(journal.file);
    }
  }
  const dir = backupDirFor(path);
  for (const n of await fs.readdir(dir).catch(() => [] as string[])) {
    const file = join(dir, n);
    if (isAnswerFile(n)) {
      // Derived from a version of the data (it may name the person): dropped, never needed.
      await fs.rm(file, { force: true }).catch(() => undefined);
    } else if (n === 'history.json.damaged' || /^quarantine-.*\.json$/.test(n)) {
      // Not versions of the data: text to blank whole (quarantined records, a damaged journal).
      const old = await fs.readFile(file, 'utf8').catch(() => null);
      if (old === null) uncleaned.push(file);
      else if (all.found(old)) await rewrite(file, all.blank(old));
    } else if (!KNOWN(n)) {
      // Something meld did not write there, or a live process's temp file: not ours to change.
      const text = await fs.readFile(file, 'utf8').catch(() => null);
      if (text !== null && all.found(text)) uncleaned.push(file);
    }
  }
  await fs.rm(pendingPurgeFile(path), { force: true });
  return { files: changed, uncleaned };
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
      who = {
        id: parsed.id,
        createdAt: parsed.createdAt,
        words: parsed.words.filter((w) => typeof w === 'string'),
        redactMentions: parsed.redactMentions === true,
      };
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
