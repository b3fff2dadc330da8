import { toDay } from '../dates.js';
import { ratio } from '../ratio.js';
import type { IsoDay } from '../types.js';
import { forecastAt, monthEnd, monthStart, startOf, type ForecastSettings } from './forecast.js';
import { closedAt, type ForecastDeal } from './history.js';
import { fractionValue } from './rates.js';
import type { Spread } from './spread.js';

/*
 * The forecast checked against what happened. For each past month, the forecast as it would
 * have been made on its first day — the deals open then, in their stages then, with rates and
 * close-day medians learned only from deals closed before then — next to what was won in that
 * month. Nothing was stored at the time: the stage history is enough, so the replay is also
 * right for history imported or synced from another device.
 */

export interface MonthCheck {
  month: string;
  /** The forecast made on the month's first day for deals expected to close by its end
   * (overdue ones included: they were expected any day). */
  expectedCents: number;
  lowCents: number;
  highCents: number;
  openDeals: number;
  /** What was actually won in the month (deals closed won on its days). */
  wonCents: number;
  /** wonCents − expectedCents. */
  errorCents: number;
  /** Whether the amount won fell in the 80% range; null when nothing was forecast and nothing
   * was won: no check at all, so neither a hit nor a miss. */
  inRange: boolean | null;
  /** The deals open on the month's first day with no expected close day then (no --close-by and
   * no median to learn one from): not in the month's figure, shown apart as the live forecast's
   * undated bucket is. */
  undated: Spread;
}

export interface CalibrationBucket {
  /** Percent bounds of the forecast chance: [from, to). */
  from: number;
  to: number;
  /** Open deals on a replayed month's first day with a chance in the bucket, since closed. */
  closed: number;
  won: number;
  /** won / closed; null with none closed. */
  share: number | null;
  /** Of them still open today (not counted in the share). */
  stillOpen: number;
}

export interface Accuracy {
  months: MonthCheck[];
  calibration: CalibrationBucket[];
}

/** The `months` whole months before the one `today` is in, oldest first. */
export function accuracy(
  deals: readonly ForecastDeal[],
  today: IsoDay,
  settings: ForecastSettings,
  months: number,
): Accuracy {
  const checks: MonthCheck[] = [];
  const buckets = [0, 20, 40, 60, 80].map((from) => ({ from, to: from + 20, closed: 0, won: 0, stillOpen: 0 }));
  for (let i = months; i >= 1; i--) {
    const first = monthStart(today, -i);
    const last = monthEnd(first);
    const at = startOf(first);
    const f = forecastAt(deals, at, settings, 1);
    const due = f.buckets.filter((b) => b.key === 'overdue' || b.key === first.slice(0, 7));
    const expectedCents = due.reduce((s, b) => s + b.expectedCents, 0);
    const lowCents = due.reduce((s, b) => s + b.lowCents, 0);
    const highCents = due.reduce((s, b) => s + b.highCents, 0);
    let wonCents = 0;
    for (const deal of deals) {
      if (deal.stage !== 'won') continue;
      const day = toDay(new Date(closedAt(deal)!));
      if (day >= first && day <= last) wonCents += deal.valueCents ?? 0;
    }
    const u = f.buckets.find((b) => b.key === 'undated')!;
    checks.push({
      month: first.slice(0, 7),
      expectedCents,
      lowCents,
      highCents,
      openDeals: due.reduce((s, b) => s + b.open.length, 0),
      wonCents,
      errorCents: wonCents - expectedCents,
      inRange: expectedCents === 0 && wonCents === 0 ? null : wonCents >= lowCents && wonCents <= highCents,
      undated: {
        expectedCents: u.expectedCents,
        lowCents: u.lowCents,
        highCents: u.highCents,
        totalCents: u.totalCents,
        deals: u.deals,
        noValue: u.noValue,
      },
    });
    for (const o of f.open) {
      const p = fractionValue(o.rate) * 100;
      const b = buckets[Math.min(4, Math.floor(p / 20))]!;
      if (o.deal.stage === 'won') {
        b.closed += 1;
        b.won += 1;
      } else if (o.deal.stage === 'lost') b.closed += 1;
      else b.stillOpen += 1;
    }
  }
  return {
    months: checks,
    calibration: buckets.map((b) => ({ ...b, share: ratio(b.won, b.closed) })),
  };
}
