import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';

async function salesDb(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200'],
    [
      'add-prospect',
      'Ana Souza',
      '--email',
      'ana@acme.io',
      '--company',
      'Acme',
      '--campaign',
      'spring-webinar',
      '--follow-up',
      '2026-12-03',
    ],
    ['add-prospect', '=HYPERLINK("http://evil.example")', '--company', '+cmd', '--phone', '-1', '--title', '@SUM(A1)'],
    ['followup', 'add', 'ana', '2026-12-10', 'send the proposal, then call; ask about Q1'],
    ['log', 'ana', 'called: interested'],
  ]);
  return db;
}

describe('meld export', () => {
  it('writes prospects as CSV on stdout with a header, and guards cells a spreadsheet would run', async () => {
    const r = await runMeld(['export', 'prospects'], { db: await salesDb() });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'id,name,email,company,phone,title,campaign_id,campaign_name,stage,value,tags,created_at,lost_reason,next_follow_up,history,batch,other_emails,other_phones,first_seen,referred_by,lifetime_value,customer_since',
    );
    expect(lines[1]).toBe(
      '1,Ana Souza,ana@acme.io,Acme,,,spring-webinar,Spring Webinar,new,,,2026-11-27T10:00:00.000Z,,2026-12-03,"[{""stage"":""new"",""at"":""2026-11-27T10:00:00.000Z""}]",,,,,,0,',
    );
    expect(lines[2]).toBe(
      `2,"'=HYPERLINK(""http://evil.example"")",,'+cmd,'-1,'@SUM(A1),,,new,,,2026-11-27T10:00:00.000Z,,,"[{""stage"":""new"",""at"":""2026-11-27T10:00:00.000Z""}]",,,,,,0,`,
    );
    expect(r.stdout.startsWith('\uFEFF')).toBe(false);
  });

  it('writes follow-ups, activities and campaigns with relations as id and name', async () => {
    const db = await salesDb();
    const followups = (await runMeld(['export', 'followups'], { db })).stdout.split('\n');
    expect(followups[0]).toBe(
      'id,prospect_id,prospect_name,prospect_email,company,campaign_id,campaign_name,due,status,note,created_at,done_at,outcome',
    );
    expect(followups[2]).toBe(
      '2,1,Ana Souza,ana@acme.io,Acme,spring-webinar,Spring Webinar,2026-12-10,open,"send the proposal, then call; ask about Q1",2026-11-27T10:00:00.000Z,,',
    );
    const activities = JSON.parse((await runMeld(['export', 'activities', '--format', 'json'], { db })).stdout);
    expect(activities).toEqual([
      {
        id: 1,
        prospect: { id: 1, name: 'Ana Souza', email: 'ana@acme.io' },
        type: 'note',
        text: 'called: interested',
        at: '2026-11-27T10:00:00.000Z',
      },
    ]);
    const campaigns = JSON.parse((await runMeld(['export', 'campaigns', '--format', 'json'], { db })).stdout);
    expect(campaigns[0]).toMatchObject({ id: 'spring-webinar', name: 'Spring Webinar', channel: 'event', cost: 1200 });
  });

  it("reads a yearless --since/--until for follow-ups as the nearer day, not last year's", async () => {
    // On 2026-11-27 "dec 5" is 8 days ahead; read as 2025-12-05 it silently kept nothing.
    const db = await salesDb();
    const dues = async (args: string[]) =>
      (
        JSON.parse((await runMeld(['export', 'followups', ...args, '--format', 'json'], { db })).stdout) as Array<{
          due: string;
        }>
      ).map((f) => f.due);
    expect(await dues(['--until', 'dec 5'])).toEqual(['2026-12-03']);
    expect(await dues(['--since', 'dec 5'])).toEqual(['2026-12-10']);
  });

  it('takes --campaign none as those without a campaign, and log --campaign none as no influence', async () => {
    const db = await salesDb();
    const r = await runMeld(['export', 'prospects', '--campaign', 'none', '--format', 'json'], { db });
    expect(r.exitCode).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ id: number }>).map((p) => p.id)).toEqual([2]);
    const log = await runMeld(['log', '2', 'met at a meetup', '--campaign', 'none'], { db });
    expect(log.exitCode).toBe(0);
    expect(log.db?.activities.at(-1)).toMatchObject({ text: 'met at a meetup', campaign: null });
  });

  it('writes campaign adjustments in major units in CSV and JSON, like every other amount', async () => {
    const db = await salesDb();
    await seed(db, [['campaign', 'adjust', 'spring-webinar', '--cost', '1500.50', '--note', 'more ads']]);
    const json = JSON.parse((await runMeld(['export', 'campaigns', '--format', 'json'], { db })).stdout);
    expect(json[0].cost).toBe(1500.5);
    expect(json[0].adjustments).toEqual([
      { at: '2026-11-27T10:00:00.000Z', changes: { cost: { from: 1200, to: 1500.5 } }, note: 'more ads' },
    ]);
    const csv = (await runMeld(['export', 'campaigns'], { db })).stdout.split('\n');
    expect(csv[1]).toContain(
      '"[{""at"":""2026-11-27T10:00:00.000Z"",""changes"":{""cost"":{""from"":1200,""to"":1500.5}},""note"":""more ads""}]"',
    );
  });

  it('writes who referred a prospect: their email, else #id; in JSON {id, name, email}', async () => {
    const db = await salesDb();
    await seed(db, [
      ['add-prospect', 'Sam Reed', '--referred-by', 'ana@acme.io'],
      ['add-prospect', 'Kim Lee', '--referred-by', '#2'],
    ]);
    const csv = (await runMeld(['export', 'prospects'], { db })).stdout.split('\n');
    expect(csv.slice(3, 5).map((line) => line.split(',').at(-3))).toEqual(['ana@acme.io', '#2']);
    const json = JSON.parse((await runMeld(['export', 'prospects', '--format', 'json'], { db })).stdout);
    expect(json.map((p: { referredBy: unknown }) => p.referredBy)).toEqual([
      null,
      null,
      { id: 1, name: 'Ana Souza', email: 'ana@acme.io' },
      { id: 2, name: '=HYPERLINK("http://evil.example")', email: null },
    ]);
  });

  it('writes campaigns with their budget and the rate in force, in CSV as in JSON', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Ads', '--channel', 'ads', '--rate', '15/day', '--budget', '900']]);
    const csv = (await runMeld(['export', 'campaigns'], { db })).stdout.split('\n');
    expect(csv[0]).toBe('id,name,channel,status,cost,start,end,goal,note,created_at,adjustments,budget,rate,rate_per');
    expect(csv[1]!.split(',').slice(-3)).toEqual(['900', '15', 'day']);
    const json = JSON.parse((await runMeld(['export', 'campaigns', '--format', 'json'], { db })).stdout);
    expect(json[0]).toMatchObject({ budget: 900, rate: { amount: 15, per: 'day' } });
  });

  it('writes --out atomically, with a BOM for spreadsheets, and says what it wrote', async () => {
    const dir = tempDir();
    const out = join(dir, 'prospects.csv');
    const r = await runMeld(['export', 'prospects', '--out', out], { db: await salesDb() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`✓ Exported 2 prospects to ${out} (csv)\n`);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFid,name,email')).toBe(true);
    expect(readdirSync(dir)).toEqual(['prospects.csv']);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('takes the format from the --out extension', async () => {
    const dir = tempDir();
    const db = await salesDb();
    await runMeld(['export', 'prospects', '--out', join(dir, 'p.json')], { db });
    expect(JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8'))[0].name).toBe('Ana Souza');
    const r = await runMeld(['export', 'followups', '--out', join(dir, 'f.ics')], { db });
    expect(r.stderr).toBe(`✓ Exported 2 open follow-ups to ${join(dir, 'f.ics')} (ics)\n`);
    expect(readFileSync(join(dir, 'f.ics'), 'utf8').startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  });

  it('refuses to write CSV into an --out named like a spreadsheet workbook, writing nothing', async () => {
    // Excel will not open a CSV named .xlsx ("file format or extension is not valid").
    const dir = tempDir();
    const db = await salesDb();
    const r = await runMeld(['export', 'prospects', '--out', join(dir, 'p.xlsx')], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: --out p.xlsx: meld does not write Excel workbooks\n  hint: write CSV, which Excel opens: --out p.csv\n',
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes open follow-ups as an iCalendar file that ical.js parses, one event each', async () => {
    const db = await salesDb();
    await seed(db, [['followup', 'done', '1']]);
    const r = await runMeld(['export', 'followups', '--format', 'ics'], { db });
    expect(r.exitCode).toBe(0);
    const calendar = new ICAL.Component(ICAL.parse(r.stdout));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => [e.uid, e.startDate.toString(), e.summary])).toEqual([
      [
        'followup-2-20261127T100000Z@meld',
        '2026-12-10',
        'Follow up: Ana Souza (Acme) — send the proposal, then call; ask about Q1',
      ],
    ]);
    expect(events[0]!.description.split('\n').slice(0, 3)).toEqual([
      'send the proposal, then call; ask about Q1',
      'Prospect: Ana Souza (#1)',
      'Company: Acme',
    ]);
  });

  it('refuses an unknown kind or format as bad values (exit 1), and ICS for anything but follow-ups as a usage error', async () => {
    const kind = await runMeld(['export', 'prospect']);
    expect(kind.exitCode).toBe(1);
    expect(kind.stderr.split('\n')[0]).toBe('error: unknown export "prospect"');
    expect(kind.stderr).toContain('did you mean prospects?');
    const format = await runMeld(['export', 'prospects', '--format', 'xlsx']);
    expect(format.exitCode).toBe(1);
    expect(format.stderr.split('\n')[0]).toBe('error: unknown format "xlsx"');
    const ics = await runMeld(['export', 'prospects', '--format', 'ics']);
    expect(ics.exitCode).toBe(2);
    expect(ics.stderr.split('\n')[0]).toBe('error: --format ics is for followups, not prospects');
  });

  it('refuses an --out whose folder does not exist or is a file, in one line, creating nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain'), 'x');
    const cases: Array<[string, string]> = [
      [
        join(dir, 'missing', 'deeper', 'x.csv'),
        `error: cannot write "${join(dir, 'missing', 'deeper', 'x.csv')}": no such file or folder ("${join(dir, 'missing', 'deeper')}")\n  hint: create the folder first: meld does not create folders for an export\n`,
      ],
      [
        join(dir, 'plain', 'x.csv'),
        `error: cannot write "${join(dir, 'plain', 'x.csv')}": part of the path is a file, not a folder ("${join(dir, 'plain')}")\n`,
      ],
      ['/proc/x.csv', 'error: cannot write "/proc/x.csv": no such file or folder\n'],
    ];
    for (const [out, message] of cases) {
      const r = await runMeld(['export', 'prospects', '--out', out]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe(message);
    }
    expect(readdirSync(dir)).toEqual(['plain']);
  });

  it('names one record in the singular, and a file name with control characters harmlessly', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana', '--follow-up', '2026-12-03']]);
    const dir = tempDir();
    const ics = await runMeld(['export', 'followups', '--out', join(dir, 'f.ics')], { db });
    expect(ics.stderr).toBe(`✓ Exported 1 open follow-up to ${join(dir, 'f.ics')} (ics)\n`);
    const odd = await runMeld(['export', 'prospects', '--out', join(dir, 'a\u001b[2Jb.csv')], { db });
    expect(odd.stderr).toBe(`✓ Exported 1 prospect to ${join(dir, 'ab.csv')} (csv)\n`);
  });

  it('calls an empty --out a usage error', async () => {
    const r = await runMeld(['export', 'prospects', '--out', '']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: --out is empty');
  });

  it('on a terminal shows control characters as symbols and says so; to a pipe the data stays exact', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Evil\u001b[31mRed', '--company', 'Co\rX', '--email', 'evil@x.io']]);
    const piped = await runMeld(['export', 'prospects'], { db });
    expect(piped.stdout).toContain('Evil\u001b[31mRed,evil@x.io,"Co\rX"');
    for (const format of ['csv', 'json']) {
      const shown = await runMeld(['export', 'prospects', '--format', format], { db, interactive: true });
      expect(shown.exitCode).toBe(0);
      expect(shown.stdout).not.toMatch(/[\u001b\r]/);
      expect(shown.stdout).toContain(format === 'csv' ? 'Evil␛[31mRed,evil@x.io,"Co␍X"' : '"company": "Co\\rX"');
    }
    const csv = await runMeld(['export', 'prospects'], { db, interactive: true });
    expect(csv.stderr).toBe(
      'warning: 2 control characters shown as symbols (␛, ␍…) on the terminal; for the exact data use --out <file> or a pipe\n',
    );
  });

  it('exports just the header from an empty or missing data file', async () => {
    const r = await runMeld(['export', 'activities']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('id,prospect_id,prospect_name,prospect_email,type,at,text\n');
    expect(r.db).toBeUndefined();
  });
});
