import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';
import { meldLimited, type SmallDisk, smallDisk } from '../helpers/small-disk.js';

/*
 * A write that does not fit must fail, never land short: the kernel writes what fits and
 * reports the full disk (ENOSPC) or the size limit (EFBIG) only on the next write, so a writer
 * that ignores the byte count `write` returns saves a cut file and says "✓".
 */

function csv(dir: string, from: number, rows: number): string {
  const lines = ['name,email,company'];
  for (let i = from; i < from + rows; i++) lines.push(`Person ${i},p${i}@example.com,Company ${i}`);
  const file = join(dir, `rows-${from}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const temps = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

describe('a file size limit (ulimit -f): every write is whole or fails', () => {
  it('a save that would pass the limit fails with one line and leaves the data file as it was', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['demo'], { db }).status).toBe(0);
    const before = readFileSync(db);
    const limitKb = Math.ceil(before.length / 1024) + 4;
    const result = meldLimited(limitKb, ['import', csv(dir, 0, 1000)], { db });
    expect(result.stderr).toBe(
      `error: cannot write "${db}": the file would be larger than the system allows (a file system or \`ulimit -f\` limit)\n`,
    );
    expect(result.status).toBe(1);
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(temps(dir)).toEqual([]);
    expect(meld(['doctor'], { db }).status).toBe(0);
  });

  it('export --out over an existing file keeps the old file when the new one does not fit', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['demo'], { db }).status).toBe(0);
    expect(meld(['import', csv(dir, 0, 300)], { db }).status).toBe(0);
    const out = join(dir, 'out.csv');
    writeFileSync(out, 'old export\n');
    const result = meldLimited(8, ['export', 'prospects', '--out', out], { db });
    expect(result.stderr).toBe(
      `error: cannot write "${out}": the file would be larger than the system allows (a file system or \`ulimit -f\` limit)\n`,
    );
    expect(result.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('old export\n');
    expect(temps(dir)).toEqual([]);
  });

  it('export to a stdout the shell opened onto a file fails when the file cannot take it all', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['demo'], { db }).status).toBe(0);
    expect(meld(['import', csv(dir, 0, 300)], { db }).status).toBe(0);
    const out = join(dir, 'log.csv');
    writeFileSync(out, '');
    for (const args of [
      ['export', 'prospects'],
      ['export', 'prospects', '--out', '/dev/stdout'],
    ]) {
      const result = meldLimited(8, args, { db, stdoutTo: out, append: true });
      expect(result.stderr).toMatch(
        /^error: cannot write "[^"]+": the file would be larger than the system allows \(a file system or `ulimit -f` limit\)\n$/,
      );
      expect(result.status).toBe(1);
    }
  });
});

describe('a full disk (a small tmpfs): every write is whole or fails', () => {
  let disk: SmallDisk | string;
  beforeAll(() => {
    disk = smallDisk(512);
    if (typeof disk === 'string') console.log(`skipped: the full-disk tests need a tmpfs: ${disk}`);
  });
  afterAll(() => {
    if (typeof disk !== 'string') disk.unmount();
  });

  it('an import into a data file that links into a nearly full disk fails, and the file stays whole', (t) => {
    if (typeof disk === 'string') return t.skip();
    const home = tempDir();
    const db = join(home, 'meld.json');
    const target = join(disk.dir, 'meld.json');
    symlinkSync(target, db);
    expect(meld(['demo'], { db }).status).toBe(0);
    const before = readFileSync(target);
    disk.leave(before.length + 8192);
    const result = meld(['import', csv(home, 0, 1000)], { db });
    expect(result.stderr).toBe(`error: cannot write "${target}": no space left on the disk\n`);
    expect(result.status).toBe(1);
    expect(readFileSync(target).equals(before)).toBe(true);
    expect(temps(disk.dir)).toEqual([]);
    const doctor = meld(['doctor'], { db });
    expect(doctor.status).toBe(0);
    expect(doctor.stdout + doctor.stderr).not.toMatch(/damaged/);
  });

  it('export --out onto a full disk keeps the old export whole', (t) => {
    if (typeof disk === 'string') return t.skip();
    const home = tempDir();
    const db = join(home, 'meld.json');
    expect(meld(['demo'], { db }).status).toBe(0);
    expect(meld(['import', csv(home, 0, 1000)], { db }).status).toBe(0);
    const out = join(disk.dir, 'export.csv');
    writeFileSync(out, 'the export of last week\n');
    disk.leave(16 * 1024);
    const result = meld(['export', 'prospects', '--out', out], { db });
    expect(result.stderr).toBe(`error: cannot write "${out}": no space left on the disk\n`);
    expect(result.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('the export of last week\n');
    expect(temps(disk.dir)).toEqual([]);
    expect(existsSync(out) && statSync(out).size).toBe(24);
  });
});
