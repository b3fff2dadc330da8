import type { Side, Period } from '../domain/periods.js';
import { toDay } from '../domain/dates.js';
import { MIN_DAYS, roundP, SIGNIFICANCE } from '../domain/verdict.js';
import { compactMoney } from './campaigns.js';
import { plural } from './format.js';
import { cleanLine, truncate } from './sanitize.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "p = 0.012", "p < 0.001". */
export function pText(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  // Three decimals, unless they would round a clear result up to the line (0.0499 → "0.050").
  return `p = ${p < SIGNIFICANCE && Number(p.toFixed(3)) >= SIGNIFICANCE ? roundP(p, 4).toFixed(4) : p.toFixed(3)}`;
}

/** "Apr 15". */
export function shortDay(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`;
}

const days = (side: Side) => `${side.days} ${side.days === 1 ? 'day' : 'days'}`;

/**
 * The verdict on an adjustment in words: "after 'moved to social' (Apr 15): 1 prospect in 14
 * days vs 14 in the 14 days before: worse (p = 0.001)", then cost per prospect before/after.
 */
export function verdictLine(period: Period, currency: string): string | null {
  return verdictAtoms(period, currency)?.join(' ') ?? null;
}

/** The verdict line in pieces that a narrow terminal may put on lines of their own. */
export function verdictAtoms(period: Period, currency: string): string[] | null {
  const c = period.compare;
  if (!c || !period.adjustment) return null;
  // The note as the owner wrote it, cut so the date after it stays on the line.
  const what = period.adjustment.note
    ? `'${truncate(cleanLine(period.adjustment.note), 36).replace(/\s+\u2026$/, '…')}'`
    : Object.keys(period.adjustment.changes).join(', ') || 'the adjustment';
  const head = `after ${what} (${shortDay(toDay(new Date(period.adjustment.at)))})`;
  // A change made in a campaign's first days has too little before it, however long after runs:
  // "too early" would suggest that waiting helps.
  const neverComparable = c.verdict === 'too early' && c.before.days < MIN_DAYS && c.after.days >= MIN_DAYS;
  const verdict = neverComparable
    ? 'too early (too little ran before the change to compare)'
    : c.pValue === null
      ? c.verdict
      : `${c.verdict} (${pText(c.pValue)})`;
  const atoms = [
    `${head}:`,
    `${plural(c.after.prospects, 'prospect')} in ${days(c.after)}`,
    `vs ${c.before.prospects} in the ${days(c.before)} before:`,
    c.verdict === 'too early' ? verdict : `${verdict};`,
  ];
  if (c.verdict !== 'too early') {
    atoms.push(
      `cost per prospect ${compactMoney(c.costPerProspectBeforeCents, currency)} before,`,
      `${compactMoney(c.costPerProspectAfterCents, currency)} after`,
    );
  }
  return atoms;
}
