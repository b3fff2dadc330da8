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
