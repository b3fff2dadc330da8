import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';

async function twoKinds(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200'],
    ['add-prospect', 'Ana Souza', '--campaign', 'spring-webinar', '--follow-up', '2026-12-03'],
  ]);
  return db;
}

describe('export --out never replaces what it must not', () => {
  it('refuses the data file, its history folder, its lock and a link to it, changing nothing', async () => {
    const db = await twoKinds();
    const journal = join(`${db}.d`, 'history.json');
    const link = join(tempDir(), 'alias.json');
    symlinkSync(db, link);
    const before = [readFileSync(db), readFileSync(journal)];
    for (const out of [db, journal, `${db}.lock`, link, join(`${db}.d`, 'new.csv')]) {
      const r = await runMeld(['export', 'prospects', '--out', out], { db });
      expect(r.exitCode, out).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(
        `error: cannot write "${out}": it is meld's data file or one of the files meld keeps with it; nothing was changed`,
      );
    }
    expect(readFileSync(db).equals(before[0]!)).toBe(true);
    expect(readFileSync(journal).equals(before[1]!)).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('follows a symlink: the file it points to is written and the link stays a link', async () => {
    const db = await twoKinds();
    const dir = tempDir();
    mkdirSync(join(dir, 'synced'));
    const real = join(dir, 'synced', 'prospects.csv');
    writeFileSync(real, 'old');
    const link = join(dir, 'prospects.csv');
    symlinkSync(real, link);
    const r = await runMeld(['export', 'prospects', '--out', link], { db });
    expect(r.exitCode).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, 'utf8')).toMatch(/^\uFEFFid,name,email/);
  });

  it('keeps the mode of a file it replaces', async () => {
    const db = await twoKinds();
    const out = join(tempDir(), 'prospects.csv');
    writeFileSync(out, 'old', { mode: 0o640 });
    expect((await runMeld(['export', 'prospects', '--out', out], { db })).exitCode).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o640);
  });

  it('writes into a fifo as a stream, leaving it a fifo', async () => {
    const db = await twoKinds();
    const fifo = join(tempDir(), 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d) => {
      got += String(d);
    });
    const done = new Promise((resolve) => reader.on('close', resolve));
    const r = await runMeld(['export', 'prospects', '--format', 'json', '--out', fifo], { db });
    await done;
    expect(r.exitCode).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(got).map((p: { name: string }) => p.name)).toEqual(['Ana Souza']);
  });

  it('writes into a character device through a link, never replacing the device', async () => {
    const db = await twoKinds();
    const link = join(tempDir(), 'sink');
    symlinkSync('/dev/null', link);
    const r = await runMeld(['export', 'prospects', '--out', link], { db });
    expect(r.exitCode).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});
