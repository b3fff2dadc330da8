import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath } from '../helpers/harness.js';

/** Runs meld on `db` as if it were `now`, failing loudly when it does not succeed. */
async function at(db: string, now: string, args: string[]) {
  const r = await runMeld(args, { db, now });
  if (r.exitCode !== 0) throw new Error(`meld ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

async function row(db: string, now: string, id: string) {
  return JSON.parse((await at(db, now, ['campaign', 'report', id, '--json'])).stdout)[0];
}

describe('money changes on a campaign that has not started yet', () => {
  it('adjust --cost sets the total the campaign will have cost on its start day, not that plus the plan', async () => {
    const db = tempDbPath();
    const now = '2026-11-20T10:00:00.000Z';
    await at(db, now, ['campaign', 'add', 'Expo', '--cost', '900', '--start', '2026-12-05', '--end', '2026-12-07']);
    const r = await at(db, now, ['campaign', 'adjust', 'expo', '--cost', '1200']);
    expect(r.stderr).toBe('✓ Adjusted Expo (expo): cost $900 → $1,200\n');
    expect(await row(db, now, 'expo')).toMatchObject({ cost: 0, planned: 1200 });
    expect(await row(db, '2026-12-20T10:00:00.000Z', 'expo')).toMatchObject({ cost: 1200, planned: 0 });
  });

  it('adjust --rate compares with the rate planned from the start day', async () => {
    const db = tempDbPath();
    const now = '2026-11-20T10:00:00.000Z';
    await at(db, now, ['campaign', 'add', 'Ads', '--rate', '70/week', '--start', '2026-12-01', '--end', '2026-12-14']);
    const same = await runMeld(['campaign', 'adjust', 'ads', '--rate', '70/week'], { db, now });
    expect(same.stderr.split('\n')[0]).toBe('error: nothing to adjust: every value is already set that way');
    const r = await at(db, now, ['campaign', 'adjust', 'ads', '--rate', '140/week']);
    expect(r.stderr).toBe('✓ Adjusted Ads (ads): rate 70/week → 140/week\n');
    expect(await row(db, now, 'ads')).toMatchObject({ cost: 0, planned: 280 });
  });

  it('an adjustment made before the start opens its period on the start day, so its pace counts only days run', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-20T10:00:00.000Z', ['campaign', 'add', 'Expo', '--rate', '10/day', '--start', '2026-12-01']);
    await at(db, '2026-11-25T10:00:00.000Z', ['campaign', 'adjust', 'expo', '--note', 'new landing page']);
    for (const d of ['02', '03', '05', '06', '08']) {
      await at(db, `2026-12-${d}T10:00:00.000Z`, ['add-prospect', `P${d}`, '--campaign', 'expo']);
    }
    const r = await row(db, '2026-12-10T12:00:00.000Z', 'expo');
    // Ran Dec 1 to Dec 10 (today): 10 days, 5 prospects: 5 / 10 × 7 = 3.5 a week.
    expect(
      r.periods.map((p: { from: string; to: string; days: number; perWeek: number | null; cost: number }) => [
        p.from,
        p.to,
        p.days,
        p.perWeek,
        p.cost,
      ]),
    ).toEqual([
      ['2026-12-01', '2026-12-01', 0, null, 0],
      ['2026-12-01', '2026-12-10', 10, 3.5, 100],
    ]);
    expect(r.periods[1].compare.after).toMatchObject({ from: '2026-12-01', days: 10, perWeek: 3.5 });
  });
});

describe('money changes on a campaign that has ended', () => {
  async function ended() {
    const db = tempDbPath();
    await at(db, '2026-11-01T10:00:00.000Z', [
      'campaign',
      'add',
      'Fair',
      '--rate',
      '10/day',
      '--start',
      '2026-11-01',
      '--end',
      '2026-11-15',
    ]);
    return db;
  }

  it('refuses a rate that would start after the end day, leaving the file as it was', async () => {
    const db = await ended();
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['campaign', 'adjust', 'fair', '--rate', '20/day'], {
      db,
      now: '2026-11-20T10:00:00.000Z',
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: Fair ended on 2026-11-15: a rate from today would never run\n' +
        '  hint: give it a new last day too: meld campaign adjust fair --end <date> --rate 20/day\n',
    );
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('takes a rate given together with a new end day', async () => {
    const db = await ended();
    const now = '2026-11-20T10:00:00.000Z';
    await at(db, now, ['campaign', 'adjust', 'fair', '--rate', '20/day', '--end', '2026-11-30']);
    // Nov 1-15 at $10 (150) spent; Nov 20-30 at $20 planned, Nov 20 counted as spent today.
    expect(await row(db, now, 'fair')).toMatchObject({ cost: 170, planned: 200, status: 'active' });
  });

  it('refuses to pause a campaign that has ended, leaving the file as it was', async () => {
    const db = await ended();
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['campaign', 'adjust', 'fair', '--status', 'paused'], {
      db,
      now: '2026-11-20T10:00:00.000Z',
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: Fair ended on 2026-11-15: there is nothing to pause\n' +
        '  hint: meld campaign adjust fair --end <date> runs it again\n',
    );
    expect(readFileSync(db, 'utf8')).toBe(before);
  });
});

describe('running an ended campaign again', () => {
  it('charges its rate from the day it runs again, not for the days it stood ended', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T10:00:00.000Z', [
      'campaign',
      'add',
      'Fair',
      '--rate',
      '10/day',
      '--start',
      '2026-11-01',
      '--end',
      '2026-11-15',
    ]);
    const now = '2026-11-20T10:00:00.000Z';
    expect(await row(db, now, 'fair')).toMatchObject({ cost: 150, status: 'ended' });
    await at(db, now, ['campaign', 'adjust', 'fair', '--end', '2026-11-30']);
    // Nov 1-15 and Nov 20: 16 days at $10; Nov 21-30 planned.
    expect(await row(db, now, 'fair')).toMatchObject({ cost: 160, planned: 100, status: 'active' });
    const week = JSON.parse(
      (await at(db, now, ['campaign', 'report', 'fair', '--since', '2026-11-16', '--until', '2026-11-19', '--json']))
        .stdout,
    )[0];
    expect(week.cost).toBe(0);
  });
});

describe('money dated before the start', () => {
  it('report --period starts at the earliest money, so the periods add up to the total', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-10T10:00:00.000Z', [
      'campaign',
      'add',
      'Expo',
      '--start',
      '2026-11-20',
      '--end',
      '2026-11-22',
    ]);
    await at(db, '2026-11-10T10:00:00.000Z', ['campaign', 'spend', 'expo', '300', '--note', 'booth deposit']);
    const now = '2026-11-25T10:00:00.000Z';
    await at(db, now, ['campaign', 'spend', 'expo', '700', '--date', '2026-11-20']);
    const weeks = JSON.parse((await at(db, now, ['campaign', 'report', 'expo', '--period', 'week', '--json'])).stdout);
    expect(
      weeks.map((w: { from: string; to: string; rows: Array<{ cost: number }> }) => [w.from, w.to, w.rows[0]!.cost]),
    ).toEqual([
      ['2026-11-10', '2026-11-15', 300],
      ['2026-11-16', '2026-11-22', 700],
      ['2026-11-23', '2026-11-25', 0],
    ]);
  });

  it('refuses a correction dated before the money it would take back', async () => {
    const db = tempDbPath();
    const now = '2026-11-10T10:00:00.000Z';
    await at(db, now, ['campaign', 'add', 'Fair', '--cost', '500', '--start', '2026-11-05']);
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['campaign', 'spend', 'fair', '-500', '--date', '2026-11-01'], { db, now });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("error: that takes Fair's cost below zero (-500.00 by 2026-11-01)");
    expect(readFileSync(db, 'utf8')).toBe(before);
    // The same correction on or after the day the money was spent is fine.
    await at(db, now, ['campaign', 'spend', 'fair', '-500', '--date', '2026-11-05']);
  });
});

describe('a verdict seen through a --since/--until window', () => {
  async function adjusted() {
    const db = tempDbPath();
    await at(db, '2026-11-01T08:00:00.000Z', ['campaign', 'add', 'Web', '--cost', '1000', '--start', '2026-11-01']);
    for (const d of ['02', '03', '04', '05', '06', '07', '08', '09', '10']) {
      await at(db, `2026-11-${d}T09:00:00.000Z`, ['add-prospect', `B${d}`, '--campaign', 'web']);
    }
    await at(db, '2026-11-11T12:00:00.000Z', ['campaign', 'adjust', 'web', '--note', 'new ad']);
    for (const d of ['12', '14', '16', '18', '20']) {
      await at(db, `2026-11-${d}T09:00:00.000Z`, ['add-prospect', `A${d}`, '--campaign', 'web']);
    }
    return db;
  }
  const now = '2026-11-20T23:00:00.000Z';

  it('judges the adjustment on all its prospects, not only those the window keeps', async () => {
    const db = await adjusted();
    const all = JSON.parse((await at(db, now, ['campaign', 'report', 'web', '--json'])).stdout)[0];
    const since = JSON.parse(
      (await at(db, now, ['campaign', 'report', 'web', '--since', '2026-11-12', '--json'])).stdout,
    )[0];
    // 9 prospects in the 9.46 days before, 5 in the 9.46 after: no clear change (p = 0.424).
    expect(all.periods[1].compare.before.prospects).toBe(9);
    expect(since.periods).toHaveLength(1);
    expect(since.periods[0].compare).toEqual(all.periods[1].compare);
    expect([since.verdict, since.pValue]).toEqual(['no clear change', 0.424]);
    expect(since.periods[0].prospects).toBe(5);
  });

  it('does not head a window\'s one period "never adjusted" when an adjustment opened it', async () => {
    const db = await adjusted();
    const text = (await at(db, now, ['campaign', 'report', 'web', '--since', '2026-11-12'])).stdout;
    expect(text).toContain('  Periods  split at each adjustment; Won: reached so far\n');
    expect(text).not.toContain('never adjusted');
  });
});

describe('a budget seen through a --since/--until window', () => {
  it('says what is left of it after all that was spent to date, not only the window', async () => {
    const db = tempDbPath();
    await at(db, '2026-01-20T10:00:00.000Z', [
      'campaign',
      'add',
      'News',
      '--rate',
      '310/month',
      '--cost',
      '50',
      '--budget',
      '1000',
      '--start',
      '2026-01-20',
      '--end',
      '2026-04-10',
    ]);
    const now = '2026-03-15T10:00:00.000Z';
    // Jan 20-31: 12 × $10 + $50 = $170; Feb: $310; Mar 1-15: 15 × $10 = $150. To date $630, left $370.
    const whole = (await at(db, now, ['campaign', 'report', 'news'])).stdout;
    expect(whole).toContain(
      '  Money    spent $630 · $310/month now · planned $263 more\n           budget $1,000 ($370 left)\n',
    );
    const march = await at(db, now, ['campaign', 'report', 'news', '--since', '2026-03-01']);
    expect(march.stdout).toContain(
      '  Money    spent $150 in these days, $630 to date · $310/month now\n' +
        '           planned $263 more · budget $1,000 ($370 left)\n',
    );
    expect(
      JSON.parse((await at(db, now, ['campaign', 'report', 'news', '--since', '2026-03-01', '--json'])).stdout)[0],
    ).toMatchObject({
      cost: 150,
      budget: 1000,
    });
  });
});

describe('adjust --status ended with an end day ahead', () => {
  it('is refused rather than recorded as ended while the campaign stays active', async () => {
    const db = tempDbPath();
    const now = '2026-11-10T12:00:00.000Z';
    await at(db, now, ['campaign', 'add', 'Ads', '--rate', '10/day', '--start', '2026-11-01']);
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['campaign', 'adjust', 'ads', '--status', 'ended', '--end', '2026-12-01'], { db, now });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: --status ended with --end 2026-12-01: Ads would run until that day\n' +
        '  hint: --status ended alone makes today its last day; --end 2026-12-01 alone plans its end\n',
    );
    expect(readFileSync(db, 'utf8')).toBe(before);
  });
});

describe('a p-value just under the line', () => {
  it('is never shown as 0.05 beside a clear verdict', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T00:00:00.000Z', ['campaign', 'add', 'Ads', '--start', '2026-11-01']);
    for (const [i, d] of ['01', '02', '02', '03'].entries()) {
      await at(db, `2026-11-${d}T1${i}:00:00.000Z`, ['add-prospect', `B${i}`, '--campaign', 'ads']);
    }
    await at(db, '2026-11-04T00:00:00.000Z', ['campaign', 'adjust', 'ads', '--note', 'new copy']);
    for (const d of ['05', '08', '11', '14', '17', '20']) {
      await at(db, `2026-11-${d}T10:00:00.000Z`, ['add-prospect', `A${d}`, '--campaign', 'ads']);
    }
    const now = '2026-11-20T12:00:00.000Z';
    // 4 in 3 days (Nov 1-3), then 6 in 17 (Nov 4-20): under "no change" the 6 of 10 follow Binomial(10, 17/20);
    // the exact two-sided p-value is 0.049970, just under 0.05: worse.
    const [row] = JSON.parse((await at(db, now, ['campaign', 'report', 'ads', '--json'])).stdout);
    expect(row.verdict).toBe('worse');
    expect(row.pValue).toBe(0.0499);
    const text = (await at(db, now, ['campaign', 'report', 'ads'])).stdout;
    expect(text.replace(/\n\s+/g, ' ')).toContain(
      '6 prospects in 17 days vs 4 in the 3 days before: worse (p = 0.0499);',
    );
  });
});

describe('the Money line of a paused campaign', () => {
  it('does not say its rate runs now', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T08:00:00.000Z', ['campaign', 'add', 'Ads', '--rate', '10/day', '--start', '2026-11-01']);
    await at(db, '2026-11-09T09:00:00.000Z', ['campaign', 'adjust', 'ads', '--status', 'paused']);
    const text = (await at(db, '2026-11-12T09:00:00.000Z', ['campaign', 'report', 'ads'])).stdout;
    expect(text).toContain('  Money    spent $90 · $10/day, paused\n');
  });
});

describe("the agenda's campaign line on 80 columns", () => {
  it('puts a clear verdict on a line of its own rather than cutting it', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T00:00:00.000Z', ['campaign', 'add', 'Ads', '--rate', '10/day', '--start', '2026-11-01']);
    for (const [i, d] of ['01', '01', '02', '02', '02', '03', '03', '03'].entries()) {
      await at(db, `2026-11-${d}T1${i}:00:00.000Z`, ['add-prospect', `B${i}`, '--campaign', 'ads']);
    }
    await at(db, '2026-11-04T00:00:00.000Z', ['campaign', 'adjust', 'ads', '--note', 'new copy']);
    await at(db, '2026-11-12T00:00:00.000Z', ['add-prospect', 'A1', '--campaign', 'ads']);
    const r = await runMeld(['today'], { db, now: '2026-11-21T00:00:00.000Z', columns: 80 });
    expect(r.stdout).toContain(
      '  Ads: 0.4/wk since the 2026-11-04 adjustment, 18.7/wk before (-98%)\n    worse (p < 0.001)\n',
    );
  });
});

describe('the running total never goes below zero', () => {
  it('adjust --cost before the start sets the one-off money, so a later pause cannot take it negative', async () => {
    const db = tempDbPath();
    await at(db, '2026-02-05T09:00:00.000Z', [
      'campaign',
      'add',
      'Expo',
      '--cost',
      '123.45',
      '--rate',
      '310/day',
      '--start',
      '2026-02-25',
    ]);
    await at(db, '2026-02-10T10:00:00.000Z', ['campaign', 'adjust', 'expo', '--cost', '303.58']);
    await at(db, '2026-02-16T10:00:00.000Z', ['campaign', 'adjust', 'expo', '--status', 'paused']);
    expect(await row(db, '2026-03-01T10:00:00.000Z', 'expo')).toMatchObject({ cost: 303.58, status: 'paused' });
  });

  it('refuses an end day that would leave a correction taking back more than was spent', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T09:00:00.000Z', ['campaign', 'add', 'Ads', '--rate', '10/day', '--start', '2026-11-01']);
    const now = '2026-11-20T10:00:00.000Z';
    await at(db, now, ['campaign', 'adjust', 'ads', '--cost', '0', '--yes', '--note', 'refunded in full']);
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['campaign', 'adjust', 'ads', '--end', '2026-11-10'], { db, now });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe("error: that takes Ads's cost below zero (-100.00 by 2026-11-20)");
    expect(readFileSync(db, 'utf8')).toBe(before);
  });
});

describe('a pause planned before the start', () => {
  it('can be lifted before the start with --status active', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T10:00:00.000Z', ['campaign', 'add', 'Fair', '--rate', '10/day', '--start', '2026-11-10']);
    await at(db, '2026-11-02T10:00:00.000Z', ['campaign', 'adjust', 'fair', '--status', 'paused']);
    const r = await at(db, '2026-11-03T10:00:00.000Z', ['campaign', 'adjust', 'fair', '--status', 'active']);
    expect(r.stderr).toBe('✓ Adjusted Fair (fair): status paused → active\n');
    expect(await row(db, '2026-11-12T10:00:00.000Z', 'fair')).toMatchObject({ status: 'active', cost: 30 });
  });

  it('still refuses --status active on a scheduled campaign with nothing to resume', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T10:00:00.000Z', ['campaign', 'add', 'Fair', '--start', '2026-11-10']);
    const r = await runMeld(['campaign', 'adjust', 'fair', '--status', 'active'], {
      db,
      now: '2026-11-03T10:00:00.000Z',
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: Fair starts on 2026-11-10: it is active from that day on\n');
  });
});

describe('campaign spend on a day outside the campaign', () => {
  it('records it but says how far from the campaign the day is', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T10:00:00.000Z', [
      'campaign',
      'add',
      'Fair',
      '--start',
      '2026-11-01',
      '--end',
      '2026-11-10',
    ]);
    const now = '2026-11-25T10:00:00.000Z';
    const early = await at(db, now, ['campaign', 'spend', 'fair', '5', '--date', 'dec 1']);
    expect(early.stderr).toBe(
      '✓ Recorded $5 on 2025-12-01 for Fair (fair): $5 spent to date\n' +
        '  mon 2025-12-01, 359 days ago: before Fair starts (2026-11-01); `meld undo` takes it back\n',
    );
    const late = await at(db, now, ['campaign', 'spend', 'fair', '5', '--date', 'nov 20']);
    expect(late.stderr).toBe(
      '✓ Recorded $5 on 2026-11-20 for Fair (fair): $10 spent to date\n' +
        '  fri 2026-11-20, 5 days ago: after Fair ended (2026-11-10); `meld undo` takes it back\n',
    );
    const inside = await at(db, now, ['campaign', 'spend', 'fair', '5', '--date', '2026-11-05']);
    expect(inside.stderr).toBe('✓ Recorded $5 on 2026-11-05 for Fair (fair): $15 spent to date\n');
  });
});

describe('an adjustment made after the campaign ended', () => {
  it('gets no before/after (nothing ran after it), not a "too early" that can never change', async () => {
    const db = tempDbPath();
    await at(db, '2026-11-01T10:00:00.000Z', ['campaign', 'add', 'Fair', '--cost', '500', '--end', '2026-11-10']);
    await at(db, '2026-11-03T10:00:00.000Z', ['add-prospect', 'Ana', '--campaign', 'fair']);
    await at(db, '2026-11-20T10:00:00.000Z', ['campaign', 'adjust', 'fair', '--cost', '650', '--note', 'late invoice']);
    const now = '2027-01-25T10:00:00.000Z';
    const r = await row(db, now, 'fair');
    expect(r.periods[1]).toMatchObject({ cost: 150, verdict: null, pValue: null, compare: null });
    expect([r.verdict, r.pValue]).toEqual([null, null]);
    const text = (await at(db, now, ['campaign', 'report', 'fair'])).stdout;
    expect(text).toContain('    2 opened 2026-11-20 10:00: cost $500 → $650 "late invoice"\n  Speed');
  });
});

describe('the Weekly caption', () => {
  it('says the last day it counts rather than "now" when the weeks stop before today', async () => {
    const db = tempDbPath();
    await at(db, '2026-10-01T10:00:00.000Z', [
      'campaign',
      'add',
      'Fair',
      '--cost',
      '900',
      '--start',
      '2026-10-15',
      '--end',
      '2026-10-17',
    ]);
    await at(db, '2026-10-16T10:00:00.000Z', ['add-prospect', 'Ana', '--campaign', 'fair']);
    const now = '2026-11-20T10:00:00.000Z';
    const ended = (await at(db, now, ['campaign', 'report', 'fair'])).stdout;
    expect(ended).toContain('new per week, 2026-10-12 → 2026-10-17, max 1');
    const until = (await at(db, now, ['campaign', 'report', 'fair', '--since', '2026-10-01', '--until', '2026-10-31']))
      .stdout;
    expect(until).toContain('new per week, 2026-09-28 → 2026-10-31, max 1');
    const open = (await at(db, '2026-10-16T12:00:00.000Z', ['campaign', 'report', 'fair'])).stdout;
    expect(open).toContain('new per week, 2026-10-12 → now, max 1');
  });
});
