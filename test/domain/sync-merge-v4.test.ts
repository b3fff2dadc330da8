import { describe, expect, it } from 'vitest';
import { mergeDbs } from '../../src/domain/sync-merge/three-way.js';
import { deal as makeDeal, prospect } from '../helpers/records.js';

// The record merge on schema 4 shapes (deals, updatedAt on every record), as plain objects: the
// merge reads collections from its table, so it needs no types of the schema it merges.

type R = Record<string, unknown>;
const NOW = new Date('2026-12-02T09:00:00.000Z');
const T0 = '2026-11-01T10:00:00.000Z';

// The shared test builders, seen as the plain objects the merge works on.
const person = (id: number, over: R = {}): R => ({ ...prospect({ id }), ...over });
const deal = (id: number, prospectId: number, over: R = {}): R => ({
  ...makeDeal({ id, prospectId, title: `Deal ${id}`, valueCents: 10000 }),
  ...over,
});

function base(): R {
  return {
    version: 4,
    lastIds: { prospect: 1, deal: 1, followUp: 0, activity: 0 },
    config: {
      currency: 'USD',
      staleDays: 14,
      timezone: 'Europe/Lisbon',
      customerDays: 90,
      forecastMinClosed: 10,
      stageProbability: { new: 10, contacted: 20, qualified: 40, proposal: 60 },
      myEmails: [],
    },
    campaigns: [],
    prospects: [person(1)],
    deals: [deal(1, 1)],
    followUps: [],
    activities: [],
  };
}

const clone = (db: R): R => structuredClone(db);
const list = (db: R, key: string) => db[key] as R[];

describe('the record merge on schema 4', () => {
  it("moves a renumbered person's deals with them, and renumbers deals both sides added", () => {
    const b = base();
    const o = clone(b);
    const t = clone(b);
    list(o, 'prospects').push(person(2, { name: 'Ana', createdAt: '2026-12-01T10:00:00.000Z' }));
    list(o, 'deals').push(deal(2, 2, { createdAt: '2026-12-01T10:00:01.000Z' }));
    o.lastIds = { prospect: 2, deal: 2, followUp: 0, activity: 0 };
    list(t, 'prospects').push(person(2, { name: 'Bob', createdAt: '2026-12-01T11:00:00.000Z' }));
    list(t, 'deals').push(deal(2, 2, { title: 'Bob renewal', createdAt: '2026-12-01T11:00:01.000Z' }));
    t.lastIds = { prospect: 2, deal: 2, followUp: 0, activity: 0 };
    const { db, report } = mergeDbs(b, o, t, NOW);
    expect(report.renumbered.map((r) => r.text)).toEqual(['#2 Bob (theirs) → #3', 'd2 Bob renewal (theirs) → d3']);
    expect(list(db, 'deals').map((d) => `d${d.id}->#${d.prospectId}`)).toEqual(['d1->#1', 'd2->#2', 'd3->#3']);
    expect(db.lastIds).toEqual({ prospect: 3, deal: 3, followUp: 0, activity: 0 });
  });

  it('keeps the later stage move with its lost reason, both stage histories, and notes the other on the person', () => {
    const b = base();
    const o = clone(b);
    const t = clone(b);
    Object.assign(list(o, 'deals')[0]!, {
      stage: 'lost',
      lostReason: 'budget',
      history: [
        { stage: 'new', at: T0 },
        { stage: 'lost', at: '2026-12-01T10:00:00.000Z', reason: 'budget' },
      ],
      updatedAt: '2026-12-01T10:00:00.000Z',
    });
    Object.assign(list(t, 'deals')[0]!, {
      stage: 'qualified',
      history: [
        { stage: 'new', at: T0 },
        { stage: 'qualified', at: '2026-12-01T11:00:00.000Z' },
      ],
      updatedAt: '2026-12-01T11:00:00.000Z',
    });
    const { db, report } = mergeDbs(b, o, t, NOW);
    const d = list(db, 'deals')[0]!;
    expect(d).toMatchObject({ stage: 'qualified', lostReason: null, updatedAt: '2026-12-01T11:00:00.000Z' });
    expect((d.history as R[]).map((h) => h.stage)).toEqual(['new', 'lost', 'qualified']);
    expect(report.conflicts.map((c) => c.text)).toEqual([
      'stage of d1: kept "qualified" (changed later), "lost" noted',
      'lostReason of d1: kept nothing (changed later), "budget" noted',
    ]);
    const note = list(db, 'activities')[0]!;
    expect(note).toEqual({
      id: 1,
      prospectId: 1,
      type: 'note',
      text: 'Merged two versions from different devices: stage of d1: kept "qualified" (changed later), "lost" noted; lostReason of d1: kept nothing (changed later), "budget" noted.',
      at: NOW.toISOString(),
      campaign: null,
      topics: [],
      mail: null,
      updatedAt: NOW.toISOString(),
    });
  });

  it('brings back the deals removed with a person the other side edited', () => {
    const b = base();
    const o = clone(b);
    const t = clone(b);
    o.prospects = [];
    o.deals = [];
    Object.assign(list(t, 'prospects')[0]!, { phone: '+1 555 0100', updatedAt: '2026-12-01T11:00:00.000Z' });
    const { db, report } = mergeDbs(b, o, t, NOW);
    expect(list(db, 'deals').map((d) => d.id)).toEqual([1]);
    expect(report.kept.map((k) => k.text)).toEqual([
      '#1 P1 removed on ours but kept: changed on theirs',
      'd1 Deal 1 removed on ours but kept: its person was kept',
    ]);
  });

  it('merges settings key by key: win rates per stage, own emails as a set, the later side on the same key', () => {
    const b = base();
    const o = clone(b);
    const t = clone(b);
    const oc = o.config as R;
    const tc = t.config as R;
    oc.stageProbability = { new: 15, contacted: 20, qualified: 40, proposal: 60 };
    oc.myEmails = ['me@work.com'];
    tc.stageProbability = { new: 10, contacted: 20, qualified: 40, proposal: 70 };
    tc.myEmails = ['me@home.com'];
    const { db } = mergeDbs(b, o, t, NOW);
    expect(db.config).toMatchObject({
      stageProbability: { new: 15, contacted: 20, qualified: 40, proposal: 70 },
      myEmails: ['me@work.com', 'me@home.com'],
    });
  });
});
