// Dates as exports write them, read by column: a column's values are one format, so all of
// them together say which part is the day (`28/6/2018` is day first, and so is `03/04/2018`
// below it). Forms: ISO dates and timestamps, `1/8/18, 6:14 PM` (LinkedIn 2018), `2/5/24 1:51`
// (HubSpot), `28-6-2018` (Salesforce), `28.06.2018`, two-digit years, 12- and 24-hour times,
// month names in English, German, French, Spanish, Portuguese, Italian and Russian, and
// `2026年12月3日`. Pure; a date meld cannot be sure of is never guessed.
import { isValidIsoDay } from '../dates.js';
import type { Instant, IsoDay } from '../types.js';

export type ImportedDate = { day: IsoDay; instant: Instant | null };

/** Which part comes first in a column's `03/04/2026` dates. */
export type DayOrder = 'dmy' | 'mdy';

/** What a date column's values show as a whole. */
export interface ColumnDates {
  /** The order its numeric dates are in, when some value shows it (a part above 12). */
  order?: DayOrder;
  /** Its values that could be day or month first, when no value of the column tells which:
   * meld refuses those once for the column, not row by row. */
  undecided: number;
  /** An example of those, for the message. */
  example?: string;
}

const MONTH_NAMES: ReadonlyArray<readonly string[]> = [
  [
    'january',
    'jan',
    'januar',
    'janvier',
    'janv',
    'enero',
    'ene',
    'janeiro',
    'gennaio',
    'gen',
    'январь',
    'января',
    'янв',
  ],
  [
    'february',
    'feb',
    'februar',
    'fevrier',
    'fevr',
    'fev',
    'febrero',
    'fevereiro',
    'febbraio',
    'февраль',
    'февраля',
    'фев',
  ],
  ['march', 'mar', 'marz', 'maerz', 'mars', 'marzo', 'marco', 'март', 'марта'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile', 'апрель', 'апреля'],
  ['may', 'mai', 'mayo', 'maio', 'maggio', 'mag', 'май', 'мая'],
  ['june', 'jun', 'juni', 'juin', 'junio', 'junho', 'giugno', 'giu', 'июнь', 'июня', 'июн'],
  ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'julho', 'luglio', 'lug', 'июль', 'июля', 'июл'],
  ['august', 'aug', 'aout', 'agosto', 'ago', 'август', 'августа', 'авг'],
  [
    'september',
    'sep',
    'sept',
    'septembre',
    'septiembre',
    'setiembre',
    'setembro',
    'set',
    'settembre',
    'сентябрь',
    'сентября',
    'сен',
    'сент',
  ],
  [
    'october',
    'oct',
    'oktober',
    'okt',
    'octobre',
    'octubre',
    'outubro',
    'out',
    'ottobre',
    'ott',
    'октябрь',
    'октября',
    'окт',
  ],
  ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'ноябрь', 'ноября', 'ноя'],
  [
    'december',
    'dec',
    'dezember',
    'dez',
    'decembre',
    'diciembre',
    'dic',
    'dezembro',
    'dicembre',
    'декабрь',
    'декабря',
    'дек',
  ],
];
const MONTHS = new Map<string, number>();
for (const [i, names] of MONTH_NAMES.entries()) for (const name of names) MONTHS.set(name, i + 1);

const pad = (n: number) => String(n).padStart(2, '0');

/** A two-digit year as spreadsheets read it: 00-68 are 2000-2068, 69-99 are 1969-1999. */
const fullYear = (y: number, digits: number) => (digits > 2 ? y : y < 69 ? 2000 + y : 1900 + y);

function day(y: number, m: number, d: number): IsoDay | undefined {
  const text = `${y}-${pad(m)}-${pad(d)}`;
  return isValidIsoDay(text) ? text : undefined;
}

const toResult = (d: IsoDay | undefined): ImportedDate | { error: string } =>
  d ? { day: d, instant: null } : { error: 'no such day' };

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A time after a date: `6:14 PM`, `1:51`, `17:05:00`, `05:00 PM UTC`, `10:15 a.m.`. */
const TRAILING_TIME =
  /(?:[ ,T]+|,\s*)(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([ap])?\.?(?:m\.?)?(?:\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/i;

/** A date with a number-only form: `28/6/2018`, `1.8.18`, `2026/12/03`, `28-6-2018`. */
const NUMERIC = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})\.?$/;

/** The date part of a cell, and whether a time after it was a real time. */
function stripTime(text: string): { date: string; badTime: boolean } {
  const m = TRAILING_TIME.exec(text);
  if (!m) return { date: text, badTime: false };
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  const twelve = m[4] !== undefined;
  const badTime = mi > 59 || s > 59 || (twelve ? h < 1 || h > 12 : h > 23);
  return { date: text.slice(0, m.index).trim(), badTime };
}

/** A numeric date's parts: [first, second, year], or an ISO-ordered year first. */
function numericParts(date: string): { a: number; b: number; y: number; yearFirst: boolean } | null {
  const m = NUMERIC.exec(date);
  if (!m) return null;
  const [p1, p3, p4] = [m[1]!, m[3]!, m[4]!];
  if (p1.length === 4) return { a: Number(p3), b: Number(p4), y: Number(p1), yearFirst: true };
  if (p1.length > 2 || p4.length === 1 || p4.length === 3) return null;
  return { a: Number(p1), b: Number(p3), y: fullYear(Number(p4), p4.length), yearFirst: false };
}

/** Whether a numeric date cannot tell its day from its month on its own. */
function ambiguous(parts: { a: number; b: number; yearFirst: boolean }): boolean {
  return !parts.yearFirst && parts.a <= 12 && parts.b <= 12 && parts.a !== parts.b;
}

/** A date with a month name, in any order: `3 Dec 2026`, `Dec 3, 2026`, `3. Dezember 2026`,
 * `3 de diciembre de 2026`, `Thursday, 3 December 2026`, `3 декабря 2026 г.`. */
function namedMonth(date: string): ImportedDate | { error: string } | null {
  const words = date
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/g, '')
    .toLowerCase()
    .split(/[\s,./-]+/)
    .filter((w) => w !== '');
  let month: number | undefined;
  const numbers: string[] = [];
  for (const w of words) {
    if (/^\d+$/.test(w)) numbers.push(w);
    else if (/^\d+(st|nd|rd|th|er|e|\u00ba|o)$/.test(w)) numbers.push(w.replace(/\D+$/, ''));
    else if (MONTHS.has(w)) {
      if (month !== undefined) return null;
      month = MONTHS.get(w);
    } else if (!/^\p{L}+$/u.test(w)) return null;
  }
  if (month === undefined || numbers.length !== 2) return null;
  const year = numbers.find((n) => n.length === 4);
  const [d, y] = year ? [numbers.find((n) => n !== year) ?? year, year] : [numbers[0]!, numbers[1]!];
  if (d.length > 2 || (y.length !== 2 && y.length !== 4)) return null;
  return toResult(day(fullYear(Number(y), y.length), month, Number(d)));
}

/**
 * A date cell from an export (see the top of this file). `order` is what the rest of the
 * column shows (columnDates) or what `--date-order` says; without it an ambiguous `03/04/2026`
 * is refused, never guessed.
 */
export function parseImportedDate(input: string, order?: DayOrder): ImportedDate | { error: string } {
  const text = input.trim();
  const iso = ISO.exec(text);
  if (iso) {
    const d = day(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    if (!d) return { error: 'no such day' };
    if (iso[4] === undefined) return { day: d, instant: null };
    const [h, mi, s] = [Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0)];
    if (h > 23 || mi > 59 || s > 59) return { error: 'no such time' };
    const zone =
      iso[7] === undefined ? 'Z' : iso[7].toUpperCase() === 'Z' ? 'Z' : iso[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
    const instant = new Date(
      `${d}T${pad(h)}:${pad(mi)}:${pad(s)}${text.match(/\.\d+/)?.[0]?.slice(0, 4) ?? ''}${zone}`,
    );
    if (Number.isNaN(instant.getTime())) return { error: 'no such time' };
    return { day: d, instant: instant.toISOString() };
  }
  const { date, badTime } = stripTime(text);
  if (badTime) return { error: 'no such time' };
  const cjk = /^(\d{4})\s*\u5e74\s*(\d{1,2})\s*\u6708\s*(\d{1,2})\s*\u65e5$/.exec(date);
  if (cjk) return toResult(day(Number(cjk[1]), Number(cjk[2]), Number(cjk[3])));
  const parts = numericParts(date);
  if (parts) {
    const { a, b, y } = parts;
    if (parts.yearFirst) return toResult(day(y, a, b));
    if (a > 12 && b <= 12) return toResult(day(y, b, a));
    if (b > 12 && a <= 12) return toResult(day(y, a, b));
    if (a === b) return toResult(day(y, a, b));
    if (order === 'dmy') return toResult(day(y, b, a));
    if (order === 'mdy') return toResult(day(y, a, b));
    return { error: 'ambiguous day and month, use YYYY-MM-DD' };
  }
  if (/\p{L}/u.test(date)) {
    const named = namedMonth(date);
    if (named) return named;
  }
  return { error: 'not a date' };
}

/**
 * What a column's values show about their numeric dates: the order, when values with a part
 * above 12 show it (and agree); else how many of them could be either.
 */
export function columnDates(cells: Iterable<string>): ColumnDates {
  let dayFirst = false;
  let monthFirst = false;
  let undecided = 0;
  let example: string | undefined;
  for (const cell of cells) {
    const text = cell.trim();
    if (text === '' || /^\d{4}-/.test(text)) continue;
    const parts = numericParts(stripTime(text).date);
    if (!parts || parts.yearFirst) continue;
    const { a, b } = parts;
    if (a > 12 && b <= 12) dayFirst = true;
    else if (b > 12 && a <= 12) monthFirst = true;
    else if (ambiguous(parts)) {
      undecided++;
      example ??= text;
    }
  }
  if (dayFirst !== monthFirst) return { order: dayFirst ? 'dmy' : 'mdy', undecided: 0 };
  return { undecided, example };
}
