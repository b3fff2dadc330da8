/*
 * Values inside records: equality, when a record last changed, and the three-way merge of one
 * list (as a set ordered by time). Pure.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Equal as JSON values (key order does not matter; `undefined` is a missing key). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!same(ao[k], bo[k])) return false;
  return true;
}

/** A canonical text of a value (sorted keys): the identity of a list element. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const TIME_KEYS = ['updatedAt', 'createdAt', 'doneAt', 'at'];

/**
 * When a record last changed: its `updatedAt`; a record without one (schema 3) is judged by the
 * evidence inside it, the latest time it holds (created, closed, a stage change, an adjustment).
 * ISO instants in UTC compare as text.
 */
export function changeTime(r: Record<string, unknown>): string {
  if (typeof r.updatedAt === 'string') return r.updatedAt;
  let latest = '';
  for (const k of TIME_KEYS) {
    const v = r[k];
    if (typeof v === 'string' && v > latest) latest = v;
  }
  for (const v of Object.values(r)) {
    if (!Array.isArray(v)) continue;
    for (const el of v) {
      if (isObject(el) && typeof el.at === 'string' && el.at > latest) latest = el.at;
    }
  }
  return latest;
}

/** An element's place in time, when the list has one: when it was recorded, else from when it runs. */
function timeOf(el: unknown): string | null {
  if (!isObject(el)) return null;
  if (typeof el.at === 'string') return el.at;
  if (typeof el.from === 'string') return el.from;
  if (typeof el.day === 'string') return el.day;
  return null;
}

/**
 * A list changed on both sides, merged as a set: what both kept of the base, plus what each
 * added; an element one side removed stays removed. Never duplicated; ordered by time when every
 * element has one (stage history, spend, rates, pauses, adjustments), else ours first.
 */
export function mergeList(base: unknown[] | undefined, ours: unknown[], theirs: unknown[]): unknown[] {
  const inBase = new Set((base ?? []).map(canonical));
  const inOurs = new Set(ours.map(canonical));
  const inTheirs = new Set(theirs.map(canonical));
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const el of [...ours, ...theirs]) {
    const k = canonical(el);
    if (seen.has(k)) continue;
    seen.add(k);
    if (inBase.has(k) && !(inOurs.has(k) && inTheirs.has(k))) continue;
    out.push(el);
  }
  const times = out.map(timeOf);
  if (times.every((t) => t !== null)) {
    const order = out.map((el, i) => ({ el, t: times[i]!, i }));
    order.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
    return order.map((o) => o.el);
  }
  return out;
}

export { isObject };
