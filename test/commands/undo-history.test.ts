import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, rmSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEEP_CHANGES } from '../../src/store/backups.js';
import { runMeld, tempDbPath, tempDir } from '../helpers/harness.js';
import { runRaw } from '../helpers/raw.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('meld undo', () => {
  it('reverts the last change and says what it undid', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Li Wei'], { db });
    const before = readFileSync(db);
    const add = await runMeld(['add-prospect', 'Ana Souza', '--email', 'ana@acme.io'], { db });
    expect(add.exitCode).toBe(0);
    const r = await runMeld(['undo'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('undid: add-prospect Ana Souza (#2)');
    expect(r.stderr).toContain('1 earlier change can still be undone');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('goes one step further back each time, for at least 20 steps, byte for byte', async () => {
    const db = tempDbPath();
    const states: Buffer[] = [];
    for (let i = 1; i <= 24; i++) {
      const r = await runMeld(['add-prospect', `Person ${i}`], { db });
      expect(r.exitCode).toBe(0);
      states.push(readFileSync(db));
    }
    for (let i = 24; i >= 3; i--) {
      const r = await runMeld(['undo'], { db });
      expect(r.stderr.split('\n')[0]).toBe(`undid: add-prospect Person ${i} (#${i})`);
      expect(readFileSync(db).equals(states[i - 2]!)).toBe(true);
    }
    const json = await runMeld(['undo', '--json'], { db });
    expect(JSON.parse(json.stdout)).toMatchObject({
      undone: 'add-prospect Person 2 (#2)',
      remaining: 1,
      outsideEdit: false,
    });
  });

  it('undoes the very first change by removing the file it created', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Ana'], { db });
    const r = await runMeld(['undo'], { db });
    expect(r.stderr.split('\n')[0]).toBe('undid: add-prospect Ana (#1)');
    expect(existsSync(db)).toBe(false);
    const again = await runMeld(['undo'], { db });
    expect(again.exitCode).toBe(1);
    expect(again.stderr.split('\n')[0]).toBe('error: nothing to undo: meld has no earlier version of this file');
  });

  it('says there is nothing to undo on a file meld never changed', async () => {
    const r = await runMeld(['undo']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: nothing to undo: meld has no earlier version of this file');
  });

  it('refuses, changing nothing, when the backup it needs was deleted', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Ana'], { db });
    await runMeld(['add-prospect', 'Bo'], { db });
    const now = readFileSync(db);
    rmSync(join(`${db}.d`, '000002.json'));
    const r = await runMeld(['undo'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: the backup of the file before "add-prospect Bo (#2)" is missing (${db}.d/000002.json); nothing was undone`,
    );
    expect(readFileSync(db).equals(now)).toBe(true);
  });

  it('brings back a file broken by hand, keeping the broken one aside', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Ana'], { db });
    const good = readFileSync(db);
    await runMeld(['add-prospect', 'Bo'], { db });
    writeFileSync(db, '{"version": 2, "prospects": [');
    const r = await runRaw(['undo'], db);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('undid: add-prospect Bo (#2)');
    expect(r.stderr).toContain(
      'the file changed on disk after meld saved that change (edited, touched or copied?); the undo replaced that version too',
    );
    expect(readFileSync(db).equals(good)).toBe(true);
    const kept = readdirSync(`${db}.d`).filter((n) => n.startsWith('undone-'));
    expect(kept.map((n) => readFileSync(join(`${db}.d`, n), 'utf8'))).toContain('{"version": 2, "prospects": [');
  });
});

describe('meld history', () => {
  it('lists the recent changes newest first, as a table and as JSON', async () => {
    const db = tempDbPath();
    // Each change is dated by the command's clock (the context's), not the machine's.
    await runMeld(['campaign', 'add', 'Spring Webinar'], { db, now: '2026-11-02T09:15:00Z' });
    await runMeld(['add-prospect', 'Ana Souza'], { db, now: '2026-11-03T16:40:30Z' });
    const table = await runMeld(['history'], { db });
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toBe(
      'UNDO  WHEN              CHANGE\n' +
        '   1  2026-11-03 16:40  add-prospect Ana Souza (#1)\n' +
        '   2  2026-11-02 09:15  campaign add Spring Webinar (spring-webinar)\n',
    );
    const json = JSON.parse((await runMeld(['history', '--json', '--limit', '1'], { db })).stdout);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ step: 1, summary: 'add-prospect Ana Souza (#1)', at: '2026-11-03T16:40:30.000Z' });
  });

  it('says so when nothing was recorded yet', async () => {
    const r = await runMeld(['history']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('  no changes recorded yet\n');
  });

  it(`keeps the last ${KEEP_CHANGES} changes and prunes older backups`, async () => {
    const db = tempDbPath();
    for (let i = 1; i <= KEEP_CHANGES + 6; i++) await runMeld(['add-prospect', `P${i}`], { db });
    const json = JSON.parse((await runMeld(['history', '--json', '--limit', '1000'], { db })).stdout);
    expect(json).toHaveLength(KEEP_CHANGES);
    expect(json.at(-1).summary).toBe(`add-prospect P7 (#7)`);
    const backups = readdirSync(`${db}.d`).filter((n) => /^\d+\.json$/.test(n));
    expect(backups).toHaveLength(KEEP_CHANGES);
  });
});

describe('permissions of the data', () => {
  it('creates the data file 0600 and its new folder and the backup folder 0700, backups 0600', async () => {
    const dir = join(tempDir(), 'nested', 'meld');
    const db = join(dir, 'meld.json');
    await runMeld(['add-prospect', 'Ana'], { db });
    await runMeld(['add-prospect', 'Bo'], { db });
    await runMeld(['undo'], { db });
    expect(mode(db)).toBe(0o600);
    expect(mode(dir)).toBe(0o700);
    expect(mode(`${db}.d`)).toBe(0o700);
    const files = readdirSync(`${db}.d`);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect({ f, mode: mode(join(`${db}.d`, f)) }).toEqual({ f, mode: 0o600 });
  });

  it('keeps the mode of a hand-made 0644 file (its owner chose it), while the backups are private', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    const db = join(dir, 'meld.json');
    await runMeld(['add-prospect', 'Ana'], { db });
    chmodSync(db, 0o644);
    expect(mode(db)).toBe(0o644);
    await runMeld(['add-prospect', 'Bo'], { db });
    expect(mode(db)).toBe(0o644);
    expect(mode(`${db}.d`)).toBe(0o700);
    // latest.json is the data file itself (a hard link), in the private folder.
    for (const f of readdirSync(`${db}.d`).filter((n) => n !== 'latest.json'))
      expect(mode(join(`${db}.d`, f))).toBe(0o600);
    await runMeld(['undo'], { db });
    expect(mode(db)).toBe(0o644);
  });
});
