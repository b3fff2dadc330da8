// Builders for schema-v4 records in tests: every field filled with a plain default, so a test
// spells out only the values it is about. Keys are in the order of src/domain/types.ts, so a
// built record serialises exactly as the hand-written literal it replaces.
import type { Candidate } from '../../src/domain/import/rows.js';
import { viewProspects, type ProspectView } from '../../src/domain/deals.js';
import type { Activity, Campaign, Db, Deal, FollowUp, Prospect } from '../../src/domain/types.js';

/** A prospect named `P<id>`, created 2026-11-01 10:00 UTC, with no deals (see `deal`). */
export function prospect(over: Partial<Prospect> = {}): Prospect {
  const id = over.id ?? 1;
  const createdAt = over.createdAt ?? '2026-11-01T10:00:00.000Z';
  return {
    id,
    name: `P${id}`,
    email: null,
    company: null,
    phone: null,
    title: null,
    campaign: null,
    tags: [],
    createdAt,
    fields: {},
    batch: null,
    otherEmails: [],
    otherPhones: [],
    firstSeen: null,
    referredBy: null,
    updatedAt: over.updatedAt ?? createdAt,
    ...over,
  };
}

/**
 * Deal d<id> (default 1) of prospect #<prospectId> (default: the deal's id), titled `D<id>`, opened
 * 2026-11-01 10:00 UTC at `new`, no value, no campaign. Given a `stage` and no `history`, the
 * history is `new` then that stage at the same time (`lost` with its lostReason as the reason).
 */
export function deal(over: Partial<Deal> = {}): Deal {
  const id = over.id ?? 1;
  const createdAt = over.createdAt ?? '2026-11-01T10:00:00.000Z';
  const stage = over.stage ?? 'new';
  const reason = stage === 'lost' ? (over.lostReason ?? 'x') : null;
  const history: Deal['history'] =
    over.history ??
    (stage === 'new'
      ? [{ stage: 'new', at: createdAt }]
      : [{ stage: 'new', at: createdAt }, reason ? { stage, at: createdAt, reason } : { stage, at: createdAt }]);
  return {
    id,
    prospectId: over.prospectId ?? id,
    title: `D${id}`,
    valueCents: null,
    stage,
    history,
    lostReason: reason,
    campaign: null,
    probability: null,
    closeBy: null,
    closeByChanges: [],
    createdAt,
    updatedAt: createdAt,
    ...over,
  };
}

/** An active campaign from 2026-11-01, no spend, rates, pauses, budget, end or goal. */
export function campaign(over: Partial<Campaign> = {}): Campaign {
  return {
    id: 'spring-webinar',
    name: 'Spring Webinar',
    channel: 'event',
    spend: [],
    rates: [],
    pauses: [],
    budgetCents: null,
    start: '2026-11-01',
    end: null,
    goal: null,
    note: null,
    createdAt: '2026-11-01T08:00:00.000Z',
    adjustments: [],
    updatedAt: '2026-11-01T08:00:00.000Z',
    ...over,
  };
}

/** An open follow-up of prospect #1, due 2026-12-01, without a note. */
export function followUp(over: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 1,
    prospectId: 1,
    due: '2026-12-01',
    note: null,
    status: 'open',
    createdAt: '2026-11-01T10:00:00.000Z',
    doneAt: null,
    outcome: null,
    every: null,
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...over,
  };
}

/** A note on prospect #1, with no campaign. */
export function activity(over: Partial<Activity> = {}): Activity {
  return {
    id: 1,
    prospectId: 1,
    type: 'note',
    text: 'x',
    at: '2026-11-01T10:00:00.000Z',
    campaign: null,
    topics: [],
    mail: null,
    updatedAt: '2026-11-01T10:00:00.000Z',
    ...over,
  };
}

/** An import row (domain/import/rows.ts) on line 2 that carries only a name. */
export function candidate(over: Partial<Candidate> & { name: string }): Candidate {
  return {
    line: 2,
    email: null,
    company: null,
    phone: null,
    title: null,
    campaign: null,
    stage: null,
    valueCents: null,
    tags: [],
    notes: null,
    createdAt: null,
    followUp: null,
    lostReason: null,
    history: null,
    id: null,
    fields: {},
    otherEmails: [],
    otherPhones: [],
    firstSeen: null,
    referredBy: null,
    warnings: [],
    ...over,
  };
}

/** The people of a data file with where their deals leave them (stage, value, lost reason) and
 * their deals: what a test of a list or an import reads. */
export function standing(db: Db | undefined): ProspectView[] {
  return db ? viewProspects(db) : [];
}
