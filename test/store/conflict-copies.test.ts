import { copyFileSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/domain/types.js';
import { runMeld, tempDir } from '../helpers/harness.js';
import { followUp, prospect } from '../helpers/records.js';

const read = (file: string): Db => JSON.parse(readFileSync(file, 'utf8')) as Db;

const SCHEMES: Array<[string, string, string]> = [
  ['Syncthing', 'meld.sync-conflict-20261201-101500-ABCDEF7.json', 'Syncthing, device ABCDEF7'],
  ['Dropbox', 'meld (conflicted copy 2026-12-01).json', 'Dropbox'],
  ['Dropbox with a device name', "meld (Laptop's conflicted copy 2026-12-01).json", 'Dropbox, device Laptop'],
  ['Nextcloud', 'meld (conflicted copy 2026-12-01 101500).json', 'Nextcloud'],
  ['ownCloud and older Nextcloud', 'meld_conflict-20261201-101500.json', 'Nextcloud'],
  ['OneDrive', 'meld-LAPTOP-4F2A.json', 'OneDrive, device LAPTOP-4F2A'],
];

/** A data file with Ana (#1), a conflict copy of that version to which another device added Carla (#2), then Bob (#2) here. */
async function diverged(copyName: string) {
  const dir = tempDir();
  const db = join(dir, 'meld.json');
  expect((await runMeld(['add-prospect', 'Ana Souza'], { db })).exitCode).toBe(0);
  const copy = join(dir, copyName);
  copyFileSync(db, copy);
  const theirs = read(copy);
  theirs.prospects.push(prospect({ id: 2, name: 'Carla Dias', createdAt: '2026-11-27T11:00:00.000Z' }));
  theirs.followUps.push(followUp({ id: 1, prospectId: 2, createdAt: '2026-11-27T11:00:01.000Z' }));
  theirs.lastIds = { ...theirs.lastIds, prospect: 2, followUp: 1 };
  writeFileSync(copy, JSON.stringify(theirs, null, 2));
  // the version both had is older than both (mtimes are what tells)
  const past = new Date(Date.now() - 60_000);
  utimesSync(db, past, past);
  expect((await runMeld(['add-prospect', 'Bruno Lima'], { db })).exitCode).toBe(0);
  return { dir, db, copy };
}

describe('conflict copies from synced folders', () => {
  it.each(SCHEMES)(
    '%s: doctor lists the copy, --fix merges it record by record, one undo takes it back',
    async (_tool, name, from) => {
      const { dir, db, copy } = await diverged(name);
      const listed = await runMeld(['doctor'], { db });
      expect(listed.stdout).toContain(`! a conflict copy left by ${from}: ${copy}\n`);
      expect(listed.exitCode).toBe(1);
      const before = readFileSync(db, 'utf8');

      const fixed = await runMeld(['doctor', '--fix'], { db });
      expect(fixed.stdout).toContain(
        `✓ merged the conflict copy ${copy} (${from}): 1 prospect added, 1 follow-up added\n`,
      );
      expect(fixed.stdout).toContain('✓   renumbered #2 Carla Dias (theirs) → #3\n');
      expect(fixed.exitCode).toBe(0);
      const merged = read(db);
      expect(merged.prospects.map((p) => `${p.id} ${p.name}`)).toEqual(['1 Ana Souza', '2 Bruno Lima', '3 Carla Dias']);
      expect(merged.followUps.map((f) => f.prospectId)).toEqual([3]);
      expect(existsSync(copy)).toBe(false);
      expect(readdirSync(join(dir, 'meld.json.d')).filter((f) => f.startsWith('conflict-copy-'))).toHaveLength(1);
      expect((await runMeld(['doctor'], { db })).exitCode).toBe(0);

      expect((await runMeld(['undo'], { db })).stderr).toContain(`undid: doctor --fix: merged conflict copy ${name}`);
      expect(readFileSync(db, 'utf8')).toBe(before);
    },
  );

  it('leaves alone a file that merely looks like a copy but is not a meld file, and says so', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    await runMeld(['add-prospect', 'Ana Souza'], { db });
    const copy = join(dir, 'meld.sync-conflict-20261201-101500-ABCDEF7.json');
    writeFileSync(copy, '{"hello": 1}');
    const fixed = await runMeld(['doctor', '--fix'], { db });
    expect(fixed.stdout).toContain(
      `✓ left the conflict copy ${copy} alone: the other version (${copy}) is not a meld data file`,
    );
    expect(existsSync(copy)).toBe(true);
    expect(fixed.exitCode).toBe(1);
  });

  it('does not take names that only resemble a copy (meld-backup.json, meld.json.bak)', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    await runMeld(['add-prospect', 'Ana Souza'], { db });
    for (const n of [
      'meld-backup.json',
      'meld.json.bak',
      'meld (copy).json',
      'other.sync-conflict-20261201-101500-ABCDEF7.json',
    ])
      copyFileSync(db, join(dir, n));
    expect((await runMeld(['doctor'], { db })).exitCode).toBe(0);
  });
});
