import { MeldError } from '../errors.js';
import { addDeal, moveDeal, theDeal } from './deals.js';
import { nextId } from './ids.js';
import { prospectRef } from './refs.js';
import { hasVisible } from './names.js';
import { isValidEmail, normaliseEmail } from './text.js';
import type { Activity, ActivityType, Db, Deal, FollowUp, IsoDay, Prospect, Stage } from './types.js';

export interface ProspectFields {
  name?: string;
  email?: string | null;
  company?: string | null;
  phone?: string | null;
  title?: string | null;
  campaign?: string | null;
  tags?: string[];
  /** Tags to remove (prospect edit --untag). */
  untags?: string[];
}

export function checkEmail(email: string): string {
  const normal = normaliseEmail(email);
  if (!isValidEmail(normal)) throw new MeldError(`invalid email "${email}"`);
  return normal;
}

/** The prospect already holding this email, ignoring case and spaces. */
export function prospectWithEmail(db: Pick<Db, 'prospects'>, email: string, except?: number): Prospect | undefined {
  const wanted = normaliseEmail(email);
  // Any of a prospect's addresses: import matches a row on its other emails too.
  return db.prospects.find(
    (p) => p.id !== except && [p.email, ...p.otherEmails].some((e) => e !== null && normaliseEmail(e) === wanted),
  );
}

/** Tags as meld keeps them: trimmed, lower case, no empties or repeats. */
export function cleanTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))];
}

export function addProspect(
  db: Db,
  input: ProspectFields & {
    name: string;
    /** The first deal's stage and value (every prospect is added with a first deal). */
    stage?: Stage;
    valueCents?: number | null;
    batch?: string | null;
    fields?: Record<string, string>;
    reason?: string | null;
  },
  now: Date,
): Prospect {
  const name = input.name.trim();
  if (!hasVisible(name)) throw new MeldError(noName(name));
  const email = input.email ? checkEmail(input.email) : null;
  if (email) {
    const existing = prospectWithEmail(db, email);
    if (existing) {
      throw new MeldError(`${email} is already on file as #${existing.id} ${existing.name}`, {
        hint: `see it with \`meld prospect show ${existing.id}\``,
      });
    }
  }
  const at = now.toISOString();
  const stage = input.stage ?? 'new';
  db.lastIds.prospect = nextId(db.lastIds.prospect, 'prospect');
  const prospect: Prospect = {
    id: db.lastIds.prospect,
    name,
    email,
    company: input.company?.trim() || null,
    phone: input.phone?.trim() || null,
    title: input.title?.trim() || null,
    campaign: input.campaign ?? null,
    tags: cleanTags(input.tags ?? []),
    createdAt: at,
    fields: input.fields ?? {},
    batch: input.batch ?? null,
    otherEmails: [],
    otherPhones: [],
    firstSeen: null,
    referredBy: null,
    updatedAt: at,
  };
  db.prospects.push(prospect);
  // The first deal, credited to the source campaign; added as lost, the reason is recorded as
  // `prospect stage … lost` records it.
  addDeal(db, prospect, { stage, valueCents: input.valueCents ?? null, reason: input.reason }, now);
  return prospect;
}

/** Why a name is refused: empty, or only characters that do not show. */
function noName(name: string): string {
  return name === ''
    ? 'a prospect needs a name'
    : 'a prospect needs a name that shows: this one has only invisible characters';
}

/** Updates the given fields; returns the names of those that changed. */
export function editProspect(db: Db, prospect: Prospect, changes: ProspectFields, now: Date): string[] {
  const changed: string[] = [];
  if (changes.name !== undefined) {
    const name = changes.name.trim();
    if (!hasVisible(name)) throw new MeldError(noName(name));
    if (name !== prospect.name) changed.push('name');
    prospect.name = name;
  }
  if (changes.email !== undefined) {
    const email = changes.email ? checkEmail(changes.email) : null;
    if (email) {
      const existing = prospectWithEmail(db, email, prospect.id);
      if (existing) throw new MeldError(`${email} is already on file as #${existing.id} ${existing.name}`);
    }
    if (email !== prospect.email) changed.push('email');
    prospect.email = email;
  }
  for (const key of ['company', 'phone', 'title'] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    const next = value?.trim() || null;
    if (next !== prospect[key]) changed.push(key);
    prospect[key] = next;
  }
  if (changes.campaign !== undefined && changes.campaign !== prospect.campaign) {
    changed.push('campaign');
    prospect.campaign = changes.campaign;
  }
  if (changes.tags !== undefined || changes.untags !== undefined) {
    const removed = new Set(cleanTags(changes.untags ?? []));
    const tags = cleanTags([...prospect.tags, ...(changes.tags ?? [])]).filter((t) => !removed.has(t));
    if (tags.join('\n') !== prospect.tags.join('\n')) changed.push('tags');
    prospect.tags = tags;
  }
  if (changed.length > 0) prospect.updatedAt = now.toISOString();
  return changed;
}

/**
 * Moves a person's one deal (deals.ts `theDeal`) to a stage: what `prospect stage` does. `lost`
 * needs a reason; `correct` replaces the last stage step instead of adding one.
 */
export function moveStage(
  db: Pick<Db, 'deals'>,
  prospect: Prospect,
  stage: Stage,
  now: Date,
  reason?: string | null,
  opts: { correct?: boolean } = {},
): { deal: Deal; from: Stage } {
  const deal = theDeal(db, prospect, opts.correct ? 'correct' : 'move');
  const from = deal.stage;
  moveDeal(deal, stage, now, reason, { ...opts, who: `${prospectRef(prospect.id)} ${prospect.name}` });
  return { deal, from };
}

export { nextId } from './ids.js';

export function addActivity(db: Db, prospect: Prospect, type: ActivityType, text: string, at: Date): Activity {
  const body = text.trim();
  if (body === '') throw new MeldError('an activity needs some text');
  db.lastIds.activity = nextId(db.lastIds.activity, 'activity');
  const activity: Activity = {
    id: db.lastIds.activity,
    prospectId: prospect.id,
    type,
    text: body,
    at: at.toISOString(),
    campaign: null,
    topics: [],
    mail: null,
    updatedAt: at.toISOString(),
  };
  db.activities.push(activity);
  return activity;
}

/** An open follow-up with the same person, day and note (ignoring case and extra spaces): the
 * same follow-up added twice, which would sit twice on the agenda. */
export function sameFollowUp(
  db: Pick<Db, 'followUps'>,
  prospectId: number,
  due: IsoDay,
  note: string | null,
): FollowUp | undefined {
  const key = (text: string | null) => (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  return db.followUps.find(
    (f) => f.status === 'open' && f.prospectId === prospectId && f.due === due && key(f.note) === key(note),
  );
}

export function addFollowUp(db: Db, prospect: Prospect, due: IsoDay, note: string | null, now: Date): FollowUp {
  db.lastIds.followUp = nextId(db.lastIds.followUp, 'follow-up');
  const followUp: FollowUp = {
    id: db.lastIds.followUp,
    prospectId: prospect.id,
    due,
    note: note?.trim() || null,
    status: 'open',
    createdAt: now.toISOString(),
    doneAt: null,
    outcome: null,
    every: null,
    updatedAt: now.toISOString(),
  };
  db.followUps.push(followUp);
  return followUp;
}

/** Removes a prospect with their deals, follow-ups and activities (ids are never reused); those they referred keep no dangling referrer. */
export function removeProspect(
  db: Db,
  prospect: Prospect,
  now: Date,
): { deals: number; followUps: number; activities: number } {
  const deals = db.deals.filter((d) => d.prospectId === prospect.id).length;
  const followUps = db.followUps.filter((f) => f.prospectId === prospect.id).length;
  const activities = db.activities.filter((a) => a.prospectId === prospect.id).length;
  db.prospects = db.prospects.filter((p) => p.id !== prospect.id);
  db.deals = db.deals.filter((d) => d.prospectId !== prospect.id);
  db.followUps = db.followUps.filter((f) => f.prospectId !== prospect.id);
  db.activities = db.activities.filter((a) => a.prospectId !== prospect.id);
  // Whoever they referred is now referred by nobody: no reference to a prospect that is gone.
  for (const p of db.prospects)
    if (p.referredBy === prospect.id) {
      p.referredBy = null;
      p.updatedAt = now.toISOString();
    }
  return { deals, followUps, activities };
}
