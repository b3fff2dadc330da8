import { collectionsOf, type Rec } from './collections.js';
import type { Db, MergeReport } from './types.js';
import { same } from './values.js';

/** A field's value in a conflict message: money in the file's currency, text quoted, null as "nothing". */
export function formatValue(field: string, value: unknown, currency: string): string {
  if (value === null || value === undefined) return 'nothing';
  const leaf = field.slice(field.lastIndexOf('.') + 1);
  if (typeof value === 'number' && (/Cents$/.test(leaf) || leaf === 'cents')) {
    try {
      return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value / 100);
    } catch {
      return `${(value / 100).toFixed(2)} ${currency}`;
    }
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The note activity that writes down a conflict's losing values, in the shape of the file's schema. */
export function noteActivity(db: Db, id: number, prospectId: number, text: string, at: string): Rec {
  const note: Rec = { id, prospectId, type: 'note', text, at, campaign: null };
  if (typeof db.version === 'number' && db.version >= 4) {
    note.topics = [];
    note.mail = null;
    note.updatedAt = at;
  }
  return note;
}

export interface Incoming {
  /** Per collection: how many records the merge added, changed and removed compared with ours. */
  counts: Array<{
    collection: string;
    added: number;
    changed: number;
    deleted: number;
    renumbered: number;
    done?: number;
  }>;
  /** "2 prospects added, 1 follow-up done": empty when nothing came in. */
  text: string;
}

/** Equal apart from `skip` (the id and references, which follow renumbering). */
function sameExcept(a: Rec, b: Rec, skip: Set<string>): boolean {
  for (const k of Object.keys(a)) if (!skip.has(k) && !same(a[k], b[k])) return false;
  for (const k of Object.keys(b)) if (!skip.has(k) && !(k in a) && b[k] !== undefined) return false;
  return true;
}

const plural = (n: number, words: [string, string]) => `${n} ${n === 1 ? words[0] : words[1]}`;

/**
 * What came in from the other side: the merged file compared with ours (the merge's own notes left
 * out). Records are matched by what they are (creation time), so one the other device renumbered
 * counts as renumbered, not as a change; references are not compared (they follow renumbering).
 */
export function describeIncoming(ours: Db, merged: Db, report?: MergeReport): Incoming {
  const notes = new Set(report?.notes ?? []);
  const counts: Incoming['counts'] = [];
  const parts: string[] = [];
  for (const spec of collectionsOf(ours, merged)) {
    const beforeList = (ours[spec.key] as Rec[] | undefined) ?? [];
    const before = new Map(beforeList.map((r) => [r.id, r]));
    // Built only when a record is not where it was (renumbered): most merges never need it.
    let byIdentity: Map<string, Rec | null> | null = null;
    const moved = (key: string) => {
      if (!byIdentity) {
        byIdentity = new Map();
        for (const r of beforeList) {
          const k = spec.identity(r);
          if (k) byIdentity.set(k, byIdentity.has(k) ? null : r);
        }
      }
      return byIdentity.get(key) ?? undefined;
    };
    const after = (merged[spec.key] as Rec[] | undefined) ?? [];
    const skip = new Set(['id', ...spec.refs.map((r) => r.field)]);
    let added = 0;
    let changed = 0;
    let done = 0;
    let renumbered = 0;
    const seen = new Set<number | string>();
    for (const r of after) {
      if (spec.key === 'activities' && notes.has(r.id as number)) continue;
      const atId = before.get(r.id);
      let was = atId && (atId === r || spec.identity(atId) === spec.identity(r)) ? atId : undefined;
      if (!was) {
        const key = spec.identity(r);
        was = key ? moved(key) : undefined;
        if (was) renumbered += 1;
      }
      if (!was) {
        added += 1;
        continue;
      }
      seen.add(was.id);
      if (was !== r && !sameExcept(was, r, skip)) {
        if (spec.key === 'followUps' && was.status === 'open' && r.status === 'done') done += 1;
        else changed += 1;
      }
    }
    let removed = 0;
    for (const r of beforeList) if (!seen.has(r.id)) removed += 1;
    const words = spec.words;
    if (added) parts.push(`${plural(added, words)} added`);
    if (done) parts.push(`${plural(done, words)} done`);
    if (changed) parts.push(`${plural(changed, words)} changed`);
    if (renumbered) parts.push(`${plural(renumbered, words)} renumbered`);
    if (removed) parts.push(`${plural(removed, words)} removed`);
    const count = { collection: spec.key, added, changed, deleted: removed, renumbered };
    counts.push(spec.key === 'followUps' ? { ...count, done } : count);
  }
  return { counts, text: parts.join(', ') };
}

/** The merge's decisions in lines: renumbered records, records kept against a removal, conflicts. */
export function reportLines(report: MergeReport): string[] {
  return [
    ...report.renumbered.map((r) => `renumbered ${r.text}`),
    ...report.kept.map((k) => k.text),
    ...report.conflicts.map((c) => `conflict: ${c.text}`),
  ];
}
