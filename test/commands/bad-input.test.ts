import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { badInputPlace, invocations, problemsWith, SEED } from '../helpers/bad-input.js';
import { runMeld, seed } from '../helpers/harness.js';

describe('malformed invocations', () => {
  it('fail cleanly, every one, and never change a byte of the data', async () => {
    const { db, folder } = badInputPlace();
    await seed(db, SEED);
    const data = readFileSync(db);
    const history = readFileSync(`${db}.d/history.json`);
    const list = invocations(folder, db);
    expect(list.length).toBeGreaterThanOrEqual(200);
    const problems: string[] = [];
    for (const args of list) {
      const r = await runMeld(args, { db });
      problems.push(...problemsWith(args, { status: r.exitCode, stdout: r.stdout, stderr: r.stderr }));
    }
    expect(problems).toEqual([]);
    expect(readFileSync(db).equals(data)).toBe(true);
    expect(readFileSync(`${db}.d/history.json`).equals(history)).toBe(true);
  });
});
