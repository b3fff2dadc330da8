import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath, tempDir, writeRaw } from '../helpers/harness.js';

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

async function script(shell: string): Promise<string> {
  const r = await runMeld(['completion', shell]);
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

/** A folder with a fake `meld` on PATH that answers the dynamic campaign list. */
function fakeMeldBin(): string {
  const dir = join(tempDir(), 'bin');
  mkdirSync(dir);
  const fake = join(dir, 'meld');
  writeFileSync(
    fake,
    '#!/bin/sh\n[ "$1 $2 $3" = "completion --list campaigns" ] && printf "spring-webinar\\nsummer-ads\\n"\n',
  );
  chmodSync(fake, 0o755);
  return dir;
}

/** What bash offers for `line` (the last word is the one being completed). */
function bashComplete(file: string, line: string[], binDir: string): string[] {
  const words = line.map((w) => `'${w}'`).join(' ');
  const program = `source '${file}'; COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _meld; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', program], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` },
  });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('meld completion', () => {
  let bashFile: string;
  let binDir: string;

  beforeAll(async () => {
    bashFile = join(tempDir(), 'meld.bash');
    writeFileSync(bashFile, await script('bash'));
    binDir = fakeMeldBin();
  });

  it('prints a bash script that bash accepts', () => {
    const r = spawnSync('bash', ['-n', bashFile], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it.skipIf(!has('zsh'))('prints a zsh script that zsh accepts', async () => {
    const file = join(tempDir(), '_meld');
    writeFileSync(file, await script('zsh'));
    const r = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.skipIf(!has('fish'))('prints a fish script that fish accepts', async () => {
    const file = join(tempDir(), 'meld.fish');
    writeFileSync(file, await script('fish'));
    const r = spawnSync('fish', ['-n', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('names every top-level command in each script', async () => {
    const top = [
      'today',
      'add-prospect',
      'log',
      'followups',
      'followup',
      'campaign',
      'prospect',
      'import',
      'export',
      'completion',
    ];
    for (const shell of ['bash', 'zsh', 'fish']) {
      const text = await script(shell);
      for (const name of top) expect(text, `${shell} lacks ${name}`).toContain(name);
    }
  });

  it('completes commands, subcommands and options in bash', () => {
    expect(bashComplete(bashFile, ['meld', 'camp'], binDir)).toEqual(['campaign']);
    expect(bashComplete(bashFile, ['meld', 'campaign', ''], binDir)).toEqual([
      'add',
      'list',
      'show',
      'adjust',
      'spend',
      'rename',
      'remove',
      'report',
    ]);
    expect(bashComplete(bashFile, ['meld', 'followup', 'done', '--n'], binDir)).toEqual(
      expect.arrayContaining(['--note', '--next']),
    );
  });

  it('completes stages, channels and follow-up windows in bash', () => {
    expect(bashComplete(bashFile, ['meld', 'prospect', 'list', '--stage', ''], binDir)).toEqual([
      'new',
      'contacted',
      'qualified',
      'proposal',
      'won',
      'lost',
    ]);
    expect(bashComplete(bashFile, ['meld', 'campaign', 'add', 'Spring', '--channel', 'e'], binDir)).toEqual([
      'email',
      'event',
    ]);
    expect(bashComplete(bashFile, ['meld', 'prospect', 'stage', 'ana', 'w'], binDir)).toEqual(['won']);
    expect(bashComplete(bashFile, ['meld', 'followups', ''], binDir)).toEqual(['today', 'overdue', 'week', 'all']);
    // list filters on the status the dates give; adjust sets one.
    expect(bashComplete(bashFile, ['meld', 'campaign', 'list', '--status', ''], binDir)).toEqual([
      'scheduled',
      'active',
      'paused',
      'ended',
    ]);
    expect(bashComplete(bashFile, ['meld', 'campaign', 'adjust', 'x', '--status', ''], binDir)).toEqual([
      'active',
      'paused',
      'ended',
    ]);
  });

  it('completes the deal commands, their stages and close-by dates in bash', () => {
    expect(bashComplete(bashFile, ['meld', 'dea'], binDir)).toEqual(['deal']);
    expect(bashComplete(bashFile, ['meld', 'deal', ''], binDir)).toEqual([
      'add',
      'list',
      'show',
      'edit',
      'stage',
      'remove',
    ]);
    expect(bashComplete(bashFile, ['meld', 'deal', 'stage', 'd3', 'w'], binDir)).toEqual(['won']);
    expect(bashComplete(bashFile, ['meld', 'deal', 'edit', 'd3', '--close-by', 'to'], binDir)).toEqual([
      'today',
      'tomorrow',
    ]);
  });

  it('asks meld for the campaign ids while completing in bash', () => {
    expect(bashComplete(bashFile, ['meld', 'add-prospect', 'Ana', '--campaign', ''], binDir)).toEqual([
      'spring-webinar',
      'summer-ads',
    ]);
    expect(bashComplete(bashFile, ['meld', '--db', '/tmp/x.json', 'campaign', 'show', 'su'], binDir)).toEqual([
      'summer-ads',
    ]);
  });

  it.skipIf(!has('zsh'))('offers the same values in zsh (compadd stubbed to print them)', async () => {
    const file = join(tempDir(), '_meld');
    writeFileSync(file, await script('zsh'));
    const complete = (words: string[]) => {
      const program = [
        'compdef() { :; }',
        'compadd() { [[ $1 == -a ]] && print -l -- "${(@P)2}"; }',
        '_files() { print FILES; }',
        `source '${file}'`,
        `words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _meld`,
      ].join('\n');
      const r = spawnSync('zsh', ['-f', '-c', program], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${binDir}:${process.env.PATH}` },
      });
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(complete(['meld', 'campaign', 'add', '--channel', ''])).toEqual([
      'email',
      'social',
      'ads',
      'content',
      'event',
      'referral',
      'outreach',
      'other',
    ]);
    expect(complete(['meld', '--db', '/tmp/x.json', 'campaign', 'show', ''])).toEqual(['spring-webinar', 'summer-ads']);
    expect(complete(['meld', 'import', ''])).toEqual(['FILES']);
  });

  it('lists the campaign ids on file, one per line', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['campaign', 'add', 'Spring Webinar', '--channel', 'event'],
      ['campaign', 'add', 'Summer Ads', '--channel', 'ads'],
    ]);
    const r = await runMeld(['completion', '--list', 'campaigns'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('spring-webinar\nsummer-ads\n');
  });

  it('lists nothing, silently, when the data file is damaged', async () => {
    const db = tempDbPath();
    writeRaw(db, '{"version": 2, "campaigns": "oops"}');
    const r = await runMeld(['completion', '--list', 'campaigns'], { db });
    expect(r).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('refuses an unknown shell, naming the ones it knows', async () => {
    const r = await runMeld(['completion', 'powershell']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: unknown shell "powershell"');
    expect(r.stderr).toContain('bash, zsh, fish');
  });
});
