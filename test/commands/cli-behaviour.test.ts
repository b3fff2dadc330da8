import { describe, expect, it } from 'vitest';
import { runMeld } from '../helpers/harness.js';
import { meld, cliEnv } from '../helpers/cli.js';
import type { Store } from '../../src/store/types.js';
import { stubStore } from '../helpers/stub-store.js';
import { tempDbPath } from '../helpers/harness.js';
import { resolveDbPath } from '../../src/store/paths.js';

const brokenDisk: Store = stubStore({
  path: '/nowhere/meld.json',
  read: async () => {
    throw new Error('disk on fire');
  },
  write: async () => {
    throw new Error('disk on fire');
  },
});

describe('errors and exit codes', () => {
  it('treats an unknown command as a usage error (exit 2) and suggests the nearest one', async () => {
    const r = await runMeld(['campain', 'list']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: unknown command 'campain' (Did you mean campaign?)");
  });

  it('treats an unknown option as a usage error', async () => {
    const r = await runMeld(['add-prospect', 'Ana', '--emial', 'a@b.co']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: unknown option '--emial' (Did you mean --email?)");
  });

  it('prints help and version with exit 0', async () => {
    const help = await runMeld(['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: meld [options] [command]');
    const version = await runMeld(['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('shows a bug as one line with a pointer to --debug, and the stack only with --debug', async () => {
    const plain = await runMeld(['add-prospect', 'Ana'], { store: brokenDisk });
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toBe(
      'error: unexpected problem: disk on fire\n  this is a bug in meld; run again with --debug for details\n',
    );
    const debug = await runMeld(['add-prospect', 'Ana', '--debug'], { store: brokenDisk });
    expect(debug.exitCode).toBe(1);
    expect(debug.stderr).toMatch(/^error: unexpected problem: disk on fire\nError: disk on fire\n\s+at /);
  });
});

describe('file-system errors', () => {
  const failingDisk = (code: string, syscall: string, path: string): Store =>
    stubStore({
      path: '/data/meld.json',
      read: async () => ({ version: 1 }) as never,
      write: async () => {
        throw Object.assign(new Error(`${code}: boom, ${syscall} '${path}'`), { code, syscall, path });
      },
    });

  it('names a data file that cannot exist in one line, exit 1, without calling it a bug', async () => {
    const r = await runMeld(['--db', '/proc/x.json', 'add-prospect', 'X']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: cannot write "/proc/x.json": no such file or folder\n');
  });

  it.each([
    ['EACCES', 'permission denied'],
    ['EPERM', 'operation not permitted'],
    ['EROFS', 'the file system is read-only'],
    ['ENOSPC', 'no space left on the disk'],
    ['EDQUOT', 'the disk quota is used up'],
    ['EISDIR', 'it is a folder, not a file'],
  ])("reports %s on the data file's temp file as the data file's problem", async (code, reason) => {
    const r = await runMeld(['add-prospect', 'X'], { store: failingDisk(code, 'open', '/data/meld.json.lock.1.tmp') });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`error: cannot write "/data/meld.json": ${reason}\n`);
  });

  it('names the parent folder when that is what failed, and any other path as it is', async () => {
    const parent = await runMeld(['add-prospect', 'X'], { store: failingDisk('ENOTDIR', 'mkdir', '/data') });
    expect(parent.stderr).toBe(
      'error: cannot write "/data/meld.json": part of the path is a file, not a folder ("/data")\n',
    );
    const other = await runMeld(['add-prospect', 'X'], { store: failingDisk('EEXIST', 'link', '/elsewhere/out.csv') });
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toBe('error: cannot write "/elsewhere/out.csv": a file is already there\n');
  });
});

describe('groups and help', () => {
  it.each([['campaign'], ['prospect'], ['followup'], ['config']])(
    'prints the help of the group `%s` alone to stdout and exits 0, with no commander code',
    async (group) => {
      const r = await runMeld([group]);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`Usage: meld ${group} [options] [command]`);
      expect(r.stderr).toBe('');
    },
  );

  it('reports `help <unknown>` as an unknown command with a suggestion, exit 2', async () => {
    const r = await runMeld(['help', 'prospekt']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe("error: unknown command 'prospekt' (Did you mean prospect?)");
    const nested = await runMeld(['help', 'campaign', 'nope']);
    expect(nested.exitCode).toBe(2);
    expect(nested.stderr.split('\n')[0]).toBe("error: unknown command 'nope'");
    expect(nested.stderr).not.toContain('(outputHelp)');
  });
});

describe('colour', () => {
  it('colours the confirmation on a colour terminal and not with --no-color', async () => {
    const coloured = await runMeld(['add-prospect', 'Ana'], { color: true });
    expect(coloured.stderr).toContain('\u001b[32m✓\u001b[39m Added Ana (#1)');
    const plain = await runMeld(['add-prospect', 'Ana', '--no-color'], { color: true });
    expect(plain.stderr).not.toContain('\u001b[');
  });

  it('never colours piped output, and honours NO_COLOR even when colour is forced', () => {
    const db = tempDbPath();
    const piped = meld(['add-prospect', 'Ana', '--stage', 'wn'], { db });
    expect(piped.status).toBe(1);
    expect(piped.stderr).toBe(
      'error: unknown stage "wn"\n  hint: did you mean won? (one of new, contacted, qualified, proposal, won, lost)\n',
    );
    const forced = meld(['add-prospect', 'Ana', '--stage', 'wn'], { db, env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain('\u001b[31merror:\u001b[39m');
    const noColor = meld(['add-prospect', 'Ana', '--stage', 'wn'], { db, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stderr).not.toContain('\u001b[');
    expect(cliEnv().NODE_ENV).toBeUndefined();
  });
});

describe('where the data file is', () => {
  it('uses an absolute XDG_DATA_HOME and ignores a relative one, as the XDG spec says', () => {
    expect(resolveDbPath(undefined, { HOME: '/home/ana', XDG_DATA_HOME: '/data' })).toBe('/data/meld/meld.json');
    expect(resolveDbPath(undefined, { HOME: '/home/ana', XDG_DATA_HOME: 'rel/data' })).toBe(
      '/home/ana/.local/share/meld/meld.json',
    );
    expect(resolveDbPath(undefined, { HOME: '/home/ana', XDG_DATA_HOME: '' })).toBe(
      '/home/ana/.local/share/meld/meld.json',
    );
  });
});
