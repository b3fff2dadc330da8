import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addProspect } from '../../src/domain/prospects.js';
import type { Db } from '../../src/domain/types.js';
import { FileStore, SAVE_TRIES } from '../../src/store/store.js';
import { tempDbPath } from '../helpers/harness.js';

/*
 * Programs that write the data file while meld saves it: an editor that truncates the file and
 * writes it again in place (same inode; with the same size and time it looks untouched), a sync
 * tool that renames a new version over it. No version may be lost: a save made from an old
 * version is made again on the new one, and a version meld's save displaced is kept as a
 * conflict copy.
 */

const addOne = (name: string) => (db: Db) => {
  const p = addProspect(db, { name }, new Date('2026-12-01T10:00:00Z'));
  return { summary: `add-prospect ${name} (#${p.id})`, result: p };
};
const names = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as Db).prospects.map((p) => p.name);
const conflicts = (db: string) => readdirSync(join(db, '..')).filter((n) => n.startsWith('meld.json.conflict-'));

/**
 * What an editor does: the same file (inode) truncated and written again, here the same length,
 * and its modification time put back to the nanosecond, so only the content tells.
 */
function rewriteInPlace(db: string, from: string, to: string): void {
  const text = readFileSync(db, 'utf8');
  expect(from.length).toBe(to.length);
  const before = statSync(db, { bigint: true });
  const ref = `${db}.timeref`;
  writeFileSync(ref, '');
  expect(spawnSync('touch', ['-m', '-r', db, ref]).status).toBe(0);
  writeFileSync(db, text.replace(from, to)); // O_TRUNC: same inode
  expect(spawnSync('touch', ['-m', '-r', ref, db]).status).toBe(0);
  const after = statSync(db, { bigint: true });
  expect([after.ino, after.size, after.mtimeNs]).toEqual([before.ino, before.size, before.mtimeNs]);
  renameSync(ref, `${db}.timeref-done`);
}

/** What a sync tool does: a whole new file renamed over the data file. */
function replaceWith(db: string, edit: (data: Db & { synced?: number }) => void): void {
  const data = JSON.parse(readFileSync(db, 'utf8')) as Db & { synced?: number };
  edit(data);
  writeFileSync(`${db}.sync-tmp`, JSON.stringify(data));
  renameSync(`${db}.sync-tmp`, db);
}

describe('programs writing the data file while meld saves it', () => {
  // Settled: the file has not changed for a while (settled.ts), so the check goes by its ctime
  // rather than its content; the rewrite, which keeps inode, size and mtime, still moves the ctime.
  it.each([
    ['just written', 0],
    ['settled', 150],
  ])(
    'an in-place rewrite before the check (same inode, size and time) of a file %s is seen, and the change is made again on it',
    async (_, waitMs) => {
      const db = tempDbPath();
      await new FileStore(db).write(addOne('Ana'));
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      let once = true;
      const store = new FileStore(db, {
        hooks: {
          afterRecord: async () => {
            if (once) rewriteInPlace(db, '"Ana"', '"Bia"');
            once = false;
          },
        },
      });
      await store.write(addOne('Cleo'));
      expect(names(db)).toEqual(['Bia', 'Cleo']);
      expect(conflicts(db)).toEqual([]);
      expect((await new FileStore(db).history()).map((h) => h.summary)).toEqual([
        'add-prospect Cleo (#2)',
        'add-prospect Ana (#1)',
      ]);
    },
  );

  it('an in-place rewrite at the last moment is kept as a conflict copy, named in a notice', async () => {
    const db = tempDbPath();
    await new FileStore(db).write(addOne('Ana'));
    const notices: string[] = [];
    const store = new FileStore(db, {
      notice: (m) => notices.push(m),
      hooks: { afterCheck: async () => rewriteInPlace(db, '"Ana"', '"Bia"') },
    });
    await store.write(addOne('Cleo'));
    expect(names(db)).toEqual(['Ana', 'Cleo']);
    const copies = conflicts(db);
    expect(copies).toHaveLength(1);
    const copy = join(db, '..', copies[0]!);
    expect(names(copy)).toEqual(['Bia']);
    expect(notices).toEqual([
      `another program wrote ${db} at the moment meld saved it; meld's change is saved and that version is kept as ${copy}`,
    ]);
  });

  it('a save that meets a new version a few times in a row lands on the last one, with both changes', async () => {
    const db = tempDbPath();
    await new FileStore(db).write(addOne('Ana'));
    let writes = 0;
    const store = new FileStore(db, {
      hooks: {
        afterRecord: async () => {
          if (writes < 3) replaceWith(db, (d) => void (d.synced = ++writes));
        },
      },
    });
    await store.write(addOne('Bo'));
    expect(writes).toBe(3);
    expect(names(db)).toEqual(['Ana', 'Bo']);
    expect(JSON.parse(readFileSync(db, 'utf8')).synced).toBe(3);
    expect(conflicts(db)).toEqual([]);
  });

  it(`gives up after ${SAVE_TRIES} tries against a writer that never stops, leaving its version in place`, async () => {
    const db = tempDbPath();
    await new FileStore(db).write(addOne('Ana'));
    let writes = 0;
    const store = new FileStore(db, {
      hooks: { afterRecord: async () => replaceWith(db, (d) => void (d.synced = ++writes)) },
    });
    await expect(store.write(addOne('Bo'))).rejects.toThrow(
      `${db} was changed by another program while meld was saving; nothing was saved`,
    );
    expect(writes).toBe(SAVE_TRIES);
    expect(names(db)).toEqual(['Ana']);
    expect(JSON.parse(readFileSync(db, 'utf8')).synced).toBe(SAVE_TRIES);
    expect((await new FileStore(db).history()).map((h) => h.summary)).toEqual(['add-prospect Ana (#1)']);
  });
});
