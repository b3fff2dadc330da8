import { dealsByProspect, lifetimeValueCents } from './deals.js';
import { weekStart, shiftDay } from './dates.js';
import { centsPer, ratio } from './ratio.js';
import type { ReportRow, WeekCount } from './report.js';
import { spentBetween } from './spend.js';
import type { OpenDeal } from './forecast/forecast.js';
import { fractionValue } from './forecast/rates.js';
import { spread } from './forecast/spread.js';
import { isOpenStage, type Campaign, type Db, type IsoDay } from './types.js';

/*
 * Figures the shareable report adds on top of the campaign report rows: the totals over all
 * rows (the headline) and each campaign's spend per week (its chart). Both are sums of what
 * the report and spend.ts already compute, never a second calculation of the same figure.
 */

export interface ReportTotals {
  prospects: number;
  won: number;
  costCents: number;
  wonValueCents: number;
  costPerProspectCents: number | null;
  costPerWinCents: number | null;
  /** (won value − cost) / cost; null over a zero or negative cost. */
  roi: number | null;
  conversionRate: number | null;
  /** People who became customers (a won deal), those with two or more won deals, and all
   * their won deals (lifetime value), summed over the rows' blocks. */
  customers: number;
  repeatCustomers: number;
  repeatRate: number | null;
  lifetimeValueCents: number;
}

export function reportTotals(rows: readonly ReportRow[]): ReportTotals {
  let prospects = 0;
  let won = 0;
  let deals = 0;
  let costCents = 0;
  let wonValueCents = 0;
  let customers = 0;
  let repeatCustomers = 0;
  let lifetimeValueCents = 0;
  for (const row of rows) {
    customers += row.customers.count;
    repeatCustomers += row.customers.repeat;
    lifetimeValueCents += row.customers.lifetimeValueCents;
    prospects += row.prospects;
    won += row.stages.won;
    for (const n of Object.values(row.stages)) deals += n;
    costCents += row.costCents;
    wonValueCents += row.wonValueCents;
  }
  return {
    prospects,
    won,
    costCents,
    wonValueCents,
    costPerProspectCents: costCents > 0 ? centsPer(costCents, prospects) : null,
    costPerWinCents: costCents > 0 ? centsPer(costCents, won) : null,
    roi: costCents > 0 ? ratio(wonValueCents - costCents, costCents) : null,
    // Won deals of all deals, as each campaign's rate (the funnel counts deals).
    conversionRate: deals > 0 ? ratio(won, deals) : null,
    customers,
    repeatCustomers,
    repeatRate: customers > 0 ? ratio(repeatCustomers, customers) : null,
    lifetimeValueCents,
  };
}

export interface WeekSpend {
  /** The Monday that starts the week. */
  week: IsoDay;
  cents: number;
}

/** What a campaign spent in each week the report counts prospects in (`weekly`), up to today. */
export function weeklySpend(
  campaign: Pick<Campaign, 'spend' | 'rates' | 'pauses' | 'start' | 'end'>,
  weeks: readonly WeekCount[],
  today: IsoDay,
): WeekSpend[] {
  return weeks.map(({ week }) => ({
    week,
    cents: spentBetween(campaign, weekStart(week), shiftDay(weekStart(week), 6), today),
  }));
}

/** The stretch of equal length just before `from`..`to` (both inclusive). */
export function previousWindow(from: IsoDay, to: IsoDay, days: number): { since: IsoDay; until: IsoDay } {
  return { since: shiftDay(from, -days), until: shiftDay(to, -days) };
}

export interface NamedAmount {
  name: string;
  campaign: string | null;
  detail: string;
  cents: number | null;
}

/** An open deal on a report that names people, judged as the forecast judges it. */
export interface OpenDealLine {
  name: string;
  title: string;
  campaign: string | null;
  stage: string;
  valueCents: number | null;
  /** The chance the forecast uses for it (its own, learned or set), in percent; null when the
   * forecast does not count it open. */
  percent: number | null;
  /** value × chance, rounded once to the cent; null without a value or a chance. */
  expectedCents: number | null;
}

/**
 * Who a report's figures are about, for a report that may name people (--with-people): the
 * customers with the most won value and the open deals worth the most by expected value (value
 * × the rate the forecast uses: `open`, forecast.ts openDealsAt by deal id), `limit` of each,
 * for the report's campaign and window (by the day a prospect was added).
 */
export function peopleLists(
  db: Pick<Db, 'prospects' | 'campaigns' | 'deals'>,
  opts: { campaign?: string; since?: IsoDay; until?: IsoDay },
  open: ReadonlyMap<number, OpenDeal>,
  limit = 10,
): { customers: NamedAmount[]; openDeals: OpenDealLine[] } {
  const names = new Map(db.campaigns.map((c) => [c.id, c.name]));
  const inReport = db.prospects.filter((p) => {
    const day = p.createdAt.slice(0, 10);
    return (
      (opts.campaign === undefined || p.campaign === opts.campaign) &&
      (opts.since === undefined || day >= opts.since) &&
      (opts.until === undefined || day <= opts.until)
    );
  });
  const deals = dealsByProspect(db.deals);
  const campaignName = (id: string | null) => (id === null ? null : (names.get(id) ?? id));
  const byValue = (a: NamedAmount, b: NamedAmount) => (b.cents ?? -1) - (a.cents ?? -1) || a.name.localeCompare(b.name);
  // Customers: people with a won deal, by the sum of their won deals; open deals one by one.
  const customers = inReport
    .filter((p) => (deals.get(p.id) ?? []).some((d) => d.stage === 'won'))
    .map((p) => ({
      name: p.name,
      campaign: campaignName(p.campaign),
      // How many deals they won: a repeat customer shows as one.
      detail: String((deals.get(p.id) ?? []).filter((d) => d.stage === 'won').length),
      cents: lifetimeValueCents(deals.get(p.id) ?? []),
    }));
  const openDeals = inReport.flatMap((p) =>
    (deals.get(p.id) ?? [])
      .filter((d) => isOpenStage(d.stage))
      .map((d): OpenDealLine => {
        const o = open.get(d.id);
        const expected = o && d.valueCents !== null ? spread([{ valueCents: d.valueCents, rate: o.rate }]) : null;
        return {
          name: p.name,
          title: d.title,
          campaign: campaignName(d.campaign),
          stage: d.stage,
          valueCents: d.valueCents,
          percent: o ? Math.round(fractionValue(o.rate) * 1000) / 10 : null,
          expectedCents: expected ? expected.expectedCents : null,
        };
      }),
  );
  // The most expected first; then the bigger value; deals with no figure last.
  const byExpected = (a: OpenDealLine, b: OpenDealLine) =>
    (b.expectedCents ?? -1) - (a.expectedCents ?? -1) ||
    (b.valueCents ?? -1) - (a.valueCents ?? -1) ||
    a.name.localeCompare(b.name);
  return {
    customers: customers.sort(byValue).slice(0, limit),
    openDeals: openDeals.sort(byExpected).slice(0, limit),
  };
}
