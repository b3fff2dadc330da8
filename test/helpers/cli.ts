import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/meld.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

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
