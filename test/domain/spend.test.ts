import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSpend } from '../../src/domain/campaigns.js';
import { shiftDay } from '../../src/domain/dates.js';
import {
  campaignState,
  parseRate,
  parseSignedMoney,
  plannedAfter,
  rateOn,
  spentBetween,
  spentToDate,
} from '../../src/domain/spend.js';
import type { Campaign, RateEntry, SpendEntry } from '../../src/domain/types.js';
import { campaign as makeCampaign } from '../helpers/records.js';

const AT = '2026-11-01T08:00:00.000Z';

function campaign(extra: Partial<Campaign> = {}): Campaign {
  return makeCampaign({ id: 'c', name: 'C', channel: 'ads', createdAt: AT, ...extra });
}

const oneOff = (day: string, cents: number): SpendEntry => ({ day, cents, note: null, at: AT });
const rate = (from: string, cents: number, per: RateEntry['per']): RateEntry => ({ from, cents, per, at: AT });

describe('one-off spend', () => {
  const c = campaign({ spend: [oneOff('2026-11-01', 120_000), oneOff('2026-11-10', 30_000)] });

  it('counts each amount on its own day, and only days up to today', () => {
    expect(spentToDate(c, '2026-11-05')).toBe(120_000);
    expect(spentToDate(c, '2026-11-10')).toBe(150_000);
    expect(spentBetween(c, '2026-11-02', '2026-11-30', '2026-11-20')).toBe(30_000);
    expect(spentBetween(c, '2026-11-02', '2026-11-09', '2026-11-20')).toBe(0);
  });

  it('shows an amount dated after today as planned, never as spent', () => {
    expect(spentToDate(c, '2026-11-09')).toBe(120_000);
    expect(plannedAfter(c, '2026-11-09')).toBe(30_000);
    expect(plannedAfter(c, '2026-11-10')).toBe(0);
  });

  it('takes a negative amount as a correction on its day', () => {
    const corrected = campaign({ spend: [oneOff('2026-11-01', 50_000), oneOff('2026-11-03', -10_000)] });
    expect(spentBetween(corrected, null, '2026-11-02', '2026-11-20')).toBe(50_000);
    expect(spentBetween(corrected, '2026-11-03', null, '2026-11-20')).toBe(-10_000);
    expect(spentToDate(corrected, '2026-11-20')).toBe(40_000);
  });

  it('refuses a correction that would take the cost below zero, and an amount of zero', () => {
    const c2 = campaign({ spend: [oneOff('2026-11-01', 50_000)] });
    const now = new Date('2026-11-20T10:00:00.000Z');
    expect(() => addSpend(c2, '2026-11-05', -60_000, null, now)).toThrow(/below zero/);
    expect(() => addSpend(c2, '2026-11-05', 0, null, now)).toThrow(/nothing to record/);
    addSpend(c2, '2026-11-05', -50_000, 'refund', now);
    expect(spentToDate(c2, '2026-11-20')).toBe(0);
  });
});

describe('rates', () => {
  it('accrues a daily rate day by day from its first day', () => {
    const c = campaign({ rates: [rate('2026-11-01', 1_000, 'day')] });
    expect(spentToDate(c, '2026-11-01')).toBe(1_000);
    expect(spentToDate(c, '2026-11-10')).toBe(10_000);
  });

  it('spreads a weekly rate over 7 days, rounding on the running total so days add up', () => {
    const c = campaign({ rates: [rate('2026-11-01', 10_000, 'week')] });
    // 3 days of $100/week = $42.857… → $42.86; the 4th day: $57.14 - $42.86 = $14.28.
    expect(spentToDate(c, '2026-11-03')).toBe(4_286);
    expect(spentBetween(c, '2026-11-04', '2026-11-04', '2026-11-30')).toBe(1_428);
    expect(spentToDate(c, '2026-11-07')).toBe(10_000);
  });

  it('spreads a monthly rate over the days of each calendar month', () => {
    // $310/month: $10 a day in a 31-day January, $11.07 a day in a 28-day February.
    const c = campaign({ start: '2027-01-30', rates: [rate('2027-01-30', 31_000, 'month')] });
    expect(spentToDate(c, '2027-01-31')).toBe(2_000);
    expect(spentToDate(c, '2027-02-02')).toBe(4_214); // 2 × 1000 + 2 × 31000 / 28
    // A whole calendar month costs the monthly amount exactly.
    expect(spentBetween(c, '2027-02-01', '2027-02-28', '2027-03-15')).toBe(31_000);
  });

  it('stops a rate on paused days and after the end day', () => {
    const paused = campaign({
      rates: [rate('2026-11-01', 1_000, 'day')],
      pauses: [{ from: '2026-11-04', to: '2026-11-07' }],
    });
    // 11-04, 05, 06 paused: 7 of the 10 days accrue.
    expect(spentToDate(paused, '2026-11-10')).toBe(7_000);
    const stillPaused = campaign({
      rates: [rate('2026-11-01', 1_000, 'day')],
      pauses: [{ from: '2026-11-08', to: null }],
    });
    expect(spentToDate(stillPaused, '2026-11-20')).toBe(7_000);
    const ended = campaign({ end: '2026-11-05', rates: [rate('2026-11-01', 1_000, 'day')] });
    expect(spentToDate(ended, '2026-11-20')).toBe(5_000);
  });

  it('lets the next rate take over from its day, and a zero rate stop it', () => {
    const c = campaign({
      rates: [rate('2026-11-01', 1_000, 'day'), rate('2026-11-04', 2_000, 'day'), rate('2026-11-06', 0, 'day')],
    });
    expect(spentToDate(c, '2026-11-10')).toBe(3 * 1_000 + 2 * 2_000);
    expect(rateOn(c, '2026-11-05')?.cents).toBe(2_000);
    expect(rateOn(c, '2026-11-07')).toBeNull();
  });

  it('plans what a rate will accrue up to the end day, and cannot when there is none', () => {
    const planned = campaign({ end: '2026-11-30', rates: [rate('2026-11-01', 1_000, 'day')] });
    expect(spentToDate(planned, '2026-11-05')).toBe(5_000);
    expect(plannedAfter(planned, '2026-11-05')).toBe(25_000);
    expect(plannedAfter(campaign({ rates: [rate('2026-11-01', 1_000, 'day')] }), '2026-11-05')).toBeNull();
    const pausedForGood = campaign({
      rates: [rate('2026-11-01', 1_000, 'day')],
      pauses: [{ from: '2026-11-03', to: null }],
    });
    expect(plannedAfter(pausedForGood, '2026-11-05')).toBe(0);
  });
});

describe('windows over time', () => {
  const arb = fc.record({
    spend: fc.array(fc.tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: 0, max: 1_000_000 })), {
      maxLength: 5,
    }),
    rates: fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom('day', 'week', 'month'),
      ),
      { maxLength: 3 },
    ),
    pauses: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 1, max: 20 }))), {
      maxLength: 2,
    }),
    end: fc.option(fc.integer({ min: 0, max: 70 })),
    cuts: fc.array(fc.integer({ min: -10, max: 80 }), { minLength: 1, maxLength: 5 }),
    today: fc.integer({ min: 0, max: 80 }),
    later: fc.integer({ min: 0, max: 400 }),
  });
  const start = '2026-11-01';

  it('keeps any closed window at the same figure on any later day, and windows add up to the total', () => {
    fc.assert(
      fc.property(arb, (v) => {
        const c = campaign({
          start,
          end: v.end === null ? null : shiftDay(start, v.end),
          spend: v.spend.map(([d, cents]) => oneOff(shiftDay(start, d), cents)),
          rates: v.rates.map(([d, cents, per]) => rate(shiftDay(start, d), cents, per)),
          pauses: v.pauses.map(([d, len]) => ({
            from: shiftDay(start, d),
            to: len === null ? null : shiftDay(start, d + len),
          })),
        });
        const today = shiftDay(start, v.today);
        const later = shiftDay(today, v.later);
        // Windows that tile all time: (…, c1-1], [c1, c2-1], …, [cn, …).
        const cuts = [...new Set(v.cuts)].sort((a, b) => a - b).map((d) => shiftDay(start, d));
        const bounds: Array<[string | null, string | null]> = [];
        let from: string | null = null;
        for (const cut of cuts) {
          bounds.push([from, shiftDay(cut, -1)]);
          from = cut;
        }
        bounds.push([from, null]);
        const parts = bounds.map(([a, b]) => spentBetween(c, a, b, today));
        expect(parts.reduce((x, y) => x + y, 0)).toBe(spentToDate(c, today));
        for (const [a, b] of bounds) {
          // A window that ended by today reports the same on any later day.
          if (b !== null && b <= today) expect(spentBetween(c, a, b, later)).toBe(spentBetween(c, a, b, today));
        }
        expect(spentToDate(c, today)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });
});

describe('status from the dates', () => {
  const c = campaign({ start: '2026-11-10', end: '2026-11-30', pauses: [{ from: '2026-11-15', to: '2026-11-18' }] });

  it('is scheduled before the start, active while running, paused in a pause, ended after the end day', () => {
    expect(campaignState(c, '2026-11-09')).toBe('scheduled');
    expect(campaignState(c, '2026-11-10')).toBe('active');
    expect(campaignState(c, '2026-11-15')).toBe('paused');
    expect(campaignState(c, '2026-11-18')).toBe('active');
    expect(campaignState(c, '2026-11-30')).toBe('active');
    expect(campaignState(c, '2026-12-01')).toBe('ended');
  });
});

describe('reading amounts', () => {
  it('reads rates per day, week or month, and 0 as stop', () => {
    expect(parseRate('80/week', '--rate')).toEqual({ cents: 8_000, per: 'week' });
    expect(parseRate('$2,000 / month', '--rate')).toEqual({ cents: 200_000, per: 'month' });
    expect(parseRate('15.50 per day', '--rate')).toEqual({ cents: 1_550, per: 'day' });
    expect(parseRate('0', '--rate').cents).toBe(0);
    expect(() => parseRate('80', '--rate')).toThrow('--rate must be an amount per day, week or month, like 80/week');
    expect(() => parseRate('80/year', '--rate')).toThrow(/--rate must be/);
  });

  it('reads a negative one-off as a correction', () => {
    expect(parseSignedMoney('-50', '<amount>')).toBe(-5_000);
    expect(parseSignedMoney('1,200.50', '<amount>')).toBe(120_050);
  });
});
