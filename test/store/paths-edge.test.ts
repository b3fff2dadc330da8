import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

describe('data file paths the system refuses', () => {
  it('fails at once, in one line, for a folder that cannot be created (mkdir -p never settles under /proc)', () => {
    const r = meld(['--db', '/proc/meld-nope/x.json', 'add-prospect', 'X']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: cannot write "/proc/meld-nope/x.json": no such file or folder ("/proc/meld-nope")\n');
  });

  it('creates missing parent folders 0700 level by level', () => {
    const dir = tempDir();
    const r = meld(['--db', join(dir, 'a', 'b', 'meld.json'), 'add-prospect', 'X']);
    expect(r.status).toBe(0);
  });

  it("names the data file, not meld's lock or temp file, when writing is refused", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plain'), '');
    const r = meld(['--db', join(dir, 'plain', 'meld.json'), 'add-prospect', 'X']);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: cannot write "${join(dir, 'plain', 'meld.json')}": part of the path is a file, not a folder ("${join(dir, 'plain')}")`,
    );
    const sys = meld(['--db', '/sys/meld-test.json', 'add-prospect', 'X']);
    expect(sys.status).toBe(1);
    expect(sys.stderr).toMatch(/^error: cannot write "\/sys\/meld-test\.json": /);
  });
});
