import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXED_CLOCK, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

// Run `npm run build` first: this spawns the built bin/meld.js against a temp data file. The
// clock is fixed (MELD_TEST_NOW): with the real one a run that crossed midnight counted a day
// between a prospect's arrival and its win.

describe('a scripted session, end to end', () => {
  const db = join(tempDir(), 'meld.json');
  const step = (...args: string[]) => {
    const r = meld(args, { db, env: FIXED_CLOCK });
    if (r.status !== 0) throw new Error(`meld ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
    return r;
  };

  beforeAll(() => {
    if (!existsSync(BIN)) throw new Error('run `npm run build` first');
    step('campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200', '--goal', '10');
    step('campaign', 'add', 'Cold Email', '--channel', 'email', '--cost', '300');
    step(
      'add-prospect',
      'Ana Souza',
      '--email',
      'ana@acme.io',
      '--campaign',
      'spring-webinar',
      '--value',
      '4000',
      '--follow-up',
      'tomorrow',
    );
    step('add-prospect', 'Ben Ito', '--campaign', 'Spring Webinar', '--value', '2500', '--follow-up', 'tomorrow');
    step('add-prospect', 'Cid Moreau', '--campaign', 'spring-webinar', '--follow-up', 'in 3 days');
    // The adjustment opens a second period on its day: all four, added that day, belong there.
    step('campaign', 'adjust', 'spring-webinar', '--cost', '1500', '--note', 'second mailing');
    step('add-prospect', 'Dee Park', '--campaign', 'spring-webinar', '--value', '1000', '--follow-up', 'tomorrow');
    step('add-prospect', 'Eve Lind', '--campaign', 'cold-email', '--value', '800');
    step('add-prospect', 'Fay Ora');
    for (const stage of ['contacted', 'qualified', 'proposal', 'won']) step('prospect', 'stage', 'Ana', stage);
    step('prospect', 'stage', 'Ben', 'contacted');
    step('prospect', 'stage', 'Ben', 'qualified');
    step('prospect', 'stage', 'Ben', 'lost', '--reason', 'Price');
    step('prospect', 'stage', 'Cid', 'lost', '--reason', ' price ');
    step('prospect', 'stage', 'Dee', 'proposal'); // skips contacted and qualified
    step('log', 'Eve', 'intro call', '--type', 'call');
  });

  it('reports numbers that match a hand count', () => {
    const rows = JSON.parse(step('campaign', 'report', '--json').stdout);
    expect(rows.map((r: { campaign: { id: string } | null }) => r.campaign?.id ?? null)).toEqual([
      'cold-email',
      'spring-webinar',
      null,
    ]); // same start day: by id
    const spring = rows.find((r: { campaign: { id: string } | null }) => r.campaign?.id === 'spring-webinar');
    expect(spring).toMatchObject({
      prospects: 4,
      stages: { new: 0, contacted: 0, qualified: 0, proposal: 1, won: 1, lost: 2 },
      conversionRate: 0.25,
      cost: 1500,
      costPerProspect: 375,
      costPerWin: 1500,
      wonValue: 4000,
      pipelineValue: 1000,
      roi: 1.6667,
      overdueFollowUps: 0,
      funnel: { new: 4, contacted: 3, qualified: 3, proposal: 2, won: 1 },
      funnelRates: { contacted: 0.75, qualified: 1, proposal: 0.6667, won: 0.5 },
      lostReasons: [{ reason: 'Price', count: 2 }],
      medianDaysToFirstTouch: null,
      medianDaysToWin: 0,
    });
    expect(
      spring.periods.map((p: { prospects: number; qualified: number; won: number }) => [
        p.prospects,
        p.qualified,
        p.won,
      ]),
    ).toEqual([
      [0, 0, 0],
      [4, 3, 1],
    ]);
    expect(spring.periods[1].adjustment).toMatchObject({
      changes: { cost: { from: 1200, to: 1500 } },
      note: 'second mailing',
    });
    // The starting cost and the raise are both spread up to now: the periods add up to the cost.
    expect(spring.periods.reduce((sum: number, p: { cost: number }) => sum + p.cost, 0)).toBeCloseTo(1500, 2);
    const cold = rows.find((r: { campaign: { id: string } | null }) => r.campaign?.id === 'cold-email');
    expect(cold).toMatchObject({ prospects: 1, cost: 300, costPerWin: null, roi: -1, medianDaysToFirstTouch: 0 });
    expect(rows.at(-1)).toMatchObject({ campaign: null, prospects: 1, stages: { new: 1 } });
  });

  it('prints plain text when piped: no colour, 80 columns, ASCII charts outside a UTF-8 locale', () => {
    const utf8 = step('campaign', 'report', 'spring-webinar');
    expect(utf8.stdout).not.toContain('\u001b[');
    expect(utf8.stdout).toMatch(/ {4}won {7}1 {2}█+/);
    expect(Math.max(...utf8.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
    const ascii = meld(['campaign', 'report', 'spring-webinar'], {
      db,
      env: { ...FIXED_CLOCK, LANG: 'C', LC_ALL: undefined, LC_CTYPE: undefined },
    });
    expect(ascii.stdout).toMatch(/ {4}new {7}4 {2}#{40}/);
    expect(ascii.stdout).not.toMatch(/[█▁▂▃▄▅▆▇]/);
  });

  it('lists the campaigns and shows one with its history', () => {
    expect(step('campaign', 'list').stdout).toContain('spring-webinar  Spring Webinar  event    active  $1,500     4');
    const show = step('campaign', 'show', 'Spring Webinar').stdout;
    expect(show).toMatch(/cost \$1,200 → \$1,500 "second mailing"/);
    expect(show).toMatch(/Ana Souza +— +won +\$4,000/);
  });
});

describe('cut text outside a UTF-8 locale', () => {
  it('marks it with "..." rather than "…" in campaign tables and reports', () => {
    const db = join(tempDir(), 'meld.json');
    const env = { LANG: 'C', LC_ALL: 'C', LC_CTYPE: undefined };
    const add = meld(
      [
        'campaign',
        'add',
        'Partner referrals programme for the autumn season',
        '--cost',
        '300',
        '--start',
        '2026-11-01',
      ],
      { db, env },
    );
    expect(add.status).toBe(0);
    for (const args of [
      ['campaign', 'report', '--brief'],
      ['campaign', 'report'],
      ['campaign', 'list'],
      ['campaign', 'show', 'partner-referrals-programme-for-the-autumn-season'],
    ]) {
      const r = meld(args, { db, env });
      expect({ args, cut: r.stdout.includes('...'), ellipsis: r.stdout.includes('…') }).toEqual({
        args,
        cut: true,
        ellipsis: false,
      });
    }
  });
});
