import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustCampaign } from '../../src/domain/campaigns.js';
import { shiftDay } from '../../src/domain/dates.js';
import { divRoundHalfUp } from '../../src/domain/ratio.js';
import { spentBetween, spentToDate } from '../../src/domain/spend.js';
import type { Campaign, Pause, RateEntry } from '../../src/domain/types.js';
import { campaign as makeCampaign } from '../helpers/records.js';

const AT = '2026-01-01T08:00:00.000Z';

function campaign(extra: Partial<Campaign> = {}): Campaign {
  return makeCampaign({ id: 'c', name: 'C', channel: 'ads', createdAt: AT, ...extra });
}

const rate = (from: string, cents: number, per: RateEntry['per']): RateEntry => ({ from, cents, per, at: AT });

describe('exact money', () => {
  it('spends $798.91/month from Jun 21 to Sep 5 as $1,997.28 (1,997.275 rounded half up, not a float sum)', () => {
    const c = campaign({ start: '2026-06-21', end: '2026-09-05', rates: [rate('2026-06-21', 79_891, 'month')] });
    expect(spentToDate(c, '2026-12-01')).toBe(199_728);
    // The window's days add up to the whole, to the cent.
    expect(spentBetween(c, null, '2026-07-31', '2026-12-01') + spentBetween(c, '2026-08-01', null, '2026-12-01')).toBe(
      199_728,
    );
  });

  it('rounds half a cent up, and only once', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(7n, 2n)).toBe(4n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-2n);
    expect(divRoundHalfUp(-7n, 3n)).toBe(-2n);
    expect(divRoundHalfUp(199_727_5n, 10n)).toBe(199_728n);
    // $0.01/week accrues a seventh of a cent a day: 3 days are 0.43 cents (0), 4 days 0.57 (1).
    const c = campaign({ start: '2026-03-02', rates: [rate('2026-03-02', 1, 'week')] });
    expect(spentToDate(c, '2026-03-04')).toBe(0);
    expect(spentToDate(c, '2026-03-05')).toBe(1);
  });
});

describe('a day spent is spent', () => {
  it('charges the day a pause was set on: $40/day paused at 17:00 on its third day cost $120', () => {
    const c = campaign({ start: '2026-11-01', rates: [rate('2026-11-01', 4_000, 'day')] });
    adjustCampaign(c, { status: 'paused' }, null, new Date('2026-11-03T17:00:00.000Z'));
    expect(c.pauses).toEqual([{ from: '2026-11-04', to: null }]);
    expect(spentToDate(c, '2026-11-10')).toBe(12_000);
  });

  it('makes the day a campaign is ended on its last day, charged', () => {
    const c = campaign({ start: '2026-11-01', rates: [rate('2026-11-01', 4_000, 'day')] });
    adjustCampaign(c, { status: 'ended' }, null, new Date('2026-11-03T17:00:00.000Z'));
    expect(c.end).toBe('2026-11-03');
    expect(spentToDate(c, '2026-11-10')).toBe(12_000);
  });

  it('runs the rate again when a campaign that was paused, then ended, is brought back with a new end day', () => {
    const c = campaign({ start: '2026-11-01', rates: [rate('2026-11-01', 1_000, 'day')] });
    adjustCampaign(c, { status: 'paused' }, null, new Date('2026-11-03T10:00:00.000Z')); // ran Nov 1-3
    adjustCampaign(c, { status: 'ended' }, null, new Date('2026-11-05T10:00:00.000Z')); // last day Nov 5
    adjustCampaign(c, { end: '2026-11-30' }, null, new Date('2026-11-10T10:00:00.000Z')); // back from Nov 10
    expect(spentToDate(c, '2026-11-12')).toBe(3 * 1_000 + 3 * 1_000);
  });
});

/** Independent reference: each day's share of the rate in force as an exact fraction (BigInt). */
function exactThrough(c: Campaign, through: string): { n: bigint; d: bigint } {
  let n = 0n;
  let d = 1n;
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  const add = (an: bigint, ad: bigint) => {
    n = n * ad + an * d;
    d *= ad;
    const g = gcd(n, d) || 1n;
    n /= g;
    d /= g;
  };
  const sorted = c.rates
    .map((r, i) => ({ r, i }))
    .sort((x, y) => (x.r.from < y.r.from ? -1 : x.r.from > y.r.from ? 1 : x.i - y.i));
  for (let day = c.start; day <= through && (c.end === null || day <= c.end); day = shiftDay(day, 1)) {
    if (c.pauses.some((p) => p.from <= day && (p.to === null || day < p.to))) continue;
    const inForce = sorted.filter(({ r }) => r.from <= day).at(-1)?.r;
    if (!inForce || inForce.cents === 0) continue;
    const length = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).getUTCDate();
    add(BigInt(inForce.cents), inForce.per === 'day' ? 1n : inForce.per === 'week' ? 7n : BigInt(length));
  }
  return { n, d };
}

const halfUp = ({ n, d }: { n: bigint; d: bigint }) => Number((2n * n + d) / (2n * d));

describe('property: rates against exact rational arithmetic', () => {
  it('every window is the rounded exact total at its end less the one before its start, and windows tile', () => {
    const START = '2026-01-25';
    const dayAt = (k: number) => shiftDay(START, k);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 80 }),
            cents: fc.integer({ min: 0, max: 10_000_000 }),
            per: fc.constantFrom<RateEntry['per']>('day', 'week', 'month'),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 90 }), fc.integer({ min: 1, max: 20 })), { maxLength: 2 }),
        fc.option(fc.integer({ min: 30, max: 120 }), { nil: null }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        (rates, pauses, end, a, b) => {
          const c = campaign({
            start: START,
            end: end === null ? null : dayAt(end),
            rates: rates.map((r) => rate(dayAt(r.at), r.cents, r.per)),
            pauses: pauses.map(([from, len]): Pause => ({ from: dayAt(from), to: dayAt(from + len) })),
          });
          const today = dayAt(130);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const expected = halfUp(exactThrough(c, dayAt(hi))) - halfUp(exactThrough(c, dayAt(lo - 1)));
          expect(spentBetween(c, dayAt(lo), dayAt(hi), today)).toBe(expected);
          expect(spentBetween(c, null, dayAt(lo - 1), today) + spentBetween(c, dayAt(lo), null, today)).toBe(
            spentToDate(c, today),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
