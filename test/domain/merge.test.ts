import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/domain/fingerprint.js';
import { applyMerge, mergeView, planMerge } from '../../src/domain/merge.js';
import { emptyDb, type Prospect } from '../../src/domain/types.js';
import { activity, deal, followUp, prospect as makeProspect } from '../helpers/records.js';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const money = (cents: number) => `$${cents / 100}`;

function prospect(id: number, over: Partial<Prospect>): Prospect {
  return makeProspect({ id, name: 'Ana Souza', ...over });
}

describe('planMerge', () => {
  it('makes one deal of their one deal each: one "new" entry, the earliest, and the rest of both histories in time order', () => {
    const keep = prospect(1, { createdAt: '2026-11-10T10:00:00.000Z' });
    const other = prospect(2, { createdAt: '2026-11-01T10:00:00.000Z' });
    const deals = [
      deal({
        id: 1,
        createdAt: '2026-11-10T10:00:00.000Z',
        stage: 'contacted',
        history: [
          { stage: 'new', at: '2026-11-10T10:00:00.000Z' },
          { stage: 'contacted', at: '2026-11-12T10:00:00.000Z' },
        ],
      }),
      deal({
        id: 2,
        createdAt: '2026-11-01T10:00:00.000Z',
        stage: 'qualified',
        history: [
          { stage: 'new', at: '2026-11-01T10:00:00.000Z' },
          { stage: 'qualified', at: '2026-11-05T10:00:00.000Z' },
        ],
      }),
    ];
    const db = { ...emptyDb(), prospects: [keep, other], deals };
    const plan = planMerge(db, keep, other, NOW, money);
    // qualified is further than contacted, but contacted came later: the stage is stamped now
    expect(plan.dropsDeal).toBe(2);
    expect(plan.mergedDeal!.id).toBe(1);
    expect(plan.mergedDeal!.history).toEqual([
      { stage: 'new', at: '2026-11-01T10:00:00.000Z' },
      { stage: 'qualified', at: '2026-11-05T10:00:00.000Z' },
      { stage: 'contacted', at: '2026-11-12T10:00:00.000Z' },
      { stage: 'qualified', at: '2026-11-27T10:00:00.000Z', reason: 'merged with #2' },
    ]);
    expect(plan.mergedDeal!.stage).toBe('qualified');
    expect(plan.stage).toEqual({ keep: 'contacted', other: 'qualified', merged: 'qualified' });
    // the source saw them first when other was added (local day, TZ=UTC in tests)
    expect(plan.merged.firstSeen).toBe('2026-11-01');
  });

  it('fills empty fields, keeps differing ones aside, and joins tags without repeats', () => {
    const keep = prospect(1, { email: 'ana@acme.io', tags: ['warm'], fields: { Source: 'webinar' } });
    const other = prospect(2, {
      email: 'ANA@acme.io',
      otherEmails: ['ana@home.org'],
      phone: '+49 30 1234567',
      otherPhones: ['0049 30 1234567'],
      tags: ['warm', 'vip'],
      fields: { Source: 'linkedin', Size: '50' },
    });
    const deals = [deal({ id: 1 }), deal({ id: 2, valueCents: 250000 })];
    const db = { ...emptyDb(), prospects: [keep, other], deals };
    const plan = planMerge(db, keep, other, NOW, money);
    expect(plan.merged).toMatchObject({
      email: 'ana@acme.io',
      otherEmails: ['ana@home.org'],
      phone: '+49 30 1234567',
      otherPhones: [],
      tags: ['warm', 'vip'],
      fields: { Source: 'webinar', Size: '50' },
    });
    expect(plan.mergedDeal!.valueCents).toBe(250000);
    expect(plan.note).toBe('Merged from #2 Ana Souza; its values that differed: Source: linkedin');
  });

  it('refuses a prospect with itself', () => {
    const keep = prospect(1, {});
    expect(() => planMerge({ ...emptyDb(), prospects: [keep] }, keep, keep, NOW, money)).toThrow(
      'cannot merge #1 Ana Souza with itself',
    );
  });
});

describe('applyMerge', () => {
  it("moves other's deals as they are when either has more than one", () => {
    const keep = prospect(1, {});
    const other = prospect(2, { name: 'Ana S.' });
    const db = {
      ...emptyDb(),
      prospects: [keep, other],
      deals: [
        deal({ id: 1, prospectId: 1, stage: 'won' }),
        deal({ id: 2, prospectId: 2 }),
        deal({ id: 3, prospectId: 2 }),
      ],
    };
    const plan = planMerge(db, keep, other, NOW, money);
    expect(plan.mergedDeal).toBeNull();
    expect(plan.moves.deals).toBe(2);
    expect(plan.stage).toEqual({ keep: 'won', other: 'new', merged: 'new' });
    applyMerge(db, plan, NOW);
    expect(db.deals.map((d) => [d.id, d.prospectId, d.stage])).toEqual([
      [1, 1, 'won'],
      [2, 1, 'new'],
      [3, 1, 'new'],
    ]);
  });

  it('moves follow-ups, activities and referrals to keep and removes other', () => {
    const keep = prospect(1, {});
    const other = prospect(2, { name: 'Ana S.' });
    const referred = prospect(3, { name: 'Bo', referredBy: 2 });
    const db = {
      ...emptyDb(),
      prospects: [keep, other, referred],
      followUps: [followUp({ prospectId: 2, createdAt: NOW.toISOString() })],
      activities: [activity({ prospectId: 2, type: 'call', text: 'hi', at: NOW.toISOString() })],
    };
    db.lastIds.activity = 1;
    const before = fingerprint(mergeView(db, [1, 2]));
    const plan = planMerge(db, keep, other, NOW, money);
    expect(fingerprint(mergeView(db, [1, 2]))).toBe(before);
    applyMerge(db, plan, NOW);
    expect(mergeView(db, [1, 2])).toBeUndefined();
    expect(db.prospects.map((p) => [p.id, p.referredBy])).toEqual([
      [1, null],
      [3, 1],
    ]);
    expect(db.followUps[0]?.prospectId).toBe(1);
    expect(db.activities.map((a) => [a.id, a.prospectId, a.type])).toEqual([
      [1, 1, 'call'],
      [2, 1, 'note'],
    ]);
  });
});
