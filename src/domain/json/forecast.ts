import type { Forecast, OpenDeal } from '../forecast/forecast.js';
import { fractionValue, type StageRate } from '../forecast/rates.js';
import type { Accuracy } from '../forecast/replay.js';
import type { Spread } from '../forecast/spread.js';
import { centsToMajor } from '../money.js';
import { round } from '../ratio.js';

// `meld forecast --json` (docs/forecast.md): money in major units as everywhere, rates as
// percents with one decimal (the config sets percents).

const pct = (r: number) => round(r * 100, 1);

function spreadJson(s: Spread) {
  return {
    expected: centsToMajor(s.expectedCents),
    low: centsToMajor(s.lowCents),
    high: centsToMajor(s.highCents),
    deals: s.deals,
    noValue: s.noValue,
  };
}

function openDealJson(o: OpenDeal, names: ReadonlyMap<number, string>) {
  return {
    deal: { id: o.deal.id, title: o.deal.title },
    prospect: { id: o.deal.prospectId, name: names.get(o.deal.prospectId) ?? null },
    stage: o.stage,
    value: centsToMajor(o.deal.valueCents),
    probability: pct(fractionValue(o.rate)),
    source: o.source,
    closeDay: o.closeDay,
    closeDaySource: o.closeDaySource,
    pushes: o.pushes,
  };
}

export function rateJson(r: StageRate) {
  return {
    stage: r.stage,
    set: r.set,
    learned: r.learned === null ? null : pct(fractionValue(r.learned)),
    closed: r.closed,
    used: r.used,
    rate: pct(fractionValue(r.rate)),
  };
}

/** `forecast --rates --json`. */
export function ratesJson(rates: readonly StageRate[]) {
  return { rates: rates.map(rateJson) };
}

export function forecastJson(f: Forecast, names: ReadonlyMap<number, string>) {
  return {
    asOf: f.asOf,
    total: spreadJson(f.total),
    buckets: f.buckets.map((b) => ({
      bucket: b.key,
      from: b.from,
      to: b.to,
      ...spreadJson(b),
      openDeals: b.open.map((o) => openDealJson(o, names)),
    })),
    rates: f.rates.map(rateJson),
  };
}

export function accuracyJson(a: Accuracy) {
  return {
    months: a.months.map((m) => ({
      month: m.month,
      expected: centsToMajor(m.expectedCents),
      low: centsToMajor(m.lowCents),
      high: centsToMajor(m.highCents),
      openDeals: m.openDeals,
      won: centsToMajor(m.wonCents),
      error: centsToMajor(m.errorCents),
      inRange: m.inRange,
      undated: spreadJson(m.undated),
    })),
    calibration: a.calibration,
  };
}
