import { describe, expect, it } from 'vitest';
import { useBusinessZone } from '../../src/context.js';
import { adjustCampaign } from '../../src/domain/campaigns.js';
import { planImport } from '../../src/domain/import/plan.js';
import { shiftDay } from '../../src/domain/dates.js';
import { adjustmentPeriods } from '../../src/domain/periods.js';
import { campaignReport } from '../../src/domain/report.js';
import { emptyDb, type Campaign, type Prospect } from '../../src/domain/types.js';
import { candidate, campaign as makeCampaign, prospect as makeProspect } from '../helpers/records.js';
import { businessZone } from '../helpers/zone.js';

// Days here are UTC days: the business time zone of these tests, whatever the reader's (MELD_TEST_TZ).
businessZone('UTC');

const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
const added = (id: number, day: string, hour = 10): Prospect =>
  makeProspect({ id, name: `P${id}`, campaign: 'ads', createdAt: at(day, hour).toISOString() });

function ads(over: Partial<Campaign> = {}): Campaign {
  return makeCampaign({
    id: 'ads',
    name: 'Ads',
    channel: 'ads',
    start: '2026-11-01',
    createdAt: at('2026-11-01', 8).toISOString(),
    ...over,
  });
}

describe('days, not hours: pauses in comparisons', () => {
  it('compares a resume with the days the campaign ran before the pause, not with the paused days', () => {
    const c = ads();
    // One prospect a day Nov 1-10; paused on Nov 10 (from Nov 11); resumed on Nov 18; six in Nov 18-24.
    const prospects = [
      ...Array.from({ length: 10 }, (_, i) => added(i + 1, shiftDay('2026-11-01', i))),
      ...['18', '19', '20', '21', '23', '24'].map((d, i) => added(11 + i, `2026-11-${d}`)),
    ];
    adjustCampaign(c, { status: 'paused' }, null, at('2026-11-10', 17));
    adjustCampaign(c, { status: 'active' }, null, at('2026-11-18', 9));
    const periods = adjustmentPeriods(c, prospects, [], at('2026-11-24', 18));
    expect(periods.map((p) => [p.from, p.to, p.days, p.prospects])).toEqual([
      ['2026-11-01', '2026-11-09', 9, 9],
      ['2026-11-10', '2026-11-17', 1, 1], // the pause's day ran; Nov 11-17 did not
      ['2026-11-18', '2026-11-24', 7, 6],
    ]);
    // A pause is not judged: it changes whether the campaign runs, not how.
    expect(periods[1]!.compare).toBeNull();
    // The resume: 6 in the 7 days since, against the 7 days it ran before the pause (Nov 4-10).
    expect(periods[2]!.compare).toMatchObject({
      before: { from: '2026-11-04', to: '2026-11-10', days: 7, prospects: 7, perWeek: 7 },
      after: { from: '2026-11-18', to: '2026-11-24', days: 7, prospects: 6, perWeek: 6 },
      verdict: 'no clear change',
    });
  });

  it('counts prospects added on days the campaign did not run in the totals, apart, and in no pace', () => {
    const c = ads({ start: '2026-11-05', pauses: [{ from: '2026-11-10', to: '2026-11-12' }] });
    const prospects = [
      added(1, '2026-11-03'), // before the start
      added(2, '2026-11-06'),
      added(3, '2026-11-07'),
      added(4, '2026-11-11'), // paused
      added(5, '2026-11-13'),
    ];
    const [only] = adjustmentPeriods(c, prospects, [], at('2026-11-14'));
    // Nov 5-14 less the paused Nov 10-11: 8 days, 3 prospects in them.
    expect(only).toMatchObject({ from: '2026-11-05', to: '2026-11-14', days: 8, prospects: 3, outside: 2 });
    expect(only!.perWeek).toBe(2.6); // 21 / 8 = 2.625
    const db = { ...emptyDb(), campaigns: [c], prospects };
    expect(campaignReport(db, { campaign: 'ads', now: at('2026-11-14') })[0]!.prospects).toBe(5);
  });

  it('runs the verdict on whole days: a change takes effect on its day, whatever its hour', () => {
    const c = ads({ adjustments: [{ at: at('2026-11-08', 23).toISOString(), changes: {}, note: 'new copy' }] });
    const prospects = [added(1, '2026-11-02'), added(2, '2026-11-08', 1), added(3, '2026-11-09')];
    const [, after] = adjustmentPeriods(c, prospects, [], at('2026-11-14', 1));
    expect(after!.compare).toMatchObject({
      before: { from: '2026-11-01', to: '2026-11-07', days: 7, prospects: 1 },
      after: { from: '2026-11-08', to: '2026-11-14', days: 7, prospects: 2 },
    });
  });
});

describe('days in the business time zone', () => {
  it('keeps a 14-day stretch to 14 calendar days across a daylight-saving change (New York, Nov 1)', () => {
    const restore = useBusinessZone('America/New_York');
    try {
      const c = ads({
        start: '2026-10-10',
        adjustments: [{ at: '2026-11-08T17:00:00.000Z', changes: {}, note: 'new copy' }], // Nov 8, 12:00 EST
      });
      const p = (id: number, instant: string) => makeProspect({ id, campaign: 'ads', createdAt: instant });
      const prospects = [
        p(1, '2026-10-25T03:30:00.000Z'), // Oct 24, 23:30 EDT: the day before the stretch
        p(2, '2026-10-25T04:30:00.000Z'), // Oct 25, 00:30 EDT: its first day
        p(3, '2026-11-03T15:00:00.000Z'),
        p(4, '2026-11-10T15:00:00.000Z'),
      ];
      const [, after] = adjustmentPeriods(c, prospects, [], new Date('2026-11-21T17:00:00.000Z'));
      expect(after!.compare).toMatchObject({
        before: { from: '2026-10-25', to: '2026-11-07', days: 14, prospects: 2 },
        after: { from: '2026-11-08', to: '2026-11-21', days: 14, prospects: 1 },
      });
    } finally {
      restore();
    }
  });

  it("starts a campaign an import creates on its date column's day west of UTC (2026-03-05, not 03-04)", () => {
    const restore = useBusinessZone('America/Los_Angeles');
    try {
      const plan = planImport(
        emptyDb(),
        [candidate({ line: 2, name: 'A', campaign: { id: null, name: 'Expo' }, firstSeen: '2026-03-05' })],
        [],
        { onDuplicate: 'skip', campaignId: null, tags: [], fileName: 'list.csv', now: at('2026-11-27') },
      );
      expect(plan.campaigns.map((c) => [c.id, c.start])).toEqual([['expo', '2026-03-05']]);
    } finally {
      restore();
    }
  });
});
