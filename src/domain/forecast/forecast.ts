import { dayStart, shiftDay, toDay } from '../dates.js';
import { ratio } from '../ratio.js';
import type { IsoDay } from '../types.js';
import { OPEN_STAGES, pushes, stageAt, type ForecastDeal, type OpenStage } from './history.js';
import { dealRate, learnedRates, type Fraction, type SetRates, type StageRate } from './rates.js';
import { spread, type Spread } from './spread.js';
import { expectedCloseDay, medianDaysToWin, type MedianDays } from './timing.js';

/*
 * The forecast at one moment: the open deals then, each with its chance and expected close
 * day, summed per month. `forecastAt` is what `meld forecast` prints for now and what the
 * replay (replay.ts) computes for the first day of each past month.
 */

export interface ForecastSettings {
  set: SetRates;
  minClosed: number;
}

export interface OpenDeal {
  deal: ForecastDeal;
  stage: OpenStage;
  rate: Fraction;
  /** Where the rate came from: the deal's own probability, or its stage's learned or set rate. */
  source: 'deal' | 'learned' | 'set';
  closeDay: IsoDay | null;
  /** Where the close day came from: the deal's --close-by ('set'), else the owner's history
   * ('learned'); null with no close day. */
  closeDaySource: 'set' | 'learned' | null;
  pushes: number;
}

export interface Bucket extends Spread {
  /** `YYYY-MM`, or 'overdue' (expected before today), 'later' (after the last month), 'undated'. */
  key: string;
  from: IsoDay | null;
  to: IsoDay | null;
  open: OpenDeal[];
}

export interface Forecast {
  asOf: IsoDay;
  rates: StageRate[];
  medians: MedianDays;
  open: OpenDeal[];
  total: Spread;
  buckets: Bucket[];
}

/** The deals open at `at` with their stage then, chance and expected close day. */
export function openDealsAt(
  deals: readonly ForecastDeal[],
  at: number,
  rates: readonly StageRate[],
  medians: MedianDays,
): OpenDeal[] {
  const open: OpenDeal[] = [];
  for (const deal of deals) {
    const stage = stageAt(deal, at);
    if (stage === null || !(OPEN_STAGES as readonly string[]).includes(stage)) continue;
    const s = stage as OpenStage;
    const rate = dealRate(deal, s, rates)!;
    const used = rates.find((r) => r.stage === s)!.used;
    const close = expectedCloseDay(deal, s, medians, at);
    open.push({
      deal,
      stage: s,
      rate,
      source: deal.probability !== null ? 'deal' : used,
      closeDay: close?.day ?? null,
      closeDaySource: close?.source ?? null,
      pushes: pushes(deal),
    });
  }
  return open;
}

const monthOf = (day: IsoDay) => day.slice(0, 7);

/** The first day of the month `n` months after the one `day` is in. */
export function monthStart(day: IsoDay, n = 0): IsoDay {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-01`;
}

export function monthEnd(day: IsoDay): IsoDay {
  return shiftDay(monthStart(day, 1), -1);
}

function bucket(key: string, from: IsoDay | null, to: IsoDay | null, open: OpenDeal[]): Bucket {
  return { key, from, to, open, ...spread(open.map((o) => ({ valueCents: o.deal.valueCents, rate: o.rate }))) };
}

/**
 * The forecast made at `at` (ms): `months` calendar months from the one `at` falls in, plus
 * overdue (expected close day before that day), later (after the last month) and undated.
 */
export function forecastAt(
  deals: readonly ForecastDeal[],
  at: number,
  settings: ForecastSettings,
  months: number,
): Forecast {
  const asOf = toDay(new Date(at));
  const rates = learnedRates(deals, { ...settings, asOf: at });
  const medians = medianDaysToWin(deals, at);
  const open = openDealsAt(deals, at, rates, medians);
  const buckets: Bucket[] = [
    bucket(
      'overdue',
      null,
      shiftDay(asOf, -1),
      open.filter((o) => o.closeDay !== null && o.closeDay < asOf),
    ),
  ];
  const last = monthEnd(monthStart(asOf, months - 1));
  for (let i = 0; i < months; i++) {
    const from = i === 0 ? asOf : monthStart(asOf, i);
    const to = monthEnd(monthStart(asOf, i));
    buckets.push(
      bucket(
        monthOf(from),
        from,
        to,
        open.filter((o) => o.closeDay !== null && o.closeDay >= from && o.closeDay <= to),
      ),
    );
  }
  buckets.push(
    bucket(
      'later',
      shiftDay(last, 1),
      null,
      open.filter((o) => o.closeDay !== null && o.closeDay > last),
    ),
  );
  buckets.push(
    bucket(
      'undated',
      null,
      null,
      open.filter((o) => o.closeDay === null),
    ),
  );
  return {
    asOf,
    rates,
    medians,
    open,
    total: spread(open.map((o) => ({ valueCents: o.deal.valueCents, rate: o.rate }))),
    buckets,
  };
}

export interface CampaignForecast {
  /** Won value so far plus the expected value of the open deals credited to the campaign. */
  expectedValueCents: number;
  lowCents: number;
  highCents: number;
  openDeals: number;
  /** Open deals with no expected close day. */
  undatedDeals: number;
  /** Open deals with no value (not in the figures). */
  noValueDeals: number;
  /** (expected value − cost) / cost; null where the cost is zero or less. */
  expectedRoi: number | null;
}

/** A campaign judged by expected value: what it won plus what the open deals credited to it
 * (`mine`) are worth. */
export function campaignForecast(
  mine: readonly OpenDeal[],
  wonValueCents: number,
  costCents: number,
): CampaignForecast {
  const s = spread(mine.map((o) => ({ valueCents: o.deal.valueCents, rate: o.rate })));
  const expectedValueCents = wonValueCents + s.expectedCents;
  return {
    expectedValueCents,
    lowCents: wonValueCents + s.lowCents,
    highCents: wonValueCents + s.highCents,
    openDeals: mine.length,
    undatedDeals: mine.filter((o) => o.closeDay === null).length,
    noValueDeals: s.noValue,
    expectedRoi: costCents > 0 ? ratio(expectedValueCents - costCents, costCents) : null,
  };
}

/** Midnight starting a day in the business zone, in ms (the moment a month's forecast is made). */
export function startOf(day: IsoDay): number {
  return dayStart(day).getTime();
}
