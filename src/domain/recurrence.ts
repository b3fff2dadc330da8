import { MeldError } from '../errors.js';
import { shiftDay } from './dates.js';
import { addFollowUp } from './prospects.js';
import type { Db, FollowUp, IsoDay, Prospect, Recurrence, RecurrenceUnit } from './types.js';

// Recurring follow-ups (#16): a check-in every "3 months". The interval is one value, a whole
// number of days, weeks or months (years and quarters are typed as such and kept as months, so
// the file's shape stays); the next occurrence is planned that long after the day the last one
// was done (or skipped), so a check-in done late does not pile up overdue ones.

/** The shape stored on a follow-up (`FollowUp.every`, schema 4). */
export type Interval = Recurrence;
type IntervalUnit = RecurrenceUnit;

/** The longest interval taken, per unit (ten years): a typo like "300 months" is refused. */
const MAX_COUNT: Record<IntervalUnit, number> = { day: 3660, week: 522, month: 120 };

/** A unit as typed: the stored unit, and how many of it one typed unit is. */
interface TypedUnit {
  unit: IntervalUnit;
  times: number;
  /** Its name in a refusal ("at most 10 years"). */
  name: string;
}

const unit = (unit: IntervalUnit, times = 1, name: string = unit): TypedUnit => ({ unit, times, name });
const DAY = unit('day');
const WEEK = unit('week');
const MONTH = unit('month');
const QUARTER = unit('month', 3, 'quarter');
const YEAR = unit('month', 12, 'year');

const UNITS: Record<string, TypedUnit> = {
  d: DAY,
  day: DAY,
  days: DAY,
  w: WEEK,
  wk: WEEK,
  wks: WEEK,
  week: WEEK,
  weeks: WEEK,
  m: MONTH,
  mo: MONTH,
  month: MONTH,
  months: MONTH,
  quarter: QUARTER,
  quarters: QUARTER,
  y: YEAR,
  yr: YEAR,
  yrs: YEAR,
  year: YEAR,
  years: YEAR,
};

/** One word for one interval: "monthly" is every month. */
const ADVERBS: Record<string, Interval> = {
  daily: { count: 1, unit: 'day' },
  weekly: { count: 1, unit: 'week' },
  monthly: { count: 1, unit: 'month' },
  quarterly: { count: 3, unit: 'month' },
  yearly: { count: 12, unit: 'month' },
  annually: { count: 12, unit: 'month' },
};

const HINT = 'give a number and a unit: "2 weeks", "10 days", "3 months", "1 year" (or "none" to stop repeating)';

/**
 * Reads an interval as typed after `--every`: "3 months", "2 weeks", "10 days", "1 month",
 * "1 year" (12 months), "2 quarters" (6 months), "month" (one), "every 2 weeks", and the
 * adverbs daily, weekly, monthly, quarterly, yearly and annually. Anything else ("0 days",
 * "1.5 weeks", "2 weekly") is refused with one line saying what is taken; so is "fortnight",
 * with a hint to write "2 weeks".
 */
export function parseInterval(input: string): Interval {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const shown = input.trim().slice(0, 40);
  if (text === '') throw new MeldError('the interval is empty', { hint: HINT });
  const adverb = Object.hasOwn(ADVERBS, text) ? ADVERBS[text] : undefined;
  if (adverb) return { ...adverb };
  const m = /^(?:every )?(?:(\d+) ?)?([a-z]+)$/.exec(text);
  if (m && /^fortnight(?:s|ly)?$/.test(m[2]!)) {
    throw new MeldError(`invalid interval "${shown}"`, {
      hint: `write it in weeks: --every "${m[1] ? Number(m[1]) * 2 : 2} weeks"`,
    });
  }
  const typed = m && Object.hasOwn(UNITS, m[2]!) ? UNITS[m[2]!] : undefined;
  if (!m || !typed) throw new MeldError(`invalid interval "${shown}"`, { hint: HINT });
  const typedCount = m[1] === undefined ? 1 : Number(m[1]);
  if (typedCount < 1) {
    throw new MeldError(`invalid interval "${shown}": it must be at least 1 ${typed.name}`, { hint: HINT });
  }
  const count = typedCount * typed.times;
  if (count > MAX_COUNT[typed.unit]) {
    const most = Math.floor(MAX_COUNT[typed.unit] / typed.times);
    throw new MeldError(`invalid interval "${shown}": at most ${most} ${typed.name}s`, { hint: HINT });
  }
  return { count, unit: typed.unit };
}

/** "3 months", "1 week", "10 days"; whole years of months as years: "1 year", "2 years". */
export function formatInterval(interval: Interval): string {
  const [count, unit] =
    interval.unit === 'month' && interval.count % 12 === 0
      ? [interval.count / 12, 'year']
      : [interval.count, interval.unit];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

export function sameInterval(a: Interval | null, b: Interval | null): boolean {
  return a === null || b === null ? a === b : a.count === b.count && a.unit === b.unit;
}

/** "every 3 months", "every week", "every year" (one is not spelled out). */
export function everyText(interval: Interval): string {
  return `every ${formatInterval(interval).replace(/^1 /, '')}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The day one interval after `day`. Months keep the day of the month, or the month's last day
 * when it has fewer (Jan 31 + 1 month = Feb 28 or 29), as a calendar does.
 */
export function addInterval(day: IsoDay, interval: Interval): IsoDay {
  if (interval.unit === 'day') return shiftDay(day, interval.count);
  if (interval.unit === 'week') return shiftDay(day, interval.count * 7);
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  const months = y * 12 + (m - 1) + interval.count;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

/**
 * When the next occurrence of a recurring follow-up is due: one interval after the day the
 * last one was done or skipped (not after the day it was due: a check-in done three weeks late
 * plans the next one a full interval later, rather than one that is overdue already).
 */
export function nextDue(doneDay: IsoDay, interval: Interval): IsoDay {
  return addInterval(doneDay, interval);
}

/**
 * Plans the next occurrence of a recurring follow-up that was just done or skipped on `day`:
 * the same person and note, the same interval, due one interval after `day`. Null (nothing
 * planned) for a one-off follow-up.
 */
export function planNextOccurrence(
  db: Db,
  prospect: Prospect,
  followUp: FollowUp,
  day: IsoDay,
  now: Date,
): FollowUp | null {
  if (followUp.every === null) return null;
  const next = addFollowUp(db, prospect, nextDue(day, followUp.every), followUp.note, now);
  next.every = { ...followUp.every };
  return next;
}
