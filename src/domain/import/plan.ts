import { toDay } from '../dates.js';
import { findCampaign } from '../lookup.js';
import { addActivity, addFollowUp } from '../prospects.js';
import { normaliseEmail, searchKey, slugify } from '../text.js';
import type { Activity, Campaign, Db, FollowUp, IsoDay, Prospect } from '../types.js';
import type { Candidate, CampaignRef, Rejection } from './rows.js';

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
}

/** The fields `--on-duplicate update` may fill when they are empty. */
export interface Fill {
  email?: string;
  company?: string;
  phone?: string;
  title?: string;
  campaign?: string;
  valueCents?: number;
  tags?: string[];
  fields?: Record<string, string>;
}

export type RowAction = 'add' | 'update' | 'skip' | 'reject';

export interface RowOutcome {
  line: number;
  action: RowAction;
  /** The prospect added, updated or duplicated (a would-be id in a dry run). */
  id: number | null;
  name: string | null;
  email: string | null;
  /** Why a row was skipped or rejected, or what an update fills. */
  detail: string | null;
}

export interface ImportPlan {
  batch: string;
  campaigns: Campaign[];
  additions: Prospect[];
  updates: Map<number, Fill>;
  notes: Array<{ prospectId: number; text: string }>;
  followUps: Array<{ prospectId: number; due: IsoDay }>;
  /** From a data file: the added prospects' follow-ups and activities, ids to be given on apply. */
  carried: { followUps: Array<Omit<FollowUp, 'id'>>; activities: Array<Omit<Activity, 'id'>> };
  lastProspectId: number;
  rows: RowOutcome[];
  counts: { added: number; updated: number; skipped: number; rejected: number };
}

/** Whether applying the plan would change anything at all. */
export function planChangesSomething(plan: ImportPlan): boolean {
  return (
    plan.additions.length > 0 ||
    plan.updates.size > 0 ||
    plan.notes.length > 0 ||
    plan.followUps.length > 0 ||
    plan.campaigns.length > 0
  );
}

/** `import-2026-11-27T10:00:00Z`, made unique if an import in the same second exists. */
export function batchId(db: Pick<Db, 'prospects'>, now: Date): string {
  const base = `import-${now.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
  const taken = new Set<string>();
  for (const p of db.prospects) if (p.batch !== null) taken.add(p.batch);
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

const nameKey = (name: string, company: string | null) =>
  `${searchKey(name).replace(/\s+/g, ' ').trim()}\u0000${searchKey(company ?? '')
    .replace(/\s+/g, ' ')
    .trim()}`;

const FILLABLE = ['email', 'company', 'phone', 'title', 'campaign', 'valueCents'] as const;
const LABEL: Record<(typeof FILLABLE)[number], string> = {
  email: 'email',
  company: 'company',
  phone: 'phone',
  title: 'title',
  campaign: 'campaign',
  valueCents: 'value',
};

function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))];
}

/**
 * Decides, row by row, what an import does: add, fill an existing prospect (update), skip a
 * duplicate or reject. Dedupe is by normalised email against the data file and earlier rows,
 * then by normalised name + company for rows without an email (or when the match has no
 * email yet). Everything is looked up in Maps: 20,000 rows plan in milliseconds.
 * Pure: `db` is only read; applyImportPlan makes the changes.
 */
export function planImport(
  db: Db,
  candidates: readonly Candidate[],
  rejections: readonly Rejection[],
  options: PlanOptions,
): ImportPlan {
  const { now } = options;
  const at = now.toISOString();
  const batch = batchId(db, now);
  const plan: ImportPlan = {
    batch,
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

  // Where an existing or planned prospect is found, and which line planned it.
  const byEmail = new Map<string, Prospect>();
  const byName = new Map<string, Prospect>();
  const plannedAt = new Map<Prospect, number>();
  const sourceId = new Map<Prospect, number>();
  const bySourceId = new Map<string, Prospect>();
  for (const p of db.prospects) {
    if (p.email !== null && !byEmail.has(normaliseEmail(p.email))) byEmail.set(normaliseEmail(p.email), p);
    const key = nameKey(p.name, p.company);
    if (!byName.has(key)) byName.set(key, p);
  }
  const openFollowUp = new Set<number>();
  for (const f of db.followUps) if (f.status === 'open') openFollowUp.add(f.prospectId);
  let noteTexts: Map<number, Set<string>> | undefined;
  const notesOf = (id: number) => {
    if (!noteTexts) {
      noteTexts = new Map();
      for (const a of db.activities) {
        if (a.type !== 'note') continue;
        let set = noteTexts.get(a.prospectId);
        if (!set) noteTexts.set(a.prospectId, (set = new Set()));
        set.add(a.text);
      }
    }
    let set = noteTexts.get(id);
    if (!set) noteTexts.set(id, (set = new Set()));
    return set;
  };

  // Campaigns by id, and by lower-case name, including those the import creates.
  const campaignIds = new Set(db.campaigns.map((c) => c.id));
  const campaignCache = new Map<string, string>();
  const resolveCampaign = (ref: CampaignRef): string => {
    const cacheKey = `${ref.id ?? ''}\u0000${(ref.name ?? '').toLowerCase()}`;
    const cached = campaignCache.get(cacheKey);
    if (cached) return cached;
    const all = [...db.campaigns, ...plan.campaigns];
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
      for (let n = 2; campaignIds.has(id); n++) id = `${wanted}-${n}`;
      campaignIds.add(id);
      plan.campaigns.push({
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
        status: 'active',
        note: `created by the import of ${options.fileName}`,
        createdAt: at,
        adjustments: [],
      });
    }
    campaignCache.set(cacheKey, id);
    return id;
  };

  // A data file's campaigns come whole (channel, cost, dates, goal, status, adjustments) when
  // the file being imported into has none of that id or name.
  const wholeCampaigns = new Set<Campaign>();
  for (const sc of options.source?.campaigns ?? []) {
    const before = plan.campaigns.length;
    resolveCampaign({ id: sc.id, name: sc.name });
    if (plan.campaigns.length === before) continue;
    const created = plan.campaigns[plan.campaigns.length - 1]!;
    Object.assign(created, {
      channel: sc.channel,
      spend: JSON.parse(JSON.stringify(sc.spend)) as Campaign['spend'],
      rates: JSON.parse(JSON.stringify(sc.rates)) as Campaign['rates'],
      pauses: JSON.parse(JSON.stringify(sc.pauses)) as Campaign['pauses'],
      budgetCents: sc.budgetCents,
      start: sc.start,
      end: sc.end,
      goal: sc.goal,
      status: sc.status,
      note: sc.note,
      createdAt: sc.createdAt,
      adjustments: JSON.parse(JSON.stringify(sc.adjustments)) as Campaign['adjustments'],
    });
    wholeCampaigns.add(created);
  }

  const importTags = cleanTags(options.tags);
  const seenIds = new Set(db.prospects.map((p) => p.id));

  const rejectedAt = new Map(rejections.map((r) => [r.line, r]));
  const ordered: Array<{ line: number; candidate?: Candidate; rejection?: Rejection }> = [
    ...candidates.map((candidate) => ({ line: candidate.line, candidate })),
    ...[...rejectedAt.values()].map((rejection) => ({ line: rejection.line, rejection })),
  ].sort((a, b) => a.line - b.line);

  for (const item of ordered) {
    if (item.rejection) {
      plan.rows.push({
        line: item.line,
        action: 'reject',
        id: null,
        name: item.rejection.who ?? null,
        email: null,
        detail: item.rejection.reason,
      });
      plan.counts.rejected++;
      continue;
    }
    const given = item.candidate!;
    const c =
      given.email && given.email !== normaliseEmail(given.email)
        ? { ...given, email: normaliseEmail(given.email) }
        : given;
    const key = nameKey(c.name, c.company);
    const sameSourceRow = c.id !== null ? bySourceId.get(`${key}\u0000${c.id}`) : undefined;
    const byNameHit = sameSourceRow ?? byName.get(key);
    const byEmailHit = c.email ? byEmail.get(c.email) : undefined;
    // Two rows of meld's own export with different ids were different people in the file they
    // came from (two "Ana" without email or company), so they stay two.
    const distinctInSource =
      byNameHit !== undefined && c.id !== null && sourceId.has(byNameHit) && sourceId.get(byNameHit) !== c.id;
    const match =
      byEmailHit ??
      (byNameHit && !distinctInSource && (!c.email || !effectiveEmail(byNameHit)) ? byNameHit : undefined);

    if (match) {
      const earlierLine = plannedAt.get(match);
      const what = `${byEmailHit ? 'same email as' : 'same name and company as'} ${earlierLine !== undefined ? `line ${earlierLine}` : `#${match.id}`}`;
      if (options.onDuplicate === 'skip') {
        plan.rows.push({ line: c.line, action: 'skip', id: match.id, name: c.name, email: c.email, detail: what });
        plan.counts.skipped++;
        continue;
      }
      const filled = earlierLine !== undefined ? fillDraft(match, c) : fillExisting(match, c);
      if (filled.length === 0) {
        plan.rows.push({
          line: c.line,
          action: 'skip',
          id: match.id,
          name: c.name,
          email: c.email,
          detail: `${what}, nothing new`,
        });
        plan.counts.skipped++;
      } else if (earlierLine !== undefined) {
        plan.rows.push({
          line: c.line,
          action: 'skip',
          id: match.id,
          name: c.name,
          email: c.email,
          detail: `${what}, merged: ${filled.join(', ')}`,
        });
        plan.counts.skipped++;
      } else {
        plan.rows.push({
          line: c.line,
          action: 'update',
          id: match.id,
          name: c.name,
          email: c.email,
          detail: `${what}: filled ${filled.join(', ')}`,
        });
        plan.counts.updated++;
      }
      continue;
    }

    // A new prospect. meld's own export keeps its ids when the file never handed them out.
    let id: number;
    if (c.id !== null && c.id > plan.lastProspectId && !seenIds.has(c.id)) id = c.id;
    else id = plan.lastProspectId + 1;
    plan.lastProspectId = Math.max(plan.lastProspectId, id);
    seenIds.add(id);
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
    const prospect: Prospect = {
      id,
      name: c.name,
      email: c.email,
      company: c.company,
      phone: c.phone,
      title: c.title,
      campaign: c.campaign ? resolveCampaign(c.campaign) : options.campaignId,
      stage,
      valueCents: c.valueCents,
      tags: cleanTags([...c.tags, ...importTags]),
      createdAt,
      history,
      lostReason,
      // A reason on a row that is not lost is kept, like any other column.
      fields: c.lostReason && lostReason === null ? { ...c.fields, 'lost reason': c.lostReason } : c.fields,
      batch,
      otherEmails: [],
      otherPhones: [],
      firstSeen: null,
      referredBy: null,
    };
    plan.additions.push(prospect);
    plannedAt.set(prospect, c.line);
    if (c.id !== null) {
      sourceId.set(prospect, c.id);
      bySourceId.set(`${key}\u0000${c.id}`, prospect);
    }
    if (c.email) byEmail.set(c.email, prospect);
    if (!byName.has(key)) byName.set(key, prospect);
    if (c.notes?.trim()) {
      plan.notes.push({ prospectId: id, text: c.notes.trim() });
      notesOf(id).add(c.notes.trim());
    }
    if (c.followUp) {
      plan.followUps.push({ prospectId: id, due: c.followUp });
      openFollowUp.add(id);
    }
    plan.rows.push({ line: c.line, action: 'add', id, name: c.name, email: c.email, detail: null });
    plan.counts.added++;
  }
  startCampaignsAtTheirProspects();
  if (options.source) carryRecords(options.source);
  return plan;

  /** The follow-ups and activities of the data file's prospects that this import adds, with the
   * prospects' new ids. A prospect skipped as a duplicate keeps its own timeline. */
  function carryRecords(source: NonNullable<PlanOptions['source']>): void {
    const newId = new Map<number, number>();
    for (const p of plan.additions) {
      const from = sourceId.get(p);
      if (from !== undefined) newId.set(from, p.id);
    }
    for (const { id: _id, ...f } of source.followUps) {
      const to = newId.get(f.prospectId);
      if (to !== undefined) plan.carried.followUps.push({ ...f, prospectId: to });
    }
    for (const { id: _id, ...a } of source.activities) {
      const to = newId.get(a.prospectId);
      if (to !== undefined) plan.carried.activities.push({ ...a, prospectId: to });
    }
  }

  /** A campaign the import creates starts on the day its earliest prospect was added, not
   * today: else a report of a year-old list shows a few hours' period at an absurd rate. */
  function startCampaignsAtTheirProspects(): void {
    if (plan.campaigns.length === 0) return;
    const earliest = new Map<string, string>();
    const consider = (campaign: string | null | undefined, createdAt: string) => {
      if (!campaign) return;
      const current = earliest.get(campaign);
      if (current === undefined || createdAt < current) earliest.set(campaign, createdAt);
    };
    for (const p of plan.additions) consider(p.campaign, p.createdAt);
    if (plan.updates.size > 0) for (const p of db.prospects) consider(plan.updates.get(p.id)?.campaign, p.createdAt);
    for (const campaign of plan.campaigns) {
      if (wholeCampaigns.has(campaign)) continue;
      const first = earliest.get(campaign.id);
      if (first !== undefined) {
        const day = toDay(new Date(first));
        if (day < campaign.start) campaign.start = day;
      }
    }
  }

  function effectiveEmail(p: Prospect): string | null {
    return p.email ?? plan.updates.get(p.id)?.email ?? null;
  }

  /** A later row of the same file completes the prospect an earlier row plans to add. */
  function fillDraft(p: Prospect, c: Candidate): string[] {
    const filled: string[] = [];
    for (const field of FILLABLE) {
      if (p[field] !== null) continue;
      const value = rowValue(c, field);
      if (value !== undefined) {
        (p as unknown as Record<string, unknown>)[field] = value;
        filled.push(LABEL[field]);
        if (field === 'email') byEmail.set(value as string, p);
      }
    }
    const tags = cleanTags([...p.tags, ...c.tags]);
    if (tags.length > p.tags.length) {
      p.tags = tags;
      filled.push('tags');
    }
    const newFields = Object.entries(c.fields).filter(([k, v]) => v !== '' && !(k in p.fields));
    if (newFields.length > 0) {
      Object.assign(p.fields, Object.fromEntries(newFields));
      filled.push(...newFields.map(([k]) => k));
    }
    filled.push(...extras(p.id, c));
    return filled;
  }

  /** Fills the empty fields of a prospect already on file; never overwrites a value. */
  function fillExisting(p: Prospect, c: Candidate): string[] {
    const fill: Fill = plan.updates.get(p.id) ?? {};
    const filled: string[] = [];
    for (const field of FILLABLE) {
      if (p[field] !== null || fill[field] !== undefined) continue;
      const value = rowValue(c, field);
      if (value !== undefined) {
        (fill as Record<string, unknown>)[field] = value;
        filled.push(LABEL[field]);
        if (field === 'email') byEmail.set(value as string, p);
      }
    }
    const haveTags = new Set([...p.tags, ...(fill.tags ?? [])]);
    const newTags = cleanTags([...c.tags, ...importTags]).filter((t) => !haveTags.has(t));
    if (newTags.length > 0) {
      fill.tags = [...(fill.tags ?? []), ...newTags];
      filled.push('tags');
    }
    const newFields = Object.entries(c.fields).filter(
      ([k, v]) => v !== '' && !(k in p.fields) && !(k in (fill.fields ?? {})),
    );
    if (newFields.length > 0) {
      fill.fields = { ...fill.fields, ...Object.fromEntries(newFields) };
      filled.push(...newFields.map(([k]) => k));
    }
    if (Object.keys(fill).length > 0) plan.updates.set(p.id, fill);
    filled.push(...extras(p.id, c));
    return filled;
  }

  /** The note and follow-up a duplicate brings, when the prospect has neither yet. */
  function extras(id: number, c: Candidate): string[] {
    const added: string[] = [];
    const note = c.notes?.trim();
    if (note && !notesOf(id).has(note)) {
      plan.notes.push({ prospectId: id, text: note });
      notesOf(id).add(note);
      added.push('note');
    }
    if (c.followUp && !openFollowUp.has(id)) {
      plan.followUps.push({ prospectId: id, due: c.followUp });
      openFollowUp.add(id);
      added.push('follow-up');
    }
    return added;
  }

  /** A row's value for a fillable field; a campaign is resolved (or planned) only when needed. */
  function rowValue(c: Candidate, field: (typeof FILLABLE)[number]): string | number | undefined {
    switch (field) {
      case 'valueCents':
        return c.valueCents ?? undefined;
      case 'campaign':
        return c.campaign ? resolveCampaign(c.campaign) : (options.campaignId ?? undefined);
      default:
        return c[field] ?? undefined;
    }
  }
}

/** Makes the planned changes to `db`: the whole import in one write, one batch. */
export function applyImportPlan(db: Db, plan: ImportPlan, now: Date): void {
  db.campaigns.push(...plan.campaigns);
  db.prospects.push(...plan.additions);
  db.lastIds.prospect = Math.max(db.lastIds.prospect, plan.lastProspectId);
  const byId = new Map(db.prospects.map((p) => [p.id, p]));
  for (const [id, fill] of plan.updates) {
    const p = byId.get(id)!;
    for (const field of FILLABLE) {
      const value = fill[field];
      if (value !== undefined && p[field] === null) (p as unknown as Record<string, unknown>)[field] = value;
    }
    if (fill.tags) p.tags = cleanTags([...p.tags, ...fill.tags]);
    if (fill.fields) p.fields = { ...p.fields, ...fill.fields };
  }
  for (const note of plan.notes) addActivity(db, byId.get(note.prospectId)!, 'note', note.text, now);
  for (const f of plan.followUps) addFollowUp(db, byId.get(f.prospectId)!, f.due, null, now);
  for (const f of plan.carried.followUps) db.followUps.push({ id: ++db.lastIds.followUp, ...f });
  for (const a of plan.carried.activities) db.activities.push({ id: ++db.lastIds.activity, ...a });
}
