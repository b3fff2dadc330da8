import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/domain/types.js';
import { cliEnv, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

// Real git, no mocks: a bare repository and two clones in a temp folder, meld as the merge driver.

const ID = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
const GIT_ENV = { ...ID, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, env: cliEnv(GIT_ENV), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const on = (file: string) => (args: string[]) => meld(args, { db: file, env: GIT_ENV });
const read = (file: string): Db => JSON.parse(readFileSync(file, 'utf8')) as Db;

/** Device A set up with a remote, device B cloned from it and set up: both hold Ana (#1). */
function twoDevices() {
  const dir = tempDir('meld-sync-');
  const remote = join(dir, 'remote.git');
  git(dir, 'init', '-q', '--bare', '-b', 'main', remote);
  mkdirSync(join(dir, 'a'));
  const a = join(dir, 'a', 'meld.json');
  const b = join(dir, 'b', 'meld.json');
  expect(on(a)(['add-prospect', 'Ana Souza', '--email', 'ana@example.com']).status).toBe(0);
  git(join(dir, 'a'), 'init', '-q', '-b', 'main');
  const setup = on(a)(['sync', 'setup', '--remote', remote]);
  expect(setup.stderr).toContain('pushed');
  expect(setup.status).toBe(0);
  git(dir, 'clone', '-q', remote, 'b');
  const cloned = on(b)(['sync', 'setup']);
  expect(cloned.stderr).toContain("registered meld's merge driver");
  expect(cloned.status).toBe(0);
  return { dir, remote, a, b, A: on(a), B: on(b) };
}

beforeAll(() => {
  // the built binary is what git runs as the driver
  expect(existsSync(join(import.meta.dirname, '../../dist/meld.cjs'))).toBe(true);
});

describe('meld sync between two devices through git', () => {
  it('merges people both devices added under the same next id, with their follow-ups and activities', () => {
    const { a, b, A, B } = twoDevices();
    A(['add-prospect', 'Bruno Lima']);
    A(['followup', 'add', '2', '2026-12-20', 'send the proposal']);
    B(['add-prospect', 'Carla Dias']);
    B(['followup', 'add', '2', '2026-12-21', 'call Carla']);
    B(['log', '2', 'met at the fair']);
    const sa = A(['sync']);
    expect(sa.stderr).toMatch(/synced with .*remote\.git: sent 2 changes; came in: nothing new/);
    const sb = B(['sync', '--json']);
    expect(sb.status).toBe(0);
    // (with schema 4, a person may come with a deal: "1 prospect added, 1 deal added, …")
    expect(sb.stderr).toMatch(/came in: 1 prospect added, (1 deal added, )?1 follow-up added\n/);
    expect(sb.stderr).toContain('renumbered #2 Bruno Lima (theirs) → #3');
    const out = JSON.parse(sb.stdout) as { sent: number; renumbered: Array<{ text: string }> };
    expect(out.sent).toBe(3);
    expect(A(['sync']).stderr).toMatch(
      /came in: 1 prospect added, 1 prospect renumbered, (1 deal added, 1 deal renumbered, )?1 follow-up added, 1 follow-up renumbered, 1 activity added/,
    );
    for (const file of [a, b]) {
      const db = read(file);
      expect(db.prospects.map((p) => `${p.id} ${p.name}`)).toEqual(['1 Ana Souza', '2 Carla Dias', '3 Bruno Lima']);
      expect(db.followUps.map((f) => `${f.prospectId} ${f.note}`).sort()).toEqual([
        '2 call Carla',
        '3 send the proposal',
      ]);
      expect(db.activities.map((x) => `${x.prospectId} ${x.text}`)).toEqual(['2 met at the fair']);
      expect(on(file)(['doctor']).status).toBe(0);
    }
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(git(join(a, '..'), 'log', '--format=%B')).toContain(
      'meld sync: 3 changes\n\n- add-prospect Carla Dias (#2)\n',
    );
  });

  it('keeps a follow-up done on one device with the day the other snoozed it to, through a plain git pull', () => {
    const { a, b, A, B } = twoDevices();
    A(['followup', 'add', '1', '2026-12-20']);
    A(['sync']);
    B(['sync']);
    A(['followup', 'done', 'f1', '--note', 'signed']);
    B(['followup', 'snooze', 'f1', '2026-12-24']);
    A(['sync']);
    git(join(b, '..'), 'commit', '-q', '-am', 'snoozed');
    const pull = spawnSync('git', ['pull', '--no-rebase', '--no-edit'], {
      cwd: join(b, '..'),
      env: cliEnv(GIT_ENV),
      encoding: 'utf8',
    });
    expect(pull.status).toBe(0);
    expect(pull.stderr + pull.stdout).toContain('meld: merged meld.json: 1 follow-up done');
    expect(read(b).followUps[0]).toMatchObject({ status: 'done', due: '2026-12-24', outcome: 'signed' });
    expect(read(a).followUps[0]).toMatchObject({ status: 'done', due: '2026-12-20' });
  });

  it('lists a conflict on the same field (the other value noted on the person), keeps a person removed on one side and edited on the other, and one undo takes the merge back', () => {
    const { b, A, B } = twoDevices();
    A(['add-prospect', 'Bruno Lima']);
    A(['sync']);
    B(['sync']);
    A(['prospect', 'edit', '1', '--company', 'Acme']);
    A(['prospect', 'remove', '2', '--yes']);
    A(['sync']);
    B(['prospect', 'edit', '1', '--company', 'Globex']);
    B(['prospect', 'edit', '2', '--phone', '+1 555 0100']);
    const before = readFileSync(b, 'utf8');
    const s = B(['sync']);
    expect(s.status).toBe(0);
    expect(s.stderr).toContain('1 conflict');
    expect(s.stderr).toMatch(/conflict: company of #1: kept "(Acme|Globex)" \(.*\), "(Acme|Globex)" noted \(in a1\)/);
    expect(s.stderr).toContain('#2 Bruno Lima removed on theirs but kept: changed on ours');
    const merged = read(b);
    const note = merged.activities.find((x) => x.id === 1)!;
    expect(note.prospectId).toBe(1);
    expect(note.text).toMatch(/^Merged two versions from different devices: company of #1/);
    expect(merged.prospects.map((p) => p.phone)).toEqual([null, '+1 555 0100']);

    const [last] = JSON.parse(B(['history', '--json', '--limit', '1']).stdout) as Array<{ summary: string }>;
    expect(last!.summary).toMatch(/^sync with .*remote\.git: .*; 1 conflict$/);
    expect(B(['undo']).stderr).toMatch(/^undid: sync with /);
    expect(readFileSync(b, 'utf8')).toBe(before);
  });
});
