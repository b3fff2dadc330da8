import { describe, expect, it } from 'vitest';
import { viewOf } from '../../src/domain/deals.js';
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
