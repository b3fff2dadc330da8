import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addProspect } from '../../src/domain/prospects.js';
import type { Db } from '../../src/domain/types.js';
import { FileStore } from '../../src/store/store.js';
import { BIN } from '../helpers/cli.js';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';
import { runRaw } from '../helpers/raw.js';

const addOne = (name: string) => (db: Db) => {
  const p = addProspect(db, { name }, new Date('2026-11-27T10:00:00Z'));
  return { summary: `add-prospect ${p.name} (#${p.id})`, result: p.id };
};
const names = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as Db).prospects.map((p) => p.name);

describe('a data file that is a symlink (into a synced folder)', () => {
  it('saves, backs up and undoes through the link: the link stays a link, backups are plain files', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'Dropbox'));
    const real = join(dir, 'Dropbox', 'meld.json');
    const link = join(dir, 'meld.json');
    symlinkSync(real, link);
    await seed(link, [
      ['add-prospect', 'Ana'],
      ['add-prospect', 'Bo'],
      ['add-prospect', 'Cy'],
    ]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(names(real)).toEqual(['Ana', 'Bo', 'Cy']);
    for (const name of readdirSync(`${link}.d`)) {
      const stat = lstatSync(join(`${link}.d`, name));
      expect(stat.isFile(), name).toBe(true);
    }
    const undo = await runMeld(['undo'], { db: link });
    expect(undo.exitCode).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(names(real)).toEqual(['Ana', 'Bo']);
    // A backup is a snapshot: the synced program writing into the file in place does not change it.
    writeFileSync(real, readFileSync(real, 'utf8').replace('"Bo"', '"Bob"'));
    expect((await runMeld(['undo'], { db: link })).exitCode).toBe(0);
    expect(names(real)).toEqual(['Ana']);
  });
});

describe('a missing data file whose history exists', () => {
  it('is refused with the way back; --new starts anew on purpose, and undo brings the old one back', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'Ana'],
      ['add-prospect', 'Bo'],
    ]);
    renameSync(db, `${db}.away`);
    const r = await runMeld(['add-prospect', 'X'], { db });
    expect(r.exitCode).toBe(1);
    // The date is when the change was saved (the real clock).
    expect(r.stderr.split('\n')[0]?.replace(/\d{4}-\d\d-\d\d/, '<day>')).toBe(
      `error: ${db} is missing, but ${db}.d/ holds its history (last change <day>: add-prospect Bo (#2)); nothing was changed`,
    );
    expect(r.stderr).toContain(`${db}.d/latest.json`);
    expect(existsSync(db)).toBe(false);
    expect((await runMeld(['today'], { db })).exitCode).toBe(1);
    const doctor = await runRaw(['doctor', '--json'], db);
    expect(JSON.parse(doctor.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['missing-file']);
    // The last state meld saved is kept.
    expect(names(`${db}.d/latest.json`)).toEqual(['Ana', 'Bo']);

    const fresh = await runMeld(['--new', 'add-prospect', 'X'], { db });
    expect(fresh.exitCode).toBe(0);
    expect(names(db)).toEqual(['X']);
    expect((await runMeld(['undo'], { db })).exitCode).toBe(0);
    expect(names(db)).toEqual(['Ana', 'Bo']);
  });
});

describe('a missing data file whose history holds only the change that created it', () => {
  it('is refused too (not taken for a first save that never landed), and undo after --new brings it back', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana']]);
    rmSync(db);
    const r = await runMeld(['add-prospect', 'X'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`is missing, but ${db}.d/ holds its history`);
    expect(existsSync(db)).toBe(false);
    expect(names(`${db}.d/latest.json`)).toEqual(['Ana']);
    expect((await runMeld(['--new', 'add-prospect', 'X'], { db })).exitCode).toBe(0);
    expect((await runMeld(['undo'], { db })).exitCode).toBe(0);
    expect(names(db)).toEqual(['Ana']);
  });
});

describe('a data file meld cannot reach', () => {
  it('doctor reports a symlink loop (every command fails on it) instead of "no data file yet"', async () => {
    const dir = tempDir();
    symlinkSync('b.json', join(dir, 'a.json'));
    symlinkSync('a.json', join(dir, 'b.json'));
    const db = join(dir, 'a.json');
    expect((await runMeld(['add-prospect', 'X'], { db })).exitCode).toBe(1);
    const doctor = await runRaw(['doctor', '--json'], db);
    expect(doctor.exitCode).toBe(1);
    expect(JSON.parse(doctor.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['unreachable']);
  });
});

describe('owner and mode of the data file', () => {
  const root = process.getuid?.() === 0;

  it('refuses to rewrite a read-only file', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana']]);
    chmodSync(db, 0o400);
    const before = readFileSync(db);
    const r = await runMeld(['add-prospect', 'Bo'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: ${db} is read-only (mode 400); nothing was changed`);
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(statSync(db).mode & 0o777).toBe(0o400);
  });

  it.skipIf(!root)('root saving another user’s file keeps it theirs, with its mode (and its backups)', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana']]);
    chmodSync(db, 0o640);
    chownSync(db, 65534, 65534);
    expect((await runMeld(['add-prospect', 'Bo'], { db })).exitCode).toBe(0);
    const stat = statSync(db);
    expect([stat.uid, stat.gid, stat.mode & 0o777]).toEqual([65534, 65534, 0o640]);
    expect(statSync(`${db}.d`).uid).toBe(65534);
    expect((await runMeld(['undo'], { db })).exitCode).toBe(0);
    expect([statSync(db).uid, statSync(db).mode & 0o777]).toEqual([65534, 0o640]);
  });

  const setpriv = root && spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(!setpriv)('another user (nobody) cannot take over a file that is not theirs', async (test) => {
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const db = join(dir, 'meld.json');
    await seed(db, [['add-prospect', 'Ana']]);
    chmodSync(db, 0o666);
    const before = readFileSync(db);
    const asNobody = (...args: string[]) =>
      spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', ...args], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, MELD_DB: db, TZ: 'UTC', HOME: dir },
      });
    if (asNobody(process.execPath, '-e', '0').status !== 0) {
      console.warn(`skipped: the user nobody cannot run ${process.execPath} (it sits in a folder closed to others)`);
      test.skip();
    }
    // The checkout may sit in a folder only its owner can enter (a mktemp -d clone): nobody runs
    // a copy of the built meld from the test's own open folder.
    const copy = join(dir, 'meld-copy');
    cpSync(join(BIN, '..', '..', 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(BIN, '..', '..', 'dist'), join(copy, 'dist'), { recursive: true });
    for (const path of [copy, join(copy, 'bin'), join(copy, 'dist'), join(copy, 'dist', 'vendor')])
      if (existsSync(path)) chmodSync(path, 0o755);
    const r = asNobody(process.execPath, join(copy, 'bin', 'meld.js'), 'add-prospect', 'Bo');
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: ${db} belongs to another user (uid 0); saving would make it yours and lock them out; nothing was changed`,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(statSync(db).uid).toBe(0);
  });
});

describe('outside writes during a save (a sync tool rewriting the file)', () => {
  /** What a sync tool does: a whole new file renamed over the data file. */
  const outsideWrite = (db: string, name: string) => {
    const data = JSON.parse(readFileSync(db, 'utf8')) as Db & { synced?: string };
    data.synced = name;
    writeFileSync(`${db}.sync-tmp`, JSON.stringify(data));
    renameSync(`${db}.sync-tmp`, db);
  };

  it('refuses the save when the file changed while the backup and journal were written, losing nothing', async () => {
    const db = tempDbPath();
    await new FileStore(db).write(addOne('Ana'));
    const store = new FileStore(db, { hooks: { afterRecord: async () => outsideWrite(db, 'from-sync') } });
    await expect(store.write(addOne('Bo'))).rejects.toThrow(
      `${db} was changed by another program while meld was saving; nothing was saved`,
    );
    expect(JSON.parse(readFileSync(db, 'utf8')).synced).toBe('from-sync');
    expect((await new FileStore(db).history()).map((h) => h.summary)).toEqual(['add-prospect Ana (#1)']);
  });

  it('keeps a version that slipped in at the last moment as a conflict copy, named in a notice', async () => {
    const db = tempDbPath();
    await new FileStore(db).write(addOne('Ana'));
    const notices: string[] = [];
    const store = new FileStore(db, {
      notice: (m) => notices.push(m),
      hooks: { afterCheck: async () => outsideWrite(db, 'last-moment') },
    });
    await store.write(addOne('Bo'));
    expect(names(db)).toEqual(['Ana', 'Bo']);
    const copies = readdirSync(join(db, '..')).filter((n) => n.startsWith('meld.json.conflict-'));
    expect(copies).toHaveLength(1);
    const copy = join(db, '..', copies[0]!);
    expect(JSON.parse(readFileSync(copy, 'utf8')).synced).toBe('last-moment');
    expect(notices).toEqual([
      `another program wrote ${db} at the moment meld saved it; meld's change is saved and that version is kept as ${copy}`,
    ]);
  });
});

describe('limits, with a clear error before anything is written', () => {
  it('a fifo as the data file is refused at once (no hang)', async () => {
    const db = join(tempDir(), 'meld.json');
    expect(spawnSync('mkfifo', [db]).status).toBe(0);
    for (const args of [['today'], ['add-prospect', 'X']]) {
      const r = await runRaw(args, db);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(
        `error: ${db} is a fifo (named pipe), not a regular file; meld keeps its data in a regular file`,
      );
    }
    expect(statSync(db).isFIFO()).toBe(true);
  });

  it('a file name too long for the files meld keeps beside it', async () => {
    const db = join(tempDir(), `${'n'.repeat(236)}.json`);
    const r = await runRaw(['add-prospect', 'X'], db);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: the data file name is too long (241 bytes): meld keeps files beside it with names up to 40 bytes longer, and a file system allows 255',
    );
    expect(readdirSync(join(db, '..'))).toEqual([]);
  });

  it('an id past 2^53 - 1', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana']]);
    const data = JSON.parse(readFileSync(db, 'utf8')) as Db;
    data.lastIds.prospect = Number.MAX_SAFE_INTEGER;
    writeFileSync(db, JSON.stringify(data));
    const before = readFileSync(db);
    const r = await runRaw(['add-prospect', 'Bo'], db);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: no prospect ids left: the last one used is ${Number.MAX_SAFE_INTEGER}, the largest meld can store`,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
    expect((await runRaw(['today'], db)).exitCode).toBe(0);
  });

  it('a user field nested 50,000 deep: writes refuse in one line, doctor shows where', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana']]);
    const text = readFileSync(db, 'utf8').replace(
      '"version": 4,',
      `"version": 4, "deep": ${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)},`,
    );
    writeFileSync(db, text);
    const r = await runRaw(['add-prospect', 'Bo'], db);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: ${db} holds a value nested too deep to save; nothing was changed`);
    expect(readFileSync(db, 'utf8')).toBe(text);
    const doctor = JSON.parse((await runRaw(['doctor', '--json'], db)).stdout);
    expect(doctor.findings.map((f: { code: string; where: string }) => [f.code, f.where])).toEqual([
      ['too-deep', 'deep.a.a.a.a.a…'],
    ]);
  });
});
