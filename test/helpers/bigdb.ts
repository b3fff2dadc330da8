import { emptyDb, type Db } from '../../src/domain/types.js';
import { activity, campaign, deal, followUp, prospect } from './records.js';

/** A valid database with `n` prospects, each with a follow-up and an activity (~700 bytes per prospect). */
export function bigDb(n: number): Db {
  const db = emptyDb();
  db.campaigns.push(
    campaign({
      id: 'spring-webinar',
      name: 'Spring Webinar',
      channel: 'event',
      spend: [{ day: '2026-03-02', cents: 120000, note: null, at: '2026-03-01T09:00:00.000Z' }],
      start: '2026-03-02',
      createdAt: '2026-03-01T09:00:00.000Z',
    }),
  );
  for (let i = 1; i <= n; i++) {
    db.prospects.push(
      prospect({
        id: i,
        name: `Person ${i}`,
        email: `person${i}@example.com`,
        company: `Company ${i % 300}`,
        campaign: i % 2 ? 'spring-webinar' : null,
        tags: ['warm'],
        createdAt: '2026-03-05T10:00:00.000Z',
      }),
    );
    db.deals.push(
      deal({
        id: i,
        prospectId: i,
        campaign: i % 2 ? 'spring-webinar' : null,
        stage: 'contacted',
        valueCents: 1000 * i,
        createdAt: '2026-03-05T10:00:00.000Z',
        history: [
          { stage: 'new', at: '2026-03-05T10:00:00.000Z' },
          { stage: 'contacted', at: '2026-03-06T10:00:00.000Z' },
        ],
      }),
    );
    db.followUps.push(
      followUp({ id: i, prospectId: i, due: '2026-12-01', note: 'call back', createdAt: '2026-03-05T10:00:00.000Z' }),
    );
    db.activities.push(
      activity({
        id: i,
        prospectId: i,
        type: 'note',
        text: 'met at the webinar, asked for pricing',
        at: '2026-03-05T10:00:00.000Z',
      }),
    );
  }
  db.lastIds = { prospect: n, deal: n, followUp: n, activity: n };
  return db;
}
