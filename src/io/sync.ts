import { promises as fs } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { MeldError } from '../errors.js';
import type { MergeReport } from '../domain/sync-merge/three-way.js';
import { describeIncoming, type Incoming } from '../domain/sync-merge/words.js';
import type { Db } from '../domain/types.js';
import { locate } from '../store/locate.js';
import { recordOutsideChange } from '../store/outside-change.js';
import { type GitOptions, git, gitError, gitOk, shellQuote } from './git.js';

/*
 * `meld sync setup` and `meld sync`: the data file's folder as a git repository whose merges of
 * the data file go through meld's record merge (the `meld` merge driver). Only meld's own files
 * are added and committed, so a folder that already holds other work is left as it was.
 */

/** What git needs to find meld's merge driver. */
export const DRIVER_NAME = 'meld record merge';

/** How a sync's merge starts in `meld history` (and is left out of the next sync's commit message). */
export const SYNC_SUMMARY = 'sync with';

/** The environment variable through which `meld merge-file` hands `meld sync` what it decided. */
export const REPORT_ENV = 'MELD_SYNC_REPORT';

export interface Repo {
  /** The data file as meld names it (its lock and history are beside it). */
  path: string;
  /** The data file (a symlink's target), its folder and the repository's top folder. */
  file: string;
  folder: string;
  top: string;
  /** The data file's name in its folder. */
  name: string;
  opts: GitOptions;
}

/** The command git runs as the merge driver: this very meld, by absolute paths. */
export function driverCommand(self: { node: string; script: string }): string {
  return `${shellQuote(self.node)} ${shellQuote(self.script)} merge-file %O %A %B %P`;
}

/** A .gitattributes pattern for one file name (spaces as a class: the format has no quoting). */
function pattern(name: string): string {
  return `/${name.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/ /g, '[[:space:]]')}`;
}

export function attributeLines(name: string): string[] {
  return [`${pattern(name)} merge=meld`];
}

/** What stays on this device: meld's history folder, lock, temp files, migration originals, conflict copies. */
export function ignoreLines(name: string): string[] {
  const p = pattern(name);
  return [`${p}.d/`, `${p}.lock`, `${p}.lock.*`, `${p}.*.tmp`, `${p}.v[0-9]*.json`, `${p}.conflict-*.json`];
}

/** Adds the lines a file lacks (creating it); returns whether it changed. */
async function ensureLines(file: string, lines: string[], header: string): Promise<boolean> {
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const have = new Set(text.split('\n').map((l) => l.trim()));
  const missing = lines.filter((l) => !have.has(l));
  if (missing.length === 0) return false;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  await fs.writeFile(file, `${text}${sep}${header}\n${missing.join('\n')}\n`);
  return true;
}

async function dataFile(dbPath: string): Promise<{ file: string; folder: string; name: string }> {
  const where = await locate(dbPath);
  const stat = await fs.stat(where.target).catch(() => null);
  if (!stat?.isFile()) {
    throw new MeldError(`no data file at ${dbPath} yet; nothing to sync`, {
      hint: 'add something first; on a second device, `git clone <url> <folder>` and point --db or MELD_DB at the meld.json in it, then run `meld sync setup`',
    });
  }
  return { file: where.target, folder: dirname(where.target), name: basename(where.target) };
}

/** git writes files with the umask (0644): the data file is kept to its owner, as meld saves it. */
async function keepPrivate(file: string): Promise<void> {
  const stat = await fs.stat(file).catch(() => null);
  if (stat && (stat.mode & 0o077) !== 0) await fs.chmod(file, stat.mode & 0o700).catch(() => undefined);
}

/** The repository the data file is in, or null. */
async function findRepo(dbPath: string, env: GitOptions['env']): Promise<Repo | null> {
  const { file, folder, name } = await dataFile(dbPath);
  const opts = { cwd: folder, env };
  const top = await git(['rev-parse', '--show-toplevel'], opts);
  if (top.code !== 0) return null;
  return { path: dbPath, file, folder, name, top: top.stdout.trim(), opts };
}

async function identity(repo: Repo): Promise<string[]> {
  const email = await git(['config', 'user.email'], repo.opts);
  const name = await git(['config', 'user.name'], repo.opts);
  const flags: string[] = [];
  // A commit needs an author; one missing from git's config is meld on this host (config unchanged).
  if (name.stdout.trim() === '' && !repo.opts.env.GIT_AUTHOR_NAME) flags.push('-c', 'user.name=meld');
  if (email.stdout.trim() === '' && !repo.opts.env.GIT_AUTHOR_EMAIL) flags.push('-c', `user.email=meld@${hostname()}`);
  return flags;
}

/** Commits the given paths (relative to the data folder) when they changed; returns whether it committed. */
async function commitOnly(repo: Repo, paths: string[], message: string): Promise<boolean> {
  await gitOk(['add', '--', ...paths], repo.opts, 'cannot add meld files to git');
  const staged = await git(['diff', '--cached', '--quiet', '--', ...paths], repo.opts);
  if (staged.code === 0) return false;
  await gitOk([...(await identity(repo)), 'commit', '-q', '-m', message, '--', ...paths], repo.opts, 'cannot commit');
  return true;
}

async function currentBranch(repo: Repo): Promise<string> {
  const b = await git(['symbolic-ref', '--short', 'HEAD'], repo.opts);
  if (b.code !== 0)
    throw new MeldError(`the repository in ${repo.top} is not on a branch (detached HEAD); nothing was changed`, {
      hint: 'check out a branch with git first',
    });
  return b.stdout.trim();
}

async function registerDriver(repo: Repo, command: string): Promise<boolean> {
  const now = await git(['config', '--get', 'merge.meld.driver'], repo.opts);
  if (now.stdout.trim() === command) return false;
  await gitOk(['config', 'merge.meld.name', DRIVER_NAME], repo.opts, 'cannot register the merge driver');
  await gitOk(['config', 'merge.meld.driver', command], repo.opts, 'cannot register the merge driver');
  return true;
}

export interface SetupResult {
  repository: string;
  created: boolean;
  driverRegistered: boolean;
  files: string[];
  committed: boolean;
  remote: string | null;
  pushed: boolean;
  /** When --remote held data already: what came in from it. */
  pulled: SyncResult | null;
}

export async function setupSync(
  dbPath: string,
  opts: { remote?: string; env: GitOptions['env']; driver: string; now: Date },
): Promise<SetupResult> {
  await git(['--version'], { cwd: tmpdir(), env: opts.env });
  let repo = await findRepo(dbPath, opts.env);
  let created = false;
  if (!repo) {
    const { folder } = await dataFile(dbPath);
    await gitOk(['init', '-q'], { cwd: folder, env: opts.env }, `cannot make ${folder} a git repository`);
    repo = (await findRepo(dbPath, opts.env))!;
    created = true;
  }
  const driverRegistered = await registerDriver(repo, opts.driver);
  const files: string[] = [];
  if (
    await ensureLines(
      join(repo.folder, '.gitattributes'),
      attributeLines(repo.name),
      '# meld merges its data file record by record (meld sync setup)',
    )
  )
    files.push('.gitattributes');
  if (
    await ensureLines(
      join(repo.folder, '.gitignore'),
      ignoreLines(repo.name),
      "# meld's history, lock and temp files stay on each device",
    )
  )
    files.push('.gitignore');
  const committed = await commitOnly(
    repo,
    [repo.name, '.gitattributes', '.gitignore'],
    `meld: sync setup for ${repo.name}`,
  );
  await markSynced(repo, opts.now);
  let remote: string | null = null;
  let pushed = false;
  let pulled: SyncResult | null = null;
  if (opts.remote !== undefined) {
    const url = opts.remote;
    const existing = await git(['remote', 'get-url', 'origin'], repo.opts);
    if (existing.code === 0 && existing.stdout.trim() !== url) {
      throw new MeldError(
        `the repository in ${repo.top} already has the remote origin ${existing.stdout.trim()}; nothing was changed`,
        {
          hint: 'meld sync uses it as it is; to change it: `git remote set-url origin <url>`',
        },
      );
    }
    const added = existing.code !== 0;
    if (added) await gitOk(['remote', 'add', 'origin', url], repo.opts, 'cannot add the remote');
    remote = 'origin';
    try {
      pulled = await syncRepo(repo, { summaries: [], env: opts.env, now: opts.now, allowUnrelated: true });
    } catch (error) {
      // A remote that could not be reached is not kept: the next setup may name another.
      if (added) await git(['remote', 'remove', 'origin'], repo.opts);
      throw error;
    }
    pushed = pulled.pushed;
  } else {
    const remotes = (await git(['remote'], repo.opts)).stdout.split('\n').filter(Boolean);
    if (remotes.length > 0) remote = remotes.includes('origin') ? 'origin' : remotes[0]!;
  }
  await keepPrivate(repo.file);
  return { repository: repo.top, created, driverRegistered, files, committed, remote, pushed, pulled };
}

export interface SyncResult {
  repository: string;
  remote: string;
  /** Local changes committed before the pull (their history summaries). */
  sent: number;
  committed: boolean;
  pulled: boolean;
  pushed: boolean;
  incoming: Incoming;
  report: MergeReport | null;
}

/** This device's last sync (repository config, never shared): the next sync's message starts after it. */
async function markSynced(repo: Repo, now: Date): Promise<void> {
  await git(['config', 'meld.lastsync', now.toISOString()], repo.opts);
}

/** The history summaries since the last commit of the data file (the commit message of a sync). */
export async function lastSyncTime(dbPath: string, env: GitOptions['env']): Promise<string | null> {
  const repo = await findRepo(dbPath, env);
  if (!repo) return null;
  const marked = await git(['config', '--get', 'meld.lastsync'], repo.opts);
  if (marked.stdout.trim() !== '') return marked.stdout.trim();
  const log = await git(['log', '-1', '--format=%cI', '--', repo.name], repo.opts);
  const at = log.stdout.trim();
  return at === '' ? null : new Date(at).toISOString();
}

export async function runSync(
  dbPath: string,
  opts: { summaries: string[]; env: GitOptions['env']; driver: string; now: Date },
): Promise<SyncResult & { driverRegistered: boolean }> {
  const repo = await findRepo(dbPath, opts.env);
  if (!repo) {
    throw new MeldError(`${dbPath} is not in a git repository: sync is not set up; nothing was changed`, {
      hint: 'run `meld sync setup --remote <url>` (any private git remote; see docs/devices.md)',
    });
  }
  // A fresh clone: git does not copy config, so the driver is registered here.
  const driverRegistered = await registerDriver(repo, opts.driver);
  return { ...(await syncRepo(repo, { summaries: opts.summaries, env: opts.env, now: opts.now })), driverRegistered };
}

async function syncRepo(
  repo: Repo,
  opts: { summaries: string[]; env: GitOptions['env']; now: Date; allowUnrelated?: boolean },
): Promise<SyncResult> {
  const branch = await currentBranch(repo);
  const configured = await git(['config', '--get', `branch.${branch}.remote`], repo.opts);
  const remotes = (await gitOk(['remote'], repo.opts, 'cannot list remotes')).split('\n').filter(Boolean);
  const remote = configured.stdout.trim() || (remotes.includes('origin') ? 'origin' : remotes[0]);
  if (!remote) {
    throw new MeldError(`the repository in ${repo.top} has no remote to sync with; nothing was changed`, {
      hint: 'add one: `meld sync setup --remote <url>`',
    });
  }
  const url = (await git(['remote', 'get-url', remote], repo.opts)).stdout.trim() || remote;
  const unmerged = await git(['diff', '--name-only', '--diff-filter=U'], repo.opts);
  if (unmerged.stdout.trim() !== '') {
    throw new MeldError(
      `a git merge is unfinished in ${repo.top} (${unmerged.stdout.trim().split('\n').join(', ')}); nothing was changed`,
      {
        hint: 'finish it with git, or `git merge --abort` in that folder, then sync again',
      },
    );
  }
  // Loaded when a sync runs: the record merge reads files with the validator (zod), which start-up must not load.
  const { readVersion } = await import('../store/sync-merge.js');
  // 1. What the other devices sent (network: before taking the data file's lock).
  await gitOk(['fetch', '-q', remote], repo.opts, 'sync failed', url);
  const upstream = `refs/remotes/${remote}/${branch}`;
  const exists = (await git(['rev-parse', '--verify', '-q', upstream], repo.opts)).code === 0;

  // 2. Under the lock: what changed here since the last sync, as one commit of meld's file; then
  //    the merge through the driver, recorded in meld's history (one `meld undo` takes it back).
  const summaries = opts.summaries;
  const message =
    summaries.length > 0
      ? `meld sync: ${summaries.length} ${summaries.length === 1 ? 'change' : 'changes'}\n\n${summaries.map((s) => `- ${s}`).join('\n')}\n`
      : 'meld sync: changes made outside meld';
  const { committed, pulled, report, incoming } = await recordOutsideChange(
    repo.path,
    async () => {
      const before: Db = await readVersion(repo.file, 'ours');
      const committed = await commitOnly(repo, [repo.name], message);
      await markSynced(repo, opts.now);
      const merged = exists
        ? await mergeUpstream(repo, upstream, url, Boolean(opts.allowUnrelated))
        : { pulled: false, report: null };
      await keepPrivate(repo.file);
      const after: Db = merged.pulled ? await readVersion(repo.file, 'ours') : before;
      const incoming = describeIncoming(
        before as unknown as Record<string, unknown>,
        after as unknown as Record<string, unknown>,
        merged.report ?? undefined,
      );
      return { committed, ...merged, incoming };
    },
    (r) => {
      if (!r.pulled) return null;
      const n = r.report?.conflicts.length ?? 0;
      const conflicts = n > 0 ? `; ${n} ${n === 1 ? 'conflict' : 'conflicts'}` : '';
      return `${SYNC_SUMMARY} ${url}: ${r.incoming.text || 'nothing new'}${conflicts}`;
    },
    opts.now,
  );

  // 3. Sent: the merged history goes back to the remote.
  const ahead = exists ? (await git(['rev-list', '--count', `${upstream}..HEAD`], repo.opts)).stdout.trim() : '1';
  let pushed = false;
  if (ahead !== '0') {
    const push = await git(
      ['push', '-q', ...(configured.stdout.trim() ? [] : ['-u']), remote, `HEAD:refs/heads/${branch}`],
      repo.opts,
    );
    if (push.code !== 0) {
      const error = gitError(push.stderr, 'sent nothing', url);
      throw new MeldError(
        `${error.message.replace('; nothing was changed', '')}${pulled ? ' (what came in is merged here)' : ''}`,
        { hint: error.hint },
      );
    }
    pushed = true;
  }
  return {
    repository: repo.top,
    remote: url,
    sent: committed ? Math.max(1, summaries.length) : 0,
    committed,
    pulled,
    pushed,
    incoming,
    report,
  };
}

/** `git merge` of the remote branch, through meld's driver; an aborted merge leaves everything as it was. */
async function mergeUpstream(
  repo: Repo,
  upstream: string,
  url: string,
  allowUnrelated: boolean,
): Promise<{ pulled: boolean; report: MergeReport | null }> {
  const reportFile = join(tmpdir(), `meld-sync-${process.pid}-${Date.now().toString(36)}.json`);
  const merge = await git(
    [
      ...(await identity(repo)),
      'merge',
      '--no-edit',
      ...(allowUnrelated ? ['--allow-unrelated-histories'] : []),
      upstream,
    ],
    { ...repo.opts, extraEnv: { [REPORT_ENV]: reportFile } },
  );
  const written = (await fs.readFile(reportFile, 'utf8').then(JSON.parse, () => null)) as {
    report?: MergeReport;
    error?: string;
  } | null;
  await fs.rm(reportFile, { force: true });
  if (merge.code !== 0) {
    const conflicted = (await git(['diff', '--name-only', '--diff-filter=U'], repo.opts)).stdout
      .trim()
      .split('\n')
      .filter(Boolean);
    await git(['merge', '--abort'], repo.opts);
    if (written?.error)
      throw new MeldError(`sync failed: ${written.error}`, {
        hint: 'the data file is as it was; your changes are committed here',
      });
    if (conflicted.length > 0) {
      throw new MeldError(
        `sync failed: git could not merge ${conflicted.join(', ')} in ${repo.top}; the data file is as it was`,
        { hint: 'those are not meld files: merge them with git (`git pull`), then sync again' },
      );
    }
    throw gitError(merge.stderr || merge.stdout, 'sync failed', url);
  }
  return { pulled: !/Already up to date/i.test(merge.stdout), report: written?.report ?? null };
}

/** `meld merge-file` run by a `meld sync`: what it decided (or why it could not) goes back to the sync. */
export async function writeSyncReport(file: string, value: { report?: MergeReport; error?: string }): Promise<void> {
  await fs.writeFile(file, JSON.stringify(value)).catch(() => undefined);
}

/** This meld, as git should run it: the node binary and the script it was started with. */
export function selfCommand(): string {
  const script = process.argv[1];
  if (!script) throw new MeldError('cannot tell where this meld is installed, to register it as the merge driver');
  return driverCommand({ node: process.execPath, script });
}
