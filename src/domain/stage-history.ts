// A deal's stage history as one spreadsheet cell, compact and exact both ways:
//   new 2026-01-02T09:15:00Z; proposal 2026-02-03T14:30:00Z; lost 2026-03-01 "too expensive"
// Each step is its stage and when it happened: the day alone when the step was at midnight in
// the business time zone (as an import of a day makes it), else the instant in UTC (milliseconds
// only when there are any); a reason, when the step has one, follows as a JSON string (so any
// `;` or quote in it is safe). `meld export deals` writes it; `meld import` reads it back.
import { dayStart, toDay } from './dates.js';
import { STAGES, type Stage, type StageChange } from './types.js';

function when(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  const day = toDay(date);
  if (dayStart(day).getTime() === date.getTime()) return day;
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

export function compactHistory(history: readonly StageChange[]): string {
  return history
    .map((h) => `${h.stage} ${when(h.at)}${h.reason !== undefined ? ` ${JSON.stringify(h.reason)}` : ''}`)
    .join('; ');
}

// A step: the stage, a day or an instant, an optional JSON string, then `;` or the end.
const STEP =
  /\s*([A-Za-z]+)\s+(\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d))?)(?:\s+("(?:[^"\\]|\\.)*"))?\s*(?:;|$)/y;

/** A compact history read back; null when the text is not one (a stage meld does not know, a bad date). */
export function parseCompactHistory(text: string): StageChange[] | null {
  const steps: StageChange[] = [];
  const input = text.trim();
  if (input === '') return null;
  STEP.lastIndex = 0;
  while (STEP.lastIndex < input.length) {
    const start = STEP.lastIndex;
    const m = STEP.exec(input);
    if (!m || STEP.lastIndex === start) return null;
    const stage = m[1]!.toLowerCase();
    if (!(STAGES as readonly string[]).includes(stage)) return null;
    const day = /^\d{4}-\d\d-\d\d$/.test(m[2]!);
    const date = day ? dayStart(m[2]!) : new Date(m[2]!.replace(' ', 'T'));
    if (Number.isNaN(date.getTime()) || (day && toDay(date) !== m[2])) return null;
    let reason: string | undefined;
    if (m[3] !== undefined) {
      try {
        reason = JSON.parse(m[3]) as string;
      } catch {
        return null;
      }
    }
    const at = date.toISOString();
    steps.push(reason === undefined ? { stage: stage as Stage, at } : { stage: stage as Stage, at, reason });
  }
  return steps.length > 0 ? steps : null;
}
