import { describe, expect, it } from 'vitest';
import { checkIntegrity, healCounters, isTimeZone, repairIntegrity } from '../../src/domain/integrity.js';
import { emptyDb, type Db, type FollowUp, type Prospect } from '../../src/domain/types.js';
import { activity as makeActivity, followUp as makeFollowUp, prospect as makeProspect } from '../helpers/records.js';

const NOW = new Date('2026-11-27T10:00:00.000Z');

function prospect(id: number, extra: Partial<Prospect> = {}): Prospect {
  return makeProspect({ id, ...extra });
}

function followUp(id: number, prospectId: number): FollowUp {
  return makeFollowUp({ id, prospectId });
}

function db(parts: Partial<Db>): Db {
  return { ...emptyDb(), ...parts };
}

describe('checkIntegrity', () => {
  it('finds nothing wrong in a consistent database', () => {
    const d = db({
      prospects: [prospect(1), prospect(2)],
      followUps: [followUp(1, 2)],
      lastIds: { prospect: 2, deal: 0, followUp: 1, activity: 0 },
    });
    expect(checkIntegrity(d)).toEqual([]);
  });

  it('finds a missing prospect between those on file, whether their ids grow along the list or not', () => {
    const codes = (prospects: Prospect[]) =>
      checkIntegrity(
        db({
          prospects,
          followUps: [followUp(1, 4), followUp(2, 3), followUp(3, 9), followUp(4, 1)],
          lastIds: { prospect: 9, deal: 0, followUp: 4, activity: 0 },
        }),
      ).map((p) => `${p.code} ${p.where}`);
    // Growing ids (as meld writes them) are searched by halves; any other order through a set.
    expect(codes([prospect(1), prospect(3), prospect(9)])).toEqual(['missing-prospect followUps[0].prospectId']);
    expect(codes([prospect(9), prospect(1), prospect(3)])).toEqual(['missing-prospect followUps[0].prospectId']);
    expect(codes([prospect(3), prospect(9), prospect(3)])).toEqual([
      'duplicate-id prospects[2].id',
      'missing-prospect followUps[0].prospectId',
      'missing-prospect followUps[3].prospectId',
    ]);
  });

  it('names a follow-up pointing at a missing prospect and a missing campaign, as errors', () => {
    const d = db({
      prospects: [prospect(1, { campaign: 'gone' })],
      followUps: [followUp(1, 1), followUp(2, 7)],
      lastIds: { prospect: 1, deal: 0, followUp: 2, activity: 0 },
    });
    expect(checkIntegrity(d).map((p) => [p.severity, p.where, p.message])).toEqual([
      ['error', 'prospects[0].campaign', 'no campaign "gone"'],
      ['error', 'followUps[1].prospectId', 'no prospect #7'],
    ]);
  });

  it('names duplicate ids as errors and duplicate emails and lagging counters as warnings', () => {
    const d = db({
      prospects: [prospect(1, { email: 'a@b.co' }), prospect(2, { email: ' A@B.co' }), prospect(2)],
      lastIds: { prospect: 1, deal: 0, followUp: 0, activity: 0 },
    });
    expect(checkIntegrity(d).map((p) => [p.severity, p.code, p.where, p.message])).toEqual([
      ['error', 'duplicate-id', 'prospects[2].id', 'duplicate id 2 (also prospects[1])'],
      ['warning', 'duplicate-email', 'prospects[1].email', '" A@B.co" is also the email of prospects[0] (#1)'],
      ['warning', 'last-id-behind', 'lastIds.prospect', 'is 1 but prospects already uses id 2'],
    ]);
  });
});

describe('checkIntegrity errorsOnly (the check before every save)', () => {
  it('gives exactly the errors of the full check, in its order, and none of its warnings', () => {
    const d = db({
      campaigns: [],
      prospects: [
        prospect(1, { email: 'a@b.co', campaign: 'gone' }),
        prospect(2, { email: ' A@B.co', referredBy: 40 }),
        prospect(2),
      ],
      followUps: [followUp(1, 7), followUp(2, 1)],
      activities: [makeActivity({ id: 1, prospectId: 9, campaign: 'nowhere' })],
      config: { ...emptyDb().config, timezone: 'Mars/Olympus' },
      lastIds: { prospect: 1, deal: 0, followUp: 0, activity: 0 },
    });
    const all = checkIntegrity(d);
    expect(all.filter((p) => p.severity === 'warning').map((p) => p.code)).toEqual([
      'missing-referrer',
      'missing-campaign',
      'duplicate-email',
      'last-id-behind',
      'last-id-behind',
      'last-id-behind',
    ]);
    expect(checkIntegrity(d, { errorsOnly: true })).toEqual(all.filter((p) => p.severity === 'error'));
    expect(checkIntegrity(d, { errorsOnly: true }).map((p) => `${p.code} ${p.where}`)).toEqual([
      'duplicate-id prospects[2].id',
      'unknown-timezone config.timezone',
      'missing-campaign prospects[0].campaign',
      'missing-prospect followUps[0].prospectId',
      'missing-prospect activities[0].prospectId',
    ]);
  });
});

describe('isTimeZone', () => {
  // Known zones are answered without Intl's first DateTimeFormat (~15 ms): the answer must be
  // the one a DateTimeFormat gives, for every zone Intl lists and for the spellings it does not.
  const byFormat = (zone: string) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  };

  it('answers as a DateTimeFormat does, for every zone Intl lists, UTC, aliases and non-zones', () => {
    const zones = [
      ...Intl.supportedValuesOf('timeZone'),
      'UTC',
      'utc',
      'Etc/UTC',
      'GMT',
      'Asia/Calcutta',
      'europe/paris',
      'US/Pacific',
      'Mars/Olympus',
      'Europe/Pariss',
      '',
      'UTC+3',
    ];
    for (const zone of zones) expect([zone, isTimeZone(zone)]).toEqual([zone, byFormat(zone)]);
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('healCounters', () => {
  it('moves counters up to the largest id in use, never down', () => {
    const d = db({ prospects: [prospect(5)], lastIds: { prospect: 2, deal: 0, followUp: 9, activity: 0 } });
    expect(healCounters(d)).toBe(true);
    expect(d.lastIds).toEqual({ prospect: 5, deal: 0, followUp: 9, activity: 0 });
    expect(healCounters(d)).toBe(false);
  });
});

describe('repairIntegrity', () => {
  it('renumbers a duplicate follow-up id, adds a placeholder campaign and takes orphans out for quarantine, saying what it did', () => {
    const d = db({
      prospects: [prospect(1, { campaign: 'autumn' })],
      followUps: [followUp(1, 1), followUp(1, 1), followUp(3, 9)],
      lastIds: { prospect: 1, deal: 0, followUp: 3, activity: 0 },
    });
    const fixed = repairIntegrity(d, NOW);
    expect(fixed.done).toEqual([
      'gave the second follow-up f1 the new id f4',
      'added a placeholder campaign "autumn" that prospects referred to',
      'moved follow-up f3 of missing prospect #9 to the quarantine file',
    ]);
    expect(fixed.quarantined.followUps.map((f) => [f.id, f.prospectId])).toEqual([[3, 9]]);
    expect(d.followUps.map((f) => f.id)).toEqual([1, 4]);
    expect(d.campaigns[0]).toMatchObject({
      id: 'autumn',
      name: 'autumn',
      channel: 'other',
      spend: [],
      rates: [],
      pauses: [],
      budgetCents: null,
      start: '2026-11-01',
      end: '2026-11-01', // ended by its dates: not on the agenda as a running campaign
    });
    expect(checkIntegrity(d)).toEqual([]);
  });

  it('gives the second of two prospects with one id a fresh id; references stay with the first', () => {
    const d = db({
      prospects: [prospect(1), prospect(1)],
      followUps: [followUp(1, 1)],
      lastIds: { prospect: 1, deal: 0, followUp: 1, activity: 0 },
    });
    const name = d.prospects[1]!.name;
    expect(repairIntegrity(d, NOW).done).toEqual([`gave the second prospect #1 (${name}) the new id #2`]);
    expect(d.prospects.map((p) => p.id)).toEqual([1, 2]);
    expect(d.followUps.map((f) => f.prospectId)).toEqual([1]);
    expect(checkIntegrity(d)).toEqual([]);
  });
});

describe('references to a campaign or referrer that is gone', () => {
  const d = () =>
    db({
      campaigns: [],
      prospects: [prospect(1, { referredBy: 9 }), prospect(2, { referredBy: 1 })],
      activities: [makeActivity({ id: 1, prospectId: 2, campaign: 'gone' })],
      lastIds: { prospect: 2, deal: 0, followUp: 0, activity: 1 },
    });

  it('checkIntegrity names an activity influenced by a missing campaign and a referrer who is gone, as warnings', () => {
    expect(checkIntegrity(d()).map((p) => [p.severity, p.where, p.message, p.code])).toEqual([
      ['warning', 'prospects[0].referredBy', 'no prospect #9', 'missing-referrer'],
      ['warning', 'activities[0].campaign', 'no campaign "gone"', 'missing-campaign'],
    ]);
  });

  it('repairIntegrity adds the placeholder campaign and forgets the missing referrer, saying so', () => {
    const data = d();
    const { done } = repairIntegrity(data, NOW);
    expect(done).toEqual([
      'added a placeholder campaign "gone" that activities referred to',
      'set #1 referred by missing prospect #9 to nobody',
    ]);
    expect(data.campaigns.map((c) => c.id)).toEqual(['gone']);
    expect(data.prospects.map((p) => p.referredBy)).toEqual([null, 1]);
    expect(checkIntegrity(data)).toEqual([]);
  });
});
