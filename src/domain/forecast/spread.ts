import { divRoundHalfUp } from '../ratio.js';
import type { Fraction } from './rates.js';

/*
 * The expected value of a set of open deals and the spread around it. Each deal of value v
 * won with chance p is a bet worth v·p on average, with variance v²·p·(1−p); the deals are
 * taken as independent, so the 80% range is expected ± 1.2816·√Σ v²·p·(1−p) (the normal
 * approximation; 1.2816 is its 90th percentile), clipped to [0, Σ v]. The expected value is
 * exact (rational) and rounded once to the cent, half up; so are both ends of the range.
 */

export const Z80 = 1.2816;

export interface Bet {
  valueCents: number | null;
  rate: Fraction;
}

export interface Spread {
  expectedCents: number;
  lowCents: number;
  highCents: number;
  /** Σ v over the deals with a value: the most that can come in. */
  totalCents: number;
  /** Deals with a value (counted in the figures). */
  deals: number;
  /** Deals without a value: counted apart, never as 0. */
  noValue: number;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

/** Σ v·p over the bets with a value, exactly (num / den, den > 0), in cents: for a figure that
 * is divided further before it is rounded (expected value per prospect), so it is rounded once. */
export function exactExpected(bets: readonly Bet[]): { num: bigint; den: bigint } {
  let num = 0n;
  let den = 1n;
  for (const bet of bets) {
    if (bet.valueCents === null) continue;
    const d = BigInt(bet.rate.den);
    const n = BigInt(bet.valueCents) * BigInt(bet.rate.num);
    // num/den + n/d, kept in lowest terms.
    const common = (den / gcd(den, d)) * d;
    num = num * (common / den) + n * (common / d);
    den = common;
    const g = gcd(num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
  }
  return { num, den };
}

export function spread(bets: readonly Bet[]): Spread {
  let variance = 0;
  let expected = 0;
  let totalCents = 0;
  let deals = 0;
  let noValue = 0;
  for (const bet of bets) {
    if (bet.valueCents === null) {
      noValue += 1;
      continue;
    }
    deals += 1;
    totalCents += bet.valueCents;
    const p = bet.rate.num / bet.rate.den;
    expected += bet.valueCents * p;
    variance += bet.valueCents * bet.valueCents * p * (1 - p);
  }
  const { num, den } = exactExpected(bets);
  const expectedCents = Number(divRoundHalfUp(num, den));
  const half = Z80 * Math.sqrt(variance);
  return {
    expectedCents,
    lowCents: Math.max(0, Math.floor(expected - half + 0.5)),
    highCents: Math.min(totalCents, Math.floor(expected + half + 0.5)),
    totalCents,
    deals,
    noValue,
  };
}
