import { describe, expect, it } from 'vitest';
import { lastActivityIndex, staleProspects } from '../../src/domain/agenda.js';
import { isLater } from '../../src/domain/instants.js';
import { dueReplies } from '../../src/domain/mail/replies.js';
import { emptyDb, type Activity } from '../../src/domain/types.js';
import { activity, deal, followUp, prospect } from '../helpers/records.js';
import { businessZone } from '../helpers/zone.js';

// Imported mail (#26 item 7) counts as a touch like a typed activity, whatever notation each
// instant was written in: meld writes UTC, a hand edit or an import may keep an offset.
businessZone('UTC');

const mail = ({ direction, ...over }: Partial<Activity> & { direction: 'sent' | 'received' }): Activity =>
  activity({
    type: 'email',
    text: 'Re: plan',
    ...over,
    mail: { direction, messageId: `${over.id}@x`, subject: 'Re: plan', body: null },
  });

describe('imported mail as a touch', () => {
  it('compares instants as times, not as text', () => {
    expect(isLater('2026-11-24T17:00:00.000Z', '2026-11-24T18:00:00+02:00')).toBe(true);
    expect(isLater('2026-11-24T15:00:00.000Z', '2026-11-24T16:00:00.000Z')).toBe(false);
    expect(isLater('2026-11-24T16:00:00Z', '2026-11-24T15:59:59.999Z')).toBe(true);
  });

  it('takes the latest touch as a time: a mail at 22:00 UTC is after a note at 01:00+05:00 the next day', () => {
    const db = emptyDb('UTC');
    db.prospects = [prospect({ id: 1, createdAt: '2026-10-01T10:00:00.000Z' })];
    db.deals = [deal({ id: 1, stage: 'contacted', createdAt: '2026-10-01T10:00:00.000Z' })];
    db.activities = [
      // 2026-11-23 20:00 UTC, written with its offset: as text it sorts after the mail.
      activity({ id: 1, prospectId: 1, at: '2026-11-24T01:00:00+05:00' }),
      mail({ id: 2, prospectId: 1, at: '2026-11-23T22:00:00.000Z', direction: 'received' }),
    ];
    expect(lastActivityIndex(db).get(1)).toBe('2026-11-23T22:00:00.000Z');
    // 14 days after the 23rd: stale by the mail, as by a typed call.
    expect(staleProspects(db, '2026-12-07', 14).map((s) => [s.lastActivity, s.idleDays])).toEqual([['2026-11-23', 14]]);
    expect(staleProspects(db, '2026-12-06', 14)).toEqual([]);
  });

  it('says a person replied when their mail came after the follow-up was planned, offsets or not', () => {
    const db = emptyDb('UTC');
    db.prospects = [prospect({ id: 1 }), prospect({ id: 2 }), prospect({ id: 3 })];
    db.followUps = [
      // Planned at 16:00 UTC (18:00+02:00); the reply at 17:00 UTC came after.
      followUp({ id: 1, prospectId: 1, due: '2026-11-27', createdAt: '2026-11-24T18:00:00+02:00' }),
      // Planned after the mail: no reply since.
      followUp({ id: 2, prospectId: 2, due: '2026-11-27', createdAt: '2026-11-25T09:00:00.000Z' }),
      // Their mail was sent by the owner, not a reply.
      followUp({ id: 3, prospectId: 3, due: '2026-11-27', createdAt: '2026-11-20T09:00:00.000Z' }),
    ];
    db.activities = [
      mail({ id: 1, prospectId: 1, at: '2026-11-24T17:00:00.000Z', direction: 'received' }),
      mail({ id: 2, prospectId: 2, at: '2026-11-24T17:00:00.000Z', direction: 'received' }),
      mail({ id: 3, prospectId: 3, at: '2026-11-24T17:00:00.000Z', direction: 'sent' }),
    ];
    expect([...dueReplies(db, '2026-11-27')]).toEqual([
      [1, { activityId: 1, at: '2026-11-24T17:00:00.000Z', subject: 'Re: plan' }],
    ]);
    // Not yet due: nothing to say.
    expect(dueReplies(db, '2026-11-26').size).toBe(0);
  });
});
