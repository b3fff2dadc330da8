// What an import plan is: the changes an import would make, row by row, before any is made.
// ./plan.ts makes one from rows of people (./match.ts, ./addition.ts, ./fill.ts, ./extras.ts,
// ./campaigns.ts and ./referrals.ts each plan a step), ./records.ts and ./deals.ts from meld's
// follow-up, activity and deal exports; ./apply.ts makes its changes. ./plan.ts is the door
// the rest of meld goes through.
import type { Activity, Campaign, Db, Deal, FollowUp, IsoDay, Prospect, Stage, StageChange } from '../types.js';
import { COUNT, type RowAction } from './outcome.js';
import type { CellWarning, SourceRow } from './rows.js';

export type { RowAction } from './outcome.js';

export type OnDuplicate = 'skip' | 'update';

/** The lost reason of an imported lost prospect whose file gives none. */
export const LOST_REASON_NOT_GIVEN = 'not given (imported)';

export interface PlanOptions {
  onDuplicate: OnDuplicate;
  /** Id of the `--campaign` campaign: the default for rows that name none. */
  campaignId: string | null;
  /** `--tag`s, added to every imported prospect. */
  tags: string[];
  /** Names the import in the file and in `meld history`. */
  fileName: string;
  now: Date;
  /** A whole meld data file being imported: its campaigns (all of their settings), and the
   * follow-ups and activities of the prospects it adds, come along with the prospects. */
  source?: Pick<Db, 'campaigns' | 'followUps' | 'activities'>;
  /** Batch ids of recent imports (from the history): a new batch never reuses one. */
  recentBatches?: Iterable<string>;
}

/** The pipeline of the first deal an added prospect opens; ./apply.ts makes the deal of it. */
export interface FirstDeal {
  stage: Stage;
  valueCents: number | null;
  history: StageChange[];
  lostReason: string | null;
}

/** The fields `--on-duplicate update` may fill when they are empty. */
export interface Fill {
  /** A real name for a prospect named by their email. */
  name?: string;
  email?: string;
  company?: string;
  phone?: string;
  title?: string;
  campaign?: string;
  valueCents?: number;
  firstSeen?: IsoDay;
  tags?: string[];
  otherEmails?: string[];
  otherPhones?: string[];
  fields?: Record<string, string>;
  /** The referrer's id, set only on a prospect who has none. */
  referredBy?: number;
}

/** The fields a fill completes when they are empty (the rest of a Fill adds to what is there). */
export const FILLABLE = ['email', 'company', 'phone', 'title', 'campaign', 'valueCents', 'firstSeen'] as const;
export type Fillable = (typeof FILLABLE)[number];

export interface RowOutcome {
  line: number;
  action: RowAction;
  /** The prospect added, updated or duplicated (a would-be id in a dry run). */
  id: number | null;
  name: string | null;
  email: string | null;
  /** Why a row was skipped or rejected, or what an update fills. */
  detail: string | null;
  /** Cells of the row that could not be read and were kept as text (the person still came in). */
  warnings: CellWarning[];
}

export interface ImportPlan {
  batch: string;
  campaigns: Campaign[];
  /** The prospects the import adds, in the order planned: the very objects applying it puts in
   * the file (a half-million-row import holds each person once, #22). */
  additions: Prospect[];
  /** The first deal each of them opens: `firstDeals[i]` is `additions[i]`'s. */
  firstDeals: FirstDeal[];
  updates: Map<number, Fill>;
  notes: Array<{ prospectId: number; text: string }>;
  followUps: Array<{ prospectId: number; due: IsoDay }>;
  /** From a data file: the added prospects' follow-ups and activities, ids to be given on apply;
   * from meld's deals export: the deals it adds. */
  carried: {
    followUps: Array<Omit<FollowUp, 'id'>>;
    activities: Array<Omit<Activity, 'id'>>;
    deals?: Array<Omit<Deal, 'id'>>;
  };
  lastProspectId: number;
  rows: RowOutcome[];
  counts: { added: number; updated: number; skipped: number; rejected: number };
  /** Set when the file is meld's follow-up, activity or deal export: `carried` holds what it adds. */
  records?: 'followups' | 'activities' | 'deals';
  /** Deals on file an import of meld's prospects made, completed from meld's deals export. */
  dealUpdates?: Array<{ id: number; changes: Partial<Omit<Deal, 'id' | 'prospectId'>> }>;
  /** Notes for open follow-ups on file that have none (an import of meld's prospects made them). */
  followUpNotes?: Array<{ id: number; note: string }>;
}

/** Whether applying the plan would change anything at all. */
export function planChangesSomething(plan: ImportPlan): boolean {
  return (
    plan.additions.length > 0 ||
    plan.updates.size > 0 ||
    plan.notes.length > 0 ||
    plan.followUps.length > 0 ||
    plan.campaigns.length > 0 ||
    plan.carried.followUps.length > 0 ||
    plan.carried.activities.length > 0 ||
    (plan.carried.deals?.length ?? 0) > 0 ||
    (plan.dealUpdates?.length ?? 0) > 0 ||
    (plan.followUpNotes?.length ?? 0) > 0
  );
}

/**
 * `import-2026-11-27T10:00:00Z`, made unique if an import in the same second exists: one that
 * added prospects (their batch) or any other in `recent` (a follow-up or activity import adds
 * no prospect to carry its batch; the history names it).
 */
export function batchId(db: Pick<Db, 'prospects'>, now: Date, recent: Iterable<string> = []): string {
  const base = `import-${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  const taken = new Set<string>(recent);
  for (const p of db.prospects) if (p.batch !== null) taken.add(p.batch);
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** A plan for a new batch that adds nothing yet: every row still to be planned. */
export function emptyImportPlan(
  db: Pick<Db, 'prospects' | 'lastIds'>,
  now: Date,
  recentBatches: Iterable<string> = [],
): ImportPlan {
  return {
    batch: batchId(db, now, recentBatches),
    campaigns: [],
    additions: [],
    firstDeals: [],
    updates: new Map(),
    notes: [],
    followUps: [],
    carried: { followUps: [], activities: [] },
    lastProspectId: db.lastIds.prospect,
    rows: [],
    counts: { added: 0, updated: 0, skipped: 0, rejected: 0 },
  };
}

/**
 * Reports a row of one of meld's record exports (deals, follow-ups, activities) in the plan: the
 * person it was matched to, else the name and email the row gives, and the count it adds to.
 */
export function recordRowOutcome(
  plan: Pick<ImportPlan, 'rows' | 'counts'>,
  row: SourceRow,
  cell: (row: SourceRow, column: string) => string,
  outcome: { action: RowAction; person: Prospect | null; detail: string | null; warnings?: CellWarning[] },
): void {
  const { action, person, detail } = outcome;
  plan.rows.push({
    line: row.line,
    action,
    id: person?.id ?? null,
    name: person?.name ?? (cell(row, 'prospect_name') || null),
    email: person?.email ?? (cell(row, 'prospect_email') || null),
    detail,
    warnings: outcome.warnings ?? [],
  });
  plan.counts[COUNT[action]]++;
}
