// Which column of an export holds which prospect field, in layers, the first that speaks wins:
//   1. `--map` (the user's word);
//   2. the preset of the tool that wrote the file (./sources.ts: Salesforce's "Mobile" is another phone);
//   3. the exact header names of known exports (./aliases.ts);
//   4. the meaning of the header's words in the supported languages (./meaning.ts, ./words.ts);
//   5. the values: a column of emails is an email column whatever its header says.
// Each column's mapping carries why, for `import --dry-run`. Pure; the data lives beside.
import { foldText } from '../text.js';
import { DERIVED_PROSPECT_COLUMNS } from '../export/records.js';
import { isValidEmail } from '../text.js';
import { parseImportedDate } from './dates.js';
import { ALIASES, MELD_ONLY, ONLY_FROM, WEAK } from './aliases.js';
import { headerMeaning } from './meaning.js';
import { type SourceKind, SOURCES } from './sources.js';
import { TARGETS, type Target } from './targets.js';

export { MAP_TARGETS, TARGETS, type Target } from './targets.js';
export type { SourceKind } from './sources.js';

/** "E-mail 1 - Value" -> "email1value"; "First_Name" -> "firstname"; "Адрес эл. почты" -> "адресэлпочты":
 * letters and digits of any script, case and accents folded. */
export function headerKey(header: string): string {
  return foldText(header).replace(/[^\p{L}\p{N}]+/gu, '');
}

const BY_ALIAS = new Map<string, Target>();
const RANKS = new Map<string, number>();
for (const [target, aliases] of Object.entries(ALIASES) as Array<[Target, readonly string[]]>) {
  for (const [i, alias] of aliases.entries()) {
    BY_ALIAS.set(headerKey(alias), target);
    RANKS.set(`${target}\u0000${headerKey(alias)}`, i);
  }
}
const aliasRank = (target: Target, key: string) => RANKS.get(`${target}\u0000${key}`) ?? 999;

/** The tools by kind, with their markers and presets keyed. */
const TOOLS = SOURCES.map((s) => ({
  ...s,
  markerKeys: s.markers.map((groups) => groups.map((group) => group.map(headerKey))),
  presetKeys: new Map(Object.entries(s.presets ?? {}).map(([h, t]) => [headerKey(h), t])),
}));
const TOOL = new Map(TOOLS.map((t) => [t.kind, t]));

/** The prefix meld's export gives the prospect's extra fields: "fields.Connected On". */
export const FIELD_PREFIX = 'fields.';

export const SOURCE_LABELS = Object.fromEntries([
  ...SOURCES.map((s) => [s.kind, s.label]),
  ['meld-json', 'meld JSON export'],
]) as Record<SourceKind | 'meld-json', string>;

/** Which tool wrote the file, from the headers only it writes (./sources.ts). */
export function detectSource(headers: readonly string[]): SourceKind {
  const keys = new Set(headers.map(headerKey));
  for (const tool of TOOLS)
    if (tool.markerKeys.some((groups) => groups.every((group) => group.some((k) => keys.has(k))))) return tool.kind;
  return 'spreadsheet';
}

/** How one column is read, and why: what `import --dry-run` shows. */
export interface ColumnChoice {
  index: number;
  header: string;
  /** The field it fills, or null when it is kept in the person's fields (or ignored). */
  target: Target | null;
  /** Not read at all (neither a field nor kept in the person's fields). */
  ignored?: boolean;
  why: string;
}

export interface ColumnMap {
  /** Column indexes per field, in the order a row should try them. */
  fields: Map<Target, number[]>;
  /** Columns kept as the prospect's `fields` entries, with the key to use. */
  extras: Array<{ index: number; key: string }>;
  /** Columns meld's export writes as `fields.<key>`. */
  prefixed: Array<{ index: number; key: string }>;
  /** Each column's name in the person's fields: its header, made unique (HubSpot writes two
   * `Create Date` columns: the second is `Create Date (2)`). */
  names?: string[];
  /** Each column's mapping and why. */
  choices?: ColumnChoice[];
}

/** Values sampled per column for evidence (a column of emails is an email column). */
const SAMPLE = 200;

/** Whether most of a column's values are emails: at least 3 and 90% of the filled ones. */
function emailsByValue(rows: ReadonlyArray<readonly string[]>, index: number): string | null {
  let filled = 0;
  let emails = 0;
  for (let r = 0; r < rows.length && filled < SAMPLE; r++) {
    const value = (rows[r]![index] ?? '').trim();
    if (value === '') continue;
    filled++;
    if (isValidEmail(value.toLowerCase())) emails++;
  }
  return filled > 0 && emails >= Math.min(3, filled) && emails >= filled * 0.9
    ? `${emails} of ${filled} values are emails`
    : null;
}

/** The filled values of a column, up to SAMPLE. */
function sample(rows: ReadonlyArray<readonly string[]>, index: number): string[] {
  const values: string[] = [];
  for (let r = 0; r < rows.length && values.length < SAMPLE; r++) {
    const value = (rows[r]![index] ?? '').trim();
    if (value !== '') values.push(value);
  }
  return values;
}

/** Why a column the words name can still not be that field: none of its values could be one
 * (a "Signed up" column of yes/no is no date). Null when the values do not object. */
function valuesAgainst(target: Target, rows: ReadonlyArray<readonly string[]>, index: number): string | null {
  const values = sample(rows, index);
  if (values.length === 0) return null;
  switch (target) {
    case 'email':
    case 'other_emails':
      return values.some((v) => v.includes('@')) ? null : 'no value is an email';
    case 'phone':
    case 'other_phones':
      return values.some((v) => /(?:\d\D?){6}/.test(v)) ? null : 'no value is a phone number';
    case 'first_seen':
    case 'follow_up':
      return values.some((v) => !('error' in parseImportedDate(v))) ? null : 'no value is a date';
    default:
      return null;
  }
}

/**
 * Assigns every header to a field, an extra, or nothing. `explicit` holds `--map` choices by
 * header key, and wins over everything; `rows` (the data rows) give the values as evidence.
 */
export function mapColumns(
  headers: readonly string[],
  source: SourceKind,
  explicit: ReadonlyMap<string, Target> = new Map(),
  rows: ReadonlyArray<readonly string[]> = [],
): ColumnMap {
  const tool = TOOL.get(source);
  const assigned: Array<{ index: number; target: Target; rank: number }> = [];
  const extras: ColumnMap['extras'] = [];
  const prefixed: ColumnMap['prefixed'] = [];
  const choices: ColumnChoice[] = [];
  const names: string[] = [];
  const usedNames = new Set<string>();
  for (const [index, header] of headers.entries()) {
    const base = header.trim() === '' ? `column ${index + 1}` : header.trim();
    let name = base;
    for (let n = 2; usedNames.has(name); n++) name = `${base} (${n})`;
    usedNames.add(name);
    names.push(name);
  }
  /** Columns no layer claimed, which the values may still name. */
  const open: number[] = [];
  const keep = (index: number, why: string) => {
    extras.push({ index, key: names[index]! });
    choices[index] = { index, header: headers[index]!, target: null, why };
  };
  const take = (index: number, target: Target, rank: number, why: string) => {
    assigned.push({ index, target, rank });
    choices[index] = { index, header: headers[index]!, target, why };
  };
  /** A target this file can have: meld's own columns only from meld, Mailchimp's status only from Mailchimp. */
  const allowed = (target: Target | undefined): Target | undefined => {
    // Another tool's creation date is the day the person was first seen, not when meld added them.
    if (target === 'created_at' && source !== 'meld') target = 'first_seen';
    if (target !== undefined && ONLY_FROM[target] && !ONLY_FROM[target]!.has(source)) return undefined;
    if (target !== undefined && MELD_ONLY.has(target) && source !== 'meld') return undefined;
    return target;
  };
  /** The first layer that speaks for a column decides it. */
  const decide = (header: string, index: number) => {
    const key = headerKey(header);
    if (header.trim() === '') return keep(index, 'no header');
    const chosen = explicit.get(key);
    if (chosen !== undefined) {
      if (chosen !== 'ignore') take(index, chosen, -1, '--map');
      else choices[index] = { index, header, target: null, ignored: true, why: '--map: ignored' };
      return;
    }
    // meld's lifetime value and customer-since come from the deals: read past, not kept as fields.
    if (source === 'meld' && DERIVED_PROSPECT_COLUMNS.has(header.trim().toLowerCase())) {
      choices[index] = { index, header, target: null, ignored: true, why: "worked out from the person's deals" };
      return;
    }
    if (source === 'meld' && header.trim().startsWith(FIELD_PREFIX)) {
      prefixed.push({ index, key: header.trim().slice(FIELD_PREFIX.length) });
      choices[index] = { index, header, target: null, why: "meld's extra field" };
      return;
    }
    const preset = tool?.presetKeys.get(key);
    if (preset === 'ignore') return keep(index, `${tool!.label}: not a person's detail`);
    if (preset !== undefined) return take(index, preset, -1, `${tool!.label} column`);
    const alias = BY_ALIAS.get(key);
    if (alias !== undefined) {
      const target = allowed(alias);
      if (target !== undefined) return take(index, target, aliasRank(target, key), 'known header');
      return keep(index, 'no field for it');
    }
    const meaning = headerMeaning(header);
    if (meaning !== null) {
      if (meaning.target === 'extra') return keep(index, `"${meaning.words}": ${meaning.because ?? 'no field for it'}`);
      const target = allowed(meaning.target);
      const words = `by its words: "${meaning.words}"`;
      const against = target !== undefined ? valuesAgainst(target, rows, index) : null;
      if (against) return keep(index, `${words}, but ${against}`);
      if (target !== undefined) return take(index, target, 500 + index, words);
    }
    open.push(index);
  };
  headers.forEach(decide);
  // The values as evidence: a column of emails holds emails whatever its header says.
  const hasEmail = assigned.some((a) => a.target === 'email');
  for (const index of open) {
    const evidence = !hasEmail && rows.length > 0 ? emailsByValue(rows, index) : null;
    if (evidence) take(index, 'email', 900 + index, `by its values: ${evidence}`);
    else keep(index, 'no field for it');
  }
  const fields = new Map<Target, number[]>();
  for (const target of TARGETS) {
    const columns = assigned.filter((a) => a.target === target);
    if (columns.length === 0) continue;
    const strong = columns.filter((c) => c.rank === -1 || !WEAK.has(headerKey(headers[c.index]!)));
    const used = strong.length > 0 ? strong : columns;
    for (const weak of columns)
      if (!used.includes(weak))
        keep(weak.index, `a weaker "${headers[weak.index]!.trim()}" beside a stronger ${target} column`);
    fields.set(
      target,
      used.sort((a, b) => a.rank - b.rank || a.index - b.index).map((c) => c.index),
    );
  }
  extras.sort((a, b) => a.index - b.index);
  return { fields, extras, prefixed, names, choices };
}

/** Whether a cell of a row reads as a header meld knows. */
function known(cell: string, explicit: ReadonlyMap<string, Target>): boolean {
  const key = headerKey(cell);
  // A value, not a header: an email, a long text, a number (a phone, a date, an id).
  if (key === '' || cell.length > 60 || cell.includes('@') || /\d[^a-z]*\d[^a-z]*\d/i.test(cell)) return false;
  if (BY_ALIAS.has(key) || explicit.has(key)) return true;
  const meaning = headerMeaning(cell);
  return meaning !== null && meaning.target !== 'extra';
}

/** How many cells of a row read as known headers. */
export function recognisedCount(cells: readonly string[], explicit: ReadonlyMap<string, Target> = new Map()): number {
  let n = 0;
  for (const cell of cells) if (known(cell, explicit)) n++;
  return n;
}

/**
 * Index of the header row among the first rows: the row with the most known headers (at least
 * two), the first of equals. LinkedIn puts a "Notes:" preamble first; Zoom's reports have host
 * and panelist sections above the attendees'.
 */
export function findHeaderRow(
  rows: ReadonlyArray<readonly string[]>,
  explicit: ReadonlyMap<string, Target> = new Map(),
  scan = 200,
): number {
  const limit = Math.min(rows.length, scan);
  let best = -1;
  let bestCount = 1;
  let firstOne = -1;
  for (let i = 0; i < limit; i++) {
    const n = recognisedCount(rows[i]!, explicit);
    if (n >= 1 && firstOne === -1) firstOne = i;
    if (n > bestCount) {
      best = i;
      bestCount = n;
    }
  }
  return best !== -1 ? best : firstOne;
}
