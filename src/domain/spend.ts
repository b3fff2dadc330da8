import { MeldError } from '../errors.js';
import { dayNumber } from './dates.js';
import { parseMoney } from './money.js';
import { divRoundHalfUp } from './ratio.js';
import type { Campaign, IsoDay, Pause, RateEntry, RateUnit } from './types.js';

/*
 * A campaign's cost is dated money (issue 9):
 *  - `spend`: one-off amounts on a day (a booth, a list; a negative amount corrects);
 *  - `rates`: a running amount per day, week or month from a day on, until the next rate, the
 *    campaign's end day, or a pause.
 * A rate accrues day by day: `/day` is the amount each day, `/week` a seventh of it each day,
 * `/month` the amount spread evenly over the days of each calendar month (so $310/month is
 * $10 a day in December and about $11.07 a day in February, and every whole calendar month
 * costs exactly $310).
 * Only days up to `today` count as spent: what is dated later is planned, never spent. A
 * window's cost is what is dated inside it, so the cost of days already past never changes as
 * `today` moves on; windows that tile a stretch add up to the cost of the stretch (accrued
 * rates are rounded on the running total, never per window).
 */

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/**
 * Exact money. A rate accrues fractions of a cent (a seventh of a weekly rate, a 30th of a
 * monthly one), so accrued amounts are counted exactly, in units of 1/UNITS_PER_CENT cent:
 * every day's share of a /day, /week or /month rate is a whole number of them (UNITS_PER_CENT
 * is a multiple of 7 and of every month's length, 28 to 31). Only a running total is ever
 * rounded, to whole cents, half up: so a window's cents (the rounded total at its last day less
 * the rounded total before its first) add up exactly to the total, and no figure drifts by a
 * cent through floating point ($798.91/month from Jun 21 to Sep 5 is $1,997.275: $1,997.28).
 */
const UNITS_PER_CENT = 377_580n; // lcm(7, 28, 29, 30, 31)

/** Units (1/UNITS_PER_CENT cent) a rate accrues over the days a..b (day numbers, both included). */
function accrued(rate: Pick<RateEntry, 'cents' | 'per'>, a: number, b: number): bigint {
  if (b < a || rate.cents === 0) return 0n;
  const cents = BigInt(rate.cents);
  if (rate.per === 'day') return cents * BigInt(b - a + 1) * UNITS_PER_CENT;
  if (rate.per === 'week') return (cents * BigInt(b - a + 1) * UNITS_PER_CENT) / 7n;
  let total = 0n;
  let day = a;
  while (day <= b) {
    const d = new Date(day * 86_400_000);
    const length = daysInMonth(d.getUTCFullYear(), d.getUTCMonth());
    const monthEnd = day + (length - d.getUTCDate());
    const last = Math.min(b, monthEnd);
    total += (cents * BigInt(last - day + 1) * UNITS_PER_CENT) / BigInt(length);
    day = last + 1;
  }
  return total;
}

/** The rates in force, as [from, to] day numbers (to may be Infinity) with what they accrue,
 * before pauses; a later rate set on the same day replaces an earlier one. */
function rateStretches(c: Pick<Campaign, 'rates' | 'start' | 'end'>): Array<{ a: number; b: number; rate: RateEntry }> {
  const start = dayNumber(c.start);
  const end = c.end === null ? Infinity : dayNumber(c.end);
  const sorted = c.rates
    .map((rate, i) => ({ rate, i, from: Math.max(start, dayNumber(rate.from)) }))
    .sort((x, y) => x.from - y.from || x.i - y.i);
  const out: Array<{ a: number; b: number; rate: RateEntry }> = [];
  sorted.forEach((s, k) => {
    const next = sorted[k + 1];
    const b = Math.min(end, next ? next.from - 1 : Infinity);
    if (b >= s.from && s.rate.cents > 0) out.push({ a: s.from, b, rate: s.rate });
  });
  return out;
}

/** Paused days as [from, to] day numbers: a pause runs from `from` to the day before `to`. */
function pausedStretches(pauses: readonly Pause[]): Array<[number, number]> {
  return pauses
    .map((p): [number, number] => [dayNumber(p.from), p.to === null ? Infinity : dayNumber(p.to) - 1])
    .filter(([a, b]) => b >= a)
    .sort((x, y) => x[0] - y[0]);
}

/** Units (exact) all rates accrue from the start through day number `through`. */
function ratesThrough(c: Pick<Campaign, 'rates' | 'pauses' | 'start' | 'end'>, through: number): bigint {
  if (c.rates.length === 0) return 0n;
  const paused = pausedStretches(c.pauses);
  let total = 0n;
  for (const { a, b, rate } of rateStretches(c)) {
    let from = a;
    const to = Math.min(b, through);
    for (const [pa, pb] of paused) {
      if (from > to) break;
      if (pb < from || pa > to) continue;
      total += accrued(rate, from, Math.min(to, pa - 1));
      from = pb + 1;
    }
    if (from <= to) total += accrued(rate, from, to);
  }
  return total;
}

/** Accrued units as whole cents, half up. */
function wholeCents(units: bigint): number {
  return Number(divRoundHalfUp(units, UNITS_PER_CENT));
}

type Money = Pick<Campaign, 'spend' | 'rates' | 'pauses' | 'start' | 'end'>;

/** Whole cents dated on or before day number `through` (−Infinity: nothing). */
function spentThrough(c: Money, through: number): number {
  if (through === -Infinity) return 0;
  let oneOff = 0;
  for (const s of c.spend) if (dayNumber(s.day) <= through) oneOff += s.cents;
  return oneOff + wholeCents(ratesThrough(c, through));
}

/**
 * Whole cents spent on the days `from`..`to` (both included; null: open), counting only days
 * up to `today`. Adjacent windows add up exactly, and a window that ended by `today` reports
 * the same figure on any later day.
 */
export function spentBetween(c: Money, from: IsoDay | null, to: IsoDay | null, today: IsoDay): number {
  const last = Math.min(to === null ? Infinity : dayNumber(to), dayNumber(today));
  const first = from === null ? -Infinity : dayNumber(from);
  if (last < first) return 0;
  return spentThrough(c, last) - spentThrough(c, first - 1);
}

/** What the campaign has cost up to and including `today`. */
export function spentToDate(c: Money, today: IsoDay): number {
  return spentBetween(c, null, today, today);
}

/**
 * The first day on which the running total is below zero (a correction taking back more than
 * was spent by its day), with that total; null when it never is. Rates only add, so the total
 * can only fall on the day of a negative one-off: those are the days to look at.
 */
export function belowZero(c: Money): { day: IsoDay; cents: number } | null {
  const days = [...new Set(c.spend.filter((s) => s.cents < 0).map((s) => s.day))].sort();
  for (const day of days) {
    const cents = spentThrough(c, dayNumber(day));
    if (cents < 0) return { day, cents };
  }
  return null;
}

/**
 * Money still ahead after `today`: one-offs dated later plus what the rates will accrue up to
 * the end day. Null when a rate runs with no end day (the plan is open-ended).
 */
export function plannedAfter(c: Money, today: IsoDay): number | null {
  const t = dayNumber(today);
  let oneOff = 0;
  for (const s of c.spend) if (dayNumber(s.day) > t) oneOff += s.cents;
  // A rate with no end day runs for ever, unless a pause with no end stops it for good.
  const open = rateStretches(c).find((s) => s.b === Infinity);
  if (open) {
    const from = Math.max(t + 1, open.a);
    const stopped = pausedStretches(c.pauses).some(([a, b]) => b === Infinity && a <= from);
    if (!stopped) return null;
  }
  const end = c.end === null ? t : Math.max(t, dayNumber(c.end));
  return oneOff + wholeCents(ratesThrough(c, end)) - wholeCents(ratesThrough(c, t));
}

/** The rate in force on `day` (null when none, a zero rate, outside the campaign's days). */
export function rateOn(c: Pick<Campaign, 'rates' | 'start' | 'end'>, day: IsoDay): RateEntry | null {
  const n = dayNumber(day);
  return rateStretches(c).find((s) => s.a <= n && n <= s.b)?.rate ?? null;
}

/** The states a campaign's days put it in. */
export const CAMPAIGN_STATES = ['scheduled', 'active', 'paused', 'ended'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** Whether `day` falls in one of the campaign's pauses. */
export function isPausedOn(c: Pick<Campaign, 'pauses'>, day: IsoDay): boolean {
  return c.pauses.some((p) => p.from <= day && (p.to === null || day < p.to));
}

/**
 * A campaign's status follows its dates: `scheduled` before its start day, `ended` after its
 * end day, `paused` on a paused day, else `active`.
 */
export function campaignState(c: Pick<Campaign, 'start' | 'end' | 'pauses'>, today: IsoDay): CampaignState {
  if (today < c.start) return 'scheduled';
  if (c.end !== null && today > c.end) return 'ended';
  if (isPausedOn(c, today)) return 'paused';
  return 'active';
}

/** "$80/week" style text of a rate in major units: `80/week`. */
export function rateText(rate: Pick<RateEntry, 'cents' | 'per'>): string {
  return `${(rate.cents / 100).toFixed(rate.cents % 100 === 0 ? 0 : 2)}/${rate.per}`;
}

/**
 * Reads a rate: "80/week", "$2,000/month", "15/day" (also "per week", "a month", "/wk", "/mo");
 * "0" or "none" stops the running rate.
 */
export function parseRate(input: string, flag: string): { cents: number; per: RateUnit } {
  const text = input.trim().toLowerCase();
  if (['0', 'none', 'no', '-', 'stop'].includes(text)) return { cents: 0, per: 'day' };
  const m = /^(.+?)\s*(?:\/|\bper\b|\ba\b)\s*(day|d|week|wk|w|month|mo|m)$/.exec(text);
  if (!m) {
    throw new MeldError(`${flag} must be an amount per day, week or month, like 80/week, got "${input}"`, {
      hint: `${flag} 15/day, ${flag} 80/week, ${flag} 2000/month (${flag} 0 stops it)`,
    });
  }
  const unit = m[2]!;
  const per: RateUnit = unit.startsWith('d') ? 'day' : unit.startsWith('w') ? 'week' : 'month';
  return { cents: parseMoney(m[1]!, flag), per };
}

/** A one-off amount that may be negative (a correction): "-50", "1200.50". */
export function parseSignedMoney(input: string, flag: string): number {
  const text = input.trim();
  return text.startsWith('-') ? -parseMoney(text.slice(1), flag, text) : parseMoney(text, flag);
}
