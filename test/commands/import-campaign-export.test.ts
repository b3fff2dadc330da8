import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath, tempDir } from '../helpers/harness.js';

describe("import of meld's campaigns export", () => {
  it('is refused in one line, CSV or JSON, rather than read as people', async () => {
    const source = tempDbPath();
    await runMeld(['campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200'], { db: source });
    const dir = tempDir();
    const into = tempDbPath();
    for (const format of ['csv', 'json'] as const) {
      const file = join(dir, `campaigns.${format}`);
      expect((await runMeld(['export', 'campaigns', '--format', format, '--out', file], { db: source })).exitCode).toBe(
        0,
      );
      const r = await runMeld(['import', file], { db: into });
      expect([r.exitCode, r.stdout, r.stderr]).toEqual([
        1,
        '',
        `error: "campaigns.${format}" is meld's campaigns export: campaigns are not imported from it\n` +
          '  hint: add them with meld campaign add (their spend with meld campaign spend), or import a whole data file (meld import meld.json)\n',
      ]);
    }
    expect(existsSync(into)).toBe(false);
    // The whole data file brings the campaign back, spend and all.
    const whole = await runMeld(['import', source], { db: into });
    expect(whole.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(into, 'utf8')).campaigns.map((c: { id: string }) => c.id)).toEqual([
      'spring-webinar',
    ]);
  });
});
