import { searchKey } from './text.js';
import type { Db, IsoDay, Prospect, Stage } from './types.js';

export interface ProspectFilter {
  campaign?: string;
  stage?: Stage;
  tag?: string;
  /** Accent- and case-insensitive, over name, email and company. */
  search?: string;
}

export function filterProspects(prospects: readonly Prospect[], filter: ProspectFilter): Prospect[] {
  const tag = filter.tag?.trim().toLowerCase();
  const key = filter.search !== undefined ? searchKey(filter.search.trim()) : undefined;
  return prospects.filter(
    (p) =>
      (filter.campaign === undefined || p.campaign === filter.campaign) &&
      (filter.stage === undefined || p.stage === filter.stage) &&
      (tag === undefined || p.tags.includes(tag)) &&
      (key === undefined ||
        [p.name, p.email, p.company].some((field) => field !== null && searchKey(field).includes(key))),
  );
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
  return new Map([...nextFollowUps(db)].map(([prospectId, f]) => [prospectId, f.due]));
}
