import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../domain/types.js';
import { emptyDb } from '../domain/types.js';
import { BACKUP_NAME, backupDirFor, LATEST, UNDONE_NAME } from './backups.js';
import type { Finding } from './load.js';
import { locate } from './locate.js';
import { readVersion, mergeVersions } from './sync-merge.js';
import type { Change } from './types.js';

/*
 * Conflict copies that synced folders leave beside the data file when two devices changed it
 * before seeing each other's change. `meld doctor` lists them; `doctor --fix` merges each into
 * the data file with the record merge of `meld sync` (one save: one `meld undo` takes it back)
 * and moves the copy into the history folder.
 */

export type SyncTool = 'Syncthing' | 'Dropbox' | 'Nextcloud' | 'OneDrive';

export interface ConflictCopy {
  file: string;
  tool: SyncTool;
  /** The device that wrote it, when the name says. */
  device: string | null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The names each tool gives a conflict copy of `<stem><ext>` (meld.json: stem `meld`, ext `.json`). */
function patterns(name: string): Array<{ tool: SyncTool; re: RegExp; device?: number }> {
  const ext = name.endsWith('.json') ? '.json' : '';
  const stem = escapeRegExp(ext ? name.slice(0, -ext.length) : name);
  const e = escapeRegExp(ext);
  return [
    // meld.sync-conflict-20261201-101500-ABCDEFG.json (the short id of the device)
    { tool: 'Syncthing', re: new RegExp(`^${stem}\\.sync-conflict-\\d{8}-\\d{6}-([A-Z0-9]{7})${e}$`), device: 1 },
    // meld (conflicted copy 2026-12-01 101500).json: a time after the day
    {
      tool: 'Nextcloud',
      re: new RegExp(`^${stem} \\((?:(.+?)'s )?conflicted copy \\d{4}-\\d{2}-\\d{2} \\d{6}\\)${e}$`),
      device: 1,
    },
    // meld_conflict-20261201-101500.json (ownCloud and older Nextcloud clients)
    { tool: 'Nextcloud', re: new RegExp(`^${stem}_conflict-\\d{8}-\\d{6}${e}$`) },
    // meld (conflicted copy 2026-12-01).json, meld (Laptop's conflicted copy 2026-12-01) (1).json
    {
      tool: 'Dropbox',
      re: new RegExp(`^${stem} \\((?:(.+?)'s )?conflicted copy(?: \\d{4}-\\d{2}-\\d{2})?\\)(?: \\(\\d+\\))?${e}$`),
      device: 1,
    },
    // meld-LAPTOP-4F2A.json: the Windows device name, in capitals
    {
      tool: 'OneDrive',
      re: new RegExp(`^${stem}-((?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{1,14}?)(?:-\\d+)?${e}$`),
      device: 1,
    },
  ];
}

/** The conflict copies beside the data file (and beside its target, when it is a symlink). */
export async function findConflictCopies(path: string): Promise<ConflictCopy[]> {
  const where = await locate(path);
  const found: ConflictCopy[] = [];
  const seen = new Set<string>();
  for (const file of new Set([path, where.target])) {
    const folder = dirname(file);
    const rules = patterns(basename(file));
    for (const entry of (await fs.readdir(folder).catch(() => [] as string[])).sort()) {
      for (const rule of rules) {
        const m = rule.re.exec(entry);
        if (!m) continue;
        const full = join(folder, entry);
        if (seen.has(full)) break;
        seen.add(full);
        const stat = await fs.stat(full).catch(() => null);
        if (stat?.isFile())
          found.push({ file: full, tool: rule.tool, device: rule.device ? (m[rule.device] ?? null) : null });
        break;
      }
    }
  }
  return found;
}

const FIX =
  '`meld doctor --fix` merges it into the data file record by record and moves it into the history folder (`meld undo` takes the merge back)';

const from = (c: ConflictCopy) => `${c.tool}${c.device ? `, device ${c.device}` : ''}`;

export async function conflictCopyFindings(path: string): Promise<Finding[]> {
  return (await findConflictCopies(path)).map((c) => ({
    severity: 'warning' as const,
    code: 'conflict-copy',
    where: 'file',
    message: `a conflict copy left by ${from(c)}: ${c.file}`,
    fix: FIX,
  }));
}

/** The newest version in meld's history older than both files, or an empty file when there is none. */
async function commonVersion(path: string, copy: string): Promise<Db> {
  const mtime = async (f: string) => (await fs.stat(f).catch(() => null))?.mtimeMs ?? 0;
  const limit = Math.min(await mtime(path), await mtime(copy));
  const dir = backupDirFor(path);
  let best: { file: string; at: number } | null = null;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!BACKUP_NAME.test(name) && !UNDONE_NAME.test(name) && name !== LATEST) continue;
    const at = await mtime(join(dir, name));
    if (at > limit || (best && best.at >= at)) continue;
    best = { file: join(dir, name), at };
  }
  if (best) {
    const db = await readVersion(best.file, 'base').catch(() => null);
    if (db) return db;
  }
  return emptyDb();
}

/** What doctor --fix needs of the store: one save under the lock, recorded for undo. */
export interface Saving {
  readonly path: string;
  writeLenient<T>(change: (db: Db) => Change<T>): Promise<T>;
}

/** Merges every readable conflict copy into the data file in one save; returns what it did, one line each. */
export async function mergeConflictCopies(store: Saving, now: Date): Promise<string[]> {
  const path = store.path;
  const copies = await findConflictCopies(path);
  if (copies.length === 0) return [];
  const done: string[] = [];
  const ready: Array<{ copy: ConflictCopy; db: Db; base: Db }> = [];
  for (const copy of copies) {
    try {
      ready.push({ copy, db: await readVersion(copy.file, 'theirs'), base: await commonVersion(path, copy.file) });
    } catch (error) {
      done.push(`left the conflict copy ${copy.file} alone: ${(error as Error).message}`);
    }
  }
  if (ready.length === 0) return done;
  const merged = await store.writeLenient((db) => {
    const lines: string[] = [];
    let current = db;
    for (const { copy, db: theirs, base } of ready) {
      const m = mergeVersions(base, current, theirs, now, path);
      current = m.db;
      const conflicts = m.report.conflicts.length;
      lines.push(
        `merged the conflict copy ${copy.file} (${from(copy)}): ${m.incoming.text || 'nothing new'}${conflicts ? `; ${conflicts} ${conflicts === 1 ? 'conflict' : 'conflicts'}` : ''}`,
        ...m.report.renumbered.map((r) => `  renumbered ${r.text}`),
        ...m.report.kept.map((k) => `  ${k.text}`),
        ...m.report.conflicts.map((c) => `  conflict: ${c.text}${c.noted ? ` (in ${c.noted})` : ''}`),
      );
    }
    for (const key of Object.keys(db)) delete (db as unknown as Record<string, unknown>)[key];
    Object.assign(db, current);
    const names = ready.map((r) => basename(r.copy.file)).join(', ');
    return {
      summary: `doctor --fix: merged conflict ${ready.length === 1 ? 'copy' : 'copies'} ${names}`,
      result: lines,
    };
  });
  done.push(...merged);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (const { copy } of ready) {
    const to = join(backupDirFor(path), `conflict-copy-${stamp}-${basename(copy.file)}`);
    await fs.rename(copy.file, to);
    await fs.chmod(to, 0o600).catch(() => undefined);
    done.push(`moved ${copy.file} to ${to}`);
  }
  done.push('the file as it was is kept: `meld undo` takes the merge back');
  return done;
}
