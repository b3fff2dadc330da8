/*
 * Answers computed "as of" an instant (the agenda's deals, the campaign report) depend on that
 * instant only through which of the data's timestamps lie at or before it. An answer computed at
 * `at` is therefore the answer at any other instant with the same timestamps on either side: the
 * window from the latest timestamp at or before `at` to the earliest one after it.
 */

/** An ISO 8601 instant as meld writes them (`2026-11-27T10:00:00.000Z`, or with an offset). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export interface InstantWindow {
  /** The latest instant in the data at or before `at` (ms), or null when there is none. */
  from: number | null;
  /** The earliest instant in the data after `at` (ms), or null when there is none. */
  until: number | null;
}

/** The window around `at` (ms) that no instant written anywhere in `value` falls into. Iterative. */
export function instantWindow(value: unknown, at: number): InstantWindow {
  let from: number | null = null;
  let until: number | null = null;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.length < 16 || v.length > 35 || v.charCodeAt(4) !== 0x2d || !INSTANT.test(v)) continue;
      const t = Date.parse(v);
      if (Number.isNaN(t)) continue;
      if (t <= at) from = from === null ? t : Math.max(from, t);
      else until = until === null ? t : Math.min(until, t);
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return { from, until };
}

/** Whether the instant `at` (ms) lies in the window (same timestamps on either side). */
export const inWindow = (w: InstantWindow, at: number) =>
  (w.from === null || w.from <= at) && (w.until === null || at < w.until);
