import { dealsByProspect, standingOf } from '../deals.js';
import { type Db, type Deal, type IsoDay, isOpenStage, type Stage } from '../types.js';
import type { ExportKind } from './records.js';

/** `meld export --campaign --stage --tag --since --until`: which records an export keeps. A
 * deals export reads `campaignId` and `stage` on the deal (the campaign it is credited to). */
export interface ExportFilters {
  /** A campaign's id; null: those without a campaign. */
  campaignId?: string | null;
  /** Any of these stages (`--stage won,lost`). */
  stages?: readonly Stage[];
  /** Deals only (`--open`, `--won`, `--lost`). */
  status?: 'open' | 'won' | 'lost';
  tag?: string;
  /** Inclusive days, on the kind exported: a prospect by the day meld added it, a deal by the
   * day it was opened, a follow-up by its due day, an activity by its day, a campaign by its start. */
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
  if (kind === 'deals') return { ...db, deals: dealsForExport(db, f, dayOf) };
  const all: ExportFilters = {};
  const range = (k: ExportKind) => (k === kind ? f : all);
  const tag = f.tag?.trim().toLowerCase();
  const byProspect = f.campaignId !== undefined || f.stages !== undefined || tag !== undefined;
  const deals = dealsByProspect(db.deals);
  // A person's stage is where their deals leave them (deals.ts standingOf).
  const prospects = db.prospects.filter(
    (p) =>
      (f.campaignId === undefined || p.campaign === f.campaignId) &&
      (f.stages === undefined || f.stages.includes(standingOf(deals.get(p.id) ?? []).stage!)) &&
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

const STATUS: Record<NonNullable<ExportFilters['status']>, (d: Deal) => boolean> = {
  open: (d) => isOpenStage(d.stage),
  won: (d) => d.stage === 'won',
  lost: (d) => d.stage === 'lost',
};

/** The deals a deals export keeps: by their own campaign, stage and day opened, and their
 * person's tag. Everyone stays in the data, so each deal still names its person. */
function dealsForExport(db: Db, f: ExportFilters, dayOf: (instant: string) => IsoDay): Deal[] {
  const tag = f.tag?.trim().toLowerCase();
  const tagged = tag === undefined ? null : new Set(db.prospects.filter((p) => p.tags.includes(tag)).map((p) => p.id));
  return db.deals.filter(
    (d) =>
      (f.campaignId === undefined || d.campaign === f.campaignId) &&
      (f.stages === undefined || f.stages.includes(d.stage)) &&
      (f.status === undefined || STATUS[f.status](d)) &&
      (tagged === null || tagged.has(d.prospectId)) &&
      inRange(dayOf(d.createdAt), f),
  );
}
