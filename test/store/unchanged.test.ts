import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { FileStore } from '../../src/store/store.js';
import { tempDbPath } from '../helpers/harness.js';

describe('a change that finds nothing to do', () => {
  it('leaves the file, its modification time and the history untouched', async () => {
    const path = tempDbPath();
    const store = new FileStore(path);
    await store.write((db) => {
      db.config.staleDays = 10;
      return { summary: 'config set stale-days 10', result: null };
    });
    const before = readFileSync(path);
    const mtime = statSync(path).mtimeMs;
    const result = await store.write(() => ({
      summary: 'import same.csv: 0 added',
      result: 'nothing',
      unchanged: true,
    }));
    expect(result).toBe('nothing');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(statSync(path).mtimeMs).toBe(mtime);
    expect((await store.history()).map((h) => h.summary)).toEqual(['config set stale-days 10']);
  });

  it('creates no file when there was none', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(() => ({ summary: 'nothing', result: 0, unchanged: true }));
    expect(existsSync(path)).toBe(false);
  });
});
