import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { buildProgram, commandWord, withDefaultCommand } from '../../src/program.js';
import { runMeld } from '../helpers/harness.js';

// A run builds only the command it names (#19: the other twenty cost start-up time); whatever
// needs the whole tree (help, a typo to suggest for, completion scripts) still gets it.

const built = async (argv: string[]) =>
  (await buildProgram({} as Context, withDefaultCommand(argv))).commands.map((c) => c.name());

describe('the command tree a run builds', () => {
  it('reads the command word after the global options', () => {
    expect(commandWord(['followups', 'today'])).toBe('followups');
    expect(commandWord(['--db', 'x.json', '--no-color', '--debug', '--new', 'log', 'ana'])).toBe('log');
    expect(commandWord(['--db=x.json', 'campaign', 'report'])).toBe('campaign');
    expect(commandWord(['--help'])).toBeUndefined();
    expect(commandWord(['--db', 'x.json'])).toBeUndefined();
  });

  it('is the named command alone, and the whole tree for help, version, typos and completion', async () => {
    expect(await built(['followups', 'today'])).toEqual(['followups']);
    expect(await built([])).toEqual(['today']);
    expect(await built(['--json'])).toEqual(['today']);
    expect(await built(['campaign', 'report', '--brief'])).toEqual(['campaign']);
    const all = await built(['--help']);
    expect(all.length).toBeGreaterThan(20);
    for (const argv of [['-V'], ['help', 'followups'], ['folowups'], ['completion', 'bash'], ['--db', 'x', '-h']])
      expect(await built(argv)).toEqual(all);
  });

  it('still suggests the command a typo meant, and helps on a named command', async () => {
    const typo = await runMeld(['folowups']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('followups');
    const help = await runMeld(['followups', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: meld followups [options] [window]');
  });
});
