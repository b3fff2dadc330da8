/** The latest of some instants, as written (compared as times: their offsets may differ). */
export function latestOf(first: string, ...more: Array<string | null | undefined>): string {
  let best = first;
  let bestMs = Date.parse(first);
  for (const at of more) {
    if (at == null) continue;
    const ms = Date.parse(at);
    if (ms > bestMs) {
      best = at;
      bestMs = ms;
    }
  }
  return best;
}

/**
 * Whether instant `a` is later than `b`, as times. Two instants meld wrote (`toISOString`: the
 * same length, in UTC) compare as text, which is fast on a long activity log; any other pair (an
 * offset from a hand edit or an import, no milliseconds) is parsed.
 */
export function isLater(a: string, b: string): boolean {
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a > b;
  return Date.parse(a) > Date.parse(b);
}
