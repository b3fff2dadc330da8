import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '../../src/domain/types.js';
import { KEEP_CHANGES } from '../../src/store/backups.js';
import { meld, meldAsync } from '../helpers/cli.js';
import { tempDbPath } from '../helpers/harness.js';

// Needs the built binary: `npm run build` first (npm test does).
const WRITERS = 30;

describe('many meld processes writing one file at the same moment', () => {
  it(`keeps every record: ${WRITERS} concurrent add-prospect give ${WRITERS} prospects with distinct ids`, async () => {
    const path = tempDbPath();
    expect(meld(['campaign', 'add', 'Spring Webinar'], { db: path }).status).toBe(0);
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        meldAsync(['add-prospect', `Writer ${i}`, '--email', `w${i}@example.com`, '--campaign', 'spring-webinar'], {
          db: path,
        }),
      ),
    );
    for (const r of results) expect({ status: r.status, stderr: r.stderr.split('\n')[0] }).toMatchObject({ status: 0 });
    const db = JSON.parse(readFileSync(path, 'utf8')) as Db;
    expect(db.prospects).toHaveLength(WRITERS);
    expect(new Set(db.prospects.map((p) => p.id)).size).toBe(WRITERS);
    expect(db.prospects.map((p) => p.id)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
    expect(new Set(db.prospects.map((p) => p.name))).toEqual(
      new Set(Array.from({ length: WRITERS }, (_, i) => `Writer ${i}`)),
    );
    expect(db.lastIds.prospect).toBe(WRITERS);
    // Every change is in the history (up to the number kept), and nothing is left behind.
    const history = JSON.parse(meld(['history', '--json', '--limit', '100'], { db: path }).stdout) as unknown[];
    expect(history).toHaveLength(Math.min(WRITERS + 1, KEEP_CHANGES));
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(readdirSync(dirname(path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it(`waits as long as the queue moves: ${WRITERS} writers land though a stuck holder is given up on after 1 s`, async () => {
    // A fixed wait made writers give up on a busy machine however well the queue moved (2-6 of
    // 30 with the 10 s wait beside two busy loops): here each writer may wait only 1 s for a
    // holder that does no work, far less than the queue takes, and all must land.
    const path = tempDbPath();
    expect(meld(['campaign', 'add', 'Spring Webinar'], { db: path }).status).toBe(0);
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        meldAsync(['add-prospect', `Writer ${i}`], { db: path, env: { MELD_TEST_LOCK_TIMEOUT_MS: '1000' } }),
      ),
    );
    for (const r of results)
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.anything() });
    const db = JSON.parse(readFileSync(path, 'utf8')) as Db;
    expect(db.prospects.map((p) => p.id)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
  }, 120_000);
});
