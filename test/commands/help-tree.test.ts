import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { buildProgram } from '../../src/program.js';
import { runMeld } from '../helpers/harness.js';

/** Every command path below `meld`, from the real commander tree. */
async function commandPaths(): Promise<string[][]> {
  // Registering commands only stores the context: a placeholder is enough to read the tree.
  const program = await buildProgram({} as Context);
  const paths: string[][] = [];
  const walk = (cmd: Command, path: string[]) => {
    for (const sub of cmd.commands) {
      const here = [...path, sub.name()];
      paths.push(here);
      walk(sub, here);
    }
  };
  walk(program, []);
  return paths;
}

const paths = await commandPaths();

describe('help', () => {
  it('finds the whole command tree, nested commands included', () => {
    const names = paths.map((p) => p.join(' '));
    expect(names).toEqual(expect.arrayContaining(['campaign report', 'followup done', 'prospect list', 'completion']));
  });

  it('prints examples in the --help of every command', async () => {
    const missing: string[] = [];
    for (const path of paths) {
      const r = await runMeld([...path, '--help']);
      if (r.exitCode !== 0 || !r.stdout.includes('\nExamples:\n')) missing.push(`meld ${path.join(' ')}`.trim());
    }
    expect(missing).toEqual([]);
  });

  it('shows everyday examples in `meld --help` itself', async () => {
    const r = await runMeld(['--help']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/\nEveryday use:\n {2}meld /);
  });

  it("answers `meld help <command>` with that command's help", async () => {
    const r = await runMeld(['help', 'followups']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: meld followups /);
    expect(r.stdout).toContain('Examples:');
  });

  it('answers `meld <noun> help <verb>` for nested commands', async () => {
    const r = await runMeld(['campaign', 'help', 'report']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: meld campaign report /);
  });

  it("answers `meld help <noun> <verb>` with the nested command's help", async () => {
    const r = await runMeld(['help', 'followup', 'done']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Usage: meld followup done /);
  });

  it('suggests the nearest subcommand for a typo under a noun (exit 2)', async () => {
    const r = await runMeld(['campaign', 'reprot']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("error: unknown command 'reprot' (Did you mean report?)");
  });
});
