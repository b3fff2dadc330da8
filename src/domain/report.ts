import { prospectsByCampaign } from './lookup.js';
import { campaignForecast, forecastAt, type CampaignForecast, type OpenDeal } from './forecast/forecast.js';
import { dealsByProspect, standingOf } from './deals.js';
import { daysBetween, shiftDay, toDay, weekStart } from './dates.js';
import { campaignFunnel, funnelRates, type Funnel, type FunnelRates } from './funnel.js';
import { adjustmentPeriods, calendarPeriods, MAX_PERIODS, type CalendarUnit, type Period } from './periods.js';
import { campaignState, plannedAfter, rateOn, spentBetween, spentToDate, type CampaignState } from './spend.js';
import type { Verdict } from './verdict.js';
import { countTopics, type TopicCount } from './topics.js';
import { customerBlock, type CustomerBlock } from './loyalty.js';
import { centsPer, median, ratio, round } from './ratio.js';
import {
  STAGES,
  isOpenStage,
  type Activity,
  type Campaign,
  type Db,
  type Deal,
  type IsoDay,
  type Prospect,
  type RateEntry,
  type Stage,
} from './types.js';

export { median } from './ratio.js';

export interface ReportOptions {
  /** Only this campaign's row (its id); all campaigns plus "no campaign" otherwise. */
  campaign?: string;
  /** Prospects added on or after / on or before these days (local calendar days). */
  since?: IsoDay;
  until?: IsoDay;
  now: Date;
}

/** People and what their deals came to: `won` counts their won deals, `wonValueCents` sums them. */
export interface Influence {
  prospects: number;
  won: number;
  wonValueCents: number;
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

/**
 * One row of `meld campaign report`. Money in integer cents; ratios as fractions (0.25).
 * `prospects` (and the paces, weeks, first touches) count the PEOPLE the campaign brought in;
 * `stages`, the funnel, won, won and pipeline value, lost reasons and days to win count the
 * DEALS credited to it (a person's renewal may be credited to another campaign).
 */
export interface ReportRow {
  campaign: Pick<Campaign, 'id' | 'name'> | null;
  prospects: number;
  /** Deals credited to the campaign, by stage. */
  stages: Record<Stage, number>;
  conversionRate: number | null;
  /** Spent up to today (with a window: spent on its days, up to today). */
  costCents: number;
  /** Spent up to today, all days (the same as costCents without a window): what a budget is
   * measured against. Text only; not in the JSON row. */
  spentToDateCents: number;
  /** The plan (`--budget`); null when none was set. */
  budgetCents: number | null;
  /** Money still ahead after today (one-offs dated later, rates up to the end day); null when a
   * rate runs with no end day. 0 for the "no campaign" row. */
  plannedCents: number | null;
  /** The rate in force today. */
  rate: Pick<RateEntry, 'cents' | 'per'> | null;
  status: CampaignState | null;
  /** The latest adjustment's verdict and p-value (see periods[].compare); null when never adjusted. */
  verdict: Verdict | null;
  pValue: number | null;
  /** Prospects this campaign touched (an activity logged with --campaign), whatever their source. */
  influenced: Influence;
  /** Prospects referred by this row's prospects. */
  referrals: Influence;
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
  /** What the row's people talked about (activities' topics), most raised first. */
  topics: TopicCount[];
  /** The customers the row's people became (by source campaign): loyalty.ts. */
  customers: CustomerBlock;
  medianDaysToFirstTouch: number | null;
  medianDaysToWin: number | null;
  weekly: WeekCount[];
  /** The last day `weekly` counts when that is before today (an ended campaign, --until); null
   * when it runs to today. Text only; not in the JSON row. */
  weeklyThrough: IsoDay | null;
  /** Judged by expected value: won so far plus the open deals credited to it (forecast/). */
  forecast: CampaignForecast;
}

const TOUCH_TYPES = new Set(['call', 'email', 'meeting']);

/** Lost deals' reasons grouped ignoring case and extra spaces, most frequent first (then A→Z).
 * Each group is shown with the spelling it was first given. */
export function lostReasons(deals: readonly Deal[]): LostReason[] {
  const groups = new Map<string, LostReason>();
  for (const p of deals) {
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
  /** Activities logged with a campaign, by campaign id. */
  touches: Map<string, Activity[]>;
  prospects: Map<number, Prospect>;
  /** Prospects by who referred them. */
  referred: Map<number, Prospect[]>;
  /** Every prospect by campaign, whatever the report's window (an adjustment is judged on all). */
  byCampaign: Map<string | null, Prospect[]>;
  /** Every deal by the campaign it is credited to, whatever the window. */
  dealsByCampaign: Map<string | null, Deal[]>;
  /** Each prospect's deals. */
  deals: Map<number, Deal[]>;
  /** Each campaign's periods over all its days, worked out once for all the report's windows. */
  wholePeriods: Map<string, Period[]>;
  /** Each prospect's activities that carry topics (what they said). */
  spoke: Map<number, Activity[]>;
}

export function reportIndex(
  db: Pick<Db, 'followUps' | 'activities' | 'prospects' | 'deals'>,
  today: IsoDay,
): ReportIndex {
  const firstTouch = new Map<number, string>();
  const touches = new Map<string, Activity[]>();
  for (const a of db.activities) {
    if (a.campaign) {
      const list = touches.get(a.campaign);
      if (list) list.push(a);
      else touches.set(a.campaign, [a]);
    }
    if (!TOUCH_TYPES.has(a.type)) continue;
    const seen = firstTouch.get(a.prospectId);
    if (seen === undefined || Date.parse(a.at) < Date.parse(seen)) firstTouch.set(a.prospectId, a.at);
  }
  const spoke = new Map<number, Activity[]>();
  for (const a of db.activities) {
    if (a.topics.length === 0) continue;
    const list = spoke.get(a.prospectId);
    if (list) list.push(a);
    else spoke.set(a.prospectId, [a]);
  }
  const overdue = new Map<number, number>();
  for (const f of db.followUps) {
    if (f.status === 'open' && f.due < today) overdue.set(f.prospectId, (overdue.get(f.prospectId) ?? 0) + 1);
  }
  const prospects = new Map(db.prospects.map((p) => [p.id, p]));
  const referred = new Map<number, Prospect[]>();
  for (const p of db.prospects) {
    if (p.referredBy === null) continue;
    const list = referred.get(p.referredBy);
    if (list) list.push(p);
    else referred.set(p.referredBy, [p]);
  }
  return {
    firstTouch,
    overdue,
    touches,
    prospects,
    referred,
    byCampaign: prospectsByCampaign(db.prospects),
    dealsByCampaign: prospectsByCampaign(db.deals),
    deals: dealsByProspect(db.deals),
    wholePeriods: new Map(),
    spoke,
  };
}

/** How many people, and their won deals (whatever campaign those are credited to). */
function influence(prospects: Iterable<Prospect>, deals: ReadonlyMap<number, readonly Deal[]>): Influence {
  let count = 0;
  let won = 0;
  let wonValueCents = 0;
  for (const p of prospects) {
    count += 1;
    for (const d of deals.get(p.id) ?? []) {
      if (d.stage !== 'won') continue;
      won += 1;
      wonValueCents += d.valueCents ?? 0;
    }
  }
  return { prospects: count, won, wonValueCents };
}

/** The prospects a campaign touched (activities logged with it, within the window's days). */
export function touchedBy(
  index: ReportIndex,
  campaignId: string,
  window: { since?: IsoDay; until?: IsoDay } = {},
): Prospect[] {
  const seen = new Map<number, Prospect>();
  for (const a of index.touches.get(campaignId) ?? []) {
    const day = localDay(a.at);
    if ((window.since !== undefined && day < window.since) || (window.until !== undefined && day > window.until))
      continue;
    const p = index.prospects.get(a.prospectId);
    if (p) seen.set(p.id, p);
  }
  return [...seen.values()].sort((a, b) => a.id - b.id);
}

export interface Referrer {
  referrer: { id: number; name: string };
  referred: Influence;
  /** How many of the referred are at each stage (their standing: deals.ts standingOf). */
  stages: Partial<Record<Stage, number>>;
}

/** Who referred whom: each referrer with how many they brought and what those became, most first. */
export function referrals(
  db: Pick<Db, 'prospects' | 'deals'>,
  window: { since?: IsoDay; until?: IsoDay } = {},
): Referrer[] {
  const byId = new Map(db.prospects.map((p) => [p.id, p]));
  const deals = dealsByProspect(db.deals);
  const groups = new Map<number, Prospect[]>();
  for (const p of db.prospects) {
    if (p.referredBy === null) continue;
    const day = addedDay(p);
    if ((window.since !== undefined && day < window.since) || (window.until !== undefined && day > window.until))
      continue;
    const group = groups.get(p.referredBy);
    if (group) group.push(p);
    else groups.set(p.referredBy, [p]);
  }
  return [...groups]
    .map(([id, list]): Referrer => {
      const stages: Partial<Record<Stage, number>> = {};
      for (const p of list) {
        const stage = standingOf(deals.get(p.id) ?? []).stage;
        if (stage !== null) stages[stage] = (stages[stage] ?? 0) + 1;
      }
      return { referrer: { id, name: byId.get(id)?.name ?? `#${id}` }, referred: influence(list, deals), stages };
    })
    .sort((a, b) => b.referred.prospects - a.referred.prospects || a.referrer.id - b.referrer.id);
}

/** Calendar days from a deal's opening to the first time it was marked won. */
export function daysToWin(deal: Deal): number | null {
  const won = deal.history.find((h) => h.stage === 'won');
  if (!won) return null;
  return Math.max(0, daysBetween(localDay(deal.createdAt), localDay(won.at)));
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
const addedDays = new WeakMap<Prospect | Deal, IsoDay>();

function addedDay(p: Prospect | Deal): IsoDay {
  let day = addedDays.get(p);
  if (day === undefined) addedDays.set(p, (day = localDay(p.createdAt)));
  return day;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function wholePeriods(index: ReportIndex, campaign: Campaign, now: Date): Period[] {
  let periods = index.wholePeriods.get(campaign.id);
  if (periods === undefined) {
    periods = adjustmentPeriods(
      campaign,
      index.byCampaign.get(campaign.id) ?? [],
      index.dealsByCampaign.get(campaign.id) ?? [],
      now,
    );
    index.wholePeriods.set(campaign.id, periods);
  }
  return periods;
}

/**
 * The numbers of one report row for a group of prospects and the deals credited (`campaign`
 * null: prospects that no campaign brought in, deals credited to none). Cost: what the campaign
 * spent up to today, or with a --since/--until window what it spent on the window's days (see
 * spend.ts).
 */
function buildRow(
  index: ReportIndex,
  campaign: Campaign | null,
  prospects: Prospect[],
  deals: Deal[],
  opts: ReportOptions,
  open: ReadonlyMap<number, OpenDeal>,
): ReportRow {
  const today = toDay(opts.now);
  const window = { since: opts.since, until: opts.until };
  const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const d of deals) stages[d.stage] += 1;
  // The whole periods only judge a window's periods: without a window these are they (#19: a
  // report without --since/--until worked out every campaign's periods twice).
  const windowed = opts.since !== undefined || opts.until !== undefined;
  const periods = campaign
    ? adjustmentPeriods(
        campaign,
        prospects,
        deals,
        opts.now,
        window,
        windowed ? wholePeriods(index, campaign, opts.now) : undefined,
        open,
      )
    : [];
  const costCents = campaign ? spentBetween(campaign, opts.since ?? null, opts.until ?? null, today) : 0;
  const lastPeriod = periods.at(-1);
  const rate = campaign ? rateOn(campaign, today) : null;
  const won = stages.won;
  const wonValueCents = sum(deals.filter((d) => d.stage === 'won').map((d) => d.valueCents ?? 0));
  const pipelineValueCents = sum(deals.filter((d) => isOpenStage(d.stage)).map((d) => d.valueCents ?? 0));
  const overdue = sum(prospects.map((p) => index.overdue.get(p.id) ?? 0));
  const touches = prospects
    .map((p) => {
      const at = index.firstTouch.get(p.id);
      return at === undefined ? null : Math.max(0, daysBetween(addedDay(p), localDay(at)));
    })
    .filter((d): d is number => d !== null);
  const wins = deals.map(daysToWin).filter((d): d is number => d !== null);
  const funnel = campaignFunnel(deals);
  const firstDay = [campaign?.start, ...prospects.map(addedDay)].filter((d): d is IsoDay => d !== undefined).sort()[0];
  const lastProspect = prospects.map(addedDay).sort().at(-1);
  const ran = campaign?.end && campaign.end < today ? campaign.end : today;
  const weeklyFrom = opts.since ?? firstDay;
  const weeklyTo = opts.until ?? [ran, lastProspect ?? ran].sort().at(-1)!;
  const med = (values: number[]) => {
    const m = median(values);
    return m === null ? null : round(m, 1);
  };
  const credited = deals.flatMap((d) => {
    const o = open.get(d.id);
    return o ? [o] : [];
  });
  return {
    forecast: campaignForecast(credited, wonValueCents, costCents),
    campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
    prospects: prospects.length,
    stages,
    conversionRate: ratio(won, deals.length),
    costCents,
    spentToDateCents: campaign ? spentToDate(campaign, today) : 0,
    budgetCents: campaign?.budgetCents ?? null,
    plannedCents: campaign ? plannedAfter(campaign, today) : 0,
    rate: rate ? { cents: rate.cents, per: rate.per } : null,
    status: campaign ? campaignState(campaign, today) : null,
    verdict: lastPeriod?.verdict ?? null,
    pValue: lastPeriod?.pValue ?? null,
    influenced: influence(campaign ? touchedBy(index, campaign.id, window) : [], index.deals),
    referrals: influence(
      prospects.flatMap((p) => index.referred.get(p.id) ?? []),
      index.deals,
    ),
    costPerProspectCents: centsPer(costCents, prospects.length),
    costPerWinCents: centsPer(costCents, won),
    wonValueCents,
    pipelineValueCents,
    // Over a zero or negative cost (a refund larger than the spend) a return is no figure.
    roi: costCents > 0 ? ratio(wonValueCents - costCents, costCents) : null,
    overdueFollowUps: overdue,
    funnel,
    funnelRates: funnelRates(funnel),
    periods,
    lostReasons: lostReasons(deals),
    topics: countTopics(prospects.flatMap((p) => index.spoke.get(p.id) ?? [])),
    customers: customerBlock(prospects, index.deals, costCents),
    medianDaysToFirstTouch: med(touches),
    medianDaysToWin: med(wins),
    weekly: weeklyFrom ? weeklyCounts(prospects, weeklyFrom, weeklyTo) : [],
    weeklyThrough: weeklyTo < today ? weeklyTo : null,
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
/** The deals open now with their chance, once per file and moment (a report by week asks for
 * every week's rows, all judged as of now). */
const openCache = new WeakMap<readonly Deal[], { at: number; open: Map<number, OpenDeal> }>();

function openDealsNow(db: Db, now: Date): ReadonlyMap<number, OpenDeal> {
  const cached = openCache.get(db.deals);
  if (cached && cached.at === now.getTime()) return cached.open;
  const settings = { set: db.config.stageProbability, minClosed: db.config.forecastMinClosed };
  const open = new Map(forecastAt(db.deals, now.getTime(), settings, 1).open.map((o) => [o.deal.id, o]));
  openCache.set(db.deals, { at: now.getTime(), open });
  return open;
}

export function campaignReport(db: Db, opts: ReportOptions, index = reportIndex(db, toDay(opts.now))): ReportRow[] {
  const inWindow = (p: Prospect | Deal) => {
    const day = addedDay(p);
    return (opts.since === undefined || day >= opts.since) && (opts.until === undefined || day <= opts.until);
  };
  const prospects = db.prospects.filter(inWindow);
  // Deals by the day they were opened, as prospects by the day they were added.
  const deals = db.deals.filter(inWindow);
  const known = new Set(db.campaigns.map((c) => c.id));
  const campaigns = db.campaigns
    .filter((c) => opts.campaign === undefined || c.id === opts.campaign)
    .sort(campaignOrder);
  // Grouped once: filtering all prospects per campaign was 2,000 × 20,000 steps on a big file.
  const byCampaign = prospectsByCampaign(prospects);
  const dealsByCampaign = prospectsByCampaign(deals);
  const open = openDealsNow(db, opts.now);
  const rows = campaigns.map((c) =>
    buildRow(index, c, byCampaign.get(c.id) ?? [], dealsByCampaign.get(c.id) ?? [], opts, open),
  );
  if (opts.campaign === undefined) {
    const orphans = [...byCampaign].filter(([id]) => id === null || !known.has(id)).flatMap(([, group]) => group);
    const orphanDeals = [...dealsByCampaign]
      .filter(([id]) => id === null || !known.has(id))
      .flatMap(([, group]) => group);
    rows.push(
      buildRow(
        index,
        null,
        orphans.sort((a, b) => a.id - b.id),
        orphanDeals.sort((a, b) => a.id - b.id),
        opts,
        open,
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
  // Money may be dated before the start (a deposit): the periods begin with it, so they add up.
  const earliest =
    [...campaigns.flatMap((c) => [c.start, ...c.spend.map((s) => s.day)]), ...prospects.map(addedDay)].sort()[0] ??
    today;
  const from = opts.since ?? (earliest < today ? earliest : today);
  const to = opts.until ?? today;
  const index = reportIndex(db, today);
  return calendarPeriods(from, to, opts.unit).map((period) => {
    const since = period.from < from ? from : period.from;
    const until = period.to > to ? to : period.to;
    return { from: since, to: until, label: period.label, rows: campaignReport(db, { ...opts, since, until }, index) };
  });
}
