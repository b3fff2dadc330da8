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
    // Ran from Dec 1 00:00 to Dec 10 12:00: 9.5 days, 5 prospects: 5 / 9.5 × 7 = 3.68 a week.
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
      ['2026-12-01', '2026-12-10', 9.5, 3.68, 100],
    ]);
    expect(r.periods[1].compare.after).toMatchObject({ from: '2026-12-01', days: 9.5, perWeek: 3.68 });
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
