import { closedAt, furthestOpenStage, OPEN_STAGES, outcomeBy, type ForecastDeal, type OpenStage } from './history.js';

/*
 * Win rates learned from the owner's own closed deals. For an open stage s the learned rate is
 * W / (W + L_s): W the deals won, L_s the deals lost after reaching s or a later stage (a won
 * deal passed every stage; a lost one reached each stage up to the furthest it was in before it
 * was lost). Where fewer than `minClosed` deals stand behind it, the rate the owner set is used.
 */

/** An exact rate: num / den. */
export interface Fraction {
  num: number;
  den: number;
}

export interface StageRate {
  stage: OpenStage;
  /** The owner's rate for the stage, in percent (config stage-probability.<stage>). */
  set: number;
  /** W / (W + L_s); null with no closed deal behind it. */
  learned: Fraction | null;
  won: number;
  /** W + L_s: the closed deals behind the learned rate. */
  closed: number;
  used: 'learned' | 'set';
  /** The rate in use. */
  rate: Fraction;
}

export type SetRates = Readonly<Record<OpenStage, number>>;

export const DEFAULT_STAGE_PROBABILITY: SetRates = { new: 10, contacted: 20, qualified: 40, proposal: 60 };

/** A percent (possibly with decimals) as an exact fraction. */
export function percentFraction(percent: number): Fraction {
  return { num: Math.round(percent * 1000), den: 100_000 };
}

export function fractionValue(f: Fraction): number {
  return f.den === 0 ? 0 : f.num / f.den;
}

/**
 * The rate per open stage from the deals closed by `asOf` (ms; default: every closed deal).
 */
export function learnedRates(
  deals: readonly ForecastDeal[],
  opts: { set: SetRates; minClosed: number; asOf?: number },
): StageRate[] {
  const asOf = opts.asOf ?? Number.POSITIVE_INFINITY;
  let won = 0;
  const lostFrom = new Map<OpenStage, number>(OPEN_STAGES.map((s) => [s, 0]));
  for (const deal of deals) {
    const outcome = outcomeBy(deal, asOf);
    if (outcome === 'won') won += 1;
    else if (outcome === 'lost') {
      const furthest = OPEN_STAGES.indexOf(furthestOpenStage(deal));
      for (let i = 0; i <= furthest; i++) lostFrom.set(OPEN_STAGES[i]!, lostFrom.get(OPEN_STAGES[i]!)! + 1);
    }
  }
  return OPEN_STAGES.map((stage) => {
    const closed = won + lostFrom.get(stage)!;
    const learned = closed > 0 ? { num: won, den: closed } : null;
    const useLearned = learned !== null && closed >= opts.minClosed;
    return {
      stage,
      set: opts.set[stage],
      learned,
      won,
      closed,
      used: useLearned ? 'learned' : 'set',
      rate: useLearned ? learned : percentFraction(opts.set[stage]),
    };
  });
}

/** A deal's chance: its own --probability, else its stage's rate; null for a closed stage. */
export function dealRate(
  deal: Pick<ForecastDeal, 'probability'>,
  stage: string,
  rates: readonly StageRate[],
): Fraction | null {
  const forStage = rates.find((r) => r.stage === stage);
  if (!forStage) return null;
  return deal.probability !== null ? percentFraction(deal.probability) : forStage.rate;
}

/** Whether a deal is closed by `asOf` (for callers that only need the yes/no). */
export function isClosedBy(deal: ForecastDeal, asOf: number): boolean {
  const at = closedAt(deal);
  return at !== null && at <= asOf;
}
