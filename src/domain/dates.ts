import { addMonths } from 'date-fns/addMonths';
import { MeldError } from '../errors.js';
import type { IsoDay } from './types.js';

/*
 * The calendar. Every day meld works with — today, spend days, period and window edges,
 * stretches, when a prospect was added, due dates — is a day in the data file's business time
 * zone (`config.timezone`), whatever TZ the reader has: before a command runs, that zone becomes
 * the process's local zone (src/context.ts `useBusinessZone`, the one place), so the local
 * calendar of `Date` below, date-fns and the date parser are all the business calendar.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The IANA name of a time zone as Node spells it ("europe/paris" → "Europe/Paris"), or null
 * when it is not one: offsets like "+05:30" and POSIX strings are refused (as TZ they would be
 * read with the sign reversed), so are names Intl does not know.
 */
export function canonicalZone(name: string): string | null {
  const text = zoneShaped(name);
  if (text === null) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone ?? null;
  } catch {
    return null;
  }
}

/**
 * Orders ISO days or instants (as meld writes them): as text, which is their order. Not
 * localeCompare: its first call sets up an ICU collator (~9 ms of a start) to order what needs
 * no language.
 */
export function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `name` trimmed when it is shaped like an IANA zone name ("Europe/Lisbon", "UTC"), else null:
 * no offsets or POSIX strings. Whether Node knows the zone is canonicalZone's question. */
export function zoneShaped(name: string): string | null {
  const text = name.trim();
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(text) && text.length <= 64 ? text : null;
}

/** The calendar day of an instant in the business time zone (the process's local zone: see
 * above). Plain arithmetic rather than date-fns' `format`: reports call it for every prospect. */
export function toDay(instant: Date): IsoDay {
  return `${pad(instant.getFullYear(), 4)}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** Midnight starting a calendar day in the business time zone. */
export function dayStart(day: IsoDay): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // new Date(92, …) means 1992: set the year apart so years 0001-0099 stay themselves.
  const date = new Date(2000, m - 1, d);
  date.setFullYear(y, m - 1, d);
  return date;
}

/**
 * A calendar day moved by whole days. In UTC, where every day has 24 hours: the same calendar
 * day as moving local midnight (date-fns' addDays) gives, without a local-time conversion, which
 * reports pay for every day of every campaign (3 s of a 2,000-campaign report).
 */
export function shiftDay(day: IsoDay, days: number): IsoDay {
  const date = utcDay(day);
  date.setUTCDate(date.getUTCDate() + days);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** UTC midnight of a calendar day (years 0001-0099 kept as themselves). */
function utcDay(day: IsoDay): Date {
  const date = new Date(0);
  if (day.length === 10)
    date.setUTCFullYear(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  else {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    date.setUTCFullYear(y, m - 1, d);
  }
  return date;
}

/** Days since 1970-01-01 of a calendar day (pure arithmetic, no time zone). */
export function dayNumber(day: IsoDay): number {
  return Math.round(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000,
  );
}

export function dayFromNumber(n: number): IsoDay {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (positive when `to` is later; exact across
 * daylight-saving changes, as it counts in UTC). */
export function daysBetween(from: IsoDay, to: IsoDay): number {
  return dayNumber(to) - dayNumber(from);
}

/** The Monday on or before a day. */
export function weekStart(day: IsoDay): IsoDay {
  return shiftDay(day, -((utcDay(day).getUTCDay() + 6) % 7));
}

export function isValidIsoDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d;
}

/** The subset of chrono-node that parseDay uses; injected so this module stays pure and
 * start-up does not pay for chrono unless an input actually needs it. */
export interface NaturalDateParser {
  parse(
    text: string,
    ref: Date,
    option?: { forwardDate?: boolean },
  ): Array<{ index: number; text: string; start: { isCertain(c: string): boolean; date(): Date } }>;
}

export class NeedsNaturalParser extends Error {}

/** How far ahead a date typed without a year may land before meld asks which year was meant. */
export const FAR_AHEAD_DAYS = 300;

/**
 * A forward-looking date typed without a year that landed more than FAR_AHEAD_DAYS ahead
 * ("dec 22" typed on Dec 29 is next year's Dec 22): the user may have meant the recent one.
 * Carries both candidate days, the nearer (past) one first; a terminal asks, a script is refused.
 */
export class FarAheadDate extends MeldError {
  constructor(
    readonly input: string,
    readonly recent: IsoDay,
    readonly ahead: IsoDay,
    today: IsoDay,
  ) {
    super(
      `"${input}" has no year: ${recent} (${relativeDays(daysBetween(today, recent))}) or ${ahead} (${relativeDays(daysBetween(today, ahead))})?`,
      { hint: `type the year, e.g. ${ahead}` },
    );
    this.nearer = daysBetween(recent, today) <= daysBetween(today, ahead) ? recent : ahead;
  }

  /** The one of the two days nearer to today: what a prompt offers first ("oct 20" typed on
   * Oct 29 is more likely the Oct 20 just gone than one 356 days ahead). */
  readonly nearer: IsoDay;
}

/** "today", "tomorrow", "yesterday", "in 3 days", "3 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The short weekday of a day: "fri". */
export function weekdayOf(day: IsoDay): string {
  return WEEKDAY_NAMES[dayStart(day).getDay()]!;
}

/**
 * Which way a date without a year (or a bare weekday) points. `future`: the next such day
 * (follow-ups, --next, --end); `past`: the most recent one, today included (--since, --until,
 * log --date: they look back); `nearest`: whichever is closer (a campaign's --start).
 */
export type DateDirection = 'future' | 'past' | 'nearest';

const WEEKDAYS: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};

const UNIT_DAYS: Record<string, number> = { d: 1, day: 1, days: 1, w: 7, week: 7, weeks: 7 };
const MONTH_UNITS = new Set(['m', 'month', 'months']);

function badDate(input: string): MeldError {
  return new MeldError(`invalid date "${input}"`, {
    hint: 'use YYYY-MM-DD, today, tomorrow, fri, "in 3 days", +2w, "next month" or "dec 3"',
  });
}

function relative(today: IsoDay, sign: number, amount: number, unit: string): IsoDay | undefined {
  if (!Number.isSafeInteger(amount) || amount > 3650) return undefined;
  if (MONTH_UNITS.has(unit)) return toDay(addMonths(dayStart(today), sign * amount));
  const perUnit = UNIT_DAYS[unit];
  return perUnit === undefined ? undefined : shiftDay(today, sign * amount * perUnit);
}

/**
 * Reads a user's date. The whole input must be a date: a natural-language parser finds dates
 * inside longer text, so its match must cover every character, and ISO dates are checked
 * strictly (2026-02-30 is an error, not March 2nd).
 * Throws NeedsNaturalParser when the input needs `natural` and none was given.
 */
export function parseDay(
  input: string,
  now: Date,
  natural?: NaturalDateParser,
  direction: DateDirection = 'future',
): IsoDay {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const today = toDay(now);
  if (text === '') {
    // A script's unset variable (`--follow-up "$WHEN"`) must not quietly mean "no date".
    throw new MeldError('the date is empty', {
      hint: 'give a day (tomorrow, fri, "in 3 days", 2026-12-03), or leave the option out',
    });
  }
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(text)) {
    if (isValidIsoDay(text)) return text;
    throw new MeldError(`invalid date "${input}": no such day`, { hint: 'use YYYY-MM-DD' });
  }
  if (/^[\d\s./-]+$/.test(text)) throw badDate(input); // 12/03, 2026/13/01: ambiguous, refuse
  if (text === 'today') return today;
  if (text === 'tomorrow') return shiftDay(today, 1);
  if (text === 'yesterday') return shiftDay(today, -1);
  if (text === 'next week') return shiftDay(today, 7);
  if (text === 'next month') return toDay(addMonths(dayStart(today), 1));
  const short = /^([+-])(\d+)([dwm])$/.exec(text);
  if (short) {
    const day = relative(today, short[1] === '-' ? -1 : 1, Number(short[2]), short[3]!);
    if (day) return day;
    throw badDate(input);
  }
  const spelled = /^in (\d+) (days?|weeks?|months?)$/.exec(text);
  if (spelled) {
    const day = relative(today, 1, Number(spelled[1]), spelled[2]!);
    if (day) return day;
    throw badDate(input);
  }
  const weekday = WEEKDAYS[text.replace(/^next /, '')];
  if (weekday !== undefined && direction === 'past' && !text.startsWith('next ')) {
    // The most recent such day: "fri" on a Friday means today.
    return shiftDay(today, -((dayStart(today).getDay() - weekday + 7) % 7));
  }
  if (weekday !== undefined) {
    // The next such day after today: "fri" on a Friday means a week from now.
    const ahead = ((weekday - dayStart(today).getDay() + 6) % 7) + 1;
    return shiftDay(today, ahead);
  }
  if (!/[a-z]/.test(text) || text.length > 40) throw badDate(input);
  if (!natural) throw new NeedsNaturalParser(text);
  // Without forwardDate, chrono puts a day with no year in the closest year.
  const results = natural.parse(text, dayStart(today), { forwardDate: direction === 'future' });
  const only = results.length === 1 ? results[0] : undefined;
  if (only?.index !== 0 || only.text.length !== text.length) throw badDate(input);
  if (!only.start.isCertain('day') && !only.start.isCertain('weekday')) throw badDate(input);
  const day = toDay(only.start.date());
  if (direction === 'future' && !only.start.isCertain('year') && daysBetween(today, day) > FAR_AHEAD_DAYS) {
    const recent = `${String(Number(day.slice(0, 4)) - 1).padStart(4, '0')}${day.slice(4)}`;
    if (isValidIsoDay(recent)) throw new FarAheadDate(input.trim(), recent, day, today);
  }
  if (direction === 'past' && day > today && !only.start.isCertain('year')) {
    const before = `${String(Number(day.slice(0, 4)) - 1).padStart(4, '0')}${day.slice(4)}`;
    if (!isValidIsoDay(before)) throw badDate(input);
    return before;
  }
  return day;
}
