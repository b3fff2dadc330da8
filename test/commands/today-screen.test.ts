import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath } from '../helpers/harness.js';

describe('meld today on the demo data', () => {
  it('fits one screen and the terminal width, and shows every part of the agenda', async () => {
    const db = tempDbPath();
    expect((await runMeld(['demo'], { db })).exitCode).toBe(0);
    for (const columns of [80, 60]) {
      const r = await runMeld([], { db, columns });
      expect(r.exitCode).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeLessThanOrEqual(30);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
      for (const part of ['Due now (', 'No next step (', 'Stale (', 'Active campaigns ('])
        expect(r.stdout).toContain(part);
    }
  });

  it('says what to do when there are campaigns but no prospects', async () => {
    const db = tempDbPath();
    await runMeld(['campaign', 'add', 'Spring Webinar'], { db });
    const r = await runMeld(['today'], { db });
    expect(r.stdout).toBe(
      'Friday 27 November 2026\n\nNothing due today.\n\nActive campaigns (1) prospects per week\n' +
        '  Spring Webinar: 0 prospects since 2026-11-27 (just started), never adjusted\n\n' +
        'No prospects yet: meld add-prospect "Ana Souza" --follow-up tomorrow\n',
    );
  });
});
