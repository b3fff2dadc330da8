import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

// Recurring follow-ups (#16): --every on add and edit; done plans the next one the interval after
// the day it was done; cancel skips one occurrence, cancel --stop ends the series.

async function withCheckIn(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['add-prospect', 'Lia Park'],
    ['followup', 'add', 'lia', '2026-11-20', 'check-in', '--every', '3 months'],
  ]);
  return db;
}

describe('recurring follow-ups', () => {
  it('plans one with --every and says how it repeats', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Lia Park']]);
    const r = await runMeld(['followup', 'add', 'lia', '2026-12-01', 'check-in', '--every', '3 months'], { db });
    expect(r.stderr).toBe(
      '✓ Planned follow-up f1 with Lia Park (#1) due tue 2026-12-01, in 4 days, then every 3 months\n',
    );
    expect(r.db!.followUps[0]!.every).toEqual({ count: 3, unit: 'month' });
  });

  it('done late plans the next one the interval after the day it was done', async () => {
    const db = await withCheckIn();
    const r = await runMeld(['followup', 'done', 'f1', '--json'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Done: follow-up f1 with Lia Park (#1)\n✓ Repeats every 3 months: f2 due sat 2027-02-27, in 92 days\n',
    );
    const json = JSON.parse(r.stdout);
    expect(json.repeat).toMatchObject({
      id: 2,
      due: '2027-02-27',
      note: 'check-in',
      every: { count: 3, unit: 'month' },
    });
    expect(r.db!.followUps[1]).toMatchObject({ due: '2027-02-27', status: 'open', every: { count: 3, unit: 'month' } });
  });

  it('done --next on a recurring one says the follow-ups it planned in id order', async () => {
    const db = await withCheckIn();
    const r = await runMeld(['followup', 'done', 'f1', '--next', 'tue', '--next-note', 'send the quote'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Done: follow-up f1 with Lia Park (#1)\n' +
        '✓ Repeats every 3 months: f2 due sat 2027-02-27, in 92 days\n' +
        '✓ Next follow-up f3 due tue 2026-12-01, in 4 days: send the quote\n',
    );
    expect(r.db!.followUps.map((f) => [f.id, f.due, f.every])).toEqual([
      [1, '2026-11-20', { count: 3, unit: 'month' }],
      [2, '2027-02-27', { count: 3, unit: 'month' }],
      [3, '2026-12-01', null],
    ]);
  });

  it('a one-off follow-up plans nothing when done', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'Lia Park'],
      ['followup', 'add', 'lia', 'today'],
    ]);
    const r = await runMeld(['followup', 'done', 'f1'], { db });
    expect(r.db!.followUps).toHaveLength(1);
  });

  it('cancel skips one occurrence; cancel --stop ends the series', async () => {
    const db = await withCheckIn();
    const skip = await runMeld(['followup', 'cancel', 'f1'], { db });
    expect(skip.stderr).toBe(
      '✓ Cancelled follow-up f1 with Lia Park (#1), due 2026-11-20\n✓ Skipped one: next f2 due sat 2027-02-27, in 92 days (every 3 months)\n',
    );
    const stop = await runMeld(['followup', 'cancel', 'f2', '--stop'], { db });
    expect(stop.stderr).toBe(
      '✓ Cancelled follow-up f2 with Lia Park (#1), due 2027-02-27\n✓ Stopped: it no longer repeats every 3 months\n',
    );
    expect(stop.db!.followUps.filter((f) => f.status === 'open')).toEqual([]);
  });

  it('edit --every sets and stops the interval', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'Lia Park'],
      ['followup', 'add', 'lia', 'tomorrow'],
    ]);
    const set = await runMeld(['followup', 'edit', 'f1', '--every', '2 weeks'], { db });
    expect(set.stderr).toBe('✓ Updated follow-up f1 with Lia Park (#1): repeats never → 2 weeks\n');
    const stop = await runMeld(['followup', 'edit', 'f1', '--every', 'none'], { db });
    expect(stop.stderr).toBe('✓ Updated follow-up f1 with Lia Park (#1): repeats 2 weeks → never\n');
    expect(stop.db!.followUps[0]!.every).toBeNull();
  });

  it('takes years and the adverbs, and says them back normalised', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Dan Wu']]);
    const yearly = await runMeld(['followup', 'add', 'dan', '2026-12-01', 'renewal call', '--every', 'yearly'], { db });
    expect(yearly.exitCode).toBe(0);
    expect(yearly.stderr).toBe(
      '✓ Planned follow-up f1 with Dan Wu (#1) due tue 2026-12-01, in 4 days, then every year\n',
    );
    expect(yearly.db!.followUps[0]!.every).toEqual({ count: 12, unit: 'month' });
    const same = await runMeld(['followup', 'edit', 'f1', '--every', '12 months'], { db });
    expect(same.exitCode).toBe(2);
    const edits: Array<[string, string]> = [
      ['2 years', 'repeats 1 year → 2 years'],
      ['quarterly', 'repeats 2 years → 3 months'],
      ['annually', 'repeats 3 months → 1 year'],
      ['monthly', 'repeats 1 year → 1 month'],
      ['weekly', 'repeats 1 month → 1 week'],
      ['1 year', 'repeats 1 week → 1 year'],
    ];
    for (const [every, said] of edits) {
      const r = await runMeld(['followup', 'edit', 'f1', '--every', every], { db });
      expect(r.stderr, every).toBe(`✓ Updated follow-up f1 with Dan Wu (#1): ${said}\n`);
    }
    const done = await runMeld(['followup', 'done', 'f1'], { db });
    expect(done.stderr).toBe(
      '✓ Done: follow-up f1 with Dan Wu (#1)\n✓ Repeats every year: f2 due sat 2027-11-27, in 365 days\n',
    );
    const table = await runMeld(['followups', 'all'], { db, columns: 120 });
    expect(table.stdout).toContain('every year');
  });

  it('refuses "fortnight" with a hint in weeks', async () => {
    const db = await withCheckIn();
    const r = await runMeld(['followup', 'edit', 'f1', '--every', 'fortnightly'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: --every: invalid interval "fortnightly"\n  hint: write it in weeks: --every "2 weeks"\n',
    );
  });

  it('lists and prints the interval', async () => {
    const db = await withCheckIn();
    const list = await runMeld(['followups', 'all', '--json'], { db });
    expect(JSON.parse(list.stdout)[0].every).toEqual({ count: 3, unit: 'month' });
    const table = await runMeld(['followups', 'all'], { db, columns: 120 });
    expect(table.stdout.split('\n')[0]).toMatch(/Repeats$/);
    expect(table.stdout).toContain('every 3 months');
  });

  it('refuses a bad interval in one line and writes nothing', async () => {
    const db = await withCheckIn();
    const before = readFileSync(db);
    for (const bad of ['0 days', 'fortnight']) {
      const r = await runMeld(['followup', 'add', 'lia', 'tomorrow', '--every', bad], { db });
      expect(r.exitCode).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(
        bad === 'fortnight'
          ? 'error: --every: invalid interval "fortnight"'
          : 'error: --every: invalid interval "0 days": it must be at least 1 day',
      );
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a logged touch that closes a recurring check-in plans the next one', async () => {
    const db = await withCheckIn();
    const r = await runMeld(['log', 'lia', 'called, all good', '--type', 'call', '--next', 'fri'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('✓ Repeats every 3 months: f2 due sat 2027-02-27, in 92 days\n');
  });
});
