/** A ratio with a zero divisor is null, never NaN or Infinity; rounded to `digits` decimals
 * so JSON carries 0.3333 rather than 0.333333333. */
export function ratio(numerator: number, divisor: number, digits = 4): number | null {
  if (divisor === 0 || !Number.isFinite(numerator) || !Number.isFinite(divisor)) return null;
  return round(numerator / divisor, digits);
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Whole cents per unit: cost ÷ count rounded to the cent, null when count is 0. */
export function centsPer(cents: number, count: number): number | null {
  return count === 0 ? null : Math.round(cents / count);
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
