import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/domain/types.js';
import { runMeld, tempDir } from '../helpers/harness.js';

// sync setup and the refusals of sync and merge-file, in process (real git, no merge driver run).

const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('meld sync and merge-file refuse in one line, the data file unchanged', () => {
  it('without a repository, without a remote, without git, or with a remote that is not there', async () => {
    const dir = tempDir('meld-sync-');
    const db = join(dir, 'meld.json');
    await runMeld(['add-prospect', 'Ana Souza'], { db });
    const before = readFileSync(db, 'utf8');
    const none = await runMeld(['sync'], { db, env: GIT_ENV });
    expect(none.stderr).toBe(
      `error: ${db} is not in a git repository: sync is not set up; nothing was changed\n  hint: run \`meld sync setup --remote <url>\` (any private git remote; see docs/devices.md)\n`,
    );
    expect(none.exitCode).toBe(1);
    const noGit = await runMeld(['sync', 'setup'], { db, env: { ...GIT_ENV, PATH: join(dir, 'nowhere') } });
    expect(noGit.stderr).toBe(
      'error: git is not installed (no `git` on PATH); meld sync uses git to move your data between devices\n  hint: install git (https://git-scm.com/downloads), then run the command again\n',
    );
    expect(noGit.exitCode).toBe(1);
    expect((await runMeld(['sync', 'setup'], { db, env: GIT_ENV })).exitCode).toBe(0);
    const noRemote = await runMeld(['sync'], { db, env: GIT_ENV });
    expect(noRemote.stderr).toBe(
      `error: the repository in ${dir} has no remote to sync with; nothing was changed\n  hint: add one: \`meld sync setup --remote <url>\`\n`,
    );
    const badRemote = await runMeld(['sync', 'setup', '--remote', join(dir, 'no-such.git')], { db, env: GIT_ENV });
    expect(badRemote.stderr.split('\n')[0]).toBe(
      `error: sync failed: the remote ${join(dir, 'no-such.git')} is not a git repository meld can reach; nothing was changed`,
    );
    expect(badRemote.exitCode).toBe(1);
    expect(git(dir, 'remote')).toBe('');
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('merge-file: a version from a newer meld (upgrade that device) or not a meld file leaves ours as it was', async () => {
    const dir = tempDir('meld-merge-');
    const db = join(dir, 'meld.json');
    await runMeld(['add-prospect', 'Ana Souza'], { db });
    const text = readFileSync(db, 'utf8');
    const ours = join(dir, 'ours.json');
    writeFileSync(ours, text);
    const newer = join(dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...JSON.parse(text), version: 99 }));
    const r = await runMeld(['merge-file', db, ours, newer], { db });
    expect(r.stderr).toBe(
      `error: the other version (${newer}) was written by a newer meld (schema version 99; this meld reads up to ${SCHEMA_VERSION}); nothing was merged\n  hint: upgrade meld on this device (npm install -g meld-crm@latest), then merge again\n`,
    );
    expect(r.exitCode).toBe(1);
    const notMeld = join(dir, 'notes.json');
    writeFileSync(notMeld, '[1, 2]');
    const n = await runMeld(['merge-file', db, notMeld, ours], { db });
    expect(n.stderr.split('\n')[0]).toBe(
      `error: this version (${notMeld}) is not a meld data file: (top level): expected a JSON object with "version", "prospects", …; nothing was merged`,
    );
    expect(n.exitCode).toBe(1);
    expect(readFileSync(ours, 'utf8')).toBe(text);
  });
});

describe('meld sync setup', () => {
  it('in a folder that is already a repository with other files, adds only its own lines and commits only its files', async () => {
    const dir = tempDir('meld-sync-');
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    writeFileSync(join(dir, '.gitignore'), 'build/\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'mine');
    writeFileSync(join(dir, 'notes.txt'), 'mine, changed\n');
    const db = join(dir, 'crm.json');
    await runMeld(['add-prospect', 'Ana Souza'], { db });
    const r = await runMeld(['sync', 'setup', '--json'], { db, env: GIT_ENV });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      repository: dir,
      created: false,
      driverRegistered: true,
      files: ['.gitattributes', '.gitignore'],
      committed: true,
      remote: null,
    });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe(
      "build/\n# meld's history, lock and temp files stay on each device\n/crm.json.d/\n/crm.json.lock\n/crm.json.lock.*\n/crm.json.*.tmp\n/crm.json.v[0-9]*.json\n/crm.json.conflict-*.json\n",
    );
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toBe(
      '# meld merges its data file record by record (meld sync setup)\n/crm.json merge=meld\n',
    );
    expect(git(dir, 'config', 'merge.meld.driver')).toMatch(/ merge-file %O %A %B %P\n$/);
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').filter(Boolean).sort()).toEqual([
      '.gitattributes',
      '.gitignore',
      'crm.json',
    ]);
    expect(git(dir, 'status', '--porcelain')).toBe(' M notes.txt\n');
    expect(statSync(db).mode & 0o777).toBe(0o600);
    // again: nothing more to add or commit
    const again = await runMeld(['sync', 'setup', '--json'], { db, env: GIT_ENV });
    expect(JSON.parse(again.stdout)).toMatchObject({ driverRegistered: false, files: [], committed: false });
  });
});
