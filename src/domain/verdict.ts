/** What a change did to the pace of new prospects. */
export const VERDICTS = ['better', 'worse', 'no clear change', 'too early'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A pace over fewer days than this is not shown: too early to tell. */
export const MIN_DAYS = 3;
/** The line below which a difference counts as clear. */
export const SIGNIFICANCE = 0.05;

type LogGamma = (x: number) => number;
let logGamma: LogGamma | undefined;

/**
 * simple-statistics' log-gamma, loaded on first use: the package computes its tables as it loads
 * (~1.5 ms), which every run paid, though only a verdict worked out afresh needs it (an agenda or
 * report kept between runs does not). A require() where it is used: the build makes it a require
 * of dist/vendor/simple-statistics.cjs.
 */
function gammaln(x: number): number {
  logGamma ??= (require('simple-statistics') as { gammaln: LogGamma }).gammaln;
  return logGamma(x);
}

/** P(X = k) for X ~ Binomial(n, p), through log-gamma so large n stays finite. */
function binomialPmf(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/**
 * Exact two-sided p-value of a binomial test: the probability, under Binomial(n, p), of an
 * outcome no more likely than `k` (the "minimum likelihood" method, as R's binom.test).
 */
export function binomialTest(k: number, n: number, p: number): number {
  if (n === 0) return 1;
  const observed = binomialPmf(k, n, p);
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const pi = binomialPmf(i, n, p);
    if (pi <= observed * (1 + 1e-7)) total += pi;
  }
  return Math.min(1, total);
}

export interface Comparison {
  verdict: Verdict;
  /** Null when too early. */
  pValue: number | null;
}

/**
 * Compares two counts of prospects over their days (before and after a change). Under "the
 * change made no difference" both come at the same rate, so given the total n, the count after
 * is Binomial(n, daysAfter / (daysBefore + daysAfter)): a conditional binomial test, exact for
 * small counts. Either side under MIN_DAYS days is too early.
 */
export function compareCounts(kBefore: number, daysBefore: number, kAfter: number, daysAfter: number): Comparison {
  if (daysBefore < MIN_DAYS || daysAfter < MIN_DAYS) return { verdict: 'too early', pValue: null };
  const n = kBefore + kAfter;
  const pValue = binomialTest(kAfter, n, daysAfter / (daysBefore + daysAfter));
  if (pValue >= SIGNIFICANCE) return { verdict: 'no clear change', pValue };
  return { verdict: kAfter / daysAfter > kBefore / daysBefore ? 'better' : 'worse', pValue };
}

/**
 * A p-value rounded to `decimals` for showing, never across the line: 0.04997 is 0.0499, not
 * 0.05, beside a clear verdict.
 */
export function roundP(p: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(p * f) / f;
  return p < SIGNIFICANCE && r >= SIGNIFICANCE ? Math.floor(p * f) / f : r;
}
