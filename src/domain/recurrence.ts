import { MeldError } from '../errors.js';
import { shiftDay } from './dates.js';
import type { IsoDay } from './types.js';

// Recurring follow-ups (#16): a check-in every "3 months". The interval is one value, a whole
// number of days, weeks or months; the next occurrence is planned that long after the day the
// last one was done (or skipped), so a check-in done late does not pile up overdue ones.

export const INTERVAL_UNITS = ['day', 'week', 'month'] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** The shape stored on a follow-up (`FollowUp.every`, schema 4). */
export interface Interval {
  /** A whole number, 1 or more. */
  count: number;
  unit: IntervalUnit;
}

/** The longest interval taken, per unit (ten years): a typo like "300 months" is refused. */
const MAX_COUNT: Record<IntervalUnit, number> = { day: 3660, week: 522, month: 120 };

const UNITS: Record<string, IntervalUnit> = {
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  wk: 'week',
  wks: 'week',
  week: 'week',
  weeks: 'week',
  m: 'month',
  mo: 'month',
  month: 'month',
  months: 'month',
};

const HINT = 'give a number and a unit: "2 weeks", "10 days", "3 months" (or "none" to stop repeating)';

/**
 * Reads an interval as typed after `--every`: "3 months", "2 weeks", "10 days", "1 month",
 * "month" (one), "every 2 weeks". Anything else ("0 days", "fortnight", "1.5 weeks") is refused
 * with one line saying what is taken.
 */
export function parseInterval(input: string): Interval {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const shown = input.trim().slice(0, 40);
  if (text === '') throw new MeldError('the interval is empty', { hint: HINT });
  const m = /^(?:every )?(?:(\d+) ?)?([a-z]+)$/.exec(text);
  const unit = m ? UNITS[m[2]!] : undefined;
  if (!m || !unit) throw new MeldError(`invalid interval "${shown}"`, { hint: HINT });
  const count = m[1] === undefined ? 1 : Number(m[1]);
  if (count < 1) throw new MeldError(`invalid interval "${shown}": it must be at least 1 ${unit}`, { hint: HINT });
  if (count > MAX_COUNT[unit]) {
    throw new MeldError(`invalid interval "${shown}": at most ${MAX_COUNT[unit]} ${unit}s`, { hint: HINT });
  }
  return { count, unit };
}

/** "3 months", "1 week", "10 days". */
export function formatInterval(interval: Interval): string {
  return `${interval.count} ${interval.unit}${interval.count === 1 ? '' : 's'}`;
}

/** "every 3 months", "every week" (one is not spelled out). */
export function everyText(interval: Interval): string {
  return interval.count === 1 ? `every ${interval.unit}` : `every ${formatInterval(interval)}`;
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
