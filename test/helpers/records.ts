// Builders for schema-v3 records in tests: every field filled with a plain default, so a test
// spells out only the values it is about. Keys are in the order of src/domain/types.ts, so a
// built record serialises exactly as the hand-written literal it replaces.
import type { Candidate } from '../../src/domain/import/rows.js';
import type { Activity, Campaign, FollowUp, Prospect } from '../../src/domain/types.js';

/** A prospect at stage `new`, named `P<id>`, created 2026-11-01 10:00 UTC (its one history entry). */
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
    stage: 'new',
    valueCents: null,
    tags: [],
    createdAt,
    history: [{ stage: 'new', at: createdAt }],
    lostReason: null,
    fields: {},
    batch: null,
    otherEmails: [],
    otherPhones: [],
    firstSeen: null,
    referredBy: null,
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
    status: 'active',
    note: null,
    createdAt: '2026-11-01T08:00:00.000Z',
    adjustments: [],
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
