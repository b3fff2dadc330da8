import { normaliseEmail, searchKey, slugify } from './text.js';
import type { Campaign, Db, Prospect } from './types.js';

export type Lookup<T> = { kind: 'one'; item: T } | { kind: 'none' } | { kind: 'many'; matches: T[] };

/** A `<prospect>` argument: a numeric id, an email, or a part of the name matching one. */
export function findProspect(prospects: readonly Prospect[], ref: string): Lookup<Prospect> {
  const text = ref.trim().replace(/^#/, '');
  if (/^\d+$/.test(text)) {
    const id = Number(text);
    const hit = prospects.find((p) => p.id === id);
    return hit ? { kind: 'one', item: hit } : { kind: 'none' };
  }
  if (text === '') return { kind: 'none' };
  if (text.includes('@')) {
    const email = normaliseEmail(text);
    const hit = prospects.find((p) => p.email !== null && normaliseEmail(p.email) === email);
    if (hit) return { kind: 'one', item: hit };
  }
  const key = searchKey(text);
  const exact = prospects.filter((p) => searchKey(p.name) === key);
  if (exact.length === 1) return { kind: 'one', item: exact[0]! };
  const partial = exact.length > 1 ? exact : prospects.filter((p) => searchKey(p.name).includes(key));
  if (partial.length === 1) return { kind: 'one', item: partial[0]! };
  return partial.length === 0 ? { kind: 'none' } : { kind: 'many', matches: partial };
}

/** A `<campaign>` argument: its slug or its name, case-insensitive (or the slug of its name). */
export function findCampaign(campaigns: readonly Campaign[], ref: string): Campaign | undefined {
  const text = ref.trim().toLowerCase();
  const slug = slugify(ref);
  return (
    campaigns.find((c) => c.id === text) ??
    campaigns.find((c) => c.name.toLowerCase() === text) ??
    (slug ? campaigns.find((c) => c.id === slug) : undefined) ??
    // A renamed campaign keeps its id: its new name's slug finds it too (`spring-webinar` after
    // `campaign rename sprng-webinar "Spring Webinar"`).
    (slug ? campaigns.find((c) => slugify(c.name) === slug) : undefined)
  );
}

/** Nearest known words for "did you mean" hints (edit distance ≤ 2 or a shared prefix). */
export function nearest(word: string, known: readonly string[]): string[] {
  const w = word.toLowerCase();
  return known
    .map((k) => ({ k, d: editDistance(w, k.toLowerCase()) }))
    .filter(
      ({ k, d }) =>
        d <= Math.max(1, Math.min(2, Math.floor(w.length / 3))) || (w.length >= 3 && k.toLowerCase().startsWith(w)),
    )
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ k }) => k);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The prospects of a db by id, built once per run instead of searching per row. */
export function prospectIndex(db: Pick<Db, 'prospects'>): Map<number, Prospect> {
  return new Map(db.prospects.map((p) => [p.id, p]));
}

/** Prospects grouped by the campaign that brought them (null: none), in one pass. */
export function prospectsByCampaign<P extends Pick<Prospect, 'campaign'>>(
  prospects: readonly P[],
): Map<string | null, P[]> {
  const groups = new Map<string | null, P[]>();
  for (const p of prospects) {
    const group = groups.get(p.campaign);
    if (group) group.push(p);
    else groups.set(p.campaign, [p]);
  }
  return groups;
}
