import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db, Deal } from '../../src/domain/types.js';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';
import { dealsDb, dealsFile } from '../helpers/deals.js';

/** A deal as it should come back: everything but its number and when the file last changed it. */
const content = (db: Db | undefined) =>
  (db?.deals ?? [])
    .map(({ id: _id, updatedAt: _u, ...d }: Deal) => ({
      ...d,
      person: db!.prospects.find((p) => p.id === d.prospectId)!.name,
    }))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));

async function exported(db: string, format: 'csv' | 'json', ...filters: string[]): Promise<string> {
  const file = join(tempDir(), `deals.${format}`);
  const r = await runMeld(['export', 'deals', '--out', file, ...filters], { db });
  expect(r.exitCode).toBe(0);
  return file;
}

describe("import of meld's deals export", () => {
  it('is recognised by its columns and adds nothing to the file it came from', async () => {
    const db = dealsFile();
    const file = await exported(db, 'csv');
    const before = readFileSync(db, 'utf8');
    const dry = await runMeld(['import', file, '--dry-run'], { db });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout.split('\n')).toEqual([
      'LINE  ACTION  ID  NAME       EMAIL        DETAIL',
      '   2  skip    #1  Ana Souza  ana@acme.io  #1 already has this deal (d1)',
      '   3  skip    #2  Bo Lee                  #2 already has this deal (d2)',
      '   4  skip    #1  Ana Souza  ana@acme.io  #1 already has this deal (d3)',
      '   5  skip    #3  Kim Park   kim@park.io  #3 already has this deal (d4)',
      '',
    ]);
    expect(dry.stderr).toBe(
      'dry run of deals.csv (meld deal export): would add 0, update 0, skip 4 as duplicates, reject 0; nothing was written\n',
    );
    const r = await runMeld(['import', file], { db });
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported deals.csv (meld deal export): 0 added, 0 updated, 4 skipped as duplicates, 0 rejected',
    );
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('brings back the close-by pushes from CSV too, as the agenda counts them', async () => {
    const source = dealsFile();
    await seed(source, [
      ['deal', 'edit', 'd3', '--close-by', '2027-01-10'],
      ['deal', 'edit', 'd3', '--close-by', '2027-02-01'],
    ]);
    const pushes = JSON.parse(readFileSync(source, 'utf8')).deals.find((d: Deal) => d.id === 3).closeByChanges;
    expect(pushes.map((c: { from: string; to: string }) => `${c.from}>${c.to}`)).toEqual([
      '2026-12-15>2027-01-10',
      '2027-01-10>2027-02-01',
    ]);
    const dir = tempDir();
    const prospects = join(dir, 'prospects.csv');
    await runMeld(['export', 'prospects', '--out', prospects], { db: source });
    const deals = await exported(source, 'csv');
    const copy = tempDbPath();
    expect((await runMeld(['import', prospects], { db: copy })).exitCode).toBe(0);
    const r = await runMeld(['import', deals], { db: copy });
    expect(r.exitCode).toBe(0);
    const back = r.db?.deals.find((d) => d.title === 'Renewal 2027');
    expect([back?.closeBy, back?.closeByChanges]).toEqual(['2027-02-01', pushes]);
  });

  it('is recognised as a workbook too: the CSV opened in Excel and saved as .xlsx', async () => {
    const db = dealsFile();
    const rows: string[][] = parse(readFileSync(await exported(db, 'csv'), 'utf8'));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('deals');
    for (const row of rows) sheet.addRow(row);
    const xlsx = join(tempDir(), 'deals.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const dry = await runMeld(['import', xlsx, '--dry-run'], { db });
    expect([dry.exitCode, dry.stderr]).toEqual([
      0,
      'dry run of deals.xlsx (meld deal export): would add 0, update 0, skip 4 as duplicates, reject 0; nothing was written\n',
    ]);
  });

  for (const format of ['csv', 'json'] as const)
    it(`puts every deal back on its person in another file, after the prospects (${format}), once`, async () => {
      const source = dealsFile();
      const dir = tempDir();
      const prospects = join(dir, `prospects.${format}`);
      await runMeld(['export', 'prospects', '--out', prospects], { db: source });
      const deals = await exported(source, format);
      const copy = tempDbPath();
      expect((await runMeld(['import', prospects], { db: copy })).exitCode).toBe(0);
      // The prospects import opened one deal per person from where they stood (Ana: her open
      // renewal's history, under her company's name): the deals import completes it rather than
      // adding it twice, and adds her won deal beside it.
      const dry = await runMeld(['import', deals, '--dry-run'], { db: copy, columns: 120 });
      expect(dry.stdout.split('\n').slice(1, 5)).toEqual([
        `   ${format === 'csv' ? 2 : 1}  add     #1  Ana Souza  ana@acme.io`,
        `   ${format === 'csv' ? 3 : 2}  skip    #2  Bo Lee                  #2 already has this deal (d2)`,
        `   ${format === 'csv' ? 4 : 3}  update  #1  Ana Souza  ana@acme.io  d1: title, campaign, probability, close-by, created from the file`,
        `   ${format === 'csv' ? 5 : 4}  update  #3  Kim Park   kim@park.io  d3: title from the file`,
      ]);
      const r = await runMeld(['import', deals], { db: copy });
      expect(r.exitCode).toBe(0);
      expect(r.stderr.split('\n')[0]).toBe(
        `✓ Imported deals.${format} (meld deal export): 1 added, 2 updated, 1 skipped as duplicates, 0 rejected`,
      );
      expect(content(r.db)).toEqual(content(dealsDb()));
      const again = await runMeld(['import', deals], { db: copy });
      expect(again.stderr.split('\n').slice(0, 2)).toEqual([
        `✓ Imported deals.${format} (meld deal export): 0 added, 0 updated, 4 skipped as duplicates, 0 rejected`,
        '  nothing new: the data file was not changed',
      ]);
      expect(again.db).toEqual(r.db);
    });

  it('is one step for undo', async () => {
    const source = dealsFile();
    const deals = await exported(source, 'csv', '--lost');
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Bo Lee', '--company', 'Globex']]);
    const before = (JSON.parse(readFileSync(db, 'utf8')) as Db).deals;
    const r = await runMeld(['import', deals], { db });
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported deals.csv (meld deal export): 1 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(r.db!.deals.map((d) => [d.id, d.title, d.stage, d.lostReason])).toEqual([
      [1, 'Globex', 'new', null],
      [2, 'Globex', 'lost', 'too expensive; maybe next year'],
    ]);
    // A campaign the file credits and this file lacks is made, as a prospects import makes it.
    expect(r.db!.campaigns.map((c) => [c.id, c.name, c.start])).toEqual([['cold-email', 'Cold Email', '2026-02-01']]);
    const undo = await runMeld(['undo'], { db });
    expect(undo.exitCode).toBe(0);
    expect(undo.db!.deals).toEqual(before);
    expect(undo.db!.campaigns).toEqual([]);
  });

  it('reports the rows whose person is not on file, and fails when no row has one', async () => {
    const deals = await exported(dealsFile(), 'csv');
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--email', 'ANA@acme.io']]);
    const r = await runMeld(['import', deals], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')).toEqual([
      '✓ Imported deals.csv (meld deal export): 2 added, 0 updated, 0 skipped as duplicates, 2 rejected',
      '✓ Created campaign Spring Webinar (spring-webinar)',
      '✓ Created campaign Cold Email (cold-email)',
      'warning: line 3: no prospect named "Bo Lee" (Bo Lee)',
      'warning: line 5: no prospect with email kim@park.io or named "Kim Park" (Kim Park)',
      '  batch import-2026-11-27T10:00:00Z: `meld undo` removes this import as a whole',
      '',
    ]);
    const empty = tempDbPath();
    await seed(empty, [['add-prospect', 'Someone Else']]);
    const before = readFileSync(empty, 'utf8');
    const none = await runMeld(['import', deals], { db: empty });
    expect(none.exitCode).toBe(1);
    expect(none.stderr.split('\n').at(-3)).toBe(
      'error: nothing imported from deals.csv (meld deal export): all 4 rows were rejected',
    );
    expect(readFileSync(empty, 'utf8')).toBe(before);
  });

  it('finds a person without an email by the prospect id and name, not by a namesake', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io'],
      ['add-prospect', 'Bo Lee', '--company', 'Initech', '--email', 'bo@initech.io'],
      ['add-prospect', 'Bo Lee', '--company', 'Globex'],
    ]);
    const file = join(tempDir(), 'deals.csv');
    writeFileSync(
      file,
      [
        'id,prospect_id,prospect_name,prospect_email,title,value,stage,created_at',
        'd9,3,Bo Lee,,Globex renewal,500,qualified,2026-06-01T10:00:00Z',
        'd10,7,Bo Lee,,Somewhere,100,new,2026-06-01T10:00:00Z',
        'd11,2,Bo Lee,bo@elsewhere.io,Other,100,new,2026-06-01T10:00:00Z',
        'd12,1,Ana Souza,ana@home.io,Other,100,new,2026-06-01T10:00:00Z',
        '',
      ].join('\n'),
    );
    const r = await runMeld(['import', file, '--json'], { db });
    const rows = (JSON.parse(r.stdout) as { rows: Array<{ line: number; action: string; id: number; detail: string }> })
      .rows;
    expect(rows.map((x) => [x.line, x.action, x.id, x.detail])).toEqual([
      [2, 'add', 3, null],
      [3, 'reject', null, '2 prospects are named "Bo Lee" and the row has no email on file'],
      // #2 has another email: not the same Bo Lee, and the name alone cannot tell.
      [4, 'reject', null, 'no prospect with email bo@elsewhere.io, and 2 prospects are named "Bo Lee"'],
      [5, 'reject', null, 'no prospect with email ana@home.io (#1 Ana Souza has another)'],
    ]);
    expect(r.db!.deals.at(-1)).toMatchObject({
      prospectId: 3,
      title: 'Globex renewal',
      valueCents: 50_000,
      stage: 'qualified',
      history: [
        { stage: 'new', at: '2026-06-01T10:00:00.000Z' },
        { stage: 'qualified', at: '2026-06-01T10:00:00.000Z' },
      ],
    });
  });

  it('reads a hand-edited sheet: day-only history, a stage changed after export; bad cells reject their row', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--email', 'ana@acme.io']]);
    const file = join(tempDir(), 'deals.csv');
    writeFileSync(
      file,
      [
        'id,prospect_id,prospect_name,prospect_email,title,value,stage,lost_reason,probability,close_by,created_at,history',
        ',,Ana Souza,ana@acme.io,Workshop,"1,200.50",won,,,,,new 2026-01-02; proposal 2026-02-03',
        ',,Ana Souza,ana@acme.io,Bad value,-5,new,,,,,',
        ',,Ana Souza,ana@acme.io,Bad stage,10,closed,,,,,',
        ',,Ana Souza,ana@acme.io,Bad chance,10,new,,120,,,',
        ',,Ana Souza,ana@acme.io,Bad day,10,new,,,someday,,',
        ',,Ana Souza,ana@acme.io,Bad history,10,lost,,,,2026-04-01T10:00:00Z,whenever',
        '',
      ].join('\n'),
    );
    const r = await runMeld(['import', file, '--json'], { db });
    const out = JSON.parse(r.stdout) as {
      rows: Array<{ line: number; action: string; detail: string | null; warnings: unknown[] }>;
    };
    expect(out.rows.map((x) => [x.line, x.action, x.detail, x.warnings])).toEqual([
      [2, 'add', null, []],
      [3, 'reject', 'invalid value "-5"', []],
      [4, 'reject', 'unknown stage "closed"', []],
      [5, 'reject', 'invalid probability "120" (a percent from 0 to 100)', []],
      [6, 'reject', 'invalid close-by date "someday"', []],
      [7, 'add', null, [{ column: 'history', message: 'not a stage history: "whenever", the deal starts afresh' }]],
    ]);
    const [, workshop, lost] = r.db!.deals;
    expect(workshop).toMatchObject({
      title: 'Workshop',
      valueCents: 120_050,
      stage: 'won',
      createdAt: '2026-01-02T00:00:00.000Z',
      // Won in the sheet after the export: the move is recorded now.
      history: [
        { stage: 'new', at: '2026-01-02T00:00:00.000Z' },
        { stage: 'proposal', at: '2026-02-03T00:00:00.000Z' },
        { stage: 'won', at: '2026-11-27T10:00:00.000Z' },
      ],
    });
    expect(lost).toMatchObject({
      stage: 'lost',
      lostReason: 'not given (imported)',
      history: [
        { stage: 'new', at: '2026-04-01T10:00:00.000Z' },
        { stage: 'lost', at: '2026-04-01T10:00:00.000Z', reason: 'not given (imported)' },
      ],
    });
  });

  it('gives back titles that start like a formula or with quotes exactly, through CSV and JSON', async () => {
    const titles = ["'=x", "''quoted", '-10% discount', '@risk review', '=SUM(A1)'];
    const source = tempDbPath();
    await seed(source, [['add-prospect', 'Ana Souza', '--email', 'ana@acme.io']]);
    const db = JSON.parse(readFileSync(source, 'utf8')) as Db;
    db.deals[0]!.title = titles[0]!;
    for (const [i, title] of titles.slice(1).entries()) {
      const at = `2026-11-0${i + 1}T10:00:00.000Z`;
      db.deals.push({ ...db.deals[0]!, id: i + 2, title, createdAt: at, history: [{ stage: 'new', at }] });
    }
    db.lastIds.deal = titles.length;
    writeFileSync(source, JSON.stringify(db));
    for (const format of ['csv', 'json'] as const) {
      const file = await exported(source, format);
      const copy = tempDbPath();
      const ana = ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io'];
      await runMeld(ana, { db: copy, now: '2026-11-26T10:00:00Z' });
      const r = await runMeld(['import', file], { db: copy });
      expect(r.exitCode).toBe(0);
      expect(r.db!.deals.slice(1).map((d) => d.title)).toEqual(titles);
    }
  });

  it('tells apart hand-typed rows with no history and no date by their titles', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--email', 'ana@acme.io']]);
    const file = join(tempDir(), 'deals.csv');
    writeFileSync(
      file,
      'prospect_id,prospect_name,prospect_email,title,stage\n,Ana Souza,ana@acme.io,Workshop,new\n,Ana Souza,ana@acme.io,Audit,new\n',
    );
    const r = await runMeld(['import', file], { db });
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported deals.csv (meld deal export): 2 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(r.db!.deals.map((d) => d.title)).toEqual(['Ana Souza', 'Workshop', 'Audit']);
  });
});
