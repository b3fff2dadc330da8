import { daysBetween, shiftDay, toDay } from '../dates.js';
import { median } from '../ratio.js';
import type { IsoDay } from '../types.js';
import {
  closeByAt,
  closedAt,
  enteredStageAt,
  OPEN_STAGES,
  outcomeBy,
  reachedTimes,
  type ForecastDeal,
  type OpenStage,
} from './history.js';

/*
 * When an open deal is expected to close: the day the owner set (`--close-by`), else the day it
 * entered its current stage plus the owner's median days from that stage to won (learned from
 * deals won by then), else nobody can say ("undated").
 */

export type MedianDays = Readonly<Record<OpenStage, number | null>>;

const dayOf = (ms: number): IsoDay => toDay(new Date(ms));

/** Median whole days from reaching each open stage to being won, over deals won by `asOf`. */
export function medianDaysToWin(deals: readonly ForecastDeal[], asOf = Number.POSITIVE_INFINITY): MedianDays {
  const samples = new Map<OpenStage, number[]>(OPEN_STAGES.map((s) => [s, []]));
  for (const deal of deals) {
    if (outcomeBy(deal, asOf) !== 'won') continue;
    const won = dayOf(closedAt(deal)!);
    const reached = reachedTimes(deal);
    for (let i = 0; i < OPEN_STAGES.length; i++) {
      const at = reached[i];
      if (at != null) samples.get(OPEN_STAGES[i]!)!.push(daysBetween(dayOf(at), won));
    }
  }
  const out = {} as Record<OpenStage, number | null>;
  for (const stage of OPEN_STAGES) {
    const m = median(samples.get(stage)!);
    out[stage] = m === null ? null : Math.floor(m + 0.5);
  }
  return out;
}

/** The expected close day of a deal open at `at` (ms) in `stage`, and whether the owner set it
 * (`--close-by`) or it was learned from their history; null when none can be given. */
export function expectedCloseDay(
  deal: ForecastDeal,
  stage: OpenStage,
  medians: MedianDays,
  at: number,
): { day: IsoDay; source: 'set' | 'learned' } | null {
  const set = closeByAt(deal, at);
  if (set !== null) return { day: set, source: 'set' };
  const days = medians[stage];
  return days === null ? null : { day: shiftDay(dayOf(enteredStageAt(deal, at)), days), source: 'learned' };
}
