import { MeldError } from '../../errors.js';
import { parseMoney } from '../money.js';
import { STAGES, type Instant, type IsoDay, type Stage, type StageChange } from '../types.js';
import {
  detectSource,
  findHeaderRow,
  headerKey,
  mapColumns,
  SOURCE_LABELS,
  type ColumnMap,
  type SourceKind,
  type Target,
} from './columns.js';
import { type ImportedDate, parseImportedDate, parseTags, unguard } from './text.js';
import { splitEmailCell, splitPhones, stageFromWord } from './values.js';

/** One record of the file and the line it starts on (or its position in a JSON array). */
export interface SourceRow {
  line: number;
  cells: string[];
}

export interface Table {
  source: SourceKind | 'meld-json';
  headers: string[];
  /** 0 for JSON. */
  headerLine: number;
  rows: SourceRow[];
  columns: ColumnMap;
}

/** A campaign named by a row: meld's export gives id and name, a spreadsheet a reference. */
export interface CampaignRef {
  id: string | null;
  name: string | null;
}

/** A row read into prospect fields, before dedupe decides what to do with it. */
export interface Candidate {
  line: number;
  name: string;
  email: string | null;
  company: string | null;
  phone: string | null;
  title: string | null;
  campaign: CampaignRef | null;
  stage: Stage | null;
  valueCents: number | null;
  tags: string[];
  notes: string | null;
  createdAt: Instant | null;
  followUp: IsoDay | null;
  lostReason: string | null;
  history: StageChange[] | null;
  /** Kept only from meld's own export. */
  id: number | null;
  fields: Record<string, string>;
  /** Further valid emails and phones (a cell holding several, or several email/phone columns). */
  otherEmails: string[];
  otherPhones: string[];
  /** The day the source first saw the person (`Create Date`, `Connected On`...). */
  firstSeen: IsoDay | null;
  /** Cells that could not be read: the person still comes in, the text is kept in `fields`. */
  warnings: CellWarning[];
}

/** A cell meld could not read as its column's kind: kept as text in `fields[column]`. */
export interface CellWarning {
  column: string;
  message: string;
}

export interface Rejection {
  line: number;
  reason: string;
  /** Who the row seems to be about, to find it in the file ("Ana Souza", an email), if anyone. */
  who?: string | null;
}

export type RowResult = { ok: true; candidate: Candidate } | { ok: false; rejection: Rejection };

export function sourceLabel(table: Pick<Table, 'source'>): string {
  return SOURCE_LABELS[table.source];
}

/**
 * Finds the header row (LinkedIn writes a "Notes:" preamble before it), recognises which
 * tool wrote the file and which column holds what. `explicit` is `--map`, by header key.
 */
export function readTable(records: readonly SourceRow[], explicit: ReadonlyMap<string, Target> = new Map()): Table {
  const at = findHeaderRow(
    records.map((r) => r.cells),
    explicit,
  );
  if (at === -1) {
    throw new MeldError('no header row found: expected columns such as name, email or company', {
      hint: 'name the columns with --map "<column>=<field>", e.g. --map "Mail=email"',
    });
  }
  const header = records[at]!;
  const headers = header.cells.map((h) => h.trim());
  const source = detectSource(headers);
  return {
    source,
    headers,
    headerLine: header.line,
    rows: records.slice(at + 1),
    columns: mapColumns(headers, source, explicit),
  };
}

/** `--map` entries by header key; unknown columns are refused up front, naming the file's columns. */
export function checkMaps(maps: ReadonlyMap<string, Target>, headersSeen: readonly string[]): void {
  const keys = new Set(headersSeen.map(headerKey));
  for (const key of maps.keys()) {
    if (!keys.has(key)) {
      throw new MeldError(`--map: the file has no column "${key}"`, {
        hint: `its columns: ${headersSeen.filter((h) => h.trim()).join(', ')}`,
      });
    }
  }
}

const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const unifyBreaks = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

/**
 * Turns one row into prospect fields, or says why it holds no one. A cell meld cannot read (an
 * email, phone, date, value or stage) never loses the person: it is kept as text in their
 * fields and named in a warning. `now` refuses a creation date after it.
 */
export function toCandidate(row: SourceRow, table: Table, now?: Date): RowResult {
  const { columns, headers } = table;
  const exact = table.source === 'meld' || table.source === 'meld-json';
  // CSV cells may carry meld's formula guard; JSON never does.
  // meld's own CSV is taken exactly (a CR in a quoted cell is data); other tools' CRLF inside a
  // quoted cell is a line break like any other.
  const clean =
    table.source === 'meld-json'
      ? (cell: string | undefined) => (cell ?? '').trim()
      : exact
        ? (cell: string | undefined) => unguard(cell ?? '').trim()
        : (cell: string | undefined) => unguard(unifyBreaks(cell ?? '')).trim();
  const fields: Record<string, string> = {};
  const warnings: CellWarning[] = [];
  let who: string | null = null;
  const reject = (reason: string): RowResult => ({ ok: false, rejection: { line: row.line, reason, who } });
  /** Keeps an unreadable cell as text in the person's fields, and says so. */
  const keep = (header: string, value: string, message: string) => {
    fields[header] = fields[header] ? `${fields[header]} ::: ${value}` : value;
    warnings.push({ column: header, message });
  };
  /** Every non-empty cell of a field, first column first. */
  const all = (target: Target): Array<{ value: string; header: string }> => {
    const indexes = columns.fields.get(target);
    if (!indexes) return [];
    const found: Array<{ value: string; header: string }> = [];
    for (const i of indexes) {
      const value = clean(row.cells[i]);
      if (value !== '') found.push({ value, header: headers[i]! });
    }
    return found;
  };
  /** First non-empty value of a field; the other non-empty columns of it become extras. */
  const take = (target: Target): { value: string; header: string } | null => {
    const [first, ...rest] = all(target);
    for (const other of rest) fields[other.header] = other.value;
    return first ?? null;
  };
  const text = (target: Target) => {
    const v = take(target)?.value;
    // meld's own export is taken exactly; other tools' line breaks in a name become spaces.
    return v ? (exact ? v : oneLine(v)) : null;
  };

  if (row.cells.every((c) => c.trim() === '')) return reject('empty row');
  if (row.cells.length === headers.length && row.cells.every((c, i) => c.trim() === headers[i])) {
    return reject('the header row again (two exports pasted together?)');
  }

  const [first, middle, last] = [text('first_name'), text('middle_name'), text('last_name')];
  const parts = [first, middle, last].filter((p): p is string => p !== null);
  // Chinese, Japanese and Korean names are written family name first, without a space: 李伟.
  const cjk = first !== null && last !== null && CJK.test(first) && CJK.test(last);
  const joined = cjk ? `${last}${middle ?? ''}${first}` : parts.join(' ');
  const givenName = text('name') ?? (parts.length > 0 ? joined : null);

  // Several email columns, several emails in a cell: the first valid one is the primary.
  const emails: string[] = [];
  const badEmails: Array<{ value: string; header: string }> = [];
  for (const cell of [...all('email'), ...all('other_emails')]) {
    const split = splitEmailCell(cell.value);
    for (const e of split.emails) if (!emails.includes(e)) emails.push(e);
    for (const bad of split.bad) badEmails.push({ value: bad, header: cell.header });
  }
  const email = emails[0] ?? null;
  who = givenName ?? email ?? (badEmails[0] ? oneLine(badEmails[0].value) : null);
  const name = givenName ?? email;
  if (!name)
    return reject(
      badEmails.length > 0 ? `no name and no valid email ("${oneLine(badEmails[0]!.value)}")` : 'no name and no email',
    );
  for (const bad of badEmails) keep(bad.header, bad.value, `not an email: "${oneLine(bad.value)}", kept as text`);

  const phones: string[] = [];
  const phoneCells = all('phone');
  for (const cell of [...phoneCells, ...all('other_phones')]) {
    // meld's own export holds what meld stored: one phone per cell, taken as written.
    if (exact && cell === phoneCells[0]) {
      phones.push(cell.value);
      continue;
    }
    const split = splitPhones(cell.value);
    for (const p of split.phones) if (!phones.includes(p)) phones.push(p);
    for (const bad of split.bad) keep(cell.header, bad, `not a phone number: "${oneLine(bad)}", kept as text`);
  }

  let stage: Stage | null = null;
  const stageCell = take('stage');
  if (stageCell) {
    const word = oneLine(stageCell.value);
    const s = word.toLowerCase();
    stage = (STAGES as readonly string[]).includes(s) ? (s as Stage) : exact ? null : stageFromWord(word);
    if (stage === null) keep(stageCell.header, word, `unknown stage "${word}": kept as text, the person starts at new`);
  }

  let valueCents: number | null = null;
  const valueCell = take('value');
  if (valueCell) {
    valueCents = importedMoney(valueCell.value);
    if (valueCents === null)
      keep(valueCell.header, valueCell.value, `not an amount: "${oneLine(valueCell.value)}", kept as text`);
  }

  const dateOf = (cell: { value: string; header: string; forFuture?: boolean }): ImportedDate | null => {
    const parsed = parseImportedDate(cell.value);
    if ('error' in parsed) {
      keep(cell.header, cell.value, `not a date: "${oneLine(cell.value)}" (${parsed.error}), kept as text`);
      return null;
    }
    // A date in the future is a typo (2027 for 2017), and would start the campaign after today.
    const instant = parsed.instant ?? `${parsed.day}T00:00:00.000Z`;
    if (now && Date.parse(instant) > now.getTime() && !cell.forFuture) {
      keep(cell.header, cell.value, `date "${oneLine(cell.value)}" is in the future, kept as text`);
      return null;
    }
    return parsed;
  };

  let createdAt: Instant | null = null;
  const created = take('created_at');
  if (created) {
    const parsed = dateOf(created);
    if (parsed) createdAt = parsed.instant ?? `${parsed.day}T00:00:00.000Z`;
  }
  let firstSeen: IsoDay | null = null;
  const seen = take('first_seen');
  if (seen) firstSeen = dateOf(seen)?.day ?? null;

  let followUp: IsoDay | null = null;
  const due = take('follow_up');
  if (due) followUp = dateOf({ ...due, forFuture: true })?.day ?? null;

  let history: StageChange[] | null = null;
  const historyCell = take('history');
  if (historyCell) {
    history = parseHistory(historyCell.value);
    if (!history) keep(historyCell.header, historyCell.value, 'not a stage history, kept as text');
  }

  let campaign: CampaignRef | null = null;
  const campaignId = text('campaign_id');
  const campaignName = text('campaign_name');
  const campaignRef = text('campaign');
  if (campaignId || campaignName) campaign = { id: campaignId, name: campaignName };
  else if (campaignRef) campaign = { id: null, name: campaignRef };

  const idCell = text('id');
  const id = idCell && /^\d{1,9}$/.test(idCell) && Number(idCell) > 0 ? Number(idCell) : null;

  const tagsCell = take('tags');
  const source = text('source');
  if (source) fields.source = source;
  for (const extra of columns.extras) {
    const value = clean(row.cells[extra.index]);
    if (value !== '') fields[extra.key] = value;
  }
  for (const extra of columns.prefixed) {
    const value = clean(row.cells[extra.index]);
    if (value !== '') fields[extra.key] = value;
  }
  // Cells beyond the last header (a row with a stray extra comma) are kept, not dropped.
  for (let i = headers.length; i < row.cells.length; i++) {
    const value = clean(row.cells[i]);
    if (value !== '') fields[`column ${i + 1}`] = value;
  }
  const notes = take('notes')?.value ?? null;
  const tags = tagsCell ? parseTags(tagsCell.value, table.source === 'google') : [];
  const status = text('status_tag');
  if (status) tags.push(status);

  return {
    ok: true,
    candidate: {
      line: row.line,
      name,
      email,
      company: text('company'),
      phone: phones[0] ?? null,
      title: text('title'),
      campaign,
      stage,
      valueCents,
      tags,
      notes,
      createdAt,
      followUp,
      lostReason: text('lost_reason'),
      history,
      id,
      fields,
      otherEmails: emails.slice(1),
      otherPhones: phones.slice(1),
      firstSeen,
      warnings,
    },
  };
}

/**
 * An amount as spreadsheets write it: meld's `1200.50` or `1,200.50`, or the European
 * `1.200,50` / `1200,50` / `1.200 €` (a German `Wert` column). Null when it is neither.
 */
export function importedMoney(cell: string): number | null {
  try {
    return parseMoney(cell, 'value');
  } catch {
    const text = cell
      .trim()
      .replace(/^[$€£]\s*/, '')
      .replace(/\s*€$/, '');
    if (!/^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(text)) return null;
    try {
      return parseMoney(text.replace(/\./g, '').replace(',', '.'), 'value');
    } catch {
      return null;
    }
  }
}

function parseHistory(cell: string): StageChange[] | null {
  let data: unknown;
  try {
    data = JSON.parse(cell);
  } catch {
    return null;
  }
  if (!Array.isArray(data) || data.length === 0) return null;
  const out: StageChange[] = [];
  for (const item of data) {
    if (typeof item !== 'object' || item === null) return null;
    const { stage, at, reason } = item as Record<string, unknown>;
    if (typeof stage !== 'string' || !(STAGES as readonly string[]).includes(stage)) return null;
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
    if (reason !== undefined && typeof reason !== 'string') return null;
    out.push(reason === undefined ? { stage: stage as Stage, at } : { stage: stage as Stage, at, reason });
  }
  return out;
}

/** The `--map` columns that are empty in every row: most likely a wrong column was named. */
export function emptyMappedColumns(table: Table, maps: ReadonlyMap<string, Target>): string[] {
  if (maps.size === 0 || table.rows.length === 0) return [];
  const empty: string[] = [];
  table.headers.forEach((header, index) => {
    const target = maps.get(header) ?? maps.get(headerKey(header));
    if (target === undefined || target === 'ignore') return;
    if (table.rows.every((row) => (row.cells[index] ?? '').trim() === '')) empty.push(header);
  });
  return empty;
}
