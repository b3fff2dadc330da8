import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeStaleTemps, writeFileAtomic } from '../../src/store/atomic.js';
import { tempDir } from '../helpers/harness.js';

const deadPid = () =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('atomic saves', () => {
  it('write a large text exactly, even with an emoji split across the 4 MB write slices', async () => {
    const path = join(tempDir(), 'meld.json');
    const text = `${'a'.repeat(4 * 1024 * 1024 - 1)}😀${'é'.repeat(3_000_000)}${'😀'.repeat(2_000_000)}`;
    await writeFileAtomic(path, text);
    expect(readFileSync(path, 'utf8') === text).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(path, '..'))).toEqual(['meld.json']);
  });

  it('create a missing folder 0700', async () => {
    const dir = join(tempDir(), 'new', 'folder');
    await writeFileAtomic(join(dir, 'meld.json'), '{}\n');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('clean up temp files of dead processes only', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    const dead = `${path}.${deadPid()}.0badc0de.tmp`;
    const mine = `${path}.${process.pid}.0badc0de.tmp`;
    const other = join(dir, 'notes.txt.1.abc.tmp');
    for (const f of [dead, mine, other]) writeFileSync(f, 'x');
    expect(await removeStaleTemps(path)).toEqual([dead]);
    expect([existsSync(dead), existsSync(mine), existsSync(other)]).toEqual([false, true, true]);
  });
});
