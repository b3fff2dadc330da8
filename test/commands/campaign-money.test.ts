import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath } from '../helpers/harness.js';

/** Runs meld on `db` as if it were `now`, failing loudly when it does not succeed. */
async function at(db: string, now: string, args: string[]) {
  const r = await runMeld(args, { db, now });
  if (r.exitCode !== 0) throw new Error(`meld ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

describe('issue 9: a raise made minutes ago', () => {
  it('keeps the raise out of the first period and shows no pace for the new one', async () => {
    // Campaign from 2026-11-20 to 12-22 costing $900; a prospect; adjust --cost 1200; another prospect.
    const db = tempDbPath();
    const now = '2026-11-27T10:00:00.000Z';
    await at(db, now, ['campaign', 'add', 'Fair', '--cost', '900', '--start', '2026-11-20', '--end', '2026-12-22']);
    await at(db, '2026-11-27T09:50:00.000Z', ['add-prospect', 'Ana', '--campaign', 'fair']);
    await at(db, '2026-11-27T09:55:00.000Z', ['campaign', 'adjust', 'fair', '--cost', '1200']);
    await at(db, now, ['add-prospect', 'Ben', '--campaign', 'fair']);
    const [row] = JSON.parse((await at(db, now, ['campaign', 'report', 'fair', '--json'])).stdout);
    expect(row).toMatchObject({ cost: 1200, planned: 0, status: 'active', verdict: 'too early', pValue: null });
    expect(
      row.periods.map((p: { cost: number; perWeek: number | null; prospects: number }) => [
        p.cost,
        p.perWeek,
        p.prospects,
      ]),
    ).toEqual([
      // The change takes effect on its day: Ana, added minutes before it on Nov 27, counts after it.
      [900, 0, 0], // Nov 20-26: 7 days, no prospect
      [300, null, 2], // Nov 27, one day: no pace
    ]);
  });

  it('does not let the past change as weeks pass', async () => {
    const db = tempDbPath();
    await at(db, '2026-12-01T09:00:00.000Z', ['campaign', 'add', 'Open', '--cost', '900', '--start', '2026-12-01']);
    const report = async (now: string) =>
      JSON.parse((await at(db, now, ['campaign', 'report', 'open', '--until', '2026-12-04', '--json'])).stdout)[0].cost;
    expect(await report('2026-12-04T12:00:00.000Z')).toBe(900);
    expect(await report('2026-12-25T12:00:00.000Z')).toBe(900);
  });
});

describe('meld campaign add --rate --budget', () => {
  it('records a running rate from the start day and a budget, and reports spent, rate and what is left', async () => {
    const db = tempDbPath();
    const add = await at(db, '2026-11-27T10:00:00.000Z', [
      'campaign',
      'add',
      'Google Ads',
      '--channel',
      'ads',
      '--rate',
      '70/week',
      '--budget',
      '500',
      '--start',
      '2026-11-20',
      '--end',
      '2026-12-31',
    ]);
    expect(add.stderr).toBe(
      '✓ Added campaign Google Ads (google-ads): ads, $70/week, budget $500, from 2026-11-20 to 2026-12-31\n' +
        '  starts fri 2026-11-20, 7 days ago\n  ends thu 2026-12-31, in 34 days\n',
    );
    expect(add.db!.campaigns[0]).toMatchObject({
      spend: [],
      rates: [{ from: '2026-11-20', cents: 7_000, per: 'week' }],
      budgetCents: 50_000,
    });
    // Nov 20..27: 8 days at $10 = $80 spent; Nov 28..Dec 31: 34 days = $340 planned.
    const [row] = JSON.parse((await at(db, '2026-11-27T10:00:00.000Z', ['campaign', 'report', '--json'])).stdout);
    expect(row).toMatchObject({ cost: 80, planned: 340, budget: 500, rate: { amount: 70, per: 'week' } });
    const text = await at(db, '2026-11-27T10:00:00.000Z', ['campaign', 'report', 'google-ads']);
    expect(text.stdout).toContain(
      '  Money    spent $80 · $70/week now · planned $340 more\n           budget $500 ($420 left)\n',
    );
  });

  it('refuses a rate without a unit', async () => {
    const r = await runMeld(['campaign', 'add', 'X', '--rate', '70']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: --rate must be an amount per day, week or month, like 80/week, got "70"',
    );
    expect(r.db).toBeUndefined();
  });
});

describe('meld campaign spend', () => {
  it('records money on a day, corrects with a negative amount, and never goes below zero', async () => {
    const db = tempDbPath();
    const now = '2026-11-27T10:00:00.000Z';
    await at(db, now, ['campaign', 'add', 'Fair', '--cost', '100', '--start', '2026-11-01']);
    const booth = await at(db, now, ['campaign', 'spend', 'fair', '250', '--date', '2026-11-10', '--note', 'booth']);
    expect(booth.stderr).toBe('✓ Recorded $250 on 2026-11-10 for Fair (fair): $350 spent to date\n');
    expect(booth.db!.campaigns[0]!.spend.at(-1)).toMatchObject({ day: '2026-11-10', cents: 25_000, note: 'booth' });
    const refund = await at(db, now, ['campaign', 'spend', 'fair', '-50', '--note', 'refund']);
    expect(refund.stderr).toBe('✓ Recorded -$50 on 2026-11-27 for Fair (fair): $300 spent to date\n');
    const before = readFileSync(db);
    const tooMuch = await runMeld(['campaign', 'spend', 'fair', '-400'], { db, now });
    expect(tooMuch.exitCode).toBe(1);
    expect(tooMuch.stderr.split('\n')[0]).toBe("error: that takes Fair's cost below zero (-100.00 by 2026-11-27)");
    expect(readFileSync(db).equals(before)).toBe(true);
    const show = await at(db, now, ['campaign', 'show', 'fair']);
    expect(show.stdout).toContain(
      '  Spend    2026-11-01  $100\n           2026-11-10  $250  booth\n           2026-11-27  -$50  refund\n',
    );
    const history = await at(db, now, ['history']);
    expect(history.stdout).toContain('campaign spend Fair (fair) -$50 on 2026-11-27');
  });

  it('shows money dated ahead as planned, not spent', async () => {
    const db = tempDbPath();
    const now = '2026-11-27T10:00:00.000Z';
    await at(db, now, ['campaign', 'add', 'Fair', '--start', '2026-11-01']);
    const ahead = await at(db, now, ['campaign', 'spend', 'fair', '400', '--date', '2026-12-05']);
    expect(ahead.stderr).toBe(
      '✓ Recorded $400 on 2026-12-05 for Fair (fair) (planned: 2026-12-05 is ahead): $0 spent to date\n',
    );
    const [row] = JSON.parse((await at(db, now, ['campaign', 'report', 'fair', '--json'])).stdout);
    expect(row).toMatchObject({ cost: 0, planned: 400 });
  });
});

describe('meld campaign adjust: money and status by the dates', () => {
  it('records a new total as the difference on the day, and a new rate from the day', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-20T10:00:00.000Z', ['campaign', 'add', 'Ads', '--rate', '10/day', '--start', '2026-11-20']);
    const r = await at(db, '2026-11-24T10:00:00.000Z', [
      'campaign',
      'adjust',
      'ads',
      '--cost',
      '100',
      '--rate',
      '20/day',
    ]);
    // Nov 20..24 at $10 = $50 spent; the new total $100 puts $50 on Nov 24.
    expect(r.stderr).toBe('✓ Adjusted Ads (ads): cost $50 → $100, rate 10/day → 20/day\n');
    expect(r.db!.campaigns[0]).toMatchObject({
      spend: [{ day: '2026-11-24', cents: 5_000 }],
      rates: [
        { from: '2026-11-20', cents: 1_000 },
        { from: '2026-11-24', cents: 2_000 },
      ],
    });
    // Nov 20..23 at $10, Nov 24..26 at $20, plus the $50: $40 + $60 + $50.
    const [row] = JSON.parse((await at(db, '2026-11-26T10:00:00.000Z', ['campaign', 'report', '--json'])).stdout);
    expect(row.cost).toBe(150);
  });

  it('pauses and resumes a rate, ends a campaign, and lets --end bring an ended one back', async () => {
    const db = tempDbPath();
    const day = (d: string) => `2026-11-${d}T10:00:00.000Z`;
    await at(db, day('01'), ['campaign', 'add', 'Ads', '--rate', '10/day', '--start', '2026-11-01']);
    await at(db, day('05'), ['campaign', 'adjust', 'ads', '--status', 'paused']);
    const paused = await at(db, day('06'), ['campaign', 'list', '--status', 'paused', '--json']);
    // A day spent is spent: paused on Nov 5, the ads ran that day; the pause starts on Nov 6.
    expect(JSON.parse(paused.stdout).map((c: { id: string; cost: number }) => [c.id, c.cost])).toEqual([['ads', 50]]);
    await at(db, day('08'), ['campaign', 'adjust', 'ads', '--status', 'active']);
    const ended = await at(db, day('10'), ['campaign', 'adjust', 'ads', '--status', 'ended']);
    expect(ended.stderr).toBe(
      '✓ Adjusted Ads (ads): status active → ended, end none → 2026-11-10\n  ends tue 2026-11-10, today\n',
    );
    // Paused Nov 6-7: Nov 1-5 and 8-10 accrue, 8 days (the day it was ended ran).
    const list = await at(db, day('12'), ['campaign', 'list', '--status', 'ended', '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: 'ads', status: 'ended', cost: 80, end: '2026-11-10' }]);
    expect(JSON.parse((await at(db, day('12'), ['campaign', 'list', '--status', 'active', '--json'])).stdout)).toEqual(
      [],
    );
    const refused = await runMeld(['campaign', 'adjust', 'ads', '--status', 'active'], { db, now: day('12') });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      'error: Ads ended on 2026-11-10: give it a new last day to run again\n  hint: meld campaign adjust ads --end <date> (or --end none)\n',
    );
    const extended = await at(db, day('12'), ['campaign', 'adjust', 'ads', '--end', '2026-11-30']);
    expect(extended.stderr.split('\n')[0]).toBe('✓ Adjusted Ads (ads): end 2026-11-10 → 2026-11-30');
    const table = await at(db, day('12'), ['campaign', 'list']);
    expect(table.stdout).toContain('ads  Ads   other    active');
  });

  it('lists a campaign that has not started as scheduled', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-27T10:00:00.000Z', ['campaign', 'add', 'Later', '--start', '2026-12-15']);
    const r = await at(db, '2026-11-27T10:00:00.000Z', ['campaign', 'list', '--status', 'scheduled', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject([{ id: 'later', status: 'scheduled' }]);
    const early = await runMeld(['campaign', 'adjust', 'later', '--status', 'active'], {
      db,
      now: '2026-11-27T10:00:00.000Z',
    });
    expect(early.stderr.split('\n')[0]).toBe('error: Later starts on 2026-12-15: it is active from that day on');
  });
});

describe('influence and referrals', () => {
  async function setup() {
    const db = tempDbPath();
    const now = '2026-11-27T10:00:00.000Z';
    await at(db, now, ['campaign', 'add', 'Webinar', '--channel', 'event', '--start', '2026-11-01']);
    await at(db, now, ['campaign', 'add', 'LinkedIn', '--channel', 'social', '--start', '2026-11-01']);
    await at(db, now, ['add-prospect', 'Ana Souza', '--campaign', 'linkedin', '--value', '4000', '--stage', 'won']);
    await at(db, now, ['add-prospect', 'Ben Okafor', '--referred-by', '#1', '--value', '1500']);
    await at(db, now, ['add-prospect', 'Cleo Park', '--referred-by', 'ana souza', '--stage', 'won', '--value', '2500']);
    return { db, now };
  }

  it('credits a campaign that touched a prospect another campaign brought in', async () => {
    const { db, now } = await setup();
    const log = await at(db, now, ['log', '1', 'came to the webinar', '--type', 'meeting', '--campaign', 'webinar']);
    expect(log.db!.activities.at(-1)).toMatchObject({ prospectId: 1, campaign: 'webinar' });
    const rows = JSON.parse((await at(db, now, ['campaign', 'report', '--json'])).stdout);
    const webinar = rows.find((r: { campaign: { id: string } | null }) => r.campaign?.id === 'webinar');
    expect(webinar).toMatchObject({ prospects: 0, influenced: { prospects: 1, won: 1, wonValue: 4000 } });
    const show = await at(db, now, ['prospect', 'show', '1']);
    expect(show.stdout).toContain('  touched by Webinar (webinar)');
    expect(JSON.parse((await at(db, now, ['prospect', 'show', '1', '--json'])).stdout).touchedBy).toEqual([
      { id: 'webinar', name: 'Webinar' },
    ]);
  });

  it('records who referred whom, shows it both ways and sums it in the report', async () => {
    const { db, now } = await setup();
    const ana = JSON.parse((await at(db, now, ['prospect', 'show', '1', '--json'])).stdout);
    expect(ana.referredBy).toBeNull();
    expect(ana.referrals).toEqual([
      { id: 2, name: 'Ben Okafor', stage: 'new', value: 1500 },
      { id: 3, name: 'Cleo Park', stage: 'won', value: 2500 },
    ]);
    const ben = JSON.parse((await at(db, now, ['prospect', 'show', '2', '--json'])).stdout);
    expect(ben.referredBy).toEqual({ id: 1, name: 'Ana Souza' });
    const rows = JSON.parse((await at(db, now, ['campaign', 'report', '--json'])).stdout);
    const linkedin = rows.find((r: { campaign: { id: string } | null }) => r.campaign?.id === 'linkedin');
    expect(linkedin.referrals).toEqual({ prospects: 2, won: 1, wonValue: 2500 });
    const text = await at(db, now, ['campaign', 'report']);
    expect(text.stdout).toContain('Referrals\n           Ana Souza (#1) brought 2: 1 won ($2,500), 1 open\n');
  });

  it('changes or clears a referrer with prospect edit, and refuses a loop', async () => {
    const { db, now } = await setup();
    const loop = await runMeld(['prospect', 'edit', '1', '--referred-by', '#2'], { db, now });
    expect(loop.exitCode).toBe(1);
    expect(loop.stderr.split('\n')[0]).toBe('error: #2 Ben Okafor cannot have referred #1: #1 referred them');
    const self = await runMeld(['prospect', 'edit', '2', '--referred-by', '#2'], { db, now });
    expect(self.stderr.split('\n')[0]).toBe('error: #2 Ben Okafor cannot have referred #2: that is the same prospect');
    const cleared = await at(db, now, ['prospect', 'edit', '2', '--referred-by', 'none']);
    expect(cleared.stderr).toBe('✓ Updated Ben Okafor (#2): referred by #1 → —\n');
    expect(cleared.db!.prospects[1]!.referredBy).toBeNull();
  });
});

describe('meld demo', () => {
  it('shows a rate, an adjustment with a verdict, an influenced win and a referral', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-27T10:00:00.000Z', ['demo']);
    const r = await at(db, '2026-11-27T10:00:00.000Z', ['campaign', 'report']);
    expect(r.stdout).toMatch(/\$225\/week now/);
    expect(r.stdout).toMatch(/after 'moved the webinar to Tuesday lunch…' \(Oct 23\):/);
    expect(r.stdout).toMatch(/(better|worse|no clear change) \(p [=<] \d\.\d{3}\);/);
    expect(r.stdout).toMatch(/touched 1 prospect, 1 won/);
    expect(r.stdout).toMatch(/Referrals\n {11}.+ \(#\d+\) brought \d/);
  });
});
