import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';
import { serializeDb } from '../../src/store/serialize.js';
import { displayWidth } from '../../src/ui/sanitize.js';
import { REPORT_NOW, reportDb } from '../fixtures/report-db.js';

function fixtureFile(): string {
  const path = tempDbPath();
  writeFileSync(path, serializeDb(reportDb()));
  return path;
}

const run = (args: string[], db: string, extra: { columns?: number } = {}) =>
  runMeld(args, { db, now: REPORT_NOW, ...extra });

const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth));

describe('meld campaign list', () => {
  it('prints one line per campaign with its cost and prospect count', async () => {
    const r = await run(['campaign', 'list'], fixtureFile());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'ID      Name            Channel  Status    Cost  Pros  Start       End',
        'spring  Spring Webinar  event    active  $1,600     7  2026-11-01  —',
        'quiet   Quiet Ads       ads      active      $0     0  2026-11-10  —',
        '',
      ].join('\n'),
    );
  });

  it('filters by status and channel, and prints JSON with money in major units', async () => {
    const db = fixtureFile();
    const ads = await run(['campaign', 'list', '--channel', 'ads', '--json'], db);
    expect(JSON.parse(ads.stdout).map((c: { id: string }) => c.id)).toEqual(['quiet']);
    const all = JSON.parse((await run(['campaign', 'list', '--json'], db)).stdout);
    expect(all[0]).toMatchObject({
      id: 'spring',
      cost: 1600,
      prospects: 7,
      adjustments: [{ changes: { cost: { from: 1000, to: 1600 } }, note: 'more budget' }],
    });
    const paused = await run(['campaign', 'list', '--status', 'paused'], db);
    expect(paused.stdout).toBe('');
    expect(paused.stderr).toBe('no campaigns match\n');
  });

  it('keeps the campaign id whole and drops the name column when 80 columns are not enough', async () => {
    const db = tempDbPath();
    await seed(db, [
      [
        'campaign',
        'add',
        'Partner Referrals Programme Autumn',
        '--channel',
        'referral',
        '--cost',
        '300',
        '--end',
        '2026-12-27',
      ],
    ]);
    const r = await runMeld(['campaign', 'list'], { db });
    expect(r.stdout).toContain('partner-referrals-programme-autumn');
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });
});

describe('meld campaign adjust', () => {
  it('records the change with its note and echoes exactly what changed', async () => {
    const db = fixtureFile();
    const r = await run(
      ['campaign', 'adjust', 'Spring Webinar', '--cost', '2000', '--status', 'paused', '--note', 'fewer sign-ups'],
      db,
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Adjusted Spring Webinar (spring): cost $1,600 → $2,000, status active → paused (note: fewer sign-ups)\n',
    );
    const spring = r.db!.campaigns.find((c) => c.id === 'spring')!;
    // The difference is spent on the adjustment's day; the pause starts the next day (that day ran).
    expect(spring.spend.at(-1)).toMatchObject({ day: '2026-11-21', cents: 40_000 });
    expect(spring.pauses).toEqual([{ from: '2026-11-22', to: null }]);
    expect(spring.adjustments.at(-1)).toEqual({
      at: REPORT_NOW.toISOString(),
      changes: { cost: { from: 160_000, to: 200_000 }, status: { from: 'active', to: 'paused' } },
      note: 'fewer sign-ups',
    });
  });

  it('clears an end date with "none" and records a note on its own', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Fair', '--end', '2026-12-10']]);
    const cleared = await runMeld(['campaign', 'adjust', 'fair', '--end', 'none'], { db });
    expect(cleared.stderr).toBe('✓ Adjusted Fair (fair): end 2026-12-10 → none\n');
    const noted = await runMeld(['campaign', 'adjust', 'fair', '--note', 'booth moved'], { db });
    expect(noted.stderr).toBe('✓ Noted on Fair (fair) (note: booth moved)\n');
    expect(noted.db!.campaigns[0]!.adjustments).toHaveLength(2);
  });

  it('refuses an adjustment that changes nothing and leaves the file untouched', async () => {
    const db = fixtureFile();
    const before = readFileSync(db);
    const same = await run(['campaign', 'adjust', 'spring', '--cost', '1600'], db);
    expect(same.exitCode).toBe(2);
    expect(same.stderr.split('\n')[0]).toBe('error: nothing to adjust: every value is already set that way');
    const none = await run(['campaign', 'adjust', 'spring'], db);
    expect(none.exitCode).toBe(2);
    const bad = await run(['campaign', 'adjust', 'spring', '--status', 'stopped'], db);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('error: unknown status "stopped"');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('meld campaign report', () => {
  it('prints the overview table with the hand-counted numbers', async () => {
    const r = await run(['campaign', 'report', '--brief'], fixtureFile());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'Campaign        Pros  Won  Conv    Cost  $/pros  $/win   Won $    ROI  Late',
        'Spring Webinar     7    2   29%  $1,600    $229   $800  $7,000  +338%     1',
        'Quiet Ads          0    0     —      $0       —      —      $0      —     0',
        '(no campaign)      1    0    0%       —       —      —      $0      —     1',
        'Pros prospects · Conv won ÷ deals · $/pros, $/win cost per prospect, per win',
        'Late overdue follow-ups',
        '',
      ].join('\n'),
    );
  });

  it("prints issue 2's JSON row shape plus the deeper fields, money in major units and null for zero divisors", async () => {
    const r = await run(['campaign', 'report', '--json'], fixtureFile());
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0])).toEqual([
      'campaign',
      'prospects',
      'stages',
      'conversionRate',
      'cost',
      'budget',
      'planned',
      'rate',
      'status',
      'verdict',
      'pValue',
      'influenced',
      'referrals',
      'costPerProspect',
      'costPerWin',
      'wonValue',
      'pipelineValue',
      'roi',
      'overdueFollowUps',
      'funnel',
      'funnelRates',
      'periods',
      'lostReasons',
      'topics',
      'customers',
      'medianDaysToFirstTouch',
      'medianDaysToWin',
      'weekly',
      'forecast',
    ]);
    expect(rows[0]).toMatchObject({
      campaign: { id: 'spring', name: 'Spring Webinar' },
      prospects: 7,
      stages: { new: 1, contacted: 0, qualified: 0, proposal: 1, won: 2, lost: 3 },
      conversionRate: 0.2857,
      cost: 1600,
      budget: null,
      planned: 0,
      rate: null,
      status: 'active',
      verdict: 'no clear change',
      pValue: 0.4568,
      influenced: { prospects: 0, won: 0, wonValue: 0 },
      referrals: { prospects: 0, won: 0, wonValue: 0 },
      costPerProspect: 228.57,
      costPerWin: 800,
      wonValue: 7000,
      pipelineValue: 3000,
      roi: 3.375,
      overdueFollowUps: 1,
      funnel: { new: 7, contacted: 4, qualified: 4, proposal: 3, won: 2 },
      lostReasons: [
        { reason: 'Price', count: 2 },
        { reason: 'Timing', count: 1 },
      ],
      medianDaysToFirstTouch: 1,
      medianDaysToWin: 7.5,
    });
    expect(rows[0].periods).toEqual([
      {
        from: '2026-11-01',
        to: '2026-11-10',
        days: 10,
        prospects: 2,
        perWeek: 1.4,
        outside: 0,
        cost: 1000, // the $1,000 dated on the start day
        costPerProspect: 500,
        qualified: 2,
        won: 1,
        // Ana lost, Ben won $4,000: $4,000 / 2 prospects.
        expectedValue: 4000,
        expectedPerProspect: 2000,
        adjustment: null,
        verdict: null,
        pValue: null,
        compare: null,
      },
      {
        // The change takes effect on its day: Nov 11 (Cid, added at 09:00, counts after it) to
        // today, Nov 21.
        from: '2026-11-11',
        to: '2026-11-21',
        days: 11,
        prospects: 5,
        perWeek: 3.2, // 35 / 11 = 3.18
        outside: 0,
        cost: 600, // the raise, dated on the adjustment's day
        costPerProspect: 120,
        qualified: 2,
        won: 1,
        // Eve won $3,000; open: Cid $2,000 × 60% (proposal) + Fay $1,000 × 10% (new), set
        // rates (fewer than 10 closed deals behind every stage): $4,300 / 5 prospects.
        expectedValue: 4300,
        expectedPerProspect: 860,
        adjustment: {
          at: '2026-11-11T12:00:00.000Z',
          changes: { cost: { from: 1000, to: 1600 } },
          note: 'more budget',
        },
        // Like with like: the 11 days since against as many before, of which only 10 ran (Ana,
        // Ben): 5 of 7 against odds of 11/21.
        verdict: 'no clear change',
        pValue: 0.4568,
        compare: {
          before: { from: '2026-11-01', to: '2026-11-10', days: 10, prospects: 2, perWeek: 1.4 },
          after: { from: '2026-11-11', to: '2026-11-21', days: 11, prospects: 5, perWeek: 3.2 },
          costPerProspectBefore: 500,
          costPerProspectAfter: 120,
        },
      },
    ]);
    expect(rows[1]).toMatchObject({
      campaign: { id: 'quiet' },
      conversionRate: null,
      costPerProspect: null,
      costPerWin: null,
      roi: null,
    });
    expect(rows[2]).toMatchObject({ campaign: null, prospects: 1, cost: 0, periods: [] });
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('draws the funnel and the weekly sparkline in ASCII with --ascii, fitting 80 and 60 columns', async () => {
    const db = fixtureFile();
    const r = await run(['campaign', 'report', 'spring', '--ascii'], db);
    expect(r.stdout).toContain('    won       2  ###########                               67%');
    expect(r.stdout).toContain('  Weekly   ::#+  new per week, 2026-10-26 -> now, max 3');
    expect(r.stdout).not.toMatch(/[█▏▎▍▌▋▊▉▁▂▃▄▅▆▇]/);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    const narrow = await run(['campaign', 'report'], db, { columns: 60 });
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
    const unicode = await run(['campaign', 'report', 'spring'], db);
    expect(unicode.stdout).toContain('    won       2  ███████████▍                              67%');
    // Each period judged by expected value per prospect next to its pace (see the JSON test for
    // the sums): the second brings more people, each worth less so far. At 80 columns the
    // expected value takes the place of Qual.
    expect(unicode.stdout).toContain(
      [
        '  Periods  split at each adjustment; Won: reached so far',
        '    #  From        To          Days  Pros  /week  EV/pros    Cost  $/pros  Won',
        '    1  2026-11-01  2026-11-10    10     2    1.4   $2,000  $1,000    $500    1',
        '    2  2026-11-11  2026-11-21    11     5    3.2     $860    $600    $120    1',
        '    EV/pros: won + expected value of open deals, per prospect',
      ].join('\n'),
    );
    const wide = await run(['campaign', 'report', 'spring'], db, { columns: 100 });
    expect(wide.stdout).toContain(
      [
        '  Periods  split at each adjustment; Qual, Won: reached so far',
        '    #  From        To          Days  Pros  /week  EV/pros    Cost  $/pros  Qual  Won',
        '    1  2026-11-01  2026-11-10    10     2    1.4   $2,000  $1,000    $500     2    1',
      ].join('\n'),
    );
    expect(unicode.stdout).toContain(
      [
        "    after 'more budget' (Nov 11): 5 prospects in 11 days",
        '    vs 2 in the 10 days before: no clear change (p = 0.457);',
        '    cost per prospect $500 before, $120 after',
      ].join('\n'),
    );
  });

  it('keeps prospects added within --since/--until and refuses a window that ends before it starts', async () => {
    const db = fixtureFile();
    const r = await run(
      ['campaign', 'report', 'spring', '--since', '2026-11-11', '--until', '2026-11-20', '--json'],
      db,
    );
    // The $600 raise is dated 11-11; the $1,000 was spent on 11-01, before the window.
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ prospects: 5, cost: 600, costPerProspect: 120 });
    const backwards = await run(['campaign', 'report', '--since', '2026-11-20', '--until', '2026-11-01'], db);
    expect(backwards.exitCode).toBe(1);
    expect(backwards.stderr.split('\n')[0]).toBe('error: --until 2026-11-01 is before --since 2026-11-20');
  });

  it('prints the same report per month side by side, and as JSON per period', async () => {
    const db = fixtureFile();
    const text = await run(['campaign', 'report', 'spring', '--period', 'month', '--since', '2026-10-01'], db);
    expect(text.stdout).toBe(
      [
        'Spring Webinar (spring)',
        '               Oct 2026  Nov 2026',
        'Prospects             0         7',
        'Qualified             0         4',
        'Won                   0         2',
        'Conversion            —       29%',
        'Cost                 $0    $1,600',
        'Cost/prospect         —      $229',
        'Won value            $0    $7,000',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(
      (await run(['campaign', 'report', '--period', 'week', '--since', '2026-11-16', '--json'], db)).stdout,
    );
    expect(json.map((p: { from: string; to: string; label: string }) => [p.from, p.to, p.label])).toEqual([
      ['2026-11-16', '2026-11-21', 'Nov 16'],
    ]);
    expect(json[0].rows.map((row: { prospects: number }) => row.prospects)).toEqual([2, 0, 0]);
  });

  it('reads a bare month-day in --since/--until as the last such day and echoes the window on stderr', async () => {
    const db = fixtureFile();
    const r = await run(['campaign', 'report', 'spring', '--since', 'nov 11', '--json'], db);
    expect(r.stderr).toBe('report window: 2026-11-11 → 2026-11-21 (today)\n');
    expect(JSON.parse(r.stdout)[0]).toMatchObject({ prospects: 5, cost: 600 });
    const until = await run(['campaign', 'report', 'spring', '--until', 'nov 10', '--brief'], db);
    expect(until.stderr).toBe('report window: the start → 2026-11-10\n');
    expect(until.stdout).toContain('Spring Webinar     2');
    const months = await run(['campaign', 'report', 'spring', '--period', 'month', '--since', 'oct 1'], db);
    expect(months.stdout.split('\n')[1]).toBe('               Oct 2026  Nov 2026');
  });

  it('honours --brief with --period: one line per campaign, its prospects per period', async () => {
    const r = await run(['campaign', 'report', '--period', 'month', '--since', '2026-10-01', '--brief'], fixtureFile());
    expect(r.stdout).toBe(
      [
        'Campaign        Oct 2026  Nov 2026',
        'Spring Webinar         0         7',
        '(no campaign)          0         1',
        'prospects added in each period',
        '',
      ].join('\n'),
    );
  });

  it('says there is no data rather than printing nothing for --period', async () => {
    const db = fixtureFile();
    const future = await run(['campaign', 'report', '--period', 'month', '--since', '2026-12-01'], db);
    expect([future.exitCode, future.stdout]).toEqual([0, '']);
    expect(future.stderr).toBe(
      'report window: 2026-12-01 → 2026-11-21 (today)\nno data: 2026-12-01 is after today (2026-11-21)\n',
    );
    const empty = await run(['campaign', 'report', 'quiet', '--period', 'week', '--since', '2026-11-16'], db);
    expect(empty.stderr.split('\n')[1]).toBe('no data: no prospects and no cost in these weeks');
  });

  it('says there is nothing to report on an empty file', async () => {
    const r = await runMeld(['campaign', 'report']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('nothing to report yet: no campaigns and no prospects');
  });
});

describe('report layout', () => {
  it('fits the weekly sparkline of a long campaign so that its caption is never cut', async () => {
    const path = tempDbPath();
    const db = reportDb();
    db.campaigns.find((c) => c.id === 'spring')!.start = '2025-06-02';
    writeFileSync(path, serializeDb(db));
    const r = await run(['campaign', 'report', 'spring'], path);
    const weekly = r.stdout.split('\n').find((l) => l.startsWith('  Weekly'))!;
    // 80 columns: 11 for the label, 2 spaces, 37 for the caption leave 30 weeks of the 77.
    expect(weekly).toMatch(/^ {2}Weekly {3}[▁▂▃▄▅▆▇█]{30} {2}new per week, 2026-04-27 → now, max 3$/);
    expect(displayWidth(weekly)).toBeLessThanOrEqual(80);
    const narrow = await run(['campaign', 'report', 'spring'], path, { columns: 40 });
    const lines = narrow.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  Weekly'));
    expect(displayWidth(lines[at]!)).toBe(40);
    expect(lines[at + 1]).toBe('  new per week, 2026-05-04 → now, max 3');
  });

  it('never prints a line wider than the terminal, from 40 to 120 columns', async () => {
    const db = fixtureFile();
    const commands = [
      ['campaign', 'list'],
      ['campaign', 'report'],
      ['campaign', 'show', 'spring'],
      ['campaign', 'report', '--period', 'week', '--since', '2026-09-01'],
    ];
    for (const columns of [40, 60, 80, 120]) {
      for (const args of commands) {
        const r = await run(args, db, { columns });
        expect({ args, columns, widest: widest(r.stdout) <= columns }).toEqual({ args, columns, widest: true });
      }
    }
  });
});

describe('meld campaign show', () => {
  it('shows the deep report, the adjustment history and the prospects', async () => {
    const r = await run(['campaign', 'show', 'spring'], fixtureFile());
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(
      '  History  2026-11-01 08:00 added\n           2026-11-11 12:00 cost $1,000 → $1,600 "more budget"\n',
    );
    expect(r.stdout).toContain('  Lost     Price (2) · Timing (1)\n');
    expect(r.stdout).toContain('3  Cid   —        proposal  $2,000  2026-11-11\n');
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it('prints the campaign, its report row and its prospects as JSON', async () => {
    const r = await run(['campaign', 'show', 'spring', '--json'], fixtureFile());
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['campaign', 'report', 'prospects']);
    expect(json.campaign).toMatchObject({ id: 'spring', cost: 1600, prospects: 7 });
    expect(json.report).toMatchObject({ prospects: 7, funnel: { won: 2 }, medianDaysToWin: 7.5 });
    expect(json.prospects.map((p: { id: number }) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('names the campaign it cannot find, with a suggestion', async () => {
    const r = await run(['campaign', 'show', 'sprng'], fixtureFile());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: no campaign "sprng"\n  hint: did you mean spring?\n');
  });
});

describe('currencies', () => {
  it('labels the overview in the configured currency, not in dollars', async () => {
    const db = fixtureFile();
    await run(['config', 'set', 'currency', 'GBP'], db);
    const r = await run(['campaign', 'report', '--brief'], db);
    expect(r.stdout.split('\n')[0]).toBe('Campaign        Pros  Won  Conv    Cost  £/pros  £/win   Won £    ROI  Late');
    expect(r.stdout).toContain('£/pros, £/win cost per prospect, per win');
    expect(r.stdout).not.toContain('$');
  });

  it('refuses decimals for a currency without a minor unit and writes nothing', async () => {
    const db = fixtureFile();
    await run(['config', 'set', 'currency', 'JPY'], db);
    const before = readFileSync(db);
    const value = await run(['add-prospect', 'Aiko Ono', '--value', '1000.75'], db);
    expect([value.exitCode, value.stderr.split('\n')[0]]).toEqual([
      1,
      'error: --value must be a whole amount in JPY, which has no minor unit: got 1000.75',
    ]);
    const cost = await run(['campaign', 'adjust', 'spring', '--cost', '2000.5'], db);
    expect(cost.exitCode).toBe(1);
    expect(readFileSync(db).equals(before)).toBe(true);
    const whole = await run(['add-prospect', 'Aiko Ono', '--value', '1000'], db);
    expect(whole.db!.deals.at(-1)!.valueCents).toBe(100_000);
  });
});

describe('campaign help', () => {
  it('gives an --end example that means what it says: a fixed day with a fixed start, relative days from today', async () => {
    const r = await runMeld(['campaign', 'add', '--help']);
    expect(r.stdout).toContain('--start 2026-01-05 --end 2026-02-15');
    expect(r.stdout).not.toMatch(/--start \S+ --end "in/);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('relative dates ("in 6 weeks") count from today, not from --start');
  });
});
