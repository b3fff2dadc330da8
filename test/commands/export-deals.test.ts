import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath, tempDir } from '../helpers/harness.js';
import { dealsFile } from '../helpers/deals.js';

const HEADER =
  'id,prospect_id,prospect_name,prospect_email,title,value,stage,lost_reason,campaign_id,campaign_name,probability,close_by,created_at,history,updated_at,close_by_changes';

describe('meld export deals', () => {
  it('writes every deal as CSV: its person with their email, the compact stage history, formula cells guarded', async () => {
    const r = await runMeld(['export', 'deals'], { db: dealsFile() });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      HEADER,
      'd1,1,Ana Souza,ana@acme.io,Acme,2000,won,,spring-webinar,Spring Webinar,,,2026-01-02T09:15:00.000Z,new 2026-01-02T09:15:00Z; contacted 2026-01-10T10:00:00Z; proposal 2026-02-03T14:30:00Z; won 2026-03-01T16:00:00Z,2026-03-01T16:00:00.000Z,',
      'd2,2,Bo Lee,,Globex,900,lost,too expensive; maybe next year,cold-email,Cold Email,,,2026-02-01T00:00:00.000Z,"new 2026-02-01; lost 2026-03-10T12:00:00Z ""too expensive; maybe next year""",2026-03-10T12:00:00.000Z,',
      'd3,1,Ana Souza,ana@acme.io,Renewal 2027,1500,proposal,,cold-email,Cold Email,70,2026-12-15,2026-05-04T11:00:00.000Z,new 2026-05-04T11:00:00Z; proposal 2026-05-20T09:00:00Z,2026-05-20T09:00:00.000Z,',
      `d4,3,Kim Park,kim@park.io,"'=HYPERLINK(""http://evil.example"")",,new,,,,,,2026-11-20T10:00:00.000Z,new 2026-11-20T10:00:00Z,2026-11-20T10:00:00.000Z,`,
      '',
    ]);
  });

  it('writes JSON as deal list --json shapes them, the person with their email', async () => {
    const r = await runMeld(['export', 'deals', '--format', 'json'], { db: dealsFile() });
    expect(r.exitCode).toBe(0);
    const deals = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(deals.map((d) => d.id)).toEqual([1, 2, 3, 4]);
    expect(deals[1]).toEqual({
      id: 2,
      prospect: { id: 2, name: 'Bo Lee', email: null },
      title: 'Globex',
      stage: 'lost',
      value: 900,
      campaign: { id: 'cold-email', name: 'Cold Email' },
      lostReason: 'too expensive; maybe next year',
      history: [
        { stage: 'new', at: '2026-02-01T00:00:00.000Z' },
        { stage: 'lost', at: '2026-03-10T12:00:00.000Z', reason: 'too expensive; maybe next year' },
      ],
      probability: null,
      closeBy: null,
      closeByChanges: [],
      createdAt: '2026-02-01T00:00:00.000Z',
      updatedAt: '2026-03-10T12:00:00.000Z',
    });
  });

  it("filters deals by their own campaign, stage and day opened, by status, and by their person's tag", async () => {
    const db = dealsFile();
    const ids = async (...args: string[]) => {
      const r = await runMeld(['export', 'deals', ...args], { db });
      expect(r.exitCode).toBe(0);
      return r.stdout
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(',')[0]);
    };
    // Ana came from the webinar; her renewal d3 is credited to the cold emails.
    expect(await ids('--campaign', 'cold-email')).toEqual(['d2', 'd3']);
    expect(await ids('--campaign', 'none')).toEqual(['d4']);
    expect(await ids('--stage', 'proposal')).toEqual(['d3']);
    expect(await ids('--stage', 'won,lost')).toEqual(['d1', 'd2']);
    expect(await ids('--stage', 'won', '--stage', 'proposal')).toEqual(['d1', 'd3']);
    expect(await ids('--open')).toEqual(['d3', 'd4']);
    expect(await ids('--won')).toEqual(['d1']);
    expect(await ids('--lost')).toEqual(['d2']);
    expect(await ids('--tag', 'warm')).toEqual(['d2']);
    expect(await ids('--since', '2026-05-01', '--until', '2026-06-30')).toEqual(['d3']);
    expect(await ids('--open', '--campaign', 'cold-email')).toEqual(['d3']);
  });

  it('refuses --open, --won and --lost beside another kind, each other or --stage, in one line', async () => {
    const db = dealsFile();
    const cases: Array<[string[], string]> = [
      [['prospects', '--won'], 'error: --won is for deals, not prospects'],
      [['deals', '--open', '--won'], 'error: --open and --won do not go together'],
      [['deals', '--stage', 'won', '--lost'], 'error: --lost and --stage do not go together'],
    ];
    for (const [args, message] of cases) {
      const r = await runMeld(['export', ...args], { db });
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(message);
    }
  });

  it('writes a file and says how many deals went in it', async () => {
    const out = join(tempDir(), 'deals.csv');
    const r = await runMeld(['export', 'deals', '--won', '--out', out], { db: dealsFile() });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(`✓ Exported 1 deal to ${out} (csv)\n`);
  });
});

describe('meld export prospects: lifetime value and customer since', () => {
  it('adds lifetime_value (the won deals) and customer_since (the first win) to CSV and JSON', async () => {
    const db = dealsFile();
    const csv = (await runMeld(['export', 'prospects'], { db })).stdout.split('\n');
    expect(csv[0]!.split(',').slice(19, 22)).toEqual(['referred_by', 'lifetime_value', 'customer_since']);
    // Ana: d1 won (2000) on 2026-03-01, her open renewal not counted; Bo lost; Kim new.
    expect(csv.slice(1, 4).map((line) => line.split(',').slice(-2))).toEqual([
      ['2000', '2026-03-01'],
      ['0', ''],
      ['0', ''],
    ]);
    const json = JSON.parse((await runMeld(['export', 'prospects', '--format', 'json'], { db })).stdout) as Array<{
      lifetimeValue: number;
      customerSince: string | null;
    }>;
    expect(json.map((p) => [p.lifetimeValue, p.customerSince])).toEqual([
      [2000, '2026-03-01'],
      [0, null],
      [0, null],
    ]);
  });

  it('an import of that export reads past them: they are worked out from the deals, not kept as fields', async () => {
    const db = dealsFile();
    const dir = tempDir();
    for (const format of ['csv', 'json']) {
      const file = join(dir, `prospects.${format}`);
      await runMeld(['export', 'prospects', '--out', file], { db });
      const copy = tempDbPath();
      const r = await runMeld(['import', file], { db: copy });
      expect(r.exitCode).toBe(0);
      expect(r.db?.prospects.map((p) => p.fields)).toEqual([{}, {}, {}]);
    }
    const dry = await runMeld(['import', join(dir, 'prospects.csv'), '--dry-run'], { db: tempDbPath() });
    const listing = dry.stdout.split('\n');
    expect(listing.filter((line) => /^(lifetime_value|customer_since) /.test(line))).toEqual([
      "lifetime_value  not read       worked out from the person's deals",
      "customer_since  not read       worked out from the person's deals",
    ]);
  });
});
