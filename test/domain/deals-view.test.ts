import { describe, expect, it } from 'vitest';
import { standingOf, viewOf } from '../../src/domain/deals.js';
import type { Deal } from '../../src/domain/types.js';
import { deal, prospect } from '../helpers/records.js';

describe('viewOf', () => {
  it('is the prospect, every field of it, with where their deals leave them', () => {
    const p = prospect({ id: 4, name: 'Ana Souza', email: 'ana@acme.io', tags: ['warm'], fields: { Source: 'fair' } });
    const won = deal({ id: 2, prospectId: 4, stage: 'won', valueCents: 120_000 });
    const view = viewOf(p, [won]);
    // A field added to Prospect must reach the view too: the keys are the record's, then the standing's.
    expect(Object.keys(view)).toEqual([...Object.keys(p), 'stage', 'valueCents', 'lostReason', 'deals']);
    expect(view).toEqual({ ...p, stage: 'won', valueCents: 120_000, lostReason: null, deals: [won] });
  });
});

describe('standingOf', () => {
  const at = (day: string) => `2026-11-${day}T10:00:00.000Z`;
  const closed = (id: number, stage: 'won' | 'lost', day: string, over: Partial<Deal> = {}) =>
    deal({
      id,
      prospectId: 1,
      stage,
      history: [{ stage, at: at(day) }],
      lostReason: stage === 'lost' ? `r${id}` : null,
      ...over,
    });

  it('is nobody without deals', () => {
    expect(standingOf([])).toEqual({ stage: null, valueCents: null, lostReason: null, lead: null });
  });

  it('is the furthest open deal (the older on a tie), valued at every open deal, when any is open', () => {
    const a = deal({ id: 1, prospectId: 1, stage: 'contacted', valueCents: 100 });
    const b = deal({ id: 2, prospectId: 1, stage: 'proposal', valueCents: null });
    const c = deal({ id: 3, prospectId: 1, stage: 'proposal', valueCents: 250 });
    const won = closed(4, 'won', '20', { valueCents: 9_000 });
    expect(standingOf([a, won, b, c])).toEqual({ stage: 'proposal', valueCents: 350, lostReason: null, lead: b });
    expect(standingOf([deal({ id: 5, prospectId: 1, stage: 'new' })]).valueCents).toBeNull();
  });

  it('is the latest won deal, valued at the won ones, when none is open', () => {
    const w1 = closed(1, 'won', '10', { valueCents: 100 });
    const w2 = closed(2, 'won', '12', { valueCents: 200 });
    const w3 = closed(3, 'won', '12');
    const lost = closed(4, 'lost', '30', { valueCents: 5 });
    expect(standingOf([w1, w3, lost, w2])).toEqual({ stage: 'won', valueCents: 300, lostReason: null, lead: w2 });
  });

  it('is the latest lost deal and its reason when all were lost', () => {
    const l1 = closed(1, 'lost', '15');
    const l2 = closed(2, 'lost', '11', { valueCents: 40 });
    expect(standingOf([l1, l2])).toEqual({ stage: 'lost', valueCents: 40, lostReason: 'r1', lead: l1 });
  });
});
