import { promises as fs } from 'node:fs';
import { MeldError } from '../errors.js';
import { type MergeReport, mergeDbs } from '../domain/sync-merge/three-way.js';
import { describeIncoming, type Incoming } from '../domain/sync-merge/words.js';
import { emptyDb, type Db, SCHEMA_VERSION } from '../domain/types.js';
import { writeFileAtomic } from './atomic.js';
import { fsError } from './fs-errors.js';
import { analyseText, checkSaveable, notUtf8 } from './load.js';
import { serializeDb } from './serialize.js';

/*
 * Three versions of a data file merged record by record (src/domain/sync-merge), as files: git's
 * merge driver (`meld merge-file %O %A %B`) and doctor's conflict copies both come here. Each
 * version is read as a load reads the data file (older schemas migrated in memory); the result
 * must pass the same checks as a save before anything is written.
 */

export type VersionLabel = 'base' | 'ours' | 'theirs';

const WHO: Record<VersionLabel, string> = {
  base: 'the common version',
  ours: 'this version',
  theirs: 'the other version',
};

/** A version's text as a database; an empty base (git's "no common ancestor") is an empty file. */
export function versionFromText(text: string, label: VersionLabel, name: string): Db {
  if (label === 'base' && text.trim() === '') return emptyDb();
  const analysis = analyseText(text);
  const newer = analysis.findings.find((f) => f.code === 'newer-version');
  if (newer) {
    throw new MeldError(
      `${WHO[label]} (${name}) was written by a newer meld (schema version ${analysis.version}; this meld reads up to ${SCHEMA_VERSION}); nothing was merged`,
      { hint: 'upgrade meld on this device (npm install -g meld-crm@latest), then merge again' },
    );
  }
  const db = analysis.db ?? analysis.schemaDb;
  if (!db) {
    const first = analysis.findings.find((f) => f.severity === 'error');
    throw new MeldError(
      `${WHO[label]} (${name}) is not a meld data file: ${first?.message ?? 'unreadable'}; nothing was merged`,
    );
  }
  return db;
}

/** `shown`: how the file is named in messages (git's temp files are named by the data file's name, %P). */
export async function readVersion(path: string, label: VersionLabel, shown = path): Promise<Db> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    throw fsError(error, { action: 'read', path });
  }
  const wrong = notUtf8(bytes);
  if (wrong) throw new MeldError(`${WHO[label]} (${shown}) is not a meld data file: ${wrong}; nothing was merged`);
  return versionFromText(bytes.toString('utf8'), label, shown);
}

export interface FileMerge {
  db: Db;
  text: string;
  report: MergeReport;
  /** What the other version brought, compared with ours. */
  incoming: Incoming;
}

/** Merges three versions; throws (nothing written) when the result would not pass a save's checks. */
export function mergeVersions(base: Db, ours: Db, theirs: Db, now: Date, name: string): FileMerge {
  type Loose = Record<string, unknown>;
  const { db, report } = mergeDbs(base as unknown as Loose, ours as unknown as Loose, theirs as unknown as Loose, now);
  const merged = db as unknown as Db;
  checkSaveable(name, merged, false);
  return {
    db: merged,
    text: serializeDb(merged),
    report,
    incoming: describeIncoming(ours as unknown as Loose, db, report),
  };
}

/**
 * git's merge driver: merges `base`, `ours` and `theirs` and writes the result over `ours`.
 * `name` is the data file's name in the repository (git's %P), else the paths are shown.
 */
export async function mergeFiles(
  basePath: string,
  oursPath: string,
  theirsPath: string,
  now: Date,
  name: string,
  named = false,
): Promise<FileMerge> {
  const shown = (path: string) => (named ? name : path);
  const [base, ours, theirs] = [
    await readVersion(basePath, 'base', shown(basePath)),
    await readVersion(oursPath, 'ours', shown(oursPath)),
    await readVersion(theirsPath, 'theirs', shown(theirsPath)),
  ];
  const result = mergeVersions(base, ours, theirs, now, name);
  try {
    await writeFileAtomic(oursPath, result.text, 0o600);
  } catch (error) {
    throw fsError(error, { action: 'write', path: oursPath });
  }
  return result;
}
