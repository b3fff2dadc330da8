import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { campaignForecast, forecastAt, startOf } from '../../src/domain/forecast/forecast.js';
import { closeByAt, enteredStageAt, reachedAt, stageAt, type ForecastDeal } from '../../src/domain/forecast/history.js';
import { learnedRates } from '../../src/domain/forecast/rates.js';
import { medianDaysToWin } from '../../src/domain/forecast/timing.js';
import { accuracy } from '../../src/domain/forecast/replay.js';
import { spread } from '../../src/domain/forecast/spread.js';
import type { Stage } from '../../src/domain/types.js';

// The forecast's figures checked against hand computation (exact fractions; the ranges with
// the docs' formula, expected ± 1.2816·√Σ v²·p·(1−p), clipped to [0, Σ v]).

const SET = { new: 10, contacted: 20, qualified: 40, proposal: 60 };
let nextId = 1;

function deal(
  steps: Array<[Stage, string]>,
  more: Partial<ForecastDeal> & { valueCents?: number | null } = {},
): ForecastDeal {
  const history = steps.map(([stage, day]) => ({ stage, at: `${day}T12:00:00.000Z` }));
  return {
    id: nextId++,
    prospectId: 1,
    title: 'deal',
    valueCents: 100_000,
    stage: history[history.length - 1]!.stage,
    history,
    campaign: null,
    probability: null,
    closeBy: null,
    closeByChanges: [],
    createdAt: history[0]!.at,
    ...more,
  };
}

const WON_PATH: Array<[Stage, string]> = [
  ['new', '2026-10-01'],
  ['contacted', '2026-10-05'],
  ['qualified', '2026-10-11'],
  ['proposal', '2026-10-21'],
  ['won', '2026-10-31'],
];

/** 4 won (2 per campaign), 8 lost: furthest new ×3, contacted ×2, qualified ×2, proposal ×1. */
function closedDeals(): ForecastDeal[] {
  const lost = (stages: Stage[]) =>
    deal([...stages.map((s, i): [Stage, string] => [s, `2026-09-0${i + 1}`]), ['lost', '2026-09-20']]);
  return [
    deal(WON_PATH, { campaign: 'a', valueCents: 150_000 }),
    deal(WON_PATH, { campaign: 'a', valueCents: 150_000 }),
    deal(WON_PATH, { campaign: 'b', valueCents: 250_000 }),
    deal(WON_PATH, { campaign: 'b', valueCents: 250_000 }),
    lost(['new']),
    lost(['new']),
    lost(['new']),
    lost(['new', 'contacted']),
    lost(['new', 'contacted']),
    lost(['new', 'contacted', 'qualified']),
    lost(['new', 'qualified']),
    lost(['new', 'contacted', 'qualified', 'proposal']),
  ];
}

/** Six open deals on 2026-12-06. */
function openDeals(): ForecastDeal[] {
  return [
    deal([['new', '2026-11-20']], { campaign: 'a', valueCents: 100_000, closeBy: '2026-12-20' }),
    deal(
      [
        ['new', '2026-11-20'],
        ['contacted', '2026-11-25'],
      ],
      { campaign: 'a', valueCents: 200_000, closeBy: '2027-01-15' },
    ),
    deal(
      [
        ['new', '2026-11-20'],
        ['qualified', '2026-12-01'],
      ],
      { campaign: 'b', valueCents: 300_000 },
    ),
    deal(
      [
        ['new', '2026-11-02'],
        ['proposal', '2026-11-10'],
      ],
      { campaign: 'b', valueCents: 500_000, closeBy: '2026-11-30' },
    ),
    deal(
      [
        ['new', '2026-11-02'],
        ['proposal', '2026-12-02'],
      ],
      { campaign: 'a', valueCents: null },
    ),
    deal(
      [
        ['new', '2026-11-02'],
        ['qualified', '2026-11-12'],
      ],
      { campaign: 'a', valueCents: 150_000, probability: 90, closeBy: '2027-02-10' },
    ),
  ];
}

const NOW = startOf('2026-12-06') + 10 * 3_600_000;

describe('the forecast on a hand-computed scenario', () => {
  const deals = [...closedDeals(), ...openDeals()];

  it('learns W / (W + L_s) per stage and uses it only with enough closed deals behind it', () => {
    const rates = learnedRates(deals, { set: SET, minClosed: 10 });
    expect(rates.map((r) => [r.stage, r.learned, r.closed, r.used, r.rate])).toEqual([
      ['new', { num: 4, den: 12 }, 12, 'learned', { num: 4, den: 12 }],
      ['contacted', { num: 4, den: 9 }, 9, 'set', { num: 20_000, den: 100_000 }],
      ['qualified', { num: 4, den: 7 }, 7, 'set', { num: 40_000, den: 100_000 }],
      ['proposal', { num: 4, den: 5 }, 5, 'set', { num: 60_000, den: 100_000 }],
    ]);
    expect(learnedRates(deals, { set: SET, minClosed: 5 }).every((r) => r.used === 'learned')).toBe(true);
  });

  it('gives the expected value, its 80% range and the deals without a value', () => {
    const f = forecastAt(deals, NOW, { set: SET, minClosed: 10 }, 3);
    expect(f.total).toEqual({
      expectedCents: 628_333,
      lowCents: 239_083,
      highCents: 1_017_584,
      totalCents: 1_250_000,
      deals: 5,
      noValue: 1,
    });
    const learned = forecastAt(deals, NOW, { set: SET, minClosed: 5 }, 3);
    expect([learned.total.expectedCents, learned.total.lowCents, learned.total.highCents]).toEqual([
      828_651, 474_956, 1_182_346,
    ]);
  });

  it('puts each deal in the month of its expected close day: set, or entered stage + median days to won', () => {
    const f = forecastAt(deals, NOW, { set: SET, minClosed: 10 }, 3);
    expect(f.medians).toEqual({ new: 30, contacted: 26, qualified: 20, proposal: 10 });
    const b = Object.fromEntries(
      f.buckets.map((x) => [x.key, [x.expectedCents, x.lowCents, x.highCents, x.open.length]]),
    );
    expect(b).toEqual({
      overdue: [300_000, 0, 500_000, 1],
      '2026-12': [153_333, 0, 351_141, 3],
      '2027-01': [40_000, 0, 142_528, 1],
      '2027-02': [135_000, 77_328, 150_000, 1],
      later: [0, 0, 0, 0],
      undated: [0, 0, 0, 0],
    });
    expect(f.open.find((o) => o.deal.valueCents === 300_000)?.closeDay).toBe('2026-12-21');
    expect(f.open.find((o) => o.deal.probability === 90)?.source).toBe('deal');
  });

  it('judges each campaign by won value plus expected value, with ROI over its cost', () => {
    const f = forecastAt(deals, NOW, { set: SET, minClosed: 10 }, 3);
    expect(
      campaignForecast(
        f.open.filter((o) => o.deal.campaign === 'a'),
        300_000,
        200_000,
      ),
    ).toEqual({
      expectedValueCents: 508_333,
      lowCents: 376_091,
      highCents: 640_576,
      openDeals: 4,
      undatedDeals: 0,
      noValueDeals: 1,
      expectedRoi: 1.5417,
    });
    expect(
      campaignForecast(
        f.open.filter((o) => o.deal.campaign === 'b'),
        500_000,
        400_000,
      ),
    ).toMatchObject({
      expectedValueCents: 920_000,
      lowCents: 553_902,
      highCents: 1_286_098,
      expectedRoi: 1.3,
    });
    expect(
      campaignForecast(
        f.open.filter((o) => o.deal.campaign === 'b'),
        500_000,
        0,
      ).expectedRoi,
    ).toBeNull();
  });
});

describe('the replay of past months', () => {
  it('counts a month as a hit only when something was forecast or won, and the undated deals apart', () => {
    // A: $1,000 at proposal since Sep 10 (set 60%: nothing closed yet), close-by Oct 20, won Oct 15.
    // B: $500 at new since Sep 15 (set 10%), no close-by and no win yet to learn a day from.
    const a = deal(
      [
        ['new', '2026-09-10'],
        ['proposal', '2026-09-10'],
        ['won', '2026-10-15'],
      ],
      { closeBy: '2026-10-20' },
    );
    const b = deal(
      [
        ['new', '2026-09-15'],
        ['lost', '2026-11-03'],
      ],
      { valueCents: 50_000 },
    );
    const check = accuracy([a, b], '2026-11-10', { set: SET, minClosed: 10 }, 2);
    const none = { expectedCents: 0, lowCents: 0, highCents: 0, totalCents: 0, deals: 0, noValue: 0 };
    expect(check.months).toEqual([
      // Sep 1: nothing open, nothing won in September: no check at all.
      {
        month: '2026-09',
        expectedCents: 0,
        lowCents: 0,
        highCents: 0,
        openDeals: 0,
        wonCents: 0,
        errorCents: 0,
        inRange: null,
        undated: none,
      },
      // Oct 1: A expected in October, $600 ± 1.2816·√(1000²·0.24) = ±$627.85, clipped to
      // $0–$1,000; $1,000 won: in range. B, undated: $50 ± 1.2816·√(500²·0.09) = ±$192.24.
      {
        month: '2026-10',
        expectedCents: 60_000,
        lowCents: 0,
        highCents: 100_000,
        openDeals: 1,
        wonCents: 100_000,
        errorCents: 40_000,
        inRange: true,
        undated: { expectedCents: 5_000, lowCents: 0, highCents: 24_224, totalCents: 50_000, deals: 1, noValue: 0 },
      },
    ]);
  });
});

describe('forecast properties', () => {
  const stage = fc.constantFrom<Stage>('new', 'contacted', 'qualified', 'proposal', 'won', 'lost');
  const arbDeal = fc
    .record({
      stages: fc.array(stage, { minLength: 1, maxLength: 5 }),
      start: fc.integer({ min: 0, max: 300 }),
      value: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
    })
    .map(({ stages, start, value }) =>
      deal(
        stages.map((s, i): [Stage, string] => [
          s,
          new Date(Date.UTC(2026, 0, 1 + start + i * 3)).toISOString().slice(0, 10),
        ]),
        { valueCents: value },
      ),
    );

  it('when every deal is closed, the expected value is what was won and the range is nothing', () => {
    fc.assert(
      fc.property(fc.array(arbDeal, { maxLength: 30 }), (deals) => {
        const closed = deals.filter((d) => d.stage === 'won' || d.stage === 'lost');
        const f = forecastAt(closed, Date.UTC(2027, 6, 1), { set: SET, minClosed: 10 }, 3);
        expect(f.total).toMatchObject({ expectedCents: 0, lowCents: 0, highCents: 0 });
        const won = closed.filter((d) => d.stage === 'won').reduce((s, d) => s + (d.valueCents ?? 0), 0);
        const c = campaignForecast(f.open, won, 1000);
        expect([c.expectedValueCents, c.lowCents, c.highCents]).toEqual([won, won, won]);
      }),
    );
  });

  it('a stage with fewer closed deals than the minimum uses the set rate', () => {
    fc.assert(
      fc.property(fc.array(arbDeal, { maxLength: 40 }), fc.integer({ min: 0, max: 50 }), (deals, minClosed) => {
        for (const r of learnedRates(deals, { set: SET, minClosed })) {
          if (r.closed < minClosed || r.closed === 0)
            expect(r.rate).toEqual({ num: SET[r.stage] * 1000, den: 100_000 });
          else expect(r.rate).toEqual(r.learned);
        }
      }),
    );
  });

  it('the range holds the expected value and never leaves [0, Σ v]', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            valueCents: fc.option(fc.integer({ min: 0, max: 10 ** 9 }), { nil: null }),
            num: fc.integer({ min: 0, max: 100 }),
          }),
        ),
        (bets) => {
          const s = spread(bets.map((b) => ({ valueCents: b.valueCents, rate: { num: b.num, den: 100 } })));
          expect(s.lowCents).toBeGreaterThanOrEqual(0);
          expect(s.lowCents).toBeLessThanOrEqual(s.expectedCents);
          expect(s.highCents).toBeGreaterThanOrEqual(s.expectedCents);
          expect(s.highCents).toBeLessThanOrEqual(s.totalCents);
        },
      ),
    );
  });
});

describe('learning from synthetic history with known rates', () => {
  // Each stage moves on with a known chance, else the deal is lost there: the true chance of
  // winning from a stage is the product of the chances ahead of it.
  const ADVANCE = { new: 0.5, contacted: 0.6, qualified: 0.7, proposal: 0.7 };
  const TRUE = { proposal: 0.7, qualified: 0.49, contacted: 0.294, new: 0.147 };

  function mulberry32(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function synthetic(count: number, seed: number): ForecastDeal[] {
    const random = mulberry32(seed);
    const deals: ForecastDeal[] = [];
    for (let i = 0; i < count; i++) {
      let t = Date.UTC(2025, 0, 1) + Math.floor(random() * 700) * 86_400_000;
      const steps: Array<[Stage, string]> = [];
      const at = () => new Date(t).toISOString().slice(0, 10);
      let won = true;
      for (const s of ['new', 'contacted', 'qualified', 'proposal'] as const) {
        steps.push([s, at()]);
        t += (5 + Math.floor(random() * 30)) * 86_400_000;
        if (random() >= ADVANCE[s]) {
          won = false;
          break;
        }
      }
      steps.push([won ? 'won' : 'lost', at()]);
      deals.push(deal(steps, { valueCents: 100_000 }));
    }
    return deals;
  }

  it('learns each stage within 5 points of the truth at 2,000 deals, and calibrates', () => {
    const deals = synthetic(2000, 7);
    for (const r of learnedRates(deals, { set: SET, minClosed: 10 })) {
      expect(Math.abs(r.learned!.num / r.learned!.den - TRUE[r.stage])).toBeLessThan(0.05);
    }
    const check = accuracy(deals, '2027-01-15', { set: SET, minClosed: 10 }, 12);
    expect(check.months).toHaveLength(12);
    for (const bucket of check.calibration) {
      if (bucket.closed < 50) continue;
      expect(bucket.share!).toBeGreaterThanOrEqual(bucket.from / 100);
      expect(bucket.share!).toBeLessThan(bucket.to / 100);
    }
    expect(check.calibration.filter((b) => b.closed >= 50).length).toBeGreaterThanOrEqual(3);
  });
});

describe("a deal's stage history as times", () => {
  const base: ForecastDeal = {
    id: 1,
    prospectId: 1,
    title: 'D1',
    valueCents: 100_000,
    stage: 'proposal',
    history: [],
    campaign: null,
    probability: null,
    closeBy: null,
    closeByChanges: [],
    createdAt: '2026-11-01T09:00:00.000Z',
  };
  const at = (iso: string) => Date.parse(iso);

  it('reads steps listed out of order, or written with offsets, in time order', () => {
    const inOrder = {
      ...base,
      history: [
        { stage: 'new' as const, at: '2026-11-01T09:00:00.000Z' },
        { stage: 'contacted' as const, at: '2026-11-05T09:00:00.000Z' },
        { stage: 'proposal' as const, at: '2026-11-10T09:00:00.000Z' },
      ],
    };
    // The same steps, the last one first, one of them as 11:00 at +02:00 (09:00 UTC).
    const shuffled = {
      ...base,
      history: [
        { stage: 'proposal' as const, at: '2026-11-10T11:00:00+02:00' },
        { stage: 'new' as const, at: '2026-11-01T09:00:00.000Z' },
        { stage: 'contacted' as const, at: '2026-11-05T09:00:00.000Z' },
      ],
    };
    for (const deal of [inOrder, shuffled]) {
      expect(stageAt(deal, at('2026-11-04T00:00:00Z'))).toBe('new');
      expect(stageAt(deal, at('2026-11-07T00:00:00Z'))).toBe('contacted');
      expect(stageAt(deal, at('2026-11-20T00:00:00Z'))).toBe('proposal');
      expect(enteredStageAt(deal, at('2026-11-20T00:00:00Z'))).toBe(at('2026-11-10T09:00:00Z'));
      expect(reachedAt(deal, 'qualified')).toBe(at('2026-11-10T09:00:00Z'));
    }
  });

  it('takes the close-by day set now as the one in force, the pushes made after a moment undone before it', () => {
    // Set for Dec 20, pushed on Nov 21, 22 and 23 to Dec 27, Jan 3 and Jan 15, then moved back
    // to Dec 28 on Nov 24: a move earlier is not recorded, only the day set now says it.
    const deal = {
      ...base,
      closeBy: '2026-12-28',
      closeByChanges: [
        { at: '2026-11-23T10:00:00.000Z', from: '2027-01-03', to: '2027-01-15' },
        { at: '2026-11-21T10:00:00.000Z', from: '2026-12-20', to: '2026-12-27' },
        { at: '2026-11-22T10:00:00.000Z', from: '2026-12-27', to: '2027-01-03' },
      ],
    };
    expect(closeByAt(deal, at('2026-11-20T00:00:00Z'))).toBe('2026-12-20');
    expect(closeByAt(deal, at('2026-11-21T12:00:00Z'))).toBe('2026-12-27');
    expect(closeByAt(deal, at('2026-11-22T12:00:00Z'))).toBe('2027-01-03');
    expect(closeByAt(deal, at('2026-11-25T00:00:00Z'))).toBe('2026-12-28');
    expect(closeByAt({ ...deal, closeBy: null }, at('2026-11-25T00:00:00Z'))).toBeNull();
  });
});

describe('medianDaysToWin', () => {
  it('is the median whole days from reaching each open stage (skipped ones passed) to won, over deals won by then', () => {
    const deals = [
      // reached new 11-01, contacted 11-03, skipped qualified (proposal 11-06 passes it), won 11-11
      deal([
        ['new', '2026-11-01'],
        ['contacted', '2026-11-03'],
        ['proposal', '2026-11-06'],
        ['won', '2026-11-11'],
      ]),
      // listed out of order: new 11-02, qualified 11-04, won 11-08
      deal(
        [
          ['won', '2026-11-08'],
          ['new', '2026-11-02'],
          ['qualified', '2026-11-04'],
        ],
        { stage: 'won' },
      ),
      // lost: no part of it
      deal([
        ['new', '2026-11-01'],
        ['lost', '2026-11-02'],
      ]),
      // won after the moment asked about: no part of it at that moment
      deal([
        ['new', '2026-11-01'],
        ['won', '2026-12-20'],
      ]),
    ];
    expect(medianDaysToWin(deals, Date.parse('2026-12-01T00:00:00Z'))).toEqual({
      new: 8, // 10 and 6
      contacted: 6, // 8 and 4 (qualified passes contacted)
      qualified: 5, // 5 and 4: 4.5, rounded half up
      proposal: 3, // 5 and 0 (won passes proposal): 2.5
    });
  });
});
