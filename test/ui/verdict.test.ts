import { describe, expect, it } from 'vitest';
import type { CampaignMovement } from '../../src/domain/agenda.js';
import type { Period } from '../../src/domain/periods.js';
import type { Campaign } from '../../src/domain/types.js';
import { campaignLine } from '../../src/ui/agenda.js';
import { pText, verdictLine } from '../../src/ui/verdict.js';

const period = (over: Partial<Period>): Period => ({
  from: '2026-04-15',
  to: '2026-04-28',
  days: 14,
  outside: 0,
  prospects: 1,
  perWeek: 0.5,
  costCents: 0,
  costPerProspectCents: 0,
  qualified: 0,
  won: 0,
  expectedValueCents: null,
  expectedPerProspectCents: null,
  adjustment: { at: '2026-04-15T09:00:00.000Z', changes: {}, note: 'moved to social' },
  compare: {
    before: { from: '2026-04-01', to: '2026-04-14', days: 14, prospects: 14, perWeek: 7 },
    after: { from: '2026-04-15', to: '2026-04-28', days: 14, prospects: 1, perWeek: 0.5 },
    verdict: 'worse',
    pValue: 0.001,
    costPerProspectBeforeCents: 2_000,
    costPerProspectAfterCents: 0,
  },
  verdict: 'worse',
  pValue: 0.001,
  ...over,
});

describe('the verdict in words', () => {
  it("says the issue's sentence, with cost per prospect before and after", () => {
    expect(verdictLine(period({}), 'USD')).toBe(
      "after 'moved to social' (Apr 15): 1 prospect in 14 days vs 14 in the 14 days before: worse (p = 0.001); cost per prospect $20 before, $0 after",
    );
  });

  it('says too early without a p-value or money, and names the change when there is no note', () => {
    const early = period({
      adjustment: { at: '2026-04-15T09:00:00.000Z', changes: { cost: { from: 0, to: 100 } }, note: null },
      compare: {
        ...period({}).compare!,
        after: { from: '2026-04-15', to: '2026-04-16', days: 1.5, prospects: 0, perWeek: null },
        verdict: 'too early',
        pValue: null,
      },
    });
    expect(verdictLine(early, 'USD')).toBe(
      'after cost (Apr 15): 0 prospects in 1.5 days vs 14 in the 14 days before: too early',
    );
    expect(verdictLine(period({ compare: null, adjustment: null }), 'USD')).toBeNull();
  });

  it('says when waiting will not help: the change came in the first days, so the side before is too short', () => {
    const first = period({
      compare: {
        ...period({}).compare!,
        before: { from: '2026-04-14', to: '2026-04-15', days: 1, prospects: 2, perWeek: null },
        verdict: 'too early',
        pValue: null,
      },
    });
    expect(verdictLine(first, 'USD')).toBe(
      "after 'moved to social' (Apr 15): 1 prospect in 14 days vs 2 in the 1 day before: too early (too little ran before the change to compare)",
    );
  });

  it('writes tiny p-values as p < 0.001', () => {
    expect(pText(0.0000123)).toBe('p < 0.001');
    expect(pText(0.0468)).toBe('p = 0.047');
  });

  it('keeps three decimals except where they would round a clear result up to the line', () => {
    expect([0.0123, 0.688, 0.0499, 0.04951, 0.05].map(pText)).toEqual([
      'p = 0.012',
      'p = 0.688',
      'p = 0.0499',
      'p = 0.0495',
      'p = 0.050',
    ]);
  });
});

describe("the agenda's campaign line", () => {
  const campaign = { id: 'social', name: 'Social' } as Campaign;
  const base: CampaignMovement = {
    campaign,
    status: 'active',
    costCents: 0,
    verdict: 'worse',
    pValue: 0.004,
    adjustedAt: '2026-04-15T09:00:00.000Z',
    adjustmentNote: 'moved to social',
    before: { from: '2026-04-01', to: '2026-04-15', days: 14, prospects: 14, perWeek: 7 },
    after: { from: '2026-04-15', to: '2026-04-29', days: 14, prospects: 1, perWeek: 0.5 },
    change: -0.93,
  };

  it('adds a clear verdict, and marks a paused campaign', () => {
    expect(campaignLine(base)).toBe(
      'Social: 0.5/wk since the 2026-04-15 adjustment, 7.0/wk before (-93%): worse (p = 0.004)',
    );
    expect(campaignLine({ ...base, status: 'paused', verdict: 'no clear change', pValue: 0.3 })).toBe(
      'Social (paused): 0.5/wk since the 2026-04-15 adjustment, 7.0/wk before (-93%)',
    );
  });
});
