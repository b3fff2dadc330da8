import { dealsByProspect, standingOf } from '../deals.js';
import type { Db, IsoDay, Stage } from '../types.js';
import type { ExportKind } from './records.js';

/** `meld export --campaign --stage --tag --since --until`: which records an export keeps. */
export interface ExportFilters {
  /** A campaign's id; null: those without a campaign. */
  campaignId?: string | null;
  stage?: Stage;
  tag?: string;
  /** Inclusive days, on the kind exported: a prospect by the day meld added it, a follow-up by
   * its due day, an activity by its day, a campaign by its start. */
  since?: IsoDay;
  until?: IsoDay;
}

export function hasFilters(f: ExportFilters): boolean {
  return Object.values(f).some((v) => v !== undefined);
}

const inRange = (day: string, f: ExportFilters) =>
  (f.since === undefined || day >= f.since) && (f.until === undefined || day <= f.until);

/**
 * The part of the data an export with filters writes: the prospects that match (campaign,
 * stage, tag), and only their follow-ups and activities; the date range applies to the kind
 * exported. `dayOf` turns an instant into the user's day. A filtered copy of the lists: the
 * data file is not changed.
 */
export function filterForExport(db: Db, kind: ExportKind, f: ExportFilters, dayOf: (instant: string) => IsoDay): Db {
  if (!hasFilters(f)) return db;
  const all: ExportFilters = {};
  const range = (k: ExportKind) => (k === kind ? f : all);
  const tag = f.tag?.trim().toLowerCase();
  const byProspect = f.campaignId !== undefined || f.stage !== undefined || tag !== undefined;
  const deals = dealsByProspect(db.deals);
  // A person's stage is where their deals leave them (deals.ts standingOf).
  const prospects = db.prospects.filter(
    (p) =>
      (f.campaignId === undefined || p.campaign === f.campaignId) &&
      (f.stage === undefined || standingOf(deals.get(p.id) ?? []).stage === f.stage) &&
      (tag === undefined || p.tags.includes(tag)) &&
      inRange(dayOf(p.createdAt), range('prospects')),
  );
  const kept = new Set((byProspect ? prospects : db.prospects).map((p) => p.id));
  return {
    ...db,
    prospects,
    campaigns: db.campaigns.filter(
      (c) => (f.campaignId === undefined || c.id === f.campaignId) && inRange(c.start, range('campaigns')),
    ),
    deals: db.deals.filter((d) => kept.has(d.prospectId)),
    followUps: db.followUps.filter((x) => kept.has(x.prospectId) && inRange(x.due, range('followups'))),
    activities: db.activities.filter((a) => kept.has(a.prospectId) && inRange(dayOf(a.at), range('activities'))),
  };
}
