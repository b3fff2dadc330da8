import { MeldError } from '../errors.js';
import { dayStart, shiftDay, toDay, weekStart } from './dates.js';
import { hasReached } from './funnel.js';
import { centsPer, round } from './ratio.js';
import type { Adjustment, Campaign, IsoDay, Prospect } from './types.js';

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
   * rounded to 0.01; `ms` is the exact length, for paces that must not compound rounding. */
  days: number;
  ms: number;
  prospects: number;
  perWeek: number | null;
  costCents: number;
  costPerProspectCents: number | null;
  /** Of this period's prospects, how many have reached qualified (or further) / won so far. */
  qualified: number;
  won: number;
  /** The adjustment that opened this period; null for the first one. */
  adjustment: Adjustment | null;
}

/** The calendar days `since`..`until` (both included) as a time range; open ends are infinite. */
export function dayWindow(since: IsoDay | undefined, until: IsoDay | undefined): TimeRange {
  return {
    start: since ? dayStart(since).getTime() : -Infinity,
    end: until ? dayStart(shiftDay(until, 1)).getTime() : Infinity,
  };
}

/**
 * The time a campaign runs, over which its cost is spread: from the start of its first day to
 * the end of its `end` day; with no end date, to the moment its status was set to `ended`,
 * else to now (`open`: the span grows with the clock).
 */
export function campaignSpan(campaign: Campaign, now: Date): TimeRange & { open: boolean } {
  const start = dayStart(campaign.start).getTime();
  let end = now.getTime();
  let open = true;
  if (campaign.end !== null) {
    end = dayStart(shiftDay(campaign.end, 1)).getTime();
    open = false;
  } else if (campaign.status === 'ended') {
    const ended = [...campaign.adjustments].reverse().find((a) => a.changes.status?.to === 'ended');
    if (ended) {
      end = Date.parse(ended.at);
      open = false;
    }
  }
  return { start, end: Math.max(start, end), open };
}

/** Money (cents, unrounded) spent evenly over [start, end); all of it at `start` when end = start. */
interface Spend {
  start: number;
  end: number;
  amount: number;
}

/**
 * The campaign's cost laid out in time. The cost it started with is planned evenly over its
 * span. A cost change recorded by `campaign adjust` at time t re-plans the rest: what was spent
 * by t stays, the new total minus that is spread evenly from t to the end of the span (an
 * adjustment made this very moment on an open campaign puts the difference at that moment).
 * A new total below what was already spent, or a change made after the span ended, corrects
 * the past instead: what was spent is scaled to the new total. So the stretches never go below
 * zero and always add up to the campaign's cost, whatever the windows they are cut into.
 */
function spending(campaign: Campaign, now: Date): Spend[] {
  const span = campaignSpan(campaign, now);
  const changes = campaign.adjustments
    .filter((a) => a.changes.cost !== undefined)
    .map((a) => ({ at: Date.parse(a.at), to: Number(a.changes.cost!.to ?? 0), from: a.changes.cost!.from }))
    .sort((a, b) => a.at - b.at);
  const first = changes[0]?.from;
  let total = typeof first === 'number' ? first : campaign.costCents;
  const done: Spend[] = [];
  let cursor = span.start;
  let spent = 0;
  const correctTo = (target: number) => {
    const factor = spent > 0 ? target / spent : 0;
    for (const s of done) s.amount *= factor;
    spent = target;
  };
  // A final total that is not the last change's (a hand-edited file) is a correction too.
  for (const change of [...changes, { at: Infinity, to: campaign.costCents }]) {
    const correction = change.at > span.end || (change.at === span.end && !span.open);
    if (!correction) {
      const t = Math.max(change.at, span.start);
      if (t > cursor) {
        const part = ((total - spent) * (t - cursor)) / (span.end - cursor);
        done.push({ start: cursor, end: t, amount: part });
        spent += part;
        cursor = t;
      }
    }
    total = change.to;
    if (total < spent) correctTo(total);
  }
  if (total > spent) done.push({ start: cursor, end: span.end, amount: total - spent });
  return done;
}

/** Cents (unrounded) spent before the instant `t`. */
function spentBefore(stretches: readonly Spend[], t: number): number {
  let sum = 0;
  for (const s of stretches) {
    if (s.end > s.start) sum += s.amount * Math.min(1, Math.max(0, (t - s.start) / (s.end - s.start)));
    else if (t > s.start) sum += s.amount;
  }
  return sum;
}

/**
 * Whole cents spent during [from, to) (see `spending`). Each bound is rounded on the running
 * total, so adjacent windows add up exactly: the cost of [a, b) plus that of [b, c) is the cost
 * of [a, c), and (−∞, ∞) is the campaign's cost. Cost planned for days still ahead (a planned
 * end in the future) falls in those days.
 */
export function costBetween(campaign: Campaign, now: Date, from: number, to: number): number {
  if (!(to > from)) return 0;
  const stretches = spending(campaign, now);
  const at = (t: number) =>
    t === -Infinity ? 0 : t === Infinity ? campaign.costCents : Math.round(spentBefore(stretches, t));
  return Math.max(0, at(to) - at(from));
}

/**
 * Splits a campaign at the exact time of each adjustment: a prospect belongs to the period in
 * which it was added (one added at 09:00 belongs before an adjustment made at 14:00 the same
 * day). `prospects` are the campaign's prospects (already filtered by any window). With a
 * `window`, periods are cut to it and those with no days, prospects or cost in it are left out.
 * Their costs always add up to the cost of the window (the campaign's cost without one).
 */
export function adjustmentPeriods(
  campaign: Campaign,
  prospects: readonly Prospect[],
  now: Date,
  window?: TimeRange,
): Period[] {
  const span = campaignSpan(campaign, now);
  const win = window ?? { start: -Infinity, end: Infinity };
  const adjustments = [...campaign.adjustments].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const bounds = adjustments.map((a) => Date.parse(a.at));
  const drafts = [null, ...adjustments].map((adjustment, i) => {
    const opens = i === 0 ? -Infinity : bounds[i - 1]!;
    const closes = i < bounds.length ? bounds[i]! : Infinity;
    const start = Math.max(i === 0 ? span.start : opens, win.start);
    const end = Math.min(closes, span.end, now.getTime(), win.end);
    const mine = prospects.filter((p) => {
      const t = Date.parse(p.createdAt);
      return t >= opens && t < closes;
    });
    const ms = Math.max(0, end - start);
    const from = toDay(new Date(Number.isFinite(start) ? start : span.start));
    return {
      adjustment,
      from,
      to: ms > 0 ? toDay(new Date(end - 1)) : from,
      ms,
      // The periods (cut to the window) tile it, so their costs add up to the window's.
      costCents: costBetween(campaign, now, Math.max(opens, win.start), Math.min(closes, win.end)),
      mine,
    };
  });
  const periods = drafts.map((d): Period => {
    const days = d.ms / DAY_MS;
    const costCents = d.costCents;
    return {
      from: d.from,
      to: d.to,
      days: round(days, 2),
      ms: d.ms,
      prospects: d.mine.length,
      perWeek: days > 0 ? round((d.mine.length / days) * 7, 2) : null,
      costCents,
      costPerProspectCents: centsPer(costCents, d.mine.length),
      qualified: d.mine.filter((p) => hasReached(p, 'qualified')).length,
      won: d.mine.filter((p) => hasReached(p, 'won')).length,
      adjustment: d.adjustment,
    };
  });
  // A period cut away by the window goes, unless it still holds prospects or money.
  return window ? periods.filter((p, i) => drafts[i]!.ms > 0 || p.prospects > 0 || p.costCents > 0) : periods;
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
