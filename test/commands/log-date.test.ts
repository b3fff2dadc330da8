import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath } from '../helpers/harness.js';

// `meld log --date`: the day looks back, and what the touch changes happens on that day.
describe('meld log --date', () => {
  it('reads a bare month-day as the last such day, not next year', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Ana Souza'], { db, now: '2026-11-02T09:00:00.000Z' });
    const r = await runMeld(['log', '1', 'met', '--date', 'nov 20'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('✓ Logged note with Ana Souza (#1) on 2026-11-20');
  });
});
