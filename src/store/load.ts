import { isUtf8 } from 'node:buffer';
import { MeldError } from '../errors.js';
import { checkIntegrity, healCounters, type Problem } from '../domain/integrity.js';
import { SCHEMA_VERSION, type Db } from '../domain/types.js';
import { locateJsonError } from './jsonpos.js';
import { migrate, type MigrationEnv } from './migrations.js';
import { checkSchema, formatPath } from './schema.js';
import { machineTimeZone } from './zone.js';

/** One thing wrong with a data file, with where it is and what would fix it. */
export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  /** `line 3, column 7` for JSON, `prospects[12].stage` for the rest, `file` for the file itself. */
  where: string;
  message: string;
  fix: string;
}

export interface Analysis {
  /** The usable database (migrated, counters healed) when there is no error. */
  db: Db | null;
  /** The migrated, schema-valid database even when references are broken (for `doctor --fix`). */
  schemaDb?: Db;
  /** The schema version written in the file, when it could be read. */
  version: number | null;
  findings: Finding[];
}

const RESTORE =
  "fix it by hand at that place; or `meld undo` goes back to the version before meld's last change (this one is kept aside)";

/** Everything wrong with a data file's text, without stopping at the first problem. An older
 * file is migrated in memory, recording `env.timezone` (this machine's zone by default). */
export function analyseText(
  text: string,
  // A getter: the machine's zone is asked only by a migration that records it (Intl's first
  // DateTimeFormat costs ~15 ms that a current file's load need not pay).
  env: MigrationEnv = {
    get timezone() {
      return machineTimeZone();
    },
  },
): Analysis {
  const findings: Finding[] = [];
  const fail = (f: Omit<Finding, 'severity'>): Analysis => ({
    db: null,
    version: null,
    findings: [{ severity: 'error', ...f }],
  });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) {
    return fail({
      code: 'empty',
      where: 'file',
      message: 'the file is empty (0 bytes), as a crashed non-atomic save leaves it',
      fix: RESTORE,
    });
  }
  if (text.trim() === '')
    return fail({ code: 'empty', where: 'file', message: 'the file holds only whitespace, no JSON', fix: RESTORE });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const place = locateJsonError(text);
    const where = place ? `line ${place.line}, column ${place.column}` : 'file';
    const detail = place ? place.detail : (error as Error).message.split('\n')[0]!;
    return fail({ code: 'invalid-json', where, message: `invalid JSON at ${where}: ${detail}`, fix: RESTORE });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail({
      code: 'not-an-object',
      where: '(top level)',
      message: '(top level): expected a JSON object with "version", "prospects", …',
      fix: 'this is not a meld data file; check --db / MELD_DB',
    });
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail({
      code: 'no-version',
      where: 'version',
      message: `version: expected a schema version number, found ${JSON.stringify(version) ?? 'nothing'}`,
      fix: `add "version": ${SCHEMA_VERSION} if this is a meld file`,
    });
  }
  if (version > SCHEMA_VERSION) {
    return {
      db: null,
      version,
      findings: [
        {
          severity: 'error',
          code: 'newer-version',
          where: 'version',
          message: `written by a newer meld (schema version ${version}, this meld reads up to ${SCHEMA_VERSION})`,
          fix: 'upgrade meld (npm install -g meld@latest); the file was not changed',
        },
      ],
    };
  }
  if (version < SCHEMA_VERSION) {
    const migrated = migrate(data, version, env);
    if (!migrated.ok) {
      return { db: null, version, findings: migrated.problems.map((p) => schemaFinding(p)) };
    }
    data = migrated.data;
    findings.push({
      severity: 'warning',
      code: 'old-version',
      where: 'version',
      message: `schema version ${version}; this meld uses ${SCHEMA_VERSION}`,
      fix: 'the next change (or `meld doctor --fix`) migrates it, keeping a copy of the original beside it',
    });
  }
  const schema = checkSchema(data);
  if (!schema.ok) return { db: null, version, findings: [...schema.problems.map(schemaFinding), ...findings] };
  const integrity: Problem[] = checkIntegrity(schema.db);
  for (const p of integrity)
    findings.push({
      severity: p.severity,
      code: p.code,
      where: p.where,
      message: `${p.where}: ${p.message}`,
      fix: p.fix,
    });
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const usable = findings.every((f) => f.severity !== 'error');
  if (usable) healCounters(schema.db);
  return { db: usable ? schema.db : null, schemaDb: schema.db, version, findings };
}

function schemaFinding(problem: string): Finding {
  const where = problem.slice(0, problem.indexOf(':'));
  return {
    severity: 'error',
    code: 'schema',
    where,
    message: problem,
    fix: `correct ${where} by hand (see README, "Your data"); or \`meld undo\` goes back to the version before meld's last change (this one is kept aside)`,
  };
}

/**
 * Where `bytes` stop being UTF-8, in words ("not UTF-8 at line 3, column 12 (byte 0xe9): …"), or
 * null when they are UTF-8. Decoding such a file would turn its letters into U+FFFD, and the next
 * save would keep them so: a file in another encoding is refused like any file meld cannot read.
 */
export function notUtf8(bytes: Buffer): string | null {
  if (isUtf8(bytes)) return null;
  // The first byte that starts no valid sequence (found only for a file that is not UTF-8).
  let at = 0;
  while (at < bytes.length) {
    const len = sequenceLength(bytes, at);
    if (len === 0) break;
    at += len;
  }
  const before = bytes.subarray(0, at).toString('utf8');
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  const byte = bytes[at]!.toString(16).padStart(2, '0');
  return `not UTF-8 at line ${line}, column ${column} (byte 0x${byte}): saved in another encoding (Latin-1?)`;
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when there is none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len === 0 || i + len > b.length) return 0;
  return isUtf8(b.subarray(i, i + len)) ? len : 0;
}

export function damaged(path: string, detail: string): MeldError {
  return new MeldError(`${path} is damaged: ${detail}`, {
    hint: 'meld did not change it; `meld doctor` lists every problem and how to fix it',
  });
}

export interface Loaded {
  db: Db;
  /** The schema version the file was in, when it was older and has been migrated in memory. */
  migratedFrom: number | null;
}

/** Parses, migrates and validates the file's text; throws a one-line MeldError naming the place. */
export function loadDbText(path: string, text: string): Loaded {
  const analysis = analyseText(text);
  const error = analysis.findings.find((f) => f.severity === 'error');
  if (error || !analysis.db) {
    if (error?.code === 'newer-version') {
      throw new MeldError(`${path} was ${error.message}`, { hint: 'upgrade meld; the file was not changed' });
    }
    throw damaged(path, error?.message ?? 'unreadable');
  }
  return {
    db: analysis.db,
    migratedFrom: analysis.version !== null && analysis.version < SCHEMA_VERSION ? analysis.version : null,
  };
}

/**
 * The last check before a save: the new content must be a file meld itself would load (a change
 * can never leave the file "damaged"). doctor --fix (`lenient`) may save broken references, not
 * a schema error.
 */
export function checkSaveable(path: string, db: Db, lenient: boolean): void {
  const schema = checkSchema(db);
  if (!schema.ok) {
    throw new MeldError(
      `meld refused to save ${path}: the change would leave a value meld cannot read back (${schema.problems[0]}); nothing was changed`,
    );
  }
  if (lenient) return;
  const error = checkIntegrity(db, { errorsOnly: true })[0];
  if (error) {
    throw new MeldError(
      `meld refused to save ${path}: the change would leave ${error.where}: ${error.message}; nothing was changed`,
    );
  }
}

/** Nesting deeper than this (user keys inside user keys …) is refused: no real data needs it. */
export const MAX_DEPTH = 64;

/** The path to the first value nested deeper than MAX_DEPTH, or null. Iterative: no stack to overflow. */
export function tooDeep(value: unknown): string | null {
  const stack: Array<{ v: unknown; path: Array<string | number> }> = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_DEPTH) return `${formatPath(path.slice(0, 6))}…`;
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: [...path, i] });
    else for (const [k, item] of Object.entries(v)) stack.push({ v: item, path: [...path, k] });
  }
  return null;
}
