/** A ratio with a zero divisor is null, never NaN or Infinity; rounded once, half up, to
 * `digits` decimals, so JSON carries 0.3333 rather than 0.333333333 (exactly, for whole numbers:
 * 2.95 stays 2.95 and rounds to 3.0, never to 2.9 through a float 2.9499999). */
export function ratio(numerator: number, divisor: number, digits = 4): number | null {
  if (divisor === 0 || !Number.isFinite(numerator) || !Number.isFinite(divisor)) return null;
  if (Number.isSafeInteger(numerator) && Number.isSafeInteger(divisor)) return exactRound(numerator, divisor, digits);
  return round(numerator / divisor, digits);
}

/** numerator ÷ divisor (whole numbers, divisor ≠ 0) rounded once, half up, to `digits` decimals. */
export function exactRound(numerator: number, divisor: number, digits: number): number {
  const sign = divisor < 0 ? -1n : 1n;
  const scaled = divRoundHalfUp(BigInt(numerator) * 10n ** BigInt(digits) * sign, BigInt(divisor) * sign);
  const value = Number(scaled) / 10 ** digits;
  return Object.is(value, -0) ? 0 : value;
}

/** a ÷ b rounded to a whole number, half up (towards +∞ on an exact half); b > 0. The one
 * rounding rule of meld's figures. */
export function divRoundHalfUp(a: bigint, b: bigint): bigint {
  const twice = 2n * a + b; // floor((2a + b) / 2b) = floor(a/b + 1/2)
  const d = 2n * b;
  const q = twice / d;
  return twice % d !== 0n && twice < 0n ? q - 1n : q;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Whole cents per unit: cost ÷ count rounded once to the cent, half up. Null when the count
 * is 0, and when the cost is zero or negative: a cost per prospect of $0 or −$50 is no figure. */
export function centsPer(cents: number, count: number): number | null {
  return count === 0 || cents <= 0 ? null : Number(divRoundHalfUp(BigInt(cents), BigInt(count)));
}

/** The middle value (mean of the two middle ones for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Rounds amounts to whole units so that they still add up to the rounded total
 * (largest remainder): periods of a campaign always sum to what the campaign cost.
 */
export function roundPreservingSum(values: readonly number[]): number[] {
  const floors = values.map((v) => Math.floor(v));
  let missing = Math.round(values.reduce((a, b) => a + b, 0)) - floors.reduce((a, b) => a + b, 0);
  const order = values.map((v, i) => ({ i, rest: v - Math.floor(v) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  const out = [...floors];
  for (const { i } of order) {
    if (missing <= 0) break;
    out[i]! += 1;
    missing -= 1;
  }
  return out;
}
