import { spawn } from 'node:child_process';
import { MeldError } from '../errors.js';

/*
 * git, run as a subprocess: the engine `meld sync` uses. Never prompts (a sync run from cron
 * must not hang on a password question); git's failures become one line each.
 */

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Extra variables for this call (the merge driver's report file). */
  extraEnv?: Record<string, string>;
}

export const GIT_MISSING =
  'git is not installed (no `git` on PATH); meld sync uses git to move your data between devices';

/** Runs `git args` in `cwd`; resolves with its exit code and output (a failing git is not an exception). */
export function git(args: string[], opts: GitOptions): Promise<GitResult> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSH_COMMAND: env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
    LC_ALL: 'C',
    ...opts.extraEnv,
  });
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new MeldError(GIT_MISSING, {
            hint: 'install git (https://git-scm.com/downloads), then run the command again',
          }),
        );
      } else reject(error);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Like git(), but a failure is a MeldError in one line (`what` says what was being done). */
export async function gitOk(args: string[], opts: GitOptions, what: string, remote?: string): Promise<string> {
  const result = await git(args, opts);
  if (result.code !== 0) throw gitError(result.stderr || result.stdout, what, remote);
  return result.stdout;
}

/** git's complaint in one line a person can act on: no access, no network, no such repository. */
export function gitError(stderr: string, what: string, remote?: string): MeldError {
  const where = remote ? ` ${remote}` : '';
  if (
    /Authentication failed|could not read Username|Permission denied|terminal prompts disabled|403|401/i.test(stderr)
  ) {
    return new MeldError(`${what}: the remote${where} refused access (authentication failed); nothing was changed`, {
      hint: 'check the credentials or the ssh key git uses for it: `git fetch` in the data folder shows the details',
    });
  }
  if (
    /Could not resolve host|unable to access|Connection refused|Network is unreachable|timed out|Connection reset|ssh: connect/i.test(
      stderr,
    )
  ) {
    return new MeldError(`${what}: cannot reach the remote${where} (network); nothing was changed`, {
      hint: 'check the connection and run it again; your changes stay committed here until then',
    });
  }
  if (/does not appear to be a git repository|Repository not found|not found|No such file or directory/i.test(stderr)) {
    return new MeldError(`${what}: the remote${where} is not a git repository meld can reach; nothing was changed`, {
      hint: 'check the address (`git remote -v` in the data folder)',
    });
  }
  const fatal =
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /^(fatal|error):/.test(l)) ??
    stderr.trim().split('\n')[0] ??
    'failed';
  return new MeldError(`${what}: git said ${fatal.replace(/^(fatal|error):\s*/, '')}`);
}

/** A value for a shell command line (git runs merge drivers through sh). */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
