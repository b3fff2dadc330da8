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
});
