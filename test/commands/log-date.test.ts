import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath } from '../helpers/harness.js';

// `meld log --date`: the day looks back, and what the touch changes happens on that day.
describe('meld log --date', () => {
  it('reads a bare month-day as the last such day, not next year', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Ana Souza'], { db, now: '2026-11-02T09:00:00.000Z' });
    const r = await runMeld(['log', '1', 'met', '--date', 'nov 20'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('✓ Logged note a1 with Ana Souza (#1) on fri 2026-11-20, 7 days ago');
  });
});

describe('a stage change logged for a past day', () => {
  it('happens on that day, so the report counts the days to win from it', async () => {
    const db = tempDbPath();
    await runMeld(['campaign', 'add', 'S1', '--start', '2026-11-01'], { db, now: '2026-11-01T09:00:00.000Z' });
    await runMeld(['add-prospect', 'Sam', '--campaign', 's1'], { db, now: '2026-11-01T09:00:00.000Z' });
    const r = await runMeld(
      ['log', 'sam', 'contract signed', '--type', 'meeting', '--date', '2026-11-02', '--stage', 'won'],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.db!.deals[0]!.history.at(-1)).toEqual({ stage: 'won', at: '2026-11-02T12:00:00.000Z' });
    expect(r.db!.activities[0]!.at).toBe('2026-11-02T12:00:00.000Z');
    const report = JSON.parse((await runMeld(['campaign', 'report', 's1', '--json'], { db })).stdout);
    expect(report[0].medianDaysToWin).toBe(1);
  });

  it('refuses a day before the prospect was added, or before its last stage change, and writes nothing', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Sam'], { db, now: '2026-11-01T09:00:00.000Z' });
    await runMeld(['prospect', 'stage', 'sam', 'qualified'], { db, now: '2026-11-10T09:00:00.000Z' });
    const old = await runMeld(['log', 'sam', 'met', '--date', '2020-01-01'], { db });
    expect([old.exitCode, old.stderr.split('\n')[0]]).toEqual([
      1,
      'error: --date 2020-01-01 is before #1 Sam was added (2026-11-01)',
    ]);
    const back = await runMeld(['log', 'sam', 'met', '--date', '2026-11-05', '--stage', 'proposal'], { db });
    expect([back.exitCode, back.stderr.split('\n')[0]]).toEqual([
      1,
      "error: --date 2026-11-05 is before #1's last stage change (qualified on 2026-11-10)",
    ]);
    expect(back.db!.activities).toEqual([]);
    expect(back.db!.deals[0]!.stage).toBe('qualified');
  });
});
