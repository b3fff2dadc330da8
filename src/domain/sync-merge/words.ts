import { collectionsOf, type Rec } from './collections.js';
import type { Db, MergeReport } from './three-way.js';
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
  counts: Array<{ collection: string; added: number; changed: number; removed: number; done?: number }>;
  /** "2 prospects added, 1 follow-up done": empty when nothing came in. */
  text: string;
}

const plural = (n: number, words: [string, string]) => `${n} ${n === 1 ? words[0] : words[1]}`;

/** What came in from the other side: the merged file compared with ours (the merge's own notes left out). */
export function describeIncoming(ours: Db, merged: Db, report?: MergeReport): Incoming {
  const notes = new Set(report?.notes ?? []);
  const counts: Incoming['counts'] = [];
  const parts: string[] = [];
  for (const spec of collectionsOf(ours, merged)) {
    const before = new Map(((ours[spec.key] as Rec[] | undefined) ?? []).map((r) => [r.id, r]));
    const after = (merged[spec.key] as Rec[] | undefined) ?? [];
    let added = 0;
    let changed = 0;
    let done = 0;
    const seen = new Set<number | string>();
    for (const r of after) {
      seen.add(r.id);
      if (spec.key === 'activities' && notes.has(r.id as number)) continue;
      const was = before.get(r.id);
      if (!was) added += 1;
      else if (!same(was, r)) {
        if (spec.key === 'followUps' && was.status === 'open' && r.status === 'done') done += 1;
        else changed += 1;
      }
    }
    let removed = 0;
    for (const id of before.keys()) if (!seen.has(id)) removed += 1;
    const words = spec.words;
    if (added) parts.push(`${plural(added, words)} added`);
    if (done) parts.push(`${plural(done, words)} done`);
    if (changed) parts.push(`${plural(changed, words)} changed`);
    if (removed) parts.push(`${plural(removed, words)} removed`);
    counts.push(
      spec.key === 'followUps'
        ? { collection: spec.key, added, changed, removed, done }
        : { collection: spec.key, added, changed, removed },
    );
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
