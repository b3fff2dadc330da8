import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyDb, type Db } from '../../src/domain/types.js';
import { runMeld, tempDbPath } from '../helpers/harness.js';
import { activity, campaign, deal, followUp, prospect } from '../helpers/records.js';

// Customers (#16): the customer list with its at-risk flag, the agenda's customers section, the
// report's loyalty block and topics. "Today" is 2026-11-27 (the harness clock).

const won = (id: number, prospectId: number, cents: number, day: string, campaignId: string | null) =>
  deal({
    id,
    prospectId,
    valueCents: cents,
    stage: 'won',
    campaign: campaignId,
    history: [
      { stage: 'new', at: `${day}T09:00:00.000Z` },
      { stage: 'won', at: `${day}T10:00:00.000Z` },
    ],
  });

function customersDb(): string {
  const db: Db = emptyDb();
  db.campaigns = [
    campaign({
      start: '2026-06-01',
      spend: [{ day: '2026-06-01', cents: 100_000, note: null, at: '2026-06-01T08:00:00.000Z' }],
    }),
  ];
  const from = { campaign: 'spring-webinar', createdAt: '2026-06-01T08:00:00.000Z' };
  db.prospects = [
    prospect({ id: 1, name: 'Lia Park', ...from }),
    prospect({ id: 2, name: 'Bo Chen', ...from }),
    prospect({ id: 3, name: 'Eva Ruiz', campaign: 'spring-webinar', createdAt: '2026-11-01T08:00:00.000Z' }),
    prospect({ id: 4, name: 'Ana Souza', createdAt: '2026-11-01T08:00:00.000Z' }),
  ];
  db.deals = [
    won(1, 1, 200_000, '2026-07-01', 'spring-webinar'),
    // A renewal credited to no campaign: Lia's lifetime value still counts it.
    won(2, 1, 300_000, '2026-10-01', null),
    won(3, 2, 150_000, '2026-06-15', 'spring-webinar'),
    deal({ id: 4, prospectId: 3, stage: 'proposal', campaign: 'spring-webinar' }),
    won(5, 4, 50_000, '2026-11-20', null),
  ];
  db.activities = [
    activity({ id: 1, prospectId: 1, at: '2026-10-01T12:00:00.000Z', topics: ['pricing'] }),
    activity({ id: 2, prospectId: 2, at: '2026-06-10T12:00:00.000Z', topics: ['pricing', 'team size'] }),
    activity({ id: 3, prospectId: 3, at: '2026-11-02T12:00:00.000Z', topics: ['integrations'] }),
  ];
  db.followUps = [
    followUp({ id: 1, prospectId: 4, due: '2026-11-25', note: 'check-in', every: { count: 1, unit: 'month' } }),
  ];
  db.lastIds = { prospect: 4, deal: 5, followUp: 1, activity: 3 };
  const path = tempDbPath();
  writeFileSync(path, JSON.stringify(db, null, 2));
  return path;
}

describe('meld customer list', () => {
  it('lists the people with a won deal, biggest lifetime value first, flagging those at risk', async () => {
    const db = customersDb();
    const r = await runMeld(['customer', 'list', '--json'], { db });
    expect(r.exitCode).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows.map((c: { prospect: { name: string } }) => c.prospect.name)).toEqual([
      'Lia Park',
      'Bo Chen',
      'Ana Souza',
    ]);
    expect(rows[0]).toEqual({
      prospect: { id: 1, name: 'Lia Park' },
      company: null,
      campaign: { id: 'spring-webinar', name: 'Spring Webinar' },
      lifetimeValue: 5000,
      wonDeals: 2,
      customerSince: '2026-07-01',
      lastTouch: '2026-10-01',
      idleDays: 57,
      nextStep: null,
      atRisk: false,
      risk: null,
    });
    expect(rows[1]).toMatchObject({ atRisk: true, risk: 'no touch for 165 days', lastTouch: '2026-06-15' });
    expect(rows[2]).toMatchObject({
      atRisk: true,
      risk: 'check-in f1 2 days overdue',
      nextStep: { id: 1, due: '2026-11-25', note: 'check-in', every: { count: 1, unit: 'month' } },
    });
  });

  it('prints a table, and --at-risk keeps only those at risk', async () => {
    const db = customersDb();
    const r = await runMeld(['customer', 'list', '--at-risk'], { db, columns: 140 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        '#  Customer   Company  Lifetime  Won  Since       Last touch  Next step                    Risk',
        '2  Bo Chen               $1,500    1  2026-06-15  2026-06-15  —                            no touch for 165 days',
        '4  Ana Souza               $500    1  2026-11-20  2026-11-20  f1 2026-11-25 (every month)  check-in f1 2 days overdue',
        '',
      ].join('\n'),
    );
    const all = await runMeld(['customer', 'list'], { db, columns: 140 });
    expect(all.stdout.split('\n')[1]).toBe('1  Lia Park              $5,000    2  2026-07-01  2026-10-01  —');
  });

  it('keeps the risk whole on a narrow terminal: the dates, the company and the next step give way first', async () => {
    const db = customersDb();
    const data = JSON.parse(readFileSync(db, 'utf8')) as Db;
    data.prospects[0]!.company = 'Wayne Design Studio';
    data.prospects[1]!.name = 'Bartholomew Chen';
    data.prospects[1]!.company = 'Tyrell Labs';
    data.prospects[3]!.company = 'Acme';
    writeFileSync(db, JSON.stringify(data));
    const at = async (columns: number) => (await runMeld(['customer', 'list'], { db, columns })).stdout;
    expect(await at(80)).toBe(
      [
        '#  Customer          Lifetime  Won  Next step         Risk',
        '1  Lia Park            $5,000    2  —',
        '2  Bartholomew Chen    $1,500    1  —                 no touch for 165 days',
        '4  Ana Souza             $500    1  f1 2026-11-25 (…  check-in f1 2 days overdue',
        '',
      ].join('\n'),
    );
    expect(await at(60)).toBe(
      [
        '#  Customer        Lifetime  Won  Risk',
        '1  Lia Park          $5,000    2',
        '2  Bartholomew C…    $1,500    1  no touch for 165 days',
        '4  Ana Souza           $500    1  check-in f1 2 days overdue',
        '',
      ].join('\n'),
    );
  });

  it('takes customer-days from the config', async () => {
    const db = customersDb();
    const set = await runMeld(['config', 'set', 'customer-days', '30'], { db });
    expect(set.exitCode).toBe(0);
    const get = await runMeld(['config', 'get', 'customer-days'], { db });
    expect(get.stdout).toBe('30\n');
    const r = await runMeld(['customer', 'list', '--at-risk', '--json'], { db });
    expect(JSON.parse(r.stdout).map((c: { risk: string }) => c.risk)).toEqual([
      'no touch for 57 days',
      'no touch for 165 days',
      'check-in f1 2 days overdue',
    ]);
    const before = readFileSync(db);
    const bad = await runMeld(['config', 'set', 'customer-days', '0'], { db });
    expect(bad.stderr).toBe('error: customer-days must be a whole number of days from 1 to 3650, got "0"\n');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('the agenda looks after customers', () => {
  it('lists overdue check-ins and quiet customers with nothing planned, most urgent first', async () => {
    const db = customersDb();
    const json = await runMeld(['today', '--json'], { db });
    expect(JSON.parse(json.stdout).customers).toEqual([
      {
        id: 2,
        name: 'Bo Chen',
        lifetimeValue: 1500,
        lastTouch: '2026-06-15',
        checkIn: null,
        risk: 'no touch for 165 days',
        urgency: 71,
      },
      {
        id: 4,
        name: 'Ana Souza',
        lifetimeValue: 500,
        lastTouch: '2026-11-20',
        checkIn: { id: 1, due: '2026-11-25', note: 'check-in', every: { count: 1, unit: 'month' } },
        risk: 'check-in f1 2 days overdue',
        urgency: 14,
      },
    ]);
    const text = await runMeld(['today'], { db, columns: 100 });
    expect(text.stdout).toContain(
      [
        'Customers (2) check-ins overdue, or quiet with nothing planned',
        '  #2 Bo Chen ($1,500): no touch for 165 days',
        '  #4 Ana Souza ($500): check-in f1 2 days overdue',
        '',
      ].join('\n'),
    );
  });
});

describe('the report counts loyalty and what people said', () => {
  it('counts the customers a campaign brought, their lifetime value, and the topics heard', async () => {
    const db = customersDb();
    const r = await runMeld(['campaign', 'report', '--json'], { db });
    const row = JSON.parse(r.stdout).find(
      (x: { campaign: { id: string } | null }) => x.campaign?.id === 'spring-webinar',
    );
    expect(row.wonValue).toBe(3500);
    expect(row.customers).toEqual({ count: 2, repeat: 1, repeatRate: 0.5, lifetimeValue: 6500, ltvToCost: 6.5 });
    expect(row.topics).toEqual([
      { topic: 'pricing', count: 2 },
      { topic: 'integrations', count: 1 },
      { topic: 'team size', count: 1 },
    ]);
    const text = await runMeld(['campaign', 'report', 'spring-webinar'], { db, columns: 100 });
    expect(text.stdout).toContain(
      [
        '  Heard    pricing (2), integrations (1), team size (1)',
        '  Customers 2 customers · 1 repeat (50%) · lifetime value $6,500 · 6.5× cost',
        '',
      ].join('\n'),
    );
  });
});

describe('topics', () => {
  it('log --topic keeps what they talked about; activity edit --topic corrects it', async () => {
    const db = customersDb();
    const r = await runMeld(['log', 'lia', 'too expensive for now', '--topic', 'Pricing, team  size', '--json'], {
      db,
    });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).activity.topics).toEqual(['pricing', 'team size']);
    const edit = await runMeld(['activity', 'edit', 'a4', '--topic', 'budget'], { db });
    expect(edit.stderr).toBe('✓ Updated activity a4 with Lia Park (#1): topics pricing, team size → budget\n');
    expect(edit.db!.activities.at(-1)!.topics).toEqual(['budget']);
    const before = readFileSync(db);
    const bad = await runMeld(['log', 'lia', 'x', '--topic', '---'], { db });
    expect(bad.stderr.split('\n')[0]).toBe('error: --topic: invalid topic "---"');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('refuses a topic list with no topic in it, changing nothing; activity edit --topic "" clears them', async () => {
    const db = customersDb();
    const before = readFileSync(db);
    const refusals: Array<[string[], string]> = [
      [['log', 'lia', 'x', '--topic', ',,'], 'error: --topic has no topic in ",,"\n'],
      [['log', 'lia', 'x', '--topic', ' , ,'], 'error: --topic has no topic in ", ,"\n'],
      [['activity', 'edit', 'a1', '--topic', ',,'], 'error: --topic has no topic in ",,"\n'],
    ];
    for (const [args, error] of refusals) {
      const r = await runMeld(args, { db });
      expect(r.exitCode, args.join(' ')).toBe(1);
      const hint = args[0] === 'log' ? '' : '; --topic "" clears them';
      expect(r.stderr, args.join(' ')).toBe(
        `${error}  hint: give words separated by commas: --topic pricing,"team size"${hint}\n`,
      );
      expect(readFileSync(db).equals(before), args.join(' ')).toBe(true);
    }
    const cleared = await runMeld(['activity', 'edit', 'a1', '--topic', ''], { db });
    expect(cleared.stderr).toBe('✓ Updated activity a1 with Lia Park (#1): topics pricing → —\n');
    expect(cleared.db!.activities[0]!.topics).toEqual([]);
  });
});
