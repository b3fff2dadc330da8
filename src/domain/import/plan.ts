import { toDay } from '../dates.js';
import { findCampaign } from '../lookup.js';
import { addActivity, addFollowUp, cleanTags } from '../prospects.js';
import { isValidEmail, normaliseEmail, slugify } from '../text.js';
import { addDeal, dealTitle, dealsByProspect, standingOf } from '../deals.js';
import { nextId } from '../ids.js';
import { latestOf } from '../instants.js';
import type { Activity, Campaign, Db, Deal, FollowUp, IsoDay, Prospect, Stage, StageChange } from '../types.js';

/** A prospect an import adds, with the pipeline of the first deal it opens for them. */
export interface PlannedProspect extends Prospect {
  stage: Stage;
  valueCents: number | null;
  history: StageChange[];
  lostReason: string | null;
}
import { companyMatchKey, nameMatchKey, personMatchKey, phoneMatchKey } from './dedupe.js';
import { COUNT, type Duplicate, duplicateOutcome, type RowAction } from './outcome.js';
import { PeopleIndex } from './people.js';
import { type ReferralCell, resolveReferrals } from './referrals.js';
import type { Candidate, CampaignRef, CellWarning, Rejection } from './rows.js';

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

export type { RowAction } from './outcome.js';

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
  additions: PlannedProspect[];
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
    updates: new Map(),
    notes: [],
    followUps: [],
    carried: { followUps: [], activities: [] },
    lastProspectId: db.lastIds.prospect,
    rows: [],
    counts: { added: 0, updated: 0, skipped: 0, rejected: 0 },
  };
}

const FILLABLE = ['email', 'company', 'phone', 'title', 'campaign', 'valueCents', 'firstSeen'] as const;
type Fillable = (typeof FILLABLE)[number];
const LABEL: Record<Fillable, string> = {
  email: 'email',
  company: 'company',
  phone: 'phone',
  title: 'title',
  campaign: 'campaign',
  valueCents: 'value',
  firstSeen: 'first seen',
};

/** How a row was found to be someone already on file or planned. */
interface Match {
  prospect: Prospect;
  how: 'email' | 'phone' | 'name' | 'nameOnly';
  /** The line of this file that planned the prospect; undefined for one on file. */
  earlierLine: number | undefined;
}

const HOW: Record<Match['how'], string> = {
  email: 'same email as',
  phone: 'same name and phone as',
  name: 'same name and company as',
  nameOnly: 'same name as',
};

/**
 * Decides, row by row, what an import does: add, fill an existing prospect (update), skip a
 * duplicate or reject. One method per step: `match` finds who a row is (email, then name +
 * phone, then name alone or name + company, each normalised as in ./dedupe.ts, looked up in
 * ./people.ts), `add` plans a new prospect, `fill` completes a match (a prospect an earlier row
 * plans, or one on file: never overwriting); referrals are resolved at the end (./referrals.ts).
 * Everything is looked up in Maps: 20,000 rows plan in milliseconds.
 * Pure: `db` is only read; applyImportPlan makes the changes.
 */
export class ImportPlanner {
  readonly plan: ImportPlan;
  private readonly at: string;
  private readonly importTags: string[];
  // Where an existing or planned prospect is found, and which line planned it.
  private readonly people = new PeopleIndex((p) => this.nameOf(p));
  private readonly plannedAt = new Map<Prospect, number>();
  private readonly sourceId = new Map<Prospect, number>();
  private readonly bySourceId = new Map<string, Prospect>();
  private readonly seenIds: Set<number>;
  private readonly openFollowUp = new Set<number>();
  private noteTexts: Map<number, Set<string>> | undefined;
  // Campaigns by id, and by lower-case name, including those the import creates.
  private readonly campaignIds: Set<string>;
  private readonly campaignCache = new Map<string, string>();
  private readonly wholeCampaigns = new Set<Campaign>();
  // Referrals: the cells to resolve, and who each id of the file (meld's export) turned out to be.
  private readonly referralCells: ReferralCell[] = [];
  private readonly byFileId = new Map<number, Prospect>();

  constructor(
    private readonly db: Db,
    private readonly options: PlanOptions,
  ) {
    this.at = options.now.toISOString();
    this.plan = emptyImportPlan(db, options.now, options.recentBatches);
    for (const p of db.prospects) this.people.add(p);
    for (const f of db.followUps) if (f.status === 'open') this.openFollowUp.add(f.prospectId);
    this.campaignIds = new Set(db.campaigns.map((c) => c.id));
    this.importTags = cleanTags(options.tags);
    this.seenIds = new Set(db.prospects.map((p) => p.id));
    for (const sc of options.source?.campaigns ?? []) this.takeWholeCampaign(sc);
  }

  /** Plans every row, in line order, and returns the plan. */
  run(candidates: readonly Candidate[], rejections: readonly Rejection[]): ImportPlan {
    const ordered: Array<{ line: number; candidate?: Candidate; rejection?: Rejection }> = [
      ...candidates.map((candidate) => ({ line: candidate.line, candidate })),
      ...[...new Map(rejections.map((r) => [r.line, r])).values()].map((rejection) => ({
        line: rejection.line,
        rejection,
      })),
    ].sort((a, b) => a.line - b.line);
    for (const item of ordered) {
      if (item.rejection) this.reject(item.rejection);
      else this.row(item.candidate!);
    }
    this.resolveReferrals();
    this.startCampaignsAtTheirProspects();
    if (this.options.source) this.carryRecords(this.options.source);
    return this.plan;
  }

  reject(rejection: Rejection): void {
    this.plan.rows.push({
      line: rejection.line,
      action: 'reject',
      id: null,
      name: rejection.who ?? null,
      email: null,
      detail: rejection.reason,
      warnings: [],
    });
    this.plan.counts.rejected++;
  }

  /** One row: a duplicate is skipped or filled, anyone else added. */
  row(given: Candidate): void {
    const c =
      given.email && given.email !== normaliseEmail(given.email)
        ? { ...given, email: normaliseEmail(given.email) }
        : given;
    const outcome = (action: RowAction, id: number, detail: string | null): RowOutcome => {
      const o: RowOutcome = { line: c.line, action, id, name: c.name, email: c.email, detail, warnings: c.warnings };
      this.plan.rows.push(o);
      this.plan.counts[COUNT[action]]++;
      return o;
    };
    const found = this.match(c);
    if (!found) {
      const prospect = this.add(c);
      this.planned(c, prospect, outcome('add', prospect.id, null), null);
      return;
    }
    const { prospect, how, earlierLine } = found;
    const what = `${HOW[how]} ${earlierLine !== undefined ? `line ${earlierLine}` : `#${prospect.id}`}`;
    const filled = this.options.onDuplicate === 'skip' ? null : this.fill(prospect, c);
    // The better value wins when rows merge: a real name over an email standing in for one.
    if (this.betterName(prospect, c)) filled?.unshift('name');
    const duplicate: Duplicate = { what, filled, earlierLine };
    const { action, detail } = duplicateOutcome(duplicate);
    this.planned(c, prospect, outcome(action, prospect.id, detail), duplicate);
  }

  /** Remembers who a row turned out to be, for the referrals resolved at the end. */
  private planned(c: Candidate, prospect: Prospect, outcome: RowOutcome, duplicate: Duplicate | null): void {
    if (c.id !== null && !this.byFileId.has(c.id)) this.byFileId.set(c.id, prospect);
    // A duplicate skipped with `--on-duplicate skip` brings nothing, its referrer neither.
    if (c.referredBy && !(duplicate && duplicate.filled === null))
      this.referralCells.push({ ...c.referredBy, prospect, outcome, duplicate });
  }

  /**
   * Who a row is, if anyone already on file or planned: the same email; else the same name and
   * phone; else the same name and company, unless the two have different emails, or (with no
   * company to tell them apart) different phones. Two rows of meld's own export with different
   * ids were different people in the file they came from, so they stay two.
   */
  match(c: Candidate): Match | undefined {
    const found = (prospect: Prospect, how: Match['how']): Match => ({
      prospect,
      how,
      earlierLine: this.plannedAt.get(prospect),
    });
    const byEmail = c.email ? this.people.emailHolder(c.email) : undefined;
    if (byEmail) return found(byEmail, 'email');
    const { key, names, phones } = this.keysOf(c);
    for (const phone of phones)
      for (const hit of this.people.withPhone(phone))
        if (nameMatchKey(this.nameOf(hit)) === names && !this.emailsDiffer(hit, c)) return found(hit, 'phone');
    // A row that gives nothing but a name is the person of that name on file or planned (the
    // first of several), whatever company they have: a company another row filled in later must
    // not make the same row someone new when the file comes again.
    if (c.id === null && companyMatchKey(c.company) === '' && c.email === null && phones.length === 0)
      for (const hit of this.people.named(names)) return found(hit, 'nameOnly');
    const sameSourceRow = c.id !== null ? this.bySourceId.get(`${key}\u0000${c.id}`) : undefined;
    // The first person of that name and company (several are told apart by email or phone).
    const hit = sameSourceRow ?? this.people.firstWith(key);
    if (!hit) return undefined;
    if (c.id !== null && this.sourceId.has(hit) && this.sourceId.get(hit) !== c.id) return undefined;
    if (this.emailsDiffer(hit, c)) return undefined;
    if (companyMatchKey(c.company) === '' && phones.length > 0) {
      const theirs = phoneMatchKey(this.current(hit, 'phone') as string | null);
      if (theirs !== '' && !phones.includes(theirs)) return undefined;
    }
    return found(hit, 'name');
  }

  /** Plans a new prospect from a row. meld's own export keeps its ids when the file never handed them out. */
  add(c: Candidate): PlannedProspect {
    const { plan, at, options } = this;
    let id: number;
    if (c.id !== null && c.id > plan.lastProspectId && !this.seenIds.has(c.id)) id = c.id;
    else id = plan.lastProspectId + 1;
    plan.lastProspectId = Math.max(plan.lastProspectId, id);
    this.seenIds.add(id);
    const createdAt = c.createdAt ?? at;
    const stage = c.stage ?? c.history?.[c.history.length - 1]?.stage ?? 'new';
    // Lost always has a reason, as with `meld prospect stage … lost`: the file's, else a marker.
    const lostReason = stage === 'lost' ? c.lostReason?.trim() || LOST_REASON_NOT_GIVEN : null;
    const move = (when: string) =>
      lostReason !== null ? { stage, at: when, reason: lostReason } : { stage, at: when };
    const history = c.history
      ? // A stage edited in a spreadsheet after export: the history records the move, now.
        c.history[c.history.length - 1]!.stage === stage
        ? c.history
        : [...c.history, move(at)]
      : stage === 'new'
        ? [{ stage: 'new' as const, at: createdAt }]
        : [{ stage: 'new' as const, at: createdAt }, move(createdAt)];
    const prospect: PlannedProspect = {
      id,
      name: c.name,
      email: c.email,
      company: c.company,
      phone: c.phone,
      title: c.title,
      campaign: c.campaign ? this.resolveCampaign(c.campaign) : options.campaignId,
      stage,
      valueCents: c.valueCents,
      tags: cleanTags([...c.tags, ...this.importTags]),
      createdAt,
      history,
      lostReason,
      // A reason on a row that is not lost is kept, like any other column.
      fields: c.lostReason && lostReason === null ? { ...c.fields, 'lost reason': c.lostReason } : c.fields,
      batch: plan.batch,
      otherEmails: c.otherEmails.length > 0 ? c.otherEmails.filter((e) => e !== c.email) : [],
      otherPhones: c.otherPhones.length > 0 ? c.otherPhones.filter((e) => e !== c.phone) : [],
      firstSeen: c.firstSeen,
      referredBy: null,
      updatedAt: at,
    };
    plan.additions.push(prospect);
    this.plannedAt.set(prospect, c.line);
    if (c.id !== null) {
      this.sourceId.set(prospect, c.id);
      this.bySourceId.set(`${this.keysOf(c).key}\u0000${c.id}`, prospect);
    }
    this.people.add(prospect, this.keysOf(c));
    if (c.notes?.trim()) {
      plan.notes.push({ prospectId: id, text: c.notes.trim() });
      this.notesOf(id).add(c.notes.trim());
    }
    if (c.followUp) {
      plan.followUps.push({ prospectId: id, due: c.followUp });
      this.openFollowUp.add(id);
    }
    return prospect;
  }

  /**
   * Completes a matched prospect with what the row adds: empty fields, new tags, new extra
   * fields, further emails and phones, a note and a follow-up. A prospect an earlier row plans
   * is completed in place; one on file gets a `Fill` for applyImportPlan, never overwriting.
   * Returns what was filled, for the report.
   */
  fill(p: Prospect, c: Candidate): string[] {
    const draft = this.plannedAt.has(p);
    const fill: Fill = draft ? {} : (this.plan.updates.get(p.id) ?? {});
    const target = (draft ? p : fill) as unknown as Record<string, unknown>;
    const filled: string[] = [];
    for (const field of FILLABLE) {
      if (this.current(p, field) !== null) continue;
      const value = this.rowValue(c, field);
      if (value === undefined) continue;
      // A company that makes them someone else already planned or on file (that name at that
      // company) is theirs: filled in here, the same rows imported again would find the one or the other.
      if (field === 'company' && this.people.keyTaken(personMatchKey(this.nameOf(p), value as string), p)) continue;
      if (field === 'phone' && this.people.phoneTaken(value as string, p)) continue;
      target[field] = value;
      filled.push(LABEL[field]);
      if (field === 'email') this.people.addEmail(value as string, p);
      if (field === 'phone') this.people.addPhone(value as string, p);
      if (field === 'company') this.people.addName(this.nameOf(p), value as string, p);
    }
    const haveTags = new Set([...p.tags, ...(fill.tags ?? [])]);
    const newTags = cleanTags([...c.tags, ...this.importTags]).filter((t) => !haveTags.has(t));
    if (newTags.length > 0) {
      if (draft) p.tags = [...p.tags, ...newTags];
      else fill.tags = [...(fill.tags ?? []), ...newTags];
      filled.push('tags');
    }
    const others = (kind: 'otherEmails' | 'otherPhones', primary: 'email' | 'phone', given: Array<string | null>) => {
      const have = new Set(
        [p[primary] ?? fill[primary] ?? null, ...p[kind], ...(fill[kind] ?? [])].filter((v) => v !== null),
      );
      // An email another prospect has, or a phone another of the same name has, stays theirs:
      // given to this one too, the same file imported again would find the one or the other.
      const theirs = (v: string) =>
        primary === 'email' ? (this.people.emailHolder(v) ?? p) !== p : this.people.phoneTaken(v, p);
      const fresh = [...new Set(given.filter((v): v is string => v !== null && !have.has(v) && !theirs(v)))];
      if (fresh.length === 0) return;
      if (draft) p[kind] = [...p[kind], ...fresh];
      else fill[kind] = [...(fill[kind] ?? []), ...fresh];
      // Findable by them from now on, as they will be once the import is applied.
      for (const v of fresh) primary === 'email' ? this.people.addEmail(v, p, true) : this.people.addPhone(v, p);
      filled.push(primary === 'email' ? 'other emails' : 'other phones');
    };
    others('otherEmails', 'email', [c.email, ...c.otherEmails]);
    others('otherPhones', 'phone', [c.phone, ...c.otherPhones]);
    const newFields = Object.entries(c.fields).filter(
      ([k, v]) => v !== '' && !Object.hasOwn(p.fields, k) && !(fill.fields && Object.hasOwn(fill.fields, k)),
    );
    if (newFields.length > 0) {
      // Spread, not Object.assign: an assignment to a `__proto__` key would set the prototype.
      if (draft) p.fields = { ...p.fields, ...Object.fromEntries(newFields) };
      else fill.fields = { ...fill.fields, ...Object.fromEntries(newFields) };
      filled.push(...newFields.map(([k]) => k));
    }
    if (!draft && Object.keys(fill).length > 0) this.plan.updates.set(p.id, fill);
    filled.push(...this.extras(p.id, c));
    return filled;
  }

  /**
   * Gives a prospect named by their email (a row with no name) the row's real name: in place
   * for one this file plans, as a fill with `--on-duplicate update` for one on file.
   */
  private betterName(p: Prospect, c: Candidate): boolean {
    const current = this.nameOf(p);
    if (!isValidEmail(normaliseEmail(current)) || isValidEmail(normaliseEmail(c.name))) return false;
    if (this.people.named(nameMatchKey(c.name)).some((q) => q !== p)) return false;
    if (this.plannedAt.has(p)) p.name = c.name;
    else if (this.options.onDuplicate === 'update') this.fillOf(p).name = c.name;
    else return false;
    this.people.addName(c.name, this.current(p, 'company') as string | null, p);
    return true;
  }

  /** A prospect's name as it will be once planned fills are applied. */
  private nameOf(p: Prospect): string {
    return this.plan.updates.get(p.id)?.name ?? p.name;
  }

  /** A field of a prospect as it will be once planned fills are applied. A value on file is
   * that of the deals where the person stands (deals.ts standingOf). */
  private current(p: Prospect, field: Fillable): unknown {
    const own =
      field !== 'valueCents'
        ? p[field]
        : this.plannedAt.has(p)
          ? (p as PlannedProspect).valueCents
          : (this.values ??= new Map(
              [...dealsByProspect(this.db.deals)].map(([id, deals]) => [id, standingOf(deals).valueCents]),
            )).get(p.id);
    return own ?? this.plan.updates.get(p.id)?.[field] ?? null;
  }
  private values: Map<number, number | null> | undefined;

  /** Both have an email, and they differ: two people, whatever else they share. */
  private emailsDiffer(p: Prospect, c: Candidate): boolean {
    const theirs = this.current(p, 'email');
    return c.email !== null && theirs !== null && theirs !== c.email;
  }

  /** A row's dedupe keys, worked out once (match and add both need them). */
  private keysOf(c: Candidate): { key: string; names: string; phones: string[] } {
    if (this.lastKeys?.c === c) return this.lastKeys.keys;
    const names = nameMatchKey(c.name);
    const phones: string[] = [];
    for (const phone of [c.phone, ...c.otherPhones]) {
      const k = phoneMatchKey(phone);
      if (k !== '') phones.push(k);
    }
    const keys = { key: `${names}\u0000${companyMatchKey(c.company)}`, names, phones };
    this.lastKeys = { c, keys };
    return keys;
  }
  private lastKeys: { c: Candidate; keys: { key: string; names: string; phones: string[] } } | undefined;

  private notesOf(id: number): Set<string> {
    if (!this.noteTexts) {
      this.noteTexts = new Map();
      for (const a of this.db.activities) {
        if (a.type !== 'note') continue;
        let set = this.noteTexts.get(a.prospectId);
        if (!set) this.noteTexts.set(a.prospectId, (set = new Set()));
        set.add(a.text);
      }
    }
    let set = this.noteTexts.get(id);
    if (!set) this.noteTexts.set(id, (set = new Set()));
    return set;
  }

  /** The note and follow-up a duplicate brings, when the prospect has neither yet. */
  private extras(id: number, c: Candidate): string[] {
    const added: string[] = [];
    const note = c.notes?.trim();
    if (note && !this.notesOf(id).has(note)) {
      this.plan.notes.push({ prospectId: id, text: note });
      this.notesOf(id).add(note);
      added.push('note');
    }
    if (c.followUp && !this.openFollowUp.has(id)) {
      this.plan.followUps.push({ prospectId: id, due: c.followUp });
      this.openFollowUp.add(id);
      added.push('follow-up');
    }
    return added;
  }

  /** A row's value for a fillable field; a campaign is resolved (or planned) only when needed. */
  private rowValue(c: Candidate, field: Fillable): string | number | undefined {
    switch (field) {
      case 'valueCents':
        return c.valueCents ?? undefined;
      case 'campaign':
        return c.campaign ? this.resolveCampaign(c.campaign) : (this.options.campaignId ?? undefined);
      default:
        return c[field] ?? undefined;
    }
  }

  private resolveCampaign(ref: CampaignRef): string {
    const cacheKey = `${ref.id ?? ''}\u0000${(ref.name ?? '').toLowerCase()}`;
    const cached = this.campaignCache.get(cacheKey);
    if (cached) return cached;
    const all = [...this.db.campaigns, ...this.plan.campaigns];
    const found =
      (ref.id ? all.find((c) => c.id === ref.id) : undefined) ??
      (ref.name ? all.find((c) => c.name.toLowerCase() === ref.name!.toLowerCase()) : undefined) ??
      (!ref.id && ref.name ? findCampaign(all, ref.name) : undefined);
    let id: string;
    if (found) id = found.id;
    else {
      const name = ref.name ?? ref.id!;
      const wanted =
        ref.id && /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u.test(ref.id) ? ref.id : slugify(name) || 'campaign';
      id = wanted;
      for (let n = 2; this.campaignIds.has(id); n++) id = `${wanted}-${n}`;
      this.campaignIds.add(id);
      this.plan.campaigns.push(importedCampaign(id, name, this.options.now, this.options.fileName));
    }
    this.campaignCache.set(cacheKey, id);
    return id;
  }

  /** A data file's campaigns come whole (channel, cost, dates, goal, status, adjustments) when
   * the file being imported into has none of that id or name. */
  private takeWholeCampaign(sc: Campaign): void {
    const before = this.plan.campaigns.length;
    this.resolveCampaign({ id: sc.id, name: sc.name });
    if (this.plan.campaigns.length === before) return;
    const created = this.plan.campaigns[this.plan.campaigns.length - 1]!;
    Object.assign(created, {
      channel: sc.channel,
      spend: structuredClone(sc.spend),
      rates: structuredClone(sc.rates),
      pauses: structuredClone(sc.pauses),
      budgetCents: sc.budgetCents,
      start: sc.start,
      end: sc.end,
      goal: sc.goal,
      note: sc.note,
      createdAt: sc.createdAt,
      adjustments: structuredClone(sc.adjustments),
      updatedAt: sc.updatedAt,
    });
    this.wholeCampaigns.add(created);
  }

  /** The follow-ups and activities of the data file's prospects that this import adds, with the
   * prospects' new ids. A prospect skipped as a duplicate keeps its own timeline. */
  private carryRecords(source: NonNullable<PlanOptions['source']>): void {
    const newId = new Map<number, number>();
    for (const p of this.plan.additions) {
      const from = this.sourceId.get(p);
      if (from !== undefined) newId.set(from, p.id);
    }
    for (const { id: _id, ...f } of source.followUps) {
      const to = newId.get(f.prospectId);
      if (to !== undefined) this.plan.carried.followUps.push({ ...f, prospectId: to });
    }
    for (const { id: _id, ...a } of source.activities) {
      const to = newId.get(a.prospectId);
      if (to !== undefined) this.plan.carried.activities.push({ ...a, prospectId: to });
    }
  }

  /** Sets who referred whom, now that every row is planned (./referrals.ts). */
  private resolveReferrals(): void {
    resolveReferrals(this.referralCells, {
      onFile: this.db.prospects,
      added: this.plan.additions,
      counts: this.plan.counts,
      plannedAt: this.plannedAt,
      byFileId: this.byFileId,
      emailHolder: (email) => this.people.emailHolder(email),
      filled: (p) => this.plan.updates.get(p.id),
      fillOf: (p) => this.fillOf(p),
    });
  }

  private fillOf(p: Prospect): Fill {
    let fill = this.plan.updates.get(p.id);
    if (!fill) this.plan.updates.set(p.id, (fill = {}));
    return fill;
  }

  /** A campaign the import creates starts on the day its earliest prospect was added (or first seen), not
   * today: else a report of a year-old list shows a few hours' period at an absurd rate. */
  private startCampaignsAtTheirProspects(): void {
    const { plan } = this;
    if (plan.campaigns.length === 0) return;
    // Compared as days (in the business time zone), not instants: a date column's day taken as
    // UTC midnight became the day before west of UTC.
    const earliest = new Map<string, IsoDay>();
    const consider = (campaign: string | null | undefined, day: IsoDay) => {
      if (!campaign) return;
      const current = earliest.get(campaign);
      if (current === undefined || day < current) earliest.set(campaign, day);
    };
    // The day a source first saw someone is when they came to the campaign, if the file says so.
    for (const p of plan.additions) consider(p.campaign, p.firstSeen ?? toDay(new Date(p.createdAt)));
    if (plan.updates.size > 0)
      for (const p of this.db.prospects) consider(plan.updates.get(p.id)?.campaign, toDay(new Date(p.createdAt)));
    for (const campaign of plan.campaigns) {
      if (this.wholeCampaigns.has(campaign)) continue;
      const day = earliest.get(campaign.id);
      if (day !== undefined && day < campaign.start) campaign.start = day;
    }
  }
}

/** A campaign a row names that the file has not: made by the import, with no cost yet. */
export function importedCampaign(id: string, name: string, now: Date, fileName: string): Campaign {
  const at = now.toISOString();
  return {
    id,
    name,
    channel: 'other',
    spend: [],
    rates: [],
    pauses: [],
    budgetCents: null,
    start: toDay(now),
    end: null,
    goal: null,
    note: `created by the import of ${fileName}`,
    createdAt: at,
    adjustments: [],
    updatedAt: at,
  };
}

/** Plans an import: see ImportPlanner. */
export function planImport(
  db: Db,
  candidates: readonly Candidate[],
  rejections: readonly Rejection[],
  options: PlanOptions,
): ImportPlan {
  return new ImportPlanner(db, options).run(candidates, rejections);
}

/** Makes the planned changes to `db`: the whole import in one write, one batch. */
export function applyImportPlan(db: Db, plan: ImportPlan, now: Date): void {
  const at = now.toISOString();
  // A loop, not push(...list): 125,000 arguments overflow the stack.
  for (const c of plan.campaigns) db.campaigns.push(c);
  // Each person added comes with their first deal, credited to their campaign (as migrated files).
  for (const { stage, valueCents, history, lostReason, ...person } of plan.additions) {
    db.prospects.push(person);
    db.lastIds.deal = nextId(db.lastIds.deal, 'deal');
    db.deals.push({
      id: db.lastIds.deal,
      prospectId: person.id,
      title: dealTitle(person),
      valueCents,
      stage,
      history,
      lostReason,
      campaign: person.campaign,
      probability: null,
      closeBy: null,
      closeByChanges: [],
      createdAt: person.createdAt,
      updatedAt: latestOf(at, ...history.map((h) => h.at)),
    });
  }
  db.lastIds.prospect = Math.max(db.lastIds.prospect, plan.lastProspectId);
  const byId = new Map(db.prospects.map((p) => [p.id, p]));
  const deals = dealsByProspect(db.deals);
  for (const [id, fill] of plan.updates) {
    const p = byId.get(id)!;
    for (const field of FILLABLE) {
      const value = fill[field];
      if (value === undefined) continue;
      if (field === 'valueCents') {
        // The value goes on the deal where the person stands, when it has none; a person with
        // no deal gets one.
        const lead = standingOf(deals.get(id) ?? []).lead;
        if (!lead) addDeal(db, p, { valueCents: value as number }, now);
        else if (lead.valueCents === null) {
          lead.valueCents = value as number;
          lead.updatedAt = at;
        }
      } else if (p[field] === null) {
        (p as unknown as Record<string, unknown>)[field] = value;
        // Deals credited to no campaign follow a source campaign filled in.
        if (field === 'campaign')
          for (const d of deals.get(id) ?? [])
            if (d.campaign === null) {
              d.campaign = value as string;
              d.updatedAt = at;
            }
      }
    }
    if (fill.name !== undefined && isValidEmail(normaliseEmail(p.name))) p.name = fill.name;
    p.updatedAt = at;
    if (fill.tags) p.tags = cleanTags([...p.tags, ...fill.tags]);
    if (fill.otherEmails) p.otherEmails = [...new Set([...p.otherEmails, ...fill.otherEmails])];
    if (fill.otherPhones) p.otherPhones = [...new Set([...p.otherPhones, ...fill.otherPhones])];
    if (fill.fields) p.fields = { ...p.fields, ...fill.fields };
    if (fill.referredBy !== undefined && p.referredBy === null) p.referredBy = fill.referredBy;
  }
  for (const note of plan.notes) addActivity(db, byId.get(note.prospectId)!, 'note', note.text, now);
  for (const f of plan.followUps) addFollowUp(db, byId.get(f.prospectId)!, f.due, null, now);
  for (const f of plan.carried.followUps) db.followUps.push({ id: ++db.lastIds.followUp, ...f });
  if (plan.followUpNotes) {
    const followUps = new Map(db.followUps.map((f) => [f.id, f]));
    for (const { id, note } of plan.followUpNotes) {
      const f = followUps.get(id);
      if (f && f.note === null) {
        f.note = note;
        f.updatedAt = at;
      }
    }
  }
  for (const a of plan.carried.activities) db.activities.push({ id: ++db.lastIds.activity, ...a });
  for (const d of plan.carried.deals ?? []) {
    db.lastIds.deal = nextId(db.lastIds.deal, 'deal');
    db.deals.push({ id: db.lastIds.deal, ...d });
  }
  if (plan.dealUpdates) {
    const dealsById = new Map(db.deals.map((d) => [d.id, d]));
    for (const { id, changes } of plan.dealUpdates) {
      const d = dealsById.get(id);
      if (d) Object.assign(d, changes, { updatedAt: at });
    }
  }
}
