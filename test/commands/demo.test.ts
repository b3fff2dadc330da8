import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

describe('meld demo', () => {
  it('fills an empty file and says what it added', async () => {
    const r = await runMeld(['demo']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(
      /^✓ Filled .*meld\.json with 4 campaigns, 42 prospects, \d+ follow-ups and \d+ activities\n/,
    );
    expect(r.db?.prospects).toHaveLength(42);
  });

  it('refuses a file that already holds data and leaves it untouched', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza']]);
    const before = readFileSync(db);
    const r = await runMeld(['demo'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/already holds data; demo only fills an empty file$/);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('run again, as the Quick start line is, leaves the sample as it is and exits 0, so the agenda follows', async () => {
    const db = tempDbPath();
    expect((await runMeld(['demo'], { db })).exitCode).toBe(0);
    await seed(db, [
      ['add-prospect', 'Tried Out'],
      ['prospect', 'remove', '1', '--yes'],
    ]);
    const before = readFileSync(db);
    const again = await runMeld(['demo'], { db, now: '2026-12-02T09:00:00Z' });
    expect(again.exitCode).toBe(0);
    expect(again.stderr.split('\n')[0]).toBe(
      `✓ ${db} already holds the sample data (from an earlier \`meld demo\`); nothing changed`,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('still refuses a real file that shares a campaign name with the sample', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Autumn Webinar', '--channel', 'event']]);
    const r = await runMeld(['demo'], { db });
    expect(r.exitCode).toBe(1);
  });
});
