import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/meld.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The instant the spawned binary takes for "now" with `FIXED_CLOCK` in its environment
 * (MELD_TEST_NOW): the harness's FIXED_NOW, so a test that computes "today" itself, or reads it
 * in one meld and checks it in another, still matches across midnight. The tmux terminal
 * (tmux.ts) always runs meld with it.
 */
export const CLI_NOW = '2026-11-27T10:00:00.000Z';
export const FIXED_CLOCK = { MELD_TEST_NOW: CLI_NOW };

/** The environment a user's shell would give meld: no NODE_ENV (vitest sets it), no colour forcing. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_ENV;
  delete env.VITEST;
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  Object.assign(env, { TZ: 'UTC', LANG: 'C.UTF-8' }, extra);
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

/** Runs the built binary as a user would, synchronously. */
export function meld(
  args: string[],
  opts: { db?: string; env?: Record<string, string | undefined>; input?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: cliEnv({ ...(opts.db ? { MELD_DB: opts.db } : {}), ...opts.env }),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the built binary without waiting, for concurrency tests. */
export function meldAsync(
  args: string[],
  opts: { db?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: cliEnv({ ...(opts.db ? { MELD_DB: opts.db } : {}), ...opts.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
