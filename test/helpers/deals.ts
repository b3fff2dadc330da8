import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addCampaign } from '../../src/domain/campaigns.js';
import { addDeal, moveDeal } from '../../src/domain/deals.js';
import { addProspect } from '../../src/domain/prospects.js';
import { emptyDb, type Db } from '../../src/domain/types.js';
import { tempDir } from './harness.js';

const at = (iso: string) => new Date(iso);
const person = { email: null, company: null, phone: null, title: null, campaign: null, tags: [] as string[] };

/**
 * Three people and four deals, for the deals export and import:
 * - #1 Ana Souza (spring-webinar): d1 "Acme" 2000 won on 2026-03-01, and d3 "Renewal 2027" 1500
 *   at proposal, credited to cold-email, 70%, close by 2026-12-15: a repeat customer.
 * - #2 Bo Lee (cold-email, no email, tag warm): d2 900 lost "too expensive; maybe next year",
 *   opened at midnight (its history shows the day alone).
 * - #3 Kim Park (no campaign): d4 titled like a spreadsheet formula, new, no value.
 */
export function dealsDb(): Db {
  const db = emptyDb();
  const spring = addCampaign(
    db,
    {
      name: 'Spring Webinar',
      channel: 'event',
      costCents: 50_000,
      start: '2026-01-01',
      end: null,
      goal: null,
      note: null,
    },
    at('2026-01-01T08:00:00.000Z'),
  );
  const cold = addCampaign(
    db,
    { name: 'Cold Email', channel: 'email', costCents: 0, start: '2026-01-01', end: null, goal: null, note: null },
    at('2026-01-01T08:00:00.000Z'),
  );
  const ana = addProspect(
    db,
    { ...person, name: 'Ana Souza', email: 'ana@acme.io', company: 'Acme', campaign: spring.id, valueCents: 200_000 },
    at('2026-01-02T09:15:00.000Z'),
  );
  const d1 = db.deals.at(-1)!;
  moveDeal(d1, 'contacted', at('2026-01-10T10:00:00.000Z'));
  moveDeal(d1, 'proposal', at('2026-02-03T14:30:00.000Z'));
  moveDeal(d1, 'won', at('2026-03-01T16:00:00.000Z'));
  const bo = addProspect(
    db,
    { ...person, name: 'Bo Lee', company: 'Globex', campaign: cold.id, tags: ['warm'], valueCents: 90_000 },
    at('2026-02-01T00:00:00.000Z'),
  );
  moveDeal(db.deals.at(-1)!, 'lost', at('2026-03-10T12:00:00.000Z'), 'too expensive; maybe next year');
  const d3 = addDeal(
    db,
    ana,
    { title: 'Renewal 2027', valueCents: 150_000, campaign: cold.id, probability: 70, closeBy: '2026-12-15' },
    at('2026-05-04T11:00:00.000Z'),
  );
  moveDeal(d3, 'proposal', at('2026-05-20T09:00:00.000Z'));
  const kim = addProspect(db, { ...person, name: 'Kim Park', email: 'kim@park.io' }, at('2026-11-20T10:00:00.000Z'));
  db.deals.at(-1)!.title = '=HYPERLINK("http://evil.example")';
  void bo;
  void kim;
  return db;
}

/** `dealsDb()` written to a new data file; returns its path. */
export function dealsFile(db: Db = dealsDb()): string {
  const file = join(tempDir(), 'meld.json');
  writeFileSync(file, JSON.stringify(db));
  return file;
}
