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
});
