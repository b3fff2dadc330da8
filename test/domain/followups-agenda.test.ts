import { describe, expect, it } from 'vitest';
import { adjustmentPeriods } from '../../src/domain/periods.js';
import {
  campaignMovement,
  lastActivityIndex,
  noNextStep,
  rankedDue,
  staleProspects,
  todayAgenda,
  urgency,
} from '../../src/domain/agenda.js';
import { closeDueFollowUps, dueFollowUps, findFollowUp, snoozeFollowUp } from '../../src/domain/followups.js';
import { logTouch } from '../../src/domain/touch.js';
import { filterProspects } from '../../src/domain/listing.js';
import { viewOf, type ProspectView } from '../../src/domain/deals.js';
import {
  emptyDb,
  type Campaign,
  type Db,
  type FollowUp,
  type Prospect,
  type Stage,
  type StageChange,
} from '../../src/domain/types.js';
import {
  activity,
  campaign as makeCampaign,
  deal as makeDeal,
  followUp as makeFollowUp,
  prospect as makeProspect,
} from '../helpers/records.js';

const TODAY = '2026-11-27';
const NOW = new Date('2026-11-27T10:00:00.000Z');

type WithDeal = Partial<Prospect> & { stage?: Stage; valueCents?: number | null; history?: StageChange[] };

/** Created on 2026-11-20 unless a test says otherwise, with one deal d<id> at `stage` (new unless
 * said), of `valueCents`, with `history`, opened when they were added. */
function prospect(id: number, over: WithDeal = {}): ProspectView {
  const { stage, valueCents = null, history, ...rest } = over;
  const p = makeProspect({ id, createdAt: '2026-11-20T09:00:00.000Z', ...rest });
  const deal = makeDeal({
    id,
    prospectId: id,
    createdAt: p.createdAt,
    stage: stage ?? history?.at(-1)?.stage ?? 'new',
    valueCents,
    campaign: p.campaign,
    ...(history ? { history } : {}),
  });
  return viewOf(p, [deal]);
}

function followUp(id: number, prospectId: number, due: string, over: Partial<FollowUp> = {}): FollowUp {
  return makeFollowUp({ id, prospectId, due, createdAt: '2026-11-01T00:00:00.000Z', ...over });
}

/** The people (without their standing) and their deals, as a file holds them. */
function db(prospects: ProspectView[], followUps: FollowUp[] = []): Db {
  const data = emptyDb();
  data.prospects = prospects.map(({ stage: _s, valueCents: _v, lostReason: _l, deals: _d, ...p }) => p);
  data.deals = prospects.flatMap((p) => p.deals);
  data.followUps = followUps;
  data.lastIds = { prospect: prospects.length, deal: data.deals.length, followUp: followUps.length, activity: 0 };
  return data;
}

describe('dueFollowUps', () => {
  const data = db(
    [prospect(1), prospect(2)],
    [
      followUp(1, 1, '2026-11-27'), // today
      followUp(2, 1, '2026-11-20'), // 7 days overdue
      followUp(3, 2, '2026-11-25'), // 2 days overdue
      followUp(4, 2, '2026-12-04'), // today + 7: last day of the week window
      followUp(5, 2, '2026-12-05'), // today + 8: outside it
      followUp(6, 2, '2026-11-28'), // tomorrow
      followUp(7, 1, '2026-11-19', { status: 'done', doneAt: '2026-11-19T10:00:00.000Z' }),
    ],
  );
  const ids = (items: { followUp: FollowUp }[]) => items.map((i) => i.followUp.id);

  it('lists open follow-ups due today or earlier, oldest first, with days overdue', () => {
    const today = dueFollowUps(data, TODAY, 'today');
    expect(ids(today)).toEqual([2, 3, 1]);
    expect(today.map((i) => i.overdueDays)).toEqual([7, 2, 0]);
  });

  it('leaves out those due today from overdue', () => {
    expect(ids(dueFollowUps(data, TODAY, 'overdue'))).toEqual([2, 3]);
  });

  it('takes the week as today up to 7 days from today', () => {
    expect(ids(dueFollowUps(data, TODAY, 'week'))).toEqual([1, 6, 4]);
  });

  it('lists every open follow-up in all, never a done one', () => {
    expect(ids(dueFollowUps(data, TODAY, 'all'))).toEqual([2, 3, 1, 6, 4, 5]);
  });

  it('finds a follow-up by f-number or bare number, refuses #3 (a prospect), and names a missing one', () => {
    expect(findFollowUp(data, 'f3').id).toBe(3);
    expect(findFollowUp(data, ' F3 ').id).toBe(3);
    expect(findFollowUp(data, '3').id).toBe(3);
    expect(() => findFollowUp(data, '#3')).toThrow('#3 is a prospect; follow-ups are named f<number>');
    expect(() => findFollowUp(data, 'a3')).toThrow('"a3" is not a follow-up reference');
    expect(() => findFollowUp(data, '99')).toThrow('no follow-up f99');
  });

  it('refuses to snooze into the past or a done follow-up', () => {
    const copy = db([prospect(1)], [followUp(1, 1, '2026-11-20'), followUp(2, 1, '2026-11-20', { status: 'done' })]);
    expect(() => snoozeFollowUp(copy.followUps[0]!, '2026-11-26', TODAY, NOW)).toThrow('in the past');
    expect(() => snoozeFollowUp(copy.followUps[1]!, '2026-12-01', TODAY, NOW)).toThrow('already done');
    expect(snoozeFollowUp(copy.followUps[0]!, '2026-12-01', TODAY, NOW)).toBe('2026-11-20');
    expect(copy.followUps[0]!.due).toBe('2026-12-01');
  });

  it('closes only the follow-ups due today or earlier when a touch is logged', () => {
    const copy = db(
      [prospect(1)],
      [followUp(1, 1, '2026-11-26'), followUp(2, 1, '2026-11-27'), followUp(3, 1, '2026-11-30')],
    );
    const closed = closeDueFollowUps(copy, 1, TODAY, 'called', NOW);
    expect(closed.map((f) => f.id)).toEqual([1, 2]);
    expect(copy.followUps.map((f) => f.status)).toEqual(['done', 'done', 'open']);
    expect(copy.followUps[0]!.outcome).toBe('called');
  });
});

describe('urgency', () => {
  const score = (due: string, stage: Stage, valueCents: number | null) =>
    urgency({ due, stage, valueCents }, TODAY).score;

  it('adds 10 plus 2 per day overdue, the stage weight and a point per power of ten of value from 1,000', () => {
    // 3 days overdue: 10 + 6 = 16; proposal: 6; $4,000: floor(log10(40)) = 1  → 23
    expect(urgency({ due: '2026-11-24', stage: 'proposal', valueCents: 400_000 }, TODAY)).toEqual({
      score: 23,
      overdue: { days: 3, points: 16 },
      stage: { stage: 'proposal', points: 6 },
      value: { cents: 400_000, points: 1 },
    });
    expect(score('2026-11-27', 'new', null)).toBe(0);
    expect(score('2026-11-27', 'qualified', 99_900)).toBe(4); // $999: no value points
    expect(score('2026-11-27', 'contacted', 1_000_000)).toBe(4); // $10,000: 2 + 2
    expect(score('2026-11-27', 'new', 100_000_000_000)).toBe(4); // value capped at 4
  });

  it('caps the overdue term at 30 days', () => {
    expect(score('2026-10-28', 'new', null)).toBe(70); // 30 days: 10 + 60
    expect(score('2026-09-01', 'new', null)).toBe(70);
  });

  it('puts a proposal before a new lead due the same day', () => {
    expect(score('2026-11-27', 'proposal', null)).toBeGreaterThan(score('2026-11-27', 'new', null));
  });

  it('ranks any overdue follow-up above the best one due today', () => {
    expect(score('2026-11-26', 'new', null)).toBe(12);
    expect(score('2026-11-27', 'proposal', 100_000_000_000)).toBe(10);
  });

  it('ranks due follow-ups by score, then older due date, then id', () => {
    const data = db(
      [
        prospect(1, { stage: 'new' }),
        prospect(2, { stage: 'proposal', valueCents: 1_000_000 }),
        prospect(3, { stage: 'contacted' }),
      ],
      [
        followUp(1, 1, '2026-11-24'), // 3d overdue, new: 16
        followUp(2, 2, '2026-11-26'), // 1d overdue, proposal $10k: 12 + 6 + 2 = 20
        followUp(3, 3, '2026-11-27'), // today, contacted: 2
        followUp(4, 1, '2026-11-27'), // today, new: 0
        followUp(5, 3, '2026-11-25'), // 2d overdue, contacted: 14 + 2 = 16, younger than #1
      ],
    );
    const ranked = rankedDue(data, TODAY);
    expect(ranked.map((r) => [r.followUp.id, r.urgency.score])).toEqual([
      [2, 20],
      [1, 16],
      [5, 16],
      [3, 2],
      [4, 0],
    ]);
  });
});

describe('no next step and stale prospects', () => {
  it('lists open prospects without an open follow-up, furthest stage first, then value', () => {
    const data = db(
      [
        prospect(1, { stage: 'new', valueCents: 900_00 }),
        prospect(2, { stage: 'proposal' }),
        prospect(3, { stage: 'won' }),
        prospect(4, { stage: 'lost' }),
        prospect(5, { stage: 'contacted' }),
        prospect(6, { stage: 'new', valueCents: 5_000_00 }),
      ],
      [followUp(1, 5, '2026-12-01'), followUp(2, 2, '2026-11-01', { status: 'done' })],
    );
    expect(noNextStep(data).map((p) => p.id)).toEqual([2, 6, 1]);
  });

  it('counts being added, stage changes, activities and done follow-ups as activity, not planning', () => {
    const data = db(
      [
        prospect(1, {
          createdAt: '2026-10-01T12:00:00.000Z',
          history: [
            { stage: 'new', at: '2026-10-01T12:00:00.000Z' },
            { stage: 'contacted', at: '2026-10-20T12:00:00.000Z' },
          ],
        }),
        prospect(2, {
          createdAt: '2026-10-01T12:00:00.000Z',
          history: [{ stage: 'new', at: '2026-10-01T12:00:00.000Z' }],
        }),
        prospect(3, {
          createdAt: '2026-10-01T12:00:00.000Z',
          history: [{ stage: 'new', at: '2026-10-01T12:00:00.000Z' }],
        }),
        prospect(4, { createdAt: '2026-11-20T12:00:00.000Z' }),
        prospect(5, { createdAt: '2026-10-01T12:00:00.000Z', stage: 'won' }),
      ],
      [
        followUp(1, 2, '2026-11-14', { status: 'done', doneAt: '2026-11-14T09:00:00.000Z' }),
        followUp(2, 3, '2026-12-10', { createdAt: '2026-11-26T09:00:00.000Z' }), // planned yesterday: not activity
      ],
    );
    data.activities = [activity({ type: 'call', text: 'hi', at: '2026-11-12T09:00:00.000Z' })];
    expect(lastActivityIndex(data).get(1)).toBe('2026-11-12T09:00:00.000Z');
    // idle days to 2026-11-27: #1 15 (activity 11-12), #2 13 (done 11-14), #3 57 (added 10-01), #4 7; #5 is won
    expect(staleProspects(data, TODAY, 14).map((s) => [s.prospect.id, s.lastActivity, s.idleDays])).toEqual([
      [3, '2026-10-01', 57],
      [1, '2026-11-12', 15],
    ]);
    expect(staleProspects(data, TODAY, 13).map((s) => s.prospect.id)).toEqual([3, 1, 2]);
  });
});

describe('campaign movement', () => {
  const campaign = (over: Partial<Campaign>): Campaign =>
    makeCampaign({ id: 'webinar', name: 'Webinar', createdAt: '2026-11-01T00:00:00.000Z', ...over });

  it("compares the verdict's stretches: the whole days since the change's day against as many days run before", () => {
    const data = db([
      prospect(1, { campaign: 'webinar', createdAt: '2026-11-03T10:00:00.000Z' }),
      prospect(2, { campaign: 'webinar', createdAt: '2026-11-13T08:00:00.000Z' }), // the change's day: after it
      prospect(3, { campaign: 'webinar', createdAt: '2026-11-13T15:00:00.000Z' }),
      prospect(4, { campaign: 'webinar', createdAt: '2026-11-20T10:00:00.000Z' }),
      prospect(5, { campaign: 'webinar', createdAt: '2026-11-25T10:00:00.000Z' }),
      prospect(6, { campaign: null, createdAt: '2026-11-25T10:00:00.000Z' }),
    ]);
    data.campaigns = [
      campaign({
        adjustments: [{ at: '2026-11-13T12:00:00.000Z', changes: { cost: { from: 0, to: 50000 } }, note: 'more ads' }],
      }),
      // Past its end day, and not started yet: neither is on the agenda.
      campaign({ id: 'old', name: 'Old', end: '2026-11-20' }),
      campaign({ id: 'soon', name: 'Soon', start: '2026-12-01' }),
    ];
    const [m, ...rest] = campaignMovement(data, NOW);
    expect(rest).toEqual([]);
    // after: Nov 13 → today Nov 27 = 15 days, 4 prospects: 28 / 15 = 1.87 → 1.9/wk
    // before: as many days just before, but only 12 ran (Nov 1-12): 1 prospect, 7 / 12 = 0.58 → 0.6/wk
    expect(m!.before).toEqual({ from: '2026-11-01', to: '2026-11-12', days: 12, prospects: 1, perWeek: 0.6 });
    expect(m!.after).toEqual({ from: '2026-11-13', to: '2026-11-27', days: 15, prospects: 4, perWeek: 1.9 });
    // From the exact paces: (4 / 15) / (1 / 12) − 1 = 2.2.
    expect(m!.change).toBe(2.2);
  });

  it('shows no pace for a change less than three days old', () => {
    const data = db([prospect(1, { campaign: 'webinar', createdAt: '2026-11-26T10:00:00.000Z' })]);
    data.campaigns = [campaign({ adjustments: [{ at: '2026-11-26T12:00:00.000Z', changes: {}, note: 'new copy' }] })];
    const [m] = campaignMovement(data, NOW);
    // 2 days since the change (Nov 26 and 27): one prospect would read as 3.5/week.
    expect(m!.after).toMatchObject({ days: 2, prospects: 1, perWeek: null });
    expect(m!.verdict).toBe('too early');
  });

  it('keeps a paused campaign on the agenda, with its status and what it spent', () => {
    const data = db([]);
    data.campaigns = [
      campaign({
        rates: [{ from: '2026-11-01', cents: 1_000, per: 'day', at: '2026-11-01T00:00:00.000Z' }],
        pauses: [{ from: '2026-11-21', to: null }],
      }),
    ];
    const [m] = campaignMovement(data, NOW);
    // $10 a day from Nov 1 to Nov 20: the pause stops it.
    expect(m).toMatchObject({ status: 'paused', costCents: 20_000, verdict: null });
  });

  it('computes the change from exact paces, not the ones rounded to 0.1/wk', () => {
    // 7 prospects in the 21 days before (2.333/wk, shown 2.3), 3 in the 22 days since
    // (0.955/wk, shown 1.0): exact change −59%; from the rounded paces it would read −57%.
    const data = db([
      ...[1, 2, 3, 4, 5, 6, 7].map((id) =>
        prospect(id, { campaign: 'webinar', createdAt: `2026-10-${String(16 + id).padStart(2, '0')}T10:00:00.000Z` }),
      ),
      ...[8, 9, 10].map((id) => prospect(id, { campaign: 'webinar', createdAt: `2026-11-${id + 2}T10:00:00.000Z` })),
    ]);
    data.campaigns = [
      campaign({
        start: '2026-10-16',
        adjustments: [{ at: '2026-11-06T12:00:00.000Z', changes: {}, note: 'new copy' }],
      }),
    ];
    const [m] = campaignMovement(data, NOW);
    expect([m!.before!.perWeek, m!.after.perWeek, m!.change]).toEqual([2.3, 1, -0.59]);
  });

  it("shows the very stretches and figures of the report's verdict", () => {
    const data = db([
      prospect(1, { campaign: 'webinar', createdAt: '2026-11-03T10:00:00.000Z' }),
      prospect(2, { campaign: 'webinar', createdAt: '2026-11-20T10:00:00.000Z' }),
    ]);
    data.campaigns = [campaign({ adjustments: [{ at: '2026-11-13T12:00:00.000Z', changes: {}, note: null }] })];
    const [m] = campaignMovement(data, NOW);
    const [, after] = adjustmentPeriods(data.campaigns[0]!, data.prospects, data.deals, NOW);
    expect(m!.before).toEqual(after!.compare!.before);
    expect(m!.after).toEqual(after!.compare!.after);
    expect([m!.verdict, m!.pValue]).toEqual([after!.verdict, after!.pValue]);
  });

  it('gives the pace since the start to a campaign never adjusted', () => {
    const data = db([prospect(1, { campaign: 'webinar', createdAt: '2026-11-20T10:00:00.000Z' })]);
    data.campaigns = [campaign({ start: '2026-11-13' })];
    const [m] = campaignMovement(data, NOW);
    expect(m!.before).toBeNull();
    expect(m!.after).toMatchObject({ from: '2026-11-13', prospects: 1, perWeek: 0.5 }); // 1 in 14.4 days
  });
});

describe('the whole agenda and the one-command touch', () => {
  it('says an empty file is empty', () => {
    expect(todayAgenda(emptyDb(), TODAY, NOW)).toMatchObject({
      empty: true,
      due: [],
      noNextStep: [],
      stale: [],
      campaigns: [],
    });
  });

  it('logs, moves the stage, closes the due follow-up and plans the next one', () => {
    const data = db(
      [prospect(1, { stage: 'contacted' })],
      [followUp(1, 1, '2026-11-25'), followUp(2, 1, '2026-12-20')],
    );
    const p = data.prospects[0]!;
    const touch = logTouch(
      data,
      p,
      { type: 'call', text: 'sending a proposal', day: TODAY, stage: 'proposal', next: '2026-12-01' },
      TODAY,
      NOW,
    );
    expect(touch.stageFrom).toBe('contacted');
    expect(data.deals[0]!.stage).toBe('proposal');
    expect(touch.closed.map((f) => f.id)).toEqual([1]);
    expect(touch.next).toMatchObject({ id: 3, due: '2026-12-01', status: 'open' });
    expect(data.followUps.find((f) => f.id === 2)!.status).toBe('open');
    expect(data.activities).toEqual([
      {
        id: 1,
        prospectId: 1,
        type: 'call',
        text: 'sending a proposal',
        at: NOW.toISOString(),
        campaign: null,
        topics: [],
        mail: null,
        updatedAt: NOW.toISOString(),
      },
    ]);
  });

  it('refuses to log an activity in the future', () => {
    const data = db([prospect(1)]);
    expect(() =>
      logTouch(data, data.prospects[0]!, { type: 'note', text: 'x', day: '2026-11-28' }, TODAY, NOW),
    ).toThrow('in the future');
  });
});

describe('filterProspects', () => {
  it('searches name, email and company ignoring case and accents', () => {
    const list = [
      prospect(1, { name: 'José Núñez' }),
      prospect(2, { name: 'Ana', email: 'ana@jose.io' }),
      prospect(3, { name: 'Li', company: 'JOSÉ & Co' }),
      prospect(4, { name: 'Bob' }),
    ];
    expect(filterProspects(list, { search: 'jose' }).map((p) => p.id)).toEqual([1, 2, 3]);
    expect(filterProspects(list, { search: 'NUÑEZ' }).map((p) => p.id)).toEqual([1]);
  });

  it('combines campaign, stage and tag filters', () => {
    const list = [
      prospect(1, { campaign: 'a', stage: 'proposal', tags: ['warm'] }),
      prospect(2, { campaign: 'a', stage: 'proposal', tags: [] }),
      prospect(3, { campaign: 'b', stage: 'proposal', tags: ['warm'] }),
    ];
    expect(filterProspects(list, { campaign: ['a'], stage: ['proposal'], tag: ['WARM'] }).map((p) => p.id)).toEqual([
      1,
    ]);
  });

  it('keeps a prospect matching any value of a filter, and still needs every filter to match', () => {
    const list = [
      prospect(1, { campaign: 'a', stage: 'qualified', tags: ['warm'] }),
      prospect(2, { campaign: 'b', stage: 'proposal', tags: ['cold'] }),
      prospect(3, { campaign: null, stage: 'won', tags: ['warm', 'vip'] }),
    ];
    const ids = (f: Parameters<typeof filterProspects>[1]) => filterProspects(list, f).map((p) => p.id);
    expect(ids({ stage: ['qualified', 'proposal'] })).toEqual([1, 2]);
    expect(ids({ campaign: ['a', 'b'] })).toEqual([1, 2]);
    expect(ids({ tag: ['vip', 'cold'] })).toEqual([2, 3]);
    expect(ids({ tag: ['warm'], stage: ['won', 'proposal'] })).toEqual([3]);
  });

  it('searches the text of notes and activities when given them', () => {
    const list = [prospect(1, {}), prospect(2, {})];
    const activities = [{ prospectId: 2, text: 'Asked about Pricing tiers' }];
    expect(filterProspects(list, { search: 'pricing' }, activities).map((p) => p.id)).toEqual([2]);
    expect(filterProspects(list, { search: 'pricing' }).map((p) => p.id)).toEqual([]);
  });
});
