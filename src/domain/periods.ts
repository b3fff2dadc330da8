import { MeldError } from '../errors.js';
import { dayFromNumber, dayNumber, shiftDay, toDay, weekStart } from './dates.js';
import { hasReached } from './funnel.js';
import type { OpenDeal } from './forecast/forecast.js';
import { exactExpected } from './forecast/spread.js';
import { centsPer, divRoundHalfUp, exactRound } from './ratio.js';
import { spentBetween } from './spend.js';
import type { Adjustment, Campaign, Deal, IsoDay, Prospect } from './types.js';
import { compareCounts, MIN_DAYS, roundP, type Verdict } from './verdict.js';

/** One stretch of a campaign between two adjustments. Money in cents. */
export interface Period {
  /** First and last calendar day of the period: an adjustment takes effect on its day, which
   * is the first day of the period it opens (its money and its prospects too). */
  from: IsoDay;
  to: IsoDay;
  /** Whole days the campaign ran in the period: inside its dates, up to today, not paused. */
  days: number;
  /** Prospects added on those days. `perWeek` is null over fewer than three days. */
  prospects: number;
  perWeek: number | null;
  /** Prospects added on the period's days that were not run (paused, before the start, after
   * the end): counted in totals, shown apart, never in a pace. */
  outside: number;
  costCents: number;
  costPerProspectCents: number | null;
  /** Of the deals credited to the campaign opened on this period's days, how many have reached
   * qualified (or further) / won so far. */
  qualified: number;
  won: number;
  /** Those same deals judged by expected value (forecast/): the value of the won ones plus the
   * expected value (value × rate used) of those open now; deals without a value count 0. Null
   * when the caller gave no forecast (the agenda's paces need none). */
  expectedValueCents: number | null;
  /** expectedValueCents ÷ prospects, rounded once to the cent: what a prospect of this period is
   * worth before the deals close, so a change that brings fewer but better people shows. Null
   * with no prospects or no forecast. */
  expectedPerProspectCents: number | null;
  /** The adjustment that opened this period; null for the first one. */
  adjustment: Adjustment | null;
  /** For a period opened by an adjustment: like with like before and after it. */
  compare: BeforeAfter | null;
  verdict: Verdict | null;
  pValue: number | null;
}

/** One side of a before/after comparison: the prospects added over some days the campaign ran. */
export interface Side {
  /** First and last day of the stretch (paused days inside it are not counted). */
  from: IsoDay;
  to: IsoDay;
  /** Whole days the campaign ran in the stretch. */
  days: number;
  prospects: number;
  /** Prospects per 7 days; null over fewer than three days (too early to say). */
  perWeek: number | null;
}

/** After an adjustment: the days since it against as many days run just before it. */
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

/** Prospects per 7 days over whole days, rounded once (half up) to one decimal: the one value
 * the table, the verdict line, the agenda and JSON all show. Null under three days. */
export function perWeekOver(prospects: number, days: number): number | null {
  return days >= MIN_DAYS ? exactRound(prospects * 7, days, 1) : null;
}

/** Day-number intervals [a, b], both included. */
type Span = [number, number];

/**
 * The days a campaign ran, as day-number intervals: its start day to its end day (or today,
 * whichever is first), less paused days.
 */
function runningSpans(campaign: Campaign, today: IsoDay): Span[] {
  const first = dayNumber(campaign.start);
  const last = Math.min(dayNumber(today), campaign.end === null ? Infinity : dayNumber(campaign.end));
  if (last < first) return [];
  const paused = campaign.pauses
    .map((p): Span => [dayNumber(p.from), p.to === null ? Infinity : dayNumber(p.to) - 1])
    .filter(([a, b]) => b >= a)
    .sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  let from = first;
  for (const [a, b] of paused) {
    if (b < from) continue;
    if (a > last) break;
    if (a > from) out.push([from, Math.min(a - 1, last)]);
    from = Math.max(from, b + 1);
    if (from > last) break;
  }
  if (from <= last) out.push([from, last]);
  return out;
}

/** The running days within [a, b]. */
function clip(spans: readonly Span[], a: number, b: number): Span[] {
  const out: Span[] = [];
  for (const [x, y] of spans) {
    const lo = Math.max(x, a);
    const hi = Math.min(y, b);
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

const lengthOf = (spans: readonly Span[]) => spans.reduce((n, [a, b]) => n + (b - a + 1), 0);
const within = (spans: readonly Span[], day: number) => spans.some(([a, b]) => a <= day && day <= b);

/** The last `count` running days before day `before`, none before `floor`. */
function lastDays(spans: readonly Span[], before: number, floor: number, count: number): Span[] {
  const out: Span[] = [];
  let left = count;
  for (let i = spans.length - 1; i >= 0 && left > 0; i--) {
    const [a, b] = spans[i]!;
    const hi = Math.min(b, before - 1);
    const lo = Math.max(a, floor, hi - left + 1);
    if (hi < lo) continue;
    out.unshift([lo, hi]);
    left -= hi - lo + 1;
  }
  return out;
}

function side(spans: readonly Span[], days: readonly number[], fallback: number): Side {
  const count = lengthOf(spans);
  const prospects = days.filter((d) => within(spans, d)).length;
  const from = spans.length > 0 ? spans[0]![0] : fallback;
  const to = spans.length > 0 ? spans.at(-1)![1] : fallback;
  return {
    from: dayFromNumber(from),
    to: dayFromNumber(to),
    days: count,
    prospects,
    perWeek: perWeekOver(prospects, count),
  };
}

/** An adjustment that only paused or resumed the campaign changes whether it runs, not how. */
const onlyStatus = (a: Adjustment) => {
  const keys = Object.keys(a.changes);
  return keys.length === 1 && keys[0] === 'status';
};

/** Report days as an optional window: `since`..`until`, both included. */
export interface DayWindow {
  since?: IsoDay;
  until?: IsoDay;
}

/**
 * Splits a campaign into periods at each adjustment's day: an adjustment takes effect on its
 * day (the first day of the period it opens, for its days, prospects and money alike), and
 * periods are whole calendar days in the business time zone. `prospects` are the campaign's
 * prospects (already filtered by any window). A period's pace counts only the days the campaign
 * ran (inside its dates, not paused); prospects added on other days are counted apart
 * (`outside`). A period's cost is the money dated on its days, up to today: so the periods add
 * up to the campaign's cost to date and a finished period's cost never changes. With a
 * `window`, periods are cut to it and those with no days, prospects or cost in it are left out.
 * Each period after an adjustment carries its before/after comparison: the days it ran since
 * the adjustment against as many days it ran just before (paused days skipped, so a resume is
 * compared with how it ran before the pause).
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
  /** The deals open now with their chance (forecast.ts openDealsAt), by deal id: with it each
   * period is also judged by expected value. */
  open?: ReadonlyMap<number, OpenDeal>,
): Period[] {
  const windowed = window !== undefined && (window.since !== undefined || window.until !== undefined);
  const judged = windowed ? (whole ?? adjustmentPeriods(campaign, prospects, deals, now)) : null;
  const today = toDay(now);
  const start = dayNumber(campaign.start);
  const running = runningSpans(campaign, today);
  const winFrom = window?.since !== undefined ? dayNumber(window.since) : -Infinity;
  const winTo = window?.until !== undefined ? dayNumber(window.until) : Infinity;
  const lastRun = Math.min(dayNumber(today), campaign.end === null ? Infinity : dayNumber(campaign.end));
  const adjustments = [...campaign.adjustments].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  // The day each period opens: the start for the first, the adjustment's day (not before the
  // start: days the campaign did not run are no part of its pace) for the others.
  const opens = [start, ...adjustments.map((a) => Math.max(start, dayNumber(toDay(new Date(a.at)))))];
  const added = prospects.map((p) => ({ p, day: dayNumber(toDay(new Date(p.createdAt))) }));
  const days = added.map((a) => a.day);
  const opened = deals.map((d) => ({ d, day: dayNumber(toDay(new Date(d.createdAt))) }));
  const drafts = opens.map((open, i) => {
    const adjustment = i === 0 ? null : adjustments[i - 1]!;
    const next = opens[i + 1];
    // The last day of the period: the day before the next one opens, else the last day run.
    const close = next !== undefined ? next - 1 : Math.max(open, lastRun);
    const first = Math.max(open, winFrom);
    const last = Math.min(close, winTo);
    const spans = clip(running, first, last);
    // A prospect belongs to the period whose days hold its day; one added before the start
    // belongs to the first, one after the last day to the last.
    const mine = added.filter(({ day }) => (i === 0 || day >= open) && (next === undefined || day < next));
    const ran = mine.filter(({ day }) => within(spans, day)).map(({ p }) => p);
    // The deals credited to the campaign opened on this period's days, counted as its people are.
    const ranDeals = opened
      .filter(({ day }) => (i === 0 || day >= open) && (next === undefined || day < next) && within(spans, day))
      .map(({ d }) => d);
    // Money by calendar day: from the adjustment's day to the day before the next one's.
    const costFrom = i === 0 ? winFrom : Math.max(dayNumber(toDay(new Date(adjustment!.at))), winFrom);
    const costTo = Math.min(next !== undefined ? dayNumber(toDay(new Date(adjustments[i]!.at))) - 1 : Infinity, winTo);
    const costCents =
      costTo < costFrom
        ? 0
        : spentBetween(
            campaign,
            costFrom === -Infinity ? null : dayFromNumber(costFrom),
            costTo === Infinity ? null : dayFromNumber(costTo),
            today,
          );
    let compare: Omit<BeforeAfter, 'costPerProspectBeforeCents' | 'costPerProspectAfterCents'> | null = null;
    // No comparison for the first period, for a pause (whether it runs, not how), and for an
    // adjustment made once the campaign had ended (a late invoice: nothing ran after it, ever).
    const afterEnd = campaign.end !== null && open > dayNumber(campaign.end);
    const pausing = adjustment !== null && onlyStatus(adjustment) && adjustment.changes.status?.to === 'paused';
    if (adjustment !== null && !afterEnd && !pausing) {
      const afterSpans = clip(running, open, close);
      // As many days run just before, back to the last adjustment that changed how it runs
      // (a pause or a resume does not), or the start.
      let floor = start;
      for (let j = i - 1; j >= 1; j--) {
        if (!onlyStatus(adjustments[j - 1]!)) {
          floor = opens[j]!;
          break;
        }
      }
      const beforeSpans = lastDays(running, open, floor, lengthOf(afterSpans));
      const before = side(beforeSpans, days, open);
      const after = side(afterSpans, days, open);
      const { verdict, pValue } = compareCounts(before.prospects, before.days, after.prospects, after.days);
      compare = { before, after, verdict, pValue: pValue === null ? null : roundP(pValue, 4) };
    }
    return {
      adjustment,
      from: dayFromNumber(first),
      // The last day it ran (an ended campaign's periods stop at its end day), or its first.
      to: dayFromNumber(Math.max(first, Math.min(close, lastRun, winTo))),
      days: lengthOf(spans),
      ran,
      ranDeals,
      outside: mine.length - ran.length,
      costCents,
      compare,
    };
  });
  const periods = drafts.map((d, i): Period => {
    const previous = drafts[i - 1];
    const compare: BeforeAfter | null = judged
      ? (judged[i]?.compare ?? null)
      : d.compare && previous
        ? {
            ...d.compare,
            costPerProspectBeforeCents: centsPer(previous.costCents, previous.ran.length),
            costPerProspectAfterCents: centsPer(d.costCents, d.ran.length),
          }
        : null;
    return {
      from: d.from,
      to: d.to,
      days: d.days,
      prospects: d.ran.length,
      perWeek: perWeekOver(d.ran.length, d.days),
      outside: d.outside,
      costCents: d.costCents,
      costPerProspectCents: centsPer(d.costCents, d.ran.length),
      qualified: d.ranDeals.filter((x) => hasReached(x, 'qualified')).length,
      won: d.ranDeals.filter((x) => hasReached(x, 'won')).length,
      ...(open
        ? expectedOf(d.ranDeals, d.ran.length, open)
        : { expectedValueCents: null, expectedPerProspectCents: null }),
      adjustment: d.adjustment,
      compare,
      verdict: compare?.verdict ?? null,
      pValue: compare?.pValue ?? null,
    };
  });
  // A period cut away by the window goes, unless it still holds prospects or money.
  return windowed ? periods.filter((p) => p.days > 0 || p.prospects + p.outside > 0 || p.costCents !== 0) : periods;
}

/**
 * A period's deals by expected value: won value so far plus Σ value × rate of those open now,
 * exact, then rounded once for the total and once for the figure per prospect.
 */
export function expectedOf(
  deals: readonly Deal[],
  prospects: number,
  open: ReadonlyMap<number, OpenDeal>,
): { expectedValueCents: number; expectedPerProspectCents: number | null } {
  let won = 0n;
  const bets = [];
  for (const deal of deals) {
    if (deal.stage === 'won') won += BigInt(deal.valueCents ?? 0);
    const o = open.get(deal.id);
    if (o) bets.push({ valueCents: o.deal.valueCents, rate: o.rate });
  }
  const { num, den } = exactExpected(bets);
  const total = won * den + num;
  return {
    expectedValueCents: Number(divRoundHalfUp(total, den)),
    expectedPerProspectCents: prospects === 0 ? null : Number(divRoundHalfUp(total, den * BigInt(prospects))),
  };
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
