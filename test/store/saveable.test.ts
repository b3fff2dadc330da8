import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/store.js';
import { tempDbPath } from '../helpers/harness.js';
import { followUp, prospect } from '../helpers/records.js';

// The check before every save (load.ts checkSaveable) looks only for errors (the warnings' work
// is skipped) and knows the listed time zones without a DateTimeFormat: a change that would
// leave the file unloadable is still refused, the file and its history untouched.
async function seeded(): Promise<{ path: string; store: FileStore; text: string }> {
  const path = tempDbPath();
  const store = new FileStore(path);
  await store.write((db) => {
    db.prospects.push(prospect({ id: 1 }));
    db.lastIds.prospect = 1;
    return { summary: 'add-prospect Ana (#1)', result: null };
  });
  return { path, store, text: readFileSync(path, 'utf8') };
}

describe('a change that would leave the file unloadable', () => {
  it('is refused when it points a follow-up at a missing prospect', async () => {
    const { path, store, text } = await seeded();
    const attempt = store.write((db) => {
      db.followUps.push(followUp({ id: 1, prospectId: 7 }));
      db.lastIds.followUp = 1;
      return { summary: 'followup add', result: null };
    });
    await expect(attempt).rejects.toThrow(
      `meld refused to save ${path}: the change would leave followUps[0].prospectId: no prospect #7; nothing was changed`,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect((await store.history()).map((h) => h.summary)).toEqual(['add-prospect Ana (#1)']);
  });

  it('is refused when it sets a time zone the runtime does not know, not one it lists', async () => {
    const { path, store, text } = await seeded();
    const setZone = (zone: string) =>
      store.write((db) => {
        db.config.timezone = zone;
        return { summary: `config set timezone ${zone}`, result: null };
      });
    await expect(setZone('Europe/Pariss')).rejects.toThrow(
      `meld refused to save ${path}: the change would leave config.timezone: unknown time zone "Europe/Pariss"; nothing was changed`,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
    await setZone('Asia/Kolkata');
    await setZone('Asia/Calcutta');
    expect(JSON.parse(readFileSync(path, 'utf8')).config.timezone).toBe('Asia/Calcutta');
  });

  it('is saved when it only leaves warnings (a duplicate email, a referrer gone)', async () => {
    const { path, store } = await seeded();
    await store.write((db) => {
      db.prospects.push(prospect({ id: 2, email: db.prospects[0]!.email, referredBy: 40 }));
      db.lastIds.prospect = 2;
      return { summary: 'add-prospect Bo (#2)', result: null };
    });
    expect(JSON.parse(readFileSync(path, 'utf8')).prospects.map((p: { id: number }) => p.id)).toEqual([1, 2]);
  });
});
