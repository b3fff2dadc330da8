import { spawnSync } from 'node:child_process';
import { linkSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

/*
 * `cp -al` backups make hard links to the data file; `mount --bind` can put it under another
 * name; the shell opens `>> file` before meld runs. An export into any of those would append to
 * meld's data file (or its latest.json, the same inode), so meld's own files are recognised by
 * device and inode and refused, nothing written.
 */

const REFUSED = (given: string, hint = true) =>
  `error: cannot write "${given}": it is meld's data file or one of the files meld keeps with it (the same file under another name: a hard link, a bind mount or a descriptor); nothing was changed\n${hint ? '  hint: export to another file name\n' : ''}`;

/** meld through bash, so the shell opens the redirections as a user's would. */
function shell(script: string, db: string): { status: number | null; stderr: string } {
  const r = spawnSync('bash', ['-c', script], {
    env: cliEnv({ MELD_DB: db, MELD: `${process.execPath} ${BIN}` }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr };
}

function setup() {
  const dir = tempDir();
  const db = join(dir, 'meld.json');
  expect(meld(['demo'], { db }).status).toBe(0);
  const snap = join(dir, 'snap.json');
  linkSync(db, snap);
  return { dir, db, snap, before: readFileSync(db) };
}

describe("export refuses meld's own files under any name", () => {
  it('--out /dev/stdout appended by the shell to a hard link of the data file', () => {
    const { db, snap, before } = setup();
    const r = shell('$MELD export prospects --out /dev/stdout >> "$0"'.replace('$0', snap), db);
    expect(r.stderr).toBe(REFUSED('/dev/stdout'));
    expect(r.status).toBe(1);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('plain stdout appended by the shell to a hard link of the data file', () => {
    const { db, snap, before } = setup();
    const r = shell(`$MELD export prospects >> "${snap}"`, db);
    expect(r.stderr).toBe(REFUSED('/dev/stdout'));
    expect(r.status).toBe(1);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('--out naming a hard link of the data file, and /proc/self/fd onto latest.json', () => {
    const { db, snap, before } = setup();
    const out = meld(['export', 'prospects', '--out', snap], { db });
    expect(out.stderr).toBe(REFUSED(snap));
    expect(out.status).toBe(1);
    const r = shell(`$MELD export prospects --out /proc/self/fd/3 3>> "${db}.d/latest.json"`, db);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot write "\/proc\/self\/fd\/3": it is meld's data file/);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a backup in .d/ reached through a hard link', () => {
    const { dir, db } = setup();
    expect(meld(['prospect', 'add', 'Ana Souza'], { db }).status).toBe(0);
    const backup = join(`${db}.d`, '000002.json');
    const before = readFileSync(backup);
    const link = join(dir, 'old.json');
    linkSync(backup, link);
    const r = shell(`$MELD export prospects >> "${link}"`, db);
    expect(r.stderr).toBe(REFUSED('/dev/stdout'));
    expect(readFileSync(backup).equals(before)).toBe(true);
  });

  it('a file bind-mounted under another name (where root may mount)', (t) => {
    const { dir, db, before } = setup();
    const bound = join(dir, 'bound.csv');
    writeFileSync(bound, '');
    const mounted = spawnSync('mount', ['--bind', db, bound], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      console.log(`skipped: mount --bind needs root: ${(mounted.stderr || String(mounted.error)).trim()}`);
      return t.skip();
    }
    try {
      const out = meld(['export', 'prospects', '--out', bound], { db });
      expect(out.stderr).toBe(REFUSED(bound));
      const r = shell(`$MELD export prospects >> "${bound}"`, db);
      expect(r.stderr).toBe(REFUSED('/dev/stdout'));
      expect(readFileSync(db).equals(before)).toBe(true);
    } finally {
      spawnSync('umount', [bound]);
    }
  });

  it('other files the shell opened are still written, appending', () => {
    const { dir, db } = setup();
    const log = join(dir, 'log.csv');
    writeFileSync(log, 'earlier\n');
    const r = shell(`$MELD export prospects >> "${log}" && $MELD export prospects --out /dev/stdout >> "${log}"`, db);
    expect(r.status).toBe(0);
    const text = readFileSync(log, 'utf8');
    expect(text.startsWith('earlier\nid,')).toBe(true);
    expect(text.split('id,name,').length).toBe(3);
  });
});
