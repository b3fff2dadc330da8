import { describe, expect, it } from 'vitest';
import { adjustmentPeriods } from '../../src/domain/periods.js';
import type { Campaign, Prospect } from '../../src/domain/types.js';
import { campaign, prospect as makeProspect } from '../helpers/records.js';
import { binomialTest, compareCounts, roundP } from '../../src/domain/verdict.js';
import { businessZone } from '../helpers/zone.js';

// Days here are UTC days: the business time zone of these tests, whatever the reader's (MELD_TEST_TZ).
businessZone('UTC');

describe('the exact binomial test', () => {
  it('matches hand-counted two-sided p-values', () => {
    // X ~ Binomial(10, 1/2), k = 3: P(X ≤ 3) + P(X ≥ 7) = 2 × (1 + 10 + 45 + 120) / 1024.
    expect(binomialTest(3, 10, 0.5)).toBeCloseTo(352 / 1024, 12);
    // k = 1 of 15: 2 × (1 + 15) / 32768.
    expect(binomialTest(1, 15, 0.5)).toBeCloseTo(32 / 32768, 12);
    // Unequal p: everything but the more likely k = 3 (0.2668279) for Binomial(10, 0.3), k = 2.
    expect(binomialTest(2, 10, 0.3)).toBeCloseTo(1 - 0.266827932, 8);
    expect(binomialTest(0, 0, 0.5)).toBe(1);
  });
});

describe('the verdict on a change', () => {
  it('says worse for 1 prospect in 14 days against 14 in the 14 days before', () => {
    const r = compareCounts(14, 14, 1, 14);
    expect(r.verdict).toBe('worse');
    expect(r.pValue).toBeCloseTo(32 / 32768, 12);
  });

  it('says better for the reverse', () => {
    const r = compareCounts(1, 14, 14, 14);
    expect(r.verdict).toBe('better');
    expect(r.pValue).toBeCloseTo(32 / 32768, 12);
  });

  it('says no clear change when the counts could well come from the same pace', () => {
    expect(compareCounts(5, 10, 7, 10)).toMatchObject({ verdict: 'no clear change' });
    expect(compareCounts(5, 10, 7, 10).pValue).toBeCloseTo(0.774414, 5);
    expect(compareCounts(0, 10, 0, 10)).toEqual({ verdict: 'no clear change', pValue: 1 });
  });

  it('weighs the counts by their days: 6 in 6 days after against 6 in 12 days before is no clear change', () => {
    // Same total 12, after gets 1/3 of the days: P under Binomial(12, 1/3) of an outcome as unlikely as 6.
    const r = compareCounts(6, 12, 6, 6);
    expect(r.verdict).toBe('no clear change');
    expect(r.pValue).toBeGreaterThan(0.05);
  });

  it('says too early over less than three days on either side', () => {
    expect(compareCounts(14, 14, 0, 2.9)).toEqual({ verdict: 'too early', pValue: null });
    expect(compareCounts(0, 2, 9, 14)).toEqual({ verdict: 'too early', pValue: null });
  });
});

describe('before/after in the report periods', () => {
  const base: Campaign = campaign({
    id: 'social',
    name: 'Social',
    channel: 'social',
    spend: [{ day: '2026-04-01', cents: 28_000, note: null, at: '2026-04-01T08:00:00.000Z' }],
    start: '2026-04-01',
    createdAt: '2026-04-01T08:00:00.000Z',
    adjustments: [{ at: '2026-04-15T00:00:00.000Z', changes: {}, note: 'moved to social' }],
  });
  const prospect = (id: number, at: string): Prospect => makeProspect({ id, campaign: 'social', createdAt: at });
  // 14 prospects from Apr 1 to Apr 14, then 1 in the 14 days from Apr 15.
  const prospects = [
    ...Array.from({ length: 14 }, (_, i) => prospect(i + 1, `2026-04-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`)),
    prospect(15, '2026-04-20T10:00:00.000Z'),
  ];

  it('compares the days since the change with as many days before it, with the cost per prospect of each', () => {
    const [, after] = adjustmentPeriods(base, prospects, [], new Date('2026-04-28T12:00:00.000Z'));
    expect(after!.compare).toEqual({
      before: {
        from: '2026-04-01',
        to: '2026-04-14',
        days: 14,
        prospects: 14,
        perWeek: 7,
      },
      after: {
        from: '2026-04-15',
        to: '2026-04-28',
        days: 14,
        prospects: 1,
        perWeek: 0.5,
      },
      verdict: 'worse',
      pValue: 0.001,
      // $280 spent on the first day: $20 for each of the 14 before; nothing since: no figure.
      costPerProspectBeforeCents: 2_000,
      costPerProspectAfterCents: null,
    });
    expect(after).toMatchObject({ verdict: 'worse', pValue: 0.001 });
  });

  it('takes only as many days before as have passed since, when the change is recent', () => {
    const [, after] = adjustmentPeriods(base, prospects, [], new Date('2026-04-18T12:00:00.000Z'));
    // 4 days since the change, against Apr 11-14: 4 prospects before, none after.
    expect(after!.compare).toMatchObject({
      before: { from: '2026-04-11', days: 4, prospects: 4 },
      after: { days: 4, prospects: 0 },
      verdict: 'no clear change',
    });
  });

  it('is too early on the second day after the change', () => {
    const [, after] = adjustmentPeriods(base, prospects, [], new Date('2026-04-16T12:00:00.000Z'));
    expect(after).toMatchObject({ perWeek: null, verdict: 'too early', pValue: null });
  });
});

describe('roundP', () => {
  it('rounds to the decimals asked, but never up across 0.05', () => {
    expect(roundP(0.04997, 4)).toBe(0.0499);
    expect(roundP(0.04997, 3)).toBe(0.049);
    expect(roundP(0.05004, 4)).toBe(0.05);
    expect(roundP(0.6875, 3)).toBe(0.688);
    expect(roundP(0.0123456, 4)).toBe(0.0123);
  });
});
