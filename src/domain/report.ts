import { prospectsByCampaign } from './lookup.js';
import { daysBetween, shiftDay, toDay, weekStart } from './dates.js';
import { campaignFunnel, funnelRates, type Funnel, type FunnelRates } from './funnel.js';
import {
  adjustmentPeriods,
  calendarPeriods,
  MAX_PERIODS,
  costBetween,
  dayWindow,
  type CalendarUnit,
  type Period,
} from './periods.js';
import { centsPer, median, ratio, round } from './ratio.js';
import { STAGES, isOpenStage, type Campaign, type Db, type IsoDay, type Prospect, type Stage } from './types.js';

export { median } from './ratio.js';

export interface ReportOptions {
  /** Only this campaign's row (its id); all campaigns plus "no campaign" otherwise. */
  campaign?: string;
  /** Prospects added on or after / on or before these days (local calendar days). */
  since?: IsoDay;
  until?: IsoDay;
  now: Date;
}

export interface LostReason {
  reason: string;
  count: number;
}

export interface WeekCount {
  /** The Monday that starts the week. */
  week: IsoDay;
  prospects: number;
}

/** One row of `meld campaign report`. Money in integer cents; ratios as fractions (0.25). */
export interface ReportRow {
  campaign: Pick<Campaign, 'id' | 'name'> | null;
  prospects: number;
  stages: Record<Stage, number>;
  conversionRate: number | null;
  costCents: number;
  costPerProspectCents: number | null;
  costPerWinCents: number | null;
  wonValueCents: number;
  pipelineValueCents: number;
  roi: number | null;
  overdueFollowUps: number;
  funnel: Funnel;
  funnelRates: FunnelRates;
  periods: Period[];
  lostReasons: LostReason[];
  medianDaysToFirstTouch: number | null;
  medianDaysToWin: number | null;
  weekly: WeekCount[];
}

const TOUCH_TYPES = new Set(['call', 'email', 'meeting']);

/** Lost reasons grouped ignoring case and extra spaces, most frequent first (then A→Z).
 * Each group is shown with the spelling it was first given. */
export function lostReasons(prospects: readonly Prospect[]): LostReason[] {
  const groups = new Map<string, LostReason>();
  for (const p of prospects) {
    if (p.stage !== 'lost') continue;
    const given = p.lostReason ?? [...p.history].reverse().find((h) => h.stage === 'lost')?.reason ?? '';
    const text = given.trim().replace(/\s+/g, ' ') || '(no reason given)';
    const key = text.toLowerCase();
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { reason: text, count: 1 });
  }
  return [...groups.entries()]
    .sort(([ka, a], [kb, b]) => b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, g]) => g);
}

/** Per prospect, built once per report (not per row or period): the earliest call, email or
 * meeting, and how many open follow-ups are overdue. */
export interface ReportIndex {
  firstTouch: Map<number, string>;
  overdue: Map<number, number>;
}

export function reportIndex(db: Pick<Db, 'followUps' | 'activities'>, today: IsoDay): ReportIndex {
  const firstTouch = new Map<number, string>();
  for (const a of db.activities) {
    if (!TOUCH_TYPES.has(a.type)) continue;
    const seen = firstTouch.get(a.prospectId);
    if (seen === undefined || Date.parse(a.at) < Date.parse(seen)) firstTouch.set(a.prospectId, a.at);
  }
  const overdue = new Map<number, number>();
  for (const f of db.followUps) {
    if (f.status === 'open' && f.due < today) overdue.set(f.prospectId, (overdue.get(f.prospectId) ?? 0) + 1);
  }
  return { firstTouch, overdue };
}

/** Calendar days from being added to the first time the prospect was marked won. */
export function daysToWin(prospect: Prospect): number | null {
  const won = prospect.history.find((h) => h.stage === 'won');
  if (!won) return null;
  return Math.max(0, daysBetween(localDay(prospect.createdAt), localDay(won.at)));
}

/** New prospects per week (weeks start on Monday), from `from` to `to`, empty weeks included. */
export function weeklyCounts(prospects: readonly Prospect[], from: IsoDay, to: IsoDay): WeekCount[] {
  const weeks: WeekCount[] = [];
  if (to < from) return weeks;
  const index = new Map<IsoDay, WeekCount>();
  // The most recent MAX_PERIODS weeks at most: a campaign that "started" in year 1 (a hand edit)
  // must not make a hundred thousand weeks.
  const earliest = shiftDay(weekStart(to), -7 * (MAX_PERIODS - 1));
  // `week.length === 10`: after 9999-12-31 a day is "10000-…", which sorts before any `to`.
  for (
    let week = weekStart(from < earliest ? earliest : from);
    week <= to && week.length === 10;
    week = shiftDay(week, 7)
  ) {
    const entry = { week, prospects: 0 };
    weeks.push(entry);
    index.set(week, entry);
  }
  const weekOf = new Map<IsoDay, IsoDay>(); // a few hundred distinct days for thousands of prospects
  for (const p of prospects) {
    const day = addedDay(p);
    let week = weekOf.get(day);
    if (week === undefined) weekOf.set(day, (week = weekStart(day)));
    const entry = index.get(week);
    if (entry) entry.prospects += 1;
  }
  return weeks;
}

/** The local calendar day of a stored instant. */
function localDay(instant: string): IsoDay {
  return toDay(new Date(instant));
}

// A report asks each prospect's day five times (window, first/last day, weeks, speed); a
// prospect's createdAt never changes, so the local day is worked out once per prospect.
const addedDays = new WeakMap<Prospect, IsoDay>();

function addedDay(p: Prospect): IsoDay {
  let day = addedDays.get(p);
  if (day === undefined) addedDays.set(p, (day = localDay(p.createdAt)));
  return day;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * The numbers of one report row for a group of prospects (`campaign` null: prospects that no
 * campaign brought in). Cost: the campaign's cost, or with a --since/--until window the part
 * of it spent within the window (see costBetween).
 */
function buildRow(
  index: ReportIndex,
  campaign: Campaign | null,
  prospects: Prospect[],
  opts: ReportOptions,
): ReportRow {
  const today = toDay(opts.now);
  const windowed = opts.since !== undefined || opts.until !== undefined;
  const window = windowed ? dayWindow(opts.since, opts.until) : undefined;
  const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const p of prospects) stages[p.stage] += 1;
  const periods = campaign ? adjustmentPeriods(campaign, prospects, opts.now, window) : [];
  const costCents = campaign
    ? window
      ? costBetween(campaign, opts.now, window.start, window.end)
      : campaign.costCents
    : 0;
  const won = stages.won;
  const wonValueCents = sum(prospects.filter((p) => p.stage === 'won').map((p) => p.valueCents ?? 0));
  const pipelineValueCents = sum(prospects.filter((p) => isOpenStage(p.stage)).map((p) => p.valueCents ?? 0));
  const overdue = sum(prospects.map((p) => index.overdue.get(p.id) ?? 0));
  const touches = prospects
    .map((p) => {
      const at = index.firstTouch.get(p.id);
      return at === undefined ? null : Math.max(0, daysBetween(addedDay(p), localDay(at)));
    })
    .filter((d): d is number => d !== null);
  const wins = prospects.map(daysToWin).filter((d): d is number => d !== null);
  const funnel = campaignFunnel(prospects);
  const firstDay = [campaign?.start, ...prospects.map(addedDay)].filter((d): d is IsoDay => d !== undefined).sort()[0];
  const lastProspect = prospects.map(addedDay).sort().at(-1);
  const ran = campaign?.end && campaign.end < today ? campaign.end : today;
  const weeklyFrom = opts.since ?? firstDay;
  const weeklyTo = opts.until ?? [ran, lastProspect ?? ran].sort().at(-1)!;
  const med = (values: number[]) => {
    const m = median(values);
    return m === null ? null : round(m, 1);
  };
  return {
    campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
    prospects: prospects.length,
    stages,
    conversionRate: ratio(won, prospects.length),
    costCents,
    costPerProspectCents: centsPer(costCents, prospects.length),
    costPerWinCents: centsPer(costCents, won),
    wonValueCents,
    pipelineValueCents,
    roi: ratio(wonValueCents - costCents, costCents),
    overdueFollowUps: overdue,
    funnel,
    funnelRates: funnelRates(funnel),
    periods,
    lostReasons: lostReasons(prospects),
    medianDaysToFirstTouch: med(touches),
    medianDaysToWin: med(wins),
    weekly: weeklyFrom ? weeklyCounts(prospects, weeklyFrom, weeklyTo) : [],
  };
}

/** Campaigns in the order reports list them: by start day, then id. */
export function campaignOrder(a: Campaign, b: Campaign): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * `meld campaign report`: one row per campaign (by start day), then one for prospects that no
 * known campaign brought in, unless a single campaign is asked for. `since`/`until` keep
 * prospects added within those days (and the cost spent within them).
 */
export function campaignReport(db: Db, opts: ReportOptions, index = reportIndex(db, toDay(opts.now))): ReportRow[] {
  const inWindow = (p: Prospect) => {
    const day = addedDay(p);
    return (opts.since === undefined || day >= opts.since) && (opts.until === undefined || day <= opts.until);
  };
  const prospects = db.prospects.filter(inWindow);
  const known = new Set(db.campaigns.map((c) => c.id));
  const campaigns = db.campaigns
    .filter((c) => opts.campaign === undefined || c.id === opts.campaign)
    .sort(campaignOrder);
  // Grouped once: filtering all prospects per campaign was 2,000 × 20,000 steps on a big file.
  const byCampaign = prospectsByCampaign(prospects);
  const rows = campaigns.map((c) => buildRow(index, c, byCampaign.get(c.id) ?? [], opts));
  if (opts.campaign === undefined) {
    const orphans = [...byCampaign].filter(([id]) => id === null || !known.has(id)).flatMap(([, group]) => group);
    rows.push(
      buildRow(
        index,
        null,
        orphans.sort((a, b) => a.id - b.id),
        opts,
      ),
    );
  }
  return rows;
}

export interface PeriodReport {
  from: IsoDay;
  to: IsoDay;
  label: string;
  rows: ReportRow[];
}

/**
 * `meld campaign report --period week|month`: the same report for each calendar week or month
 * from `since` (default: the earliest campaign start or prospect) to `until` (default: today),
 * the first and last period cut to those days.
 */
export function periodReport(db: Db, opts: ReportOptions & { unit: CalendarUnit }): PeriodReport[] {
  const today = toDay(opts.now);
  const campaigns = db.campaigns.filter((c) => opts.campaign === undefined || c.id === opts.campaign);
  const prospects = db.prospects.filter((p) => opts.campaign === undefined || p.campaign === opts.campaign);
  const earliest = [...campaigns.map((c) => c.start), ...prospects.map(addedDay)].sort()[0] ?? today;
  const from = opts.since ?? (earliest < today ? earliest : today);
  const to = opts.until ?? today;
  const index = reportIndex(db, today);
  return calendarPeriods(from, to, opts.unit).map((period) => {
    const since = period.from < from ? from : period.from;
    const until = period.to > to ? to : period.to;
    return { from: since, to: until, label: period.label, rows: campaignReport(db, { ...opts, since, until }, index) };
  });
}
