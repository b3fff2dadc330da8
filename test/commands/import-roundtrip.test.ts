import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCampaign, RESERVED_CAMPAIGN_NAMES } from '../../src/domain/campaigns.js';
import { addProspect, moveStage } from '../../src/domain/prospects.js';
import { isValidEmail, slugify } from '../../src/domain/text.js';
import { emptyDb, STAGES, type Db } from '../../src/domain/types.js';
import { runMeld, tempDir } from '../helpers/harness.js';

// Text as people and other tools put it in a CRM: any script, quotes, commas, semicolons, line
// breaks (LF, CRLF and a lone CR inside a cell), control characters, leading formula characters
// and quotes. (meld trims what it stores, so the text is trimmed.)
const text = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.constantFrom(
      '=SUM(A1)',
      "'=x",
      '+44 20 7946 0000',
      '-1',
      '@risk',
      'a, "b"; c',
      'Zoë\nØrsted',
      '李伟',
      'محمد',
      "O'Brien",
      '\tindent',
      'Co\rX',
      'a\r\nb',
      'Evil\u001b[31mRed',
      '"q"\r',
    ),
  )
  .map((s) => s.trim());
const optional = fc.option(text, { nil: null }).map((s) => (s === '' ? null : s));

const prospect = fc.record({
  name: text.filter((s) => s !== ''),
  email: fc.option(fc.emailAddress(), { nil: null }),
  company: optional,
  phone: optional,
  title: optional,
  stage: fc.constantFrom(...STAGES),
  valueCents: fc.option(fc.integer({ min: 0, max: 10_000_000_000 }), { nil: null }),
  tags: fc.array(text, { maxLength: 3 }),
  fields: fc.dictionary(
    // Keys named like Object.prototype's members too: `valueOf` once broke the round trip.
    fc.oneof(
      text.filter((k) => k !== '' && !k.includes('\n')),
      fc.constantFrom('valueOf', 'constructor', '__proto__', 'toString'),
    ),
    text.filter((v) => v !== ''),
    { maxKeys: 2 },
  ),
  campaign: fc.option(fc.integer({ min: 0, max: 1 }), { nil: null }),
  lostReason: text.filter((s) => s !== ''),
  // Who referred them: an earlier person of the list (by position), so that referrals never loop.
  referrer: fc.option(fc.nat({ max: 5 }), { nil: null }),
});

type Person = typeof prospect extends fc.Arbitrary<infer T> ? T : never;

function buildDb(people: Person[], campaignNames: string[]): Db {
  const db = emptyDb();
  const now = new Date('2026-11-01T09:00:00.000Z');
  const campaigns = campaignNames.map((name) =>
    addCampaign(
      db,
      { name, channel: 'event', costCents: 0, start: '2026-11-01', end: null, goal: null, note: null },
      now,
    ),
  );
  const emails = new Set<string>();
  people.forEach((p, i) => {
    const email =
      p.email && isValidEmail(p.email.toLowerCase()) && !emails.has(p.email.toLowerCase())
        ? p.email.toLowerCase()
        : null;
    if (email) emails.add(email);
    const added = addProspect(
      db,
      { ...p, email, campaign: p.campaign === null ? null : (campaigns[p.campaign]?.id ?? null), stage: 'new' },
      new Date(now.getTime() + i * 60_000),
    );
    added.fields = p.fields;
    if (p.stage !== 'new') moveStage(db, added, p.stage, new Date(now.getTime() + i * 60_000 + 1000), p.lostReason);
    if (p.referrer !== null && p.referrer < i) added.referredBy = db.prospects[p.referrer]!.id;
  });
  return db;
}

const strip = (json: string) =>
  (JSON.parse(json) as Array<Record<string, unknown>>).map(({ batch: _b, ...rest }) => rest);

describe('export then import, for any prospects', () => {
  it('gives back every field of every prospect, through CSV and through JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(prospect, { minLength: 1, maxLength: 6 }),
        // Names campaign add accepts: not reserved ("none", "-"), and not another one's slug.
        fc.uniqueArray(
          text.filter((s) => s.trim() !== '' && !RESERVED_CAMPAIGN_NAMES.includes(s.trim().toLowerCase())),
          { minLength: 2, maxLength: 2, selector: (s) => slugify(s) || 'campaign' },
        ),
        async (people, campaignNames) => {
          const dir = tempDir();
          const source = join(dir, 'source.json');
          writeFileSync(source, JSON.stringify(buildDb(people, campaignNames)));
          const expected = (await runMeld(['export', 'prospects', '--format', 'json'], { db: source })).stdout;
          for (const format of ['csv', 'json']) {
            const file = join(dir, `prospects.${format}`);
            const exported = await runMeld(['export', 'prospects', '--out', file], { db: source });
            expect(exported.exitCode).toBe(0);
            const target = join(dir, `copy-${format}.json`);
            const imported = await runMeld(['import', file], { db: target });
            expect(imported.exitCode).toBe(0);
            const copy = (await runMeld(['export', 'prospects', '--format', 'json'], { db: target })).stdout;
            expect(strip(copy)).toEqual(strip(expected));
          }
        },
      ),
      // A fixed seed, so CI never depends on a draw; `MELD_FC_SEED=random` explores. The run once
      // failed now and then: an extra field named `valueOf` on one person was exported as
      // "function valueOf() { [native code] }" for the others (test/commands/import-prototype-keys.test.ts).
      {
        numRuns: 25,
        ...(process.env.MELD_FC_SEED === 'random' ? {} : { seed: Number(process.env.MELD_FC_SEED ?? 20261206) }),
      },
    );
  });
});
