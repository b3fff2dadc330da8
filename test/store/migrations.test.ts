import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileStore } from '../../src/store/store.js';
import {
  migrate,
  migrateV1toV2,
  migrateV2toV3,
  migrateV3toV4,
  toCents,
  v1Schema,
  v2Schema,
  v3Schema,
} from '../../src/store/migrations.js';
import { checkSchema } from '../../src/store/schema.js';
import { checkIntegrity } from '../../src/domain/integrity.js';
import { isOpenStage } from '../../src/domain/types.js';
import { campaignState, spentToDate } from '../../src/domain/spend.js';
import { runMeld, tempDir } from '../helpers/harness.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/v1.json', import.meta.url));

describe('schema version 1 → 2 migration', () => {
  it('turns float money into exact integer cents', () => {
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(1200.1)).toBe(120010);
    expect(toCents(0.1 + 0.2)).toBe(30);
  });

  it('maps every field of the committed v1 fixture to version 2', () => {
    const v1 = v1Schema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    const db = migrateV1toV2(v1);
    expect(db.version).toBe(2);
    expect(db.config).toEqual({ currency: 'EUR', staleDays: 14 });
    expect(db.lastIds).toEqual({ prospect: 3, followUp: 2, activity: 4 });
    expect(db.campaigns[0]).toMatchObject({ id: 'spring-webinar', costCents: 120010 });
    expect(db.campaigns[0]).not.toHaveProperty('cost');
    expect(db.campaigns[0]!.adjustments[0]!.changes).toEqual({ cost: { from: 100000, to: 120010 } });
    expect(db.prospects[0]).toMatchObject({ id: 1, valueCents: 1999, title: null, fields: {}, batch: null });
    expect(db.prospects[0]).not.toHaveProperty('value');
    expect(db.prospects[1]!.valueCents).toBeNull();
    expect(db.followUps.map((f) => f.status)).toEqual(['done', 'open']);
    expect(db.followUps[0]).not.toHaveProperty('done');
  });

  it('reads a v1 file without writing it, and migrates it on the first change keeping the original beside it', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    copyFileSync(FIXTURE, path);
    const original = readFileSync(path);

    const db = await new FileStore(path).read();
    expect(db.deals.map((d) => [d.prospectId, d.valueCents])).toEqual([
      [1, 1999],
      [3, null],
    ]);
    expect(readFileSync(path).equals(original)).toBe(true);

    const r = await runMeld(['add-prospect', 'New Person'], { db: path });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'meld.json.v1.json')).equals(original)).toBe(true);
    expect(statSync(join(dir, 'meld.json.v1.json')).mode & 0o777).toBe(0o600);
    expect(r.db?.version).toBe(4);
    // The counter comes from the largest id in use: #3 existed, so the new prospect is #4.
    expect(r.db?.prospects.map((p) => p.id)).toEqual([1, 3, 4]);
    expect(spentToDate(r.db!.campaigns[0]!, '2030-01-01')).toBe(120010);

    const undo = await runMeld(['undo'], { db: path });
    expect(undo.stderr.split('\n')[0]).toBe('undid: add-prospect New Person (#4)');
    expect(readFileSync(path).equals(original)).toBe(true);
  });

  it('names the place when a v1 file does not match version 1 either', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    const v1 = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    v1.followUps[1].done = 'no';
    const text = JSON.stringify(v1);
    writeFileSync(path, text);
    const r = await runMeld(['history'], { db: path });
    const b = await runMeld(['add-prospect', 'X'], { db: path });
    expect(b.exitCode).toBe(1);
    expect(b.stderr.split('\n')[0]).toBe(
      `error: ${path} is damaged: followUps[1].done: Invalid input: expected boolean, received string (schema version 1)`,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(r.exitCode).toBe(0);
  });
});

const V2_FIXTURE = fileURLToPath(new URL('../fixtures/v2.json', import.meta.url));

describe('schema version 2 → 3 migration (the committed fixture is meld 1.0 output)', () => {
  const v2 = () => v2Schema.parse(JSON.parse(readFileSync(V2_FIXTURE, 'utf8')));

  it('turns each campaign cost into dated spend that adds up to the same total', () => {
    const db = migrateV2toV3(v2());
    expect(db.version).toBe(3);
    const [webinar, outreach] = db.campaigns;
    // $1,200 on the start day, then the adjustment of Oct 27 raised it to $1,800.
    expect(webinar!.spend).toEqual([
      { day: '2026-09-22', cents: 120000, note: null, at: '2026-09-22T08:00:00.000Z' },
      {
        day: '2026-10-27',
        cents: 60000,
        note: 'moved the webinar to Tuesday lunch and added a reminder email',
        at: '2026-10-27T12:00:00.000Z',
      },
    ]);
    // Started at $0 and raised to $600 on Nov 10: nothing on the start day.
    expect(outreach!.spend).toEqual([
      { day: '2026-11-10', cents: 60000, note: 'raised the budget', at: '2026-11-10T12:00:00.000Z' },
    ]);
    const before = v2();
    db.campaigns.forEach((c, i) => {
      // The v2 total is gone; the cost read from the dated money, on any day after, is the same.
      expect(c).not.toHaveProperty('costCents');
      expect(spentToDate(c, '2027-06-01')).toBe(before.campaigns[i]!.costCents);
    });
    expect(webinar).toMatchObject({ rates: [], pauses: [], budgetCents: null });
  });

  it('turns a pause set by adjust into a pause that is still open', () => {
    const db = migrateV2toV3(v2());
    expect(db.campaigns[1]!.pauses).toEqual([{ from: '2026-11-20', to: null }]);
  });

  it('gives a campaign ended without an end day the day it was ended as its end day', () => {
    const data = v2();
    data.campaigns[0]!.status = 'ended';
    data.campaigns[0]!.adjustments.push({
      at: '2026-11-02T15:00:00.000Z',
      changes: { status: { from: 'active', to: 'ended' } },
      note: null,
    });
    const db = migrateV2toV3(data);
    expect(db.campaigns[0]!.end).toBe('2026-11-02');
    expect(campaignState(db.campaigns[0]!, '2026-11-03')).toBe('ended');
    expect(db.campaigns[1]!.end).toBe(data.campaigns[1]!.end);
  });

  it('puts the rest on the start day when a hand-edited total differs from the last change', () => {
    const data = v2();
    data.campaigns[0]!.costCents = 200000;
    const spend = migrateV2toV3(data).campaigns[0]!.spend;
    expect(spend.reduce((s, e) => s + e.cents, 0)).toBe(200000);
    expect(spentToDate(migrateV2toV3(data).campaigns[0]!, '2027-01-01')).toBe(200000);
    expect(spend.at(-1)).toMatchObject({ day: '2026-09-22', cents: 20000, note: 'difference to the stored total' });
  });

  it('gives prospects and activities their new fields, empty, and keeps everything else', () => {
    const before = v2();
    const db = migrateV2toV3(before);
    expect(db.prospects.map((p) => [p.otherEmails, p.otherPhones, p.firstSeen, p.referredBy])).toEqual(
      before.prospects.map(() => [[], [], null, null]),
    );
    expect(db.activities.every((a) => a.campaign === null)).toBe(true);
    expect(db.followUps).toEqual(before.followUps);
    expect(db.prospects.map((p) => p.name)).toEqual(before.prospects.map((p) => p.name));
  });

  it('migrates a v2 file on the first change, keeping the original beside it', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    copyFileSync(V2_FIXTURE, path);
    const original = readFileSync(path);
    const r = await runMeld(['add-prospect', 'New Person'], { db: path });
    expect(r.exitCode).toBe(0);
    expect(r.db?.version).toBe(4);
    expect(readFileSync(join(dir, 'meld.json.v2.json')).equals(original)).toBe(true);
    expect(r.db?.campaigns[0]?.spend).toHaveLength(2);
  });
});

const V3_FIXTURE = fileURLToPath(new URL('../fixtures/v3.json', import.meta.url));
const V3_REPORT = fileURLToPath(new URL('../fixtures/v3-report.json', import.meta.url));
const V3_PROSPECTS = fileURLToPath(new URL('../fixtures/v3-prospects.json', import.meta.url));
// When meld 1.1 made the fixture and printed the report and list beside it.
const V3_NOW = '2026-12-01T15:00:00.000Z';

/**
 * The figures issue 17 (one calendar) defines anew, which the deals have nothing to do with:
 * stretches are whole days (a period's `to`, `days`, its pace and the test on it, the row's
 * latest verdict and p-value), and a cost per
 * prospect or win over a zero cost is null, no longer 0. Every count and amount must stay.
 */
const CALENDAR = new Set(['to', 'days', 'perWeek', 'pValue', 'verdict']);
const calendarRule = (path: string, actual: unknown, expected: unknown) =>
  ((path.includes('.periods.') || /\.(pValue|verdict)$/.test(path)) &&
    CALENDAR.has(path.slice(path.lastIndexOf('.') + 1))) ||
  (/costPer\w*$/.test(path) && expected === 0 && actual === null);

/** Every value of `expected` is in `actual` with the same value; `actual` may hold more keys. */
function expectContains(actual: unknown, expected: unknown, path = '$'): void {
  if (calendarRule(path, actual, expected)) return;
  if (expected !== null && typeof expected === 'object') {
    expect(typeof actual, path).toBe('object');
    expect(actual, path).not.toBeNull();
    if (Array.isArray(expected)) {
      expect(Array.isArray(actual), path).toBe(true);
      expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    }
    for (const [key, value] of Object.entries(expected)) {
      expectContains((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe('schema version 3 → 4 migration (the committed fixture is meld 1.1 output)', () => {
  const v3 = () => v3Schema.parse(JSON.parse(readFileSync(V3_FIXTURE, 'utf8')));

  it("makes each prospect's pipeline their first deal, d1.. in prospect order, credited to their campaign", () => {
    const before = v3();
    const db = migrateV3toV4(before, 'Europe/Berlin');
    expect(db.version).toBe(4);
    expect(db.deals).toHaveLength(before.prospects.length);
    expect(db.lastIds.deal).toBe(before.prospects.length);
    before.prospects.forEach((p, i) => {
      const d = db.deals[i]!;
      expect(d).toEqual({
        id: i + 1,
        prospectId: p.id,
        title: p.company ?? p.name,
        valueCents: p.valueCents,
        stage: p.stage,
        history: p.history,
        lostReason: p.lostReason,
        campaign: p.campaign,
        probability: null,
        closeBy: null,
        closeByChanges: [],
        createdAt: p.createdAt,
        updatedAt: p.history.at(-1)!.at,
      });
      for (const gone of ['stage', 'valueCents', 'history', 'lostReason'])
        expect(db.prospects[i]).not.toHaveProperty(gone);
      expect(db.prospects[i]!.campaign).toBe(p.campaign);
      expect(db.prospects[i]!.updatedAt).toBe(p.history.at(-1)!.at);
    });
  });

  it("records the migrating machine's zone and the new settings' defaults, keeping the old ones", () => {
    const db = migrateV3toV4(v3(), 'America/New_York');
    expect(db.config).toEqual({
      currency: 'USD',
      staleDays: 14,
      timezone: 'America/New_York',
      customerDays: 90,
      forecastMinClosed: 10,
      stageProbability: { new: 10, contacted: 20, qualified: 40, proposal: 60 },
      myEmails: [],
    });
  });

  it('drops the campaign status and stamps every record with the latest time it knows', () => {
    const before = v3();
    const db = migrateV3toV4(before, 'UTC');
    for (const c of db.campaigns) expect(c).not.toHaveProperty('status');
    // The webinar was last changed by its adjustment of Oct 27 (its spend was recorded then too).
    expect(db.campaigns[0]!.updatedAt).toBe('2026-10-27T12:00:00.000Z');
    db.followUps.forEach((f, i) => {
      expect(f.every).toBeNull();
      expect(f.updatedAt).toBe(before.followUps[i]!.doneAt ?? before.followUps[i]!.createdAt);
    });
    db.activities.forEach((a) => {
      expect(a).toMatchObject({ topics: [], mail: null, updatedAt: a.at });
    });
  });

  it('gives a file the current schema and integrity accept', () => {
    const migrated = migrate(JSON.parse(readFileSync(V3_FIXTURE, 'utf8')), 3, { timezone: 'UTC' });
    expect(migrated.ok).toBe(true);
    const checked = checkSchema(migrated.ok ? migrated.data : null);
    expect(checked.ok).toBe(true);
    expect(checkIntegrity(checked.ok ? checked.db : (null as never))).toEqual([]);
  });

  it('names the place when a v3 file does not match version 3', () => {
    const data = JSON.parse(readFileSync(V3_FIXTURE, 'utf8'));
    data.prospects[2].stage = 'maybe';
    const migrated = migrate(data, 3, { timezone: 'UTC' });
    expect(migrated).toEqual({
      ok: false,
      problems: ['prospects[2].stage: unknown stage "maybe" (schema version 3)'],
    });
  });

  it('leaves every total of the campaign report as meld 1.1 printed it', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    copyFileSync(V3_FIXTURE, path);
    const r = await runMeld(['campaign', 'report', '--json'], { db: path, now: V3_NOW });
    expect(r.exitCode).toBe(0);
    expectContains(JSON.parse(r.stdout), JSON.parse(readFileSync(V3_REPORT, 'utf8')));
  });

  it('leaves every prospect at the stage and value meld 1.1 listed', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    copyFileSync(V3_FIXTURE, path);
    const r = await runMeld(['prospect', 'list', '--json'], { db: path, now: V3_NOW });
    expect(r.exitCode).toBe(0);
    const pick = (list: Array<Record<string, unknown>>) =>
      list.map((p) => ({ id: p.id, stage: p.stage, value: p.value, lostReason: p.lostReason, history: p.history }));
    expect(pick(JSON.parse(r.stdout))).toEqual(pick(JSON.parse(readFileSync(V3_PROSPECTS, 'utf8'))));
  });

  it('migrates the v3 file on the first change, keeping the original beside it', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    copyFileSync(V3_FIXTURE, path);
    const original = readFileSync(path);
    const r = await runMeld(['add-prospect', 'New Person', '--value', '500'], { db: path, now: V3_NOW });
    expect(r.exitCode).toBe(0);
    expect(r.db?.version).toBe(4);
    expect(readFileSync(join(dir, 'meld.json.v3.json')).equals(original)).toBe(true);
    const added = r.db!.prospects.at(-1)!;
    expect(r.db!.deals.at(-1)).toMatchObject({ id: r.db!.prospects.length, prospectId: added.id, valueCents: 50000 });
  });

  it('is what meld demo now writes, deal for deal (the fixture is meld 1.1 demo output)', async () => {
    const r = await runMeld(['demo'], { now: V3_NOW });
    expect(r.exitCode).toBe(0);
    const migrated = migrateV3toV4(v3(), 'UTC');
    // The demo's first deals are the migrated ones; after them comes its repeat customer's
    // renewal (#16), which a 1.1 file cannot have.
    // It then keeps its open deals current with close-by days (#24), which 1.1 did not have:
    // the only difference.
    const first = r.db!.deals.slice(0, migrated.deals.length);
    expect(first.map((d) => ({ ...d, closeBy: null }))).toEqual(migrated.deals);
    expect(first.filter((d) => d.closeBy !== null).every((d) => isOpenStage(d.stage))).toBe(true);
    expect(r.db!.deals.slice(migrated.deals.length).map((d) => d.title)).toEqual(['Renewal']);
    expect(r.db!.prospects).toEqual(migrated.prospects);
  });
});
