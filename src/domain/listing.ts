import { lastActivityIndex } from './agenda.js';
import { searchKey } from './text.js';
import type { ProspectView } from './deals.js';
import { isOpenStage, type Activity, type Db, type IsoDay, type Stage } from './types.js';
import { compareIso } from './dates.js';

const ASCII = /^[\x00-\x7f]*$/;

/** Each filter keeps a prospect matching any of its values; filters combine with "and". */
export interface ProspectFilter {
  /** Campaign ids; null: no campaign. */
  campaign?: readonly (string | null)[];
  stage?: readonly Stage[];
  tag?: readonly string[];
  /** Accent- and case-insensitive, over name, email, company and the prospect's notes and activities. */
  search?: string;
}

/** Prospects matching the filter; `activities` are searched too when given (`--search` looks in notes). */
export function filterProspects<P extends ProspectView>(
  prospects: readonly P[],
  filter: ProspectFilter,
  activities: readonly Pick<Activity, 'prospectId' | 'text'>[] = [],
): P[] {
  const tags = filter.tag?.map((t) => t.trim().toLowerCase());
  const campaigns = filter.campaign ? new Set(filter.campaign) : undefined;
  const stages = filter.stage ? new Set(filter.stage) : undefined;
  const key = filter.search !== undefined ? searchKey(filter.search.trim()) : undefined;
  let inNotes: Set<number> | undefined;
  if (key !== undefined) {
    inNotes = new Set();
    for (const a of activities) if (!inNotes.has(a.prospectId) && fold(a.text).includes(key)) inNotes.add(a.prospectId);
  }
  const found = (field: string | null) => field !== null && fold(field).includes(key!);
  return prospects.filter(
    (p) =>
      (campaigns === undefined || campaigns.has(p.campaign)) &&
      (stages === undefined || (p.stage !== null && stages.has(p.stage))) &&
      (tags === undefined || tags.some((t) => p.tags.includes(t))) &&
      (key === undefined || inNotes!.has(p.id) || found(p.name) || found(p.email) || found(p.company)),
  );
}

/** searchKey, where plain ASCII (most names, emails and notes) needs no accent folding: lower
 * case is the same and much cheaper (#19: a search folded three fields of every prospect). */
const fold = (text: string) => (ASCII.test(text) ? text.toLowerCase() : searchKey(text));

export const PROSPECT_SORTS = ['name', 'value', 'created', 'last-contact', 'next'] as const;
export type ProspectSort = (typeof PROSPECT_SORTS)[number];

/**
 * Prospects in the order `sort` means: name A→Z, value biggest first, created newest first,
 * last-contact oldest first (who to chase), next follow-up soonest first. Prospects without a
 * value or a next follow-up come last either way; ties go by id. `reverse` flips the order
 * (those without a value or a next follow-up stay last).
 */
export function sortProspects<P extends ProspectView>(
  prospects: readonly P[],
  sort: ProspectSort,
  db: Pick<Db, 'prospects' | 'deals' | 'activities' | 'followUps'>,
  reverse = false,
): P[] {
  const dir = reverse ? -1 : 1;
  const missingLast = <T>(x: T | null | undefined, y: T | null | undefined, cmp: (x: T, y: T) => number) =>
    x == null ? (y == null ? 0 : 1) : y == null ? -1 : dir * cmp(x, y);
  let compare: (a: P, b: P) => number;
  if (sort === 'name') {
    // Folded once per prospect, not once per comparison: 20,000 names sort in milliseconds.
    const keys = new Map(prospects.map((p) => [p.id, searchKey(p.name)]));
    compare = (a, b) => {
      const x = keys.get(a.id)!;
      const y = keys.get(b.id)!;
      return dir * (x < y ? -1 : x > y ? 1 : 0);
    };
  } else if (sort === 'value') {
    compare = (a, b) => missingLast(a.valueCents, b.valueCents, (x, y) => y - x);
  } else if (sort === 'created') {
    compare = (a, b) => dir * (compareIso(b.createdAt, a.createdAt) || b.id - a.id);
  } else if (sort === 'last-contact') {
    const last = lastActivityIndex(db);
    compare = (a, b) => dir * compareIso(last.get(a.id) ?? a.createdAt, last.get(b.id) ?? b.createdAt);
  } else {
    const next = nextFollowUpDays(db);
    compare = (a, b) => missingLast(next.get(a.id), next.get(b.id), (x, y) => compareIso(x, y));
  }
  return [...prospects].sort((a, b) => compare(a, b) || dir * (a.id - b.id));
}

/** The count and the value of the open deals (stages before won and lost) of `prospects`. */
export function listTotals(prospects: readonly ProspectView[]): { count: number; openCents: number } {
  let openCents = 0;
  for (const p of prospects) if (isOpenStage(p.stage) && p.valueCents !== null) openCents += p.valueCents;
  return { count: prospects.length, openCents };
}

/** Each prospect's soonest open follow-up (the lower id when two are due the same day). */
export function nextFollowUps(db: Pick<Db, 'followUps'>): Map<number, { id: number; due: IsoDay }> {
  const next = new Map<number, { id: number; due: IsoDay }>();
  for (const f of db.followUps) {
    if (f.status !== 'open') continue;
    const seen = next.get(f.prospectId);
    if (seen === undefined || f.due < seen.due || (f.due === seen.due && f.id < seen.id))
      next.set(f.prospectId, { id: f.id, due: f.due });
  }
  return next;
}

/** Each prospect's soonest open follow-up date. */
export function nextFollowUpDays(db: Pick<Db, 'followUps'>): Map<number, IsoDay> {
  const days = new Map<number, IsoDay>();
  for (const [prospectId, f] of nextFollowUps(db)) days.set(prospectId, f.due);
  return days;
}
