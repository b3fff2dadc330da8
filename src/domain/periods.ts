import { MeldError } from '../errors.js';
import { dayStart, shiftDay, toDay, weekStart } from './dates.js';
import { hasReached } from './funnel.js';
import { centsPer, round } from './ratio.js';
import { spentBetween } from './spend.js';
import type { Adjustment, Campaign, Deal, IsoDay, Prospect } from './types.js';
import { compareCounts, MIN_DAYS, roundP, type Verdict } from './verdict.js';

const DAY_MS = 86_400_000;

/** A stretch of time in epoch milliseconds, end excluded. */
export interface TimeRange {
  start: number;
  end: number;
}

/** One stretch of a campaign between two adjustments. Money in cents. */
export interface Period {
  /** First and last calendar day of the period (the adjustment's day is in both neighbours). */
  from: IsoDay;
  to: IsoDay;
  /** Length of the period while the campaign ran, in days (fractional: splits are exact),
   * rounded to 0.01; `ms` is the exact length, for paces that must not compound rounding.
   * `perWeek` is null over fewer than three days: too early for a pace. */
  days: number;
  ms: number;
  prospects: number;
  perWeek: number | null;
  costCents: number;
  costPerProspectCents: number | null;
  /** Of the deals credited to the campaign opened in this period, how many have reached
   * qualified (or further) / won so far. */
  qualified: number;
  won: number;
  /** The adjustment that opened this period; null for the first one. */
  adjustment: Adjustment | null;
  /** For a period opened by an adjustment: like with like before and after it. */
  compare: BeforeAfter | null;
  verdict: Verdict | null;
  pValue: number | null;
}

/** The calendar days `since`..`until` (both included) as a time range; open ends are infinite. */
export function dayWindow(since: IsoDay | undefined, until: IsoDay | undefined): TimeRange {
  return {
    start: since ? dayStart(since).getTime() : -Infinity,
    end: until ? dayStart(shiftDay(until, 1)).getTime() : Infinity,
  };
}

/**
 * The time a campaign runs: from the start of its first day to the end of its `end` day, else
 * to now (`open`: the span grows with the clock).
 */
export function campaignSpan(campaign: Campaign, now: Date): TimeRange & { open: boolean } {
  const start = dayStart(campaign.start).getTime();
  if (campaign.end === null) return { start, end: Math.max(start, now.getTime()), open: true };
  return { start, end: Math.max(start, dayStart(shiftDay(campaign.end, 1)).getTime()), open: false };
}

/** One side of a before/after comparison: the prospects added over some days. */
export interface Side {
  from: IsoDay;
  to: IsoDay;
  /** Exact length in days (fractional, rounded to 0.01). */
  days: number;
  prospects: number;
  /** Prospects per 7 days; null over fewer than three days (too early to say). */
  perWeek: number | null;
}

/** After an adjustment: the days since it against as many days just before it (or what there is). */
export interface BeforeAfter {
  before: Side;
  after: Side;
  verdict: Verdict;
  /** Exact two-sided p-value of the conditional binomial test; null when too early. */
  pValue: number | null;
  /** Cost per prospect of the period before the adjustment and of the one it opened (money is
   * dated, so a one-off at the start belongs to the whole first period, not to its last days). */
  costPerProspectBeforeCents: number | null;
  costPerProspectAfterCents: number | null;
}

const perWeekOver = (prospects: number, days: number) => (days >= MIN_DAYS ? round((prospects / days) * 7, 2) : null);

/** Prospects added in [start, end) (epoch ms). */
function countIn(times: readonly number[], start: number, end: number): number {
  let n = 0;
  for (const t of times) if (t >= start && t < end) n++;
  return n;
}

/** Calendar days of the instants [start, end): the first day and the day of the last moment. */
function daysOf(start: number, end: number): { from: IsoDay; to: IsoDay } {
  const from = toDay(new Date(start));
  return { from, to: end > start ? toDay(new Date(end - 1)) : from };
}

/**
 * Like with like after the adjustment at `at`: the time since it (up to `until`: now, the next
 * adjustment or the campaign's end) against the same length of time just before it, cut at
 * `floor` (the previous adjustment or the start).
 */
function beforeAfter(
  times: readonly number[],
  at: number,
  floor: number,
  until: number,
): Omit<BeforeAfter, 'costPerProspectBeforeCents' | 'costPerProspectAfterCents'> {
  const length = Math.max(0, until - at);
  const beforeStart = Math.max(floor, at - length);
  const side = (start: number, end: number): Side => {
    const days = Math.max(0, end - start) / DAY_MS;
    const prospects = countIn(times, start, end);
    return { ...daysOf(start, end), days: round(days, 2), prospects, perWeek: perWeekOver(prospects, days) };
  };
  const before = side(beforeStart, at);
  const after = side(at, until);
  const { verdict, pValue } = compareCounts(
    before.prospects,
    (at - beforeStart) / DAY_MS,
    after.prospects,
    length / DAY_MS,
  );
  return { before, after, verdict, pValue: pValue === null ? null : roundP(pValue, 4) };
}

/** Report days as an optional window: `since`..`until`, both included. */
export interface DayWindow {
  since?: IsoDay;
  until?: IsoDay;
}

/**
 * Splits a campaign at the exact time of each adjustment: a prospect belongs to the period in
 * which it was added (one added at 09:00 belongs before an adjustment made at 14:00 the same
 * day). `prospects` are the campaign's prospects (already filtered by any window). A period's
 * cost is the money dated on its days (an adjustment's day belongs to the period it opens), up
 * to today: so the periods add up to the campaign's cost to date and a finished period's cost
 * never changes. With a `window`, periods are cut to it and those with no days, prospects or
 * cost in it are left out; their costs add up to the window's. Each period after an
 * adjustment carries its before/after comparison and verdict.
 */
export function adjustmentPeriods(
  campaign: Campaign,
  prospects: readonly Prospect[],
  /** The deals credited to the campaign (for each period's qualified and won). */
  deals: readonly Deal[],
  now: Date,
  window?: DayWindow,
  /** With a window: the campaign's periods over all its days and prospects (no window), whose
   * before/after comparisons the window's periods carry: an adjustment is judged on all of its
   * prospects, whatever days the report shows. By default those of `prospects` (right when
   * they are all the campaign's). */
  whole?: readonly Period[],
): Period[] {
  const windowed = window !== undefined && (window.since !== undefined || window.until !== undefined);
  const judged = windowed ? (whole ?? adjustmentPeriods(campaign, prospects, deals, now)) : null;
  const today = toDay(now);
  const span = campaignSpan(campaign, now);
  const win = dayWindow(window?.since, window?.until);
  const adjustments = [...campaign.adjustments].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const bounds = adjustments.map((a) => Date.parse(a.at));
  const times = prospects.map((p) => Date.parse(p.createdAt));
  const latest = (...days: Array<IsoDay | null | undefined>) =>
    days.reduce<IsoDay | null>((m, d) => (d == null ? m : m === null || d > m ? d : m), null);
  const earliest = (...days: Array<IsoDay | null | undefined>) =>
    days.reduce<IsoDay | null>((m, d) => (d == null ? m : m === null || d < m ? d : m), null);
  const drafts = [null, ...adjustments].map((adjustment, i) => {
    const opens = i === 0 ? -Infinity : bounds[i - 1]!;
    const closes = i < bounds.length ? bounds[i]! : Infinity;
    // An adjustment made before the start opens its period on the start day: days the
    // campaign did not run are no part of its pace.
    const start = Math.max(i === 0 ? span.start : Math.max(opens, span.start), win.start);
    const end = Math.min(closes, span.end, now.getTime(), win.end);
    const mine = prospects.filter((p) => {
      const t = Date.parse(p.createdAt);
      return t >= opens && t < closes;
    });
    const myDeals = deals.filter((d) => {
      const t = Date.parse(d.createdAt);
      return t >= opens && t < closes;
    });
    const ms = Math.max(0, end - start);
    // Money by calendar day: from the adjustment's day to the day before the next one's.
    const costFrom = latest(i === 0 ? null : toDay(new Date(opens)), window?.since);
    const costTo = earliest(closes === Infinity ? null : shiftDay(toDay(new Date(closes)), -1), window?.until);
    const costCents =
      costFrom !== null && costTo !== null && costTo < costFrom ? 0 : spentBetween(campaign, costFrom, costTo, today);
    // An adjustment made once the campaign had ended (a late invoice) has no days after it to
    // judge, ever: no comparison rather than a "too early" that never changes.
    const compare =
      i === 0 || (!span.open && opens >= span.end)
        ? null
        : beforeAfter(
            times,
            Math.max(opens, span.start),
            i === 1 ? span.start : Math.max(bounds[i - 2]!, span.start),
            Math.max(opens, span.start, Math.min(closes, span.end, now.getTime())),
          );
    return { adjustment, ms, ...daysOf(start, end), costCents, mine, myDeals, compare };
  });
  const periods = drafts.map((d, i): Period => {
    const days = d.ms / DAY_MS;
    const previous = drafts[i - 1];
    const compare: BeforeAfter | null = judged
      ? judged[i]!.compare
      : d.compare && previous
        ? {
            ...d.compare,
            costPerProspectBeforeCents: centsPer(previous.costCents, previous.mine.length),
            costPerProspectAfterCents: centsPer(d.costCents, d.mine.length),
          }
        : null;
    return {
      from: d.from,
      to: d.to,
      days: round(days, 2),
      ms: d.ms,
      prospects: d.mine.length,
      perWeek: perWeekOver(d.mine.length, days),
      costCents: d.costCents,
      costPerProspectCents: centsPer(d.costCents, d.mine.length),
      qualified: d.myDeals.filter((x) => hasReached(x, 'qualified')).length,
      won: d.myDeals.filter((x) => hasReached(x, 'won')).length,
      adjustment: d.adjustment,
      compare,
      verdict: compare?.verdict ?? null,
      pValue: compare?.pValue ?? null,
    };
  });
  // A period cut away by the window goes, unless it still holds prospects or money.
  return windowed ? periods.filter((p, i) => drafts[i]!.ms > 0 || p.prospects > 0 || p.costCents !== 0) : periods;
}

export type CalendarUnit = 'week' | 'month';

export interface CalendarPeriod {
  from: IsoDay;
  to: IsoDay;
  label: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The most periods a report shows: ten years of weeks. A window beyond is refused, not computed. */
export const MAX_PERIODS = 520;

const dayNumber = (day: IsoDay) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/** Whole calendar weeks (Monday to Sunday) or months covering `from`..`to`, oldest first. */
export function calendarPeriods(from: IsoDay, to: IsoDay, unit: CalendarUnit): CalendarPeriod[] {
  const out: CalendarPeriod[] = [];
  if (to < from) return out;
  const count =
    unit === 'week'
      ? Math.floor((dayNumber(to) - dayNumber(weekStart(from))) / 7) + 1
      : (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
        Number(to.slice(5, 7)) -
        Number(from.slice(5, 7)) +
        1;
  if (count > MAX_PERIODS) {
    throw new MeldError(`${from} to ${to} is ${count} ${unit}s; a report shows at most ${MAX_PERIODS} periods`, {
      hint: `narrow the window with --since/--until${unit === 'week' ? ', or use --period month' : ''}`,
    });
  }
  if (unit === 'week') {
    // Counted, not compared: after 9999-12-31 a day is "10000-…", which sorts before it.
    for (let i = 0, day = weekStart(from); i < count; i++, day = shiftDay(day, 7)) {
      const month = MONTHS[Number(day.slice(5, 7)) - 1]!;
      out.push({ from: day, to: shiftDay(day, 6), label: `${month} ${Number(day.slice(8, 10))}` });
    }
    return out;
  }
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  for (let i = 0; i < count; i++) {
    const first = `${year}-${String(month).padStart(2, '0')}-01`;
    const nextFirst = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    out.push({ from: first, to: shiftDay(nextFirst, -1), label: `${MONTHS[month - 1]} ${year}` });
    year = month === 12 ? year + 1 : year;
    month = month === 12 ? 1 : month + 1;
  }
  return out;
}
