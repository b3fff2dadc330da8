import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { MeldError } from '../errors.js';
import { uniqueSuffix } from './atomic.js';
import { isAlive, isBusy, ownStart, workDone } from './processes.js';

/*
 * An exclusive lock around read -> change -> write: a file `<data file>.lock` created with
 * O_EXCL (open 'wx'), holding the holder's pid, host, start time and command. Only writers take
 * it; readers never look at it (saves are atomic renames, so a reader sees a whole file).
 *
 * A lock whose holder is dead (same host, the pid no longer exists) is taken over at once. A
 * lock on another host is only taken over when it has not been touched for STALE_FOREIGN_MS.
 */

export interface LockInfo {
  pid: number;
  host: string;
  since: string;
  command: string;
  nonce: string;
  /** The holder's process identity (boot id and start time), so a reused pid is not taken for it. */
  start?: string | null;
}

export interface LockOptions {
  /**
   * How long a writer waits for a holder that makes no progress before giving up (default 10 s).
   * A holder that works (its CPU time or I/O grows) or hands the lock on resets the wait: 30
   * writers in a queue on a busy machine all get their turn, however long the queue takes.
   */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A test seam: MELD_TEST_LOCK_TIMEOUT_MS shortens the wait for a stuck holder in the built
 * binary, so a test can show that waiting is bounded by progress (30 writers queue far longer).
 */
function testTimeout(): number | undefined {
  const ms = Number(process.env.MELD_TEST_LOCK_TIMEOUT_MS);
  return Number.isInteger(ms) && ms > 0 ? ms : undefined;
}
/** A lock file still empty after this long belongs to a process that died while creating it. */
const EMPTY_GRACE_MS = 2_000;
const STALE_FOREIGN_MS = 10 * 60_000;
/**
 * A lock is judged dead only once it is this old, even when its pid is gone. Under contention a
 * holder often releases and exits between another writer reading its lock and checking its pid;
 * a young lock is then most likely a new live holder's, and removing it would let two writers in.
 */
const DEAD_GRACE_MS = 1_000;
/** A breaker is held for milliseconds; one this old was left by a process that died breaking. */
const BREAKER_STALE_MS = 5_000;

export function lockPathFor(dbPath: string): string {
  return `${dbPath}.lock`;
}

/** The lock and the short-lived breaker lock used to take over a dead holder's lock. */
export function lockFilesFor(dbPath: string): string[] {
  return [lockPathFor(dbPath), `${lockPathFor(dbPath)}.break`];
}

function describeCommand(): string {
  const args = process.argv.slice(2).join(' ');
  const text = `meld ${args}`.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** A folder (or anything but a file) where the lock goes: every write would stop at it. */
export function lockInTheWay(lockPath: string, what = 'a folder'): MeldError {
  return new MeldError(`${lockPath} is ${what}, where meld keeps its lock file; nothing was changed`, {
    hint: `remove it (\`meld doctor --fix\` removes an empty folder), then try again`,
  });
}

export async function readLock(
  lockPath: string,
): Promise<{ info: LockInfo | null; raw: string; mtimeMs: number } | null> {
  try {
    const [raw, stat] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    let info: LockInfo | null = null;
    try {
      const parsed = JSON.parse(raw) as LockInfo;
      if (typeof parsed.pid === 'number') info = parsed;
    } catch {
      info = null;
    }
    return { info, raw, mtimeMs: stat.mtimeMs };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw lockInTheWay(lockPath);
    throw error;
  }
}

/**
 * Whether the holder of a lock is shown to run ('alive': this machine, its pid and start time
 * match), shown gone ('dead'), or cannot be told ('unknown': a lock from another machine, or one
 * that holds no pid). `meld doctor` reports every lock that is not 'alive'.
 */
export function holderState(lock: { info: LockInfo | null; mtimeMs: number }): 'alive' | 'dead' | 'unknown' {
  if (!lock.info) return 'unknown';
  if (lock.info.host !== hostname()) return 'unknown';
  return isAlive(lock.info.pid, lock.info.start, lock.info.since) ? 'alive' : 'dead';
}

/** Whether a lock found on disk can be taken over: its holder is gone. */
export function isStale(lock: { info: LockInfo | null; mtimeMs: number }, now = Date.now()): boolean {
  if (!lock.info) return now - lock.mtimeMs > EMPTY_GRACE_MS;
  if (lock.info.host === hostname())
    return now - lock.mtimeMs > DEAD_GRACE_MS && !isAlive(lock.info.pid, lock.info.start, lock.info.since);
  return now - lock.mtimeMs > STALE_FOREIGN_MS;
}

/**
 * Creates `path` holding `content` only if it does not exist, with no moment where it exists
 * empty: the content goes to a private temp file first, which is then hard-linked to `path`
 * (link fails with EEXIST when `path` exists). Returns false when it exists.
 */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.${uniqueSuffix()}.tmp`;
  try {
    // Inside the try: a full disk fails the write after the temp exists, and it must go too.
    await fs.writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
    await fs.link(tmp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP') throw error;
    // No hard links here: fall back to O_EXCL (the lock may be seen empty for a moment).
    try {
      await fs.writeFile(path, content, { mode: 0o600, flag: 'wx' });
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/**
 * Removes the lock if, judged again while holding the breaker lock `<lock>.break`, its holder is
 * gone. Judging again under the breaker matters: a lock read a moment ago may since have been
 * released by its (now exited) holder and taken by a live process; only one breaker at a time
 * re-reads and removes, and a dead holder's lock cannot change meanwhile.
 */
async function breakIfStale(lockPath: string, content: string): Promise<void> {
  const breaker = `${lockPath}.break`;
  if (!(await createExclusive(breaker, content))) {
    const other = await readLock(breaker);
    // A breaker whose process died while breaking (it holds it for a few milliseconds).
    if (other && Date.now() - other.mtimeMs > BREAKER_STALE_MS && isStale(other))
      await removeIfStill(breaker, other.raw);
    return;
  }
  try {
    const held = await readLock(lockPath);
    if (held && isStale(held)) await removeIfStill(lockPath, held.raw);
  } finally {
    await fs.rm(breaker, { force: true });
  }
}

/** Removes `path` only if it still holds `raw`: it may have been released and re-taken since it was judged. */
async function removeIfStill(path: string, raw: string): Promise<void> {
  const now = await fs.readFile(path, 'utf8').catch(() => null);
  if (now === raw) await fs.rm(path, { force: true });
}

const seconds = (ms: number) => (ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** "`meld log 3 …` (pid 812, since 2026-11-27 10:00:00 UTC, 3 min ago)". */
export function holderText(info: LockInfo | null, mtimeMs: number, now = Date.now()): string {
  const since = info?.since && !Number.isNaN(Date.parse(info.since)) ? info.since : new Date(mtimeMs).toISOString();
  const when = `since ${since.slice(0, 10)} ${since.slice(11, 19)} UTC, ${ageText(now - Date.parse(since))}`;
  if (!info) return `another process (${when})`;
  const where = info.host === hostname() ? `pid ${info.pid}` : `pid ${info.pid} on ${info.host}`;
  return `\`${info.command}\` (${where}, ${when})`;
}

function ageText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 360) / 10} h ago`;
  return `${Math.round(s / 8640) / 10} days ago`;
}

export class Lock {
  private constructor(
    readonly path: string,
    private readonly content: string,
  ) {}

  /**
   * Waits for the lock and takes it; throws a MeldError naming the holder when the holder has
   * made no progress for the timeout. The wait is bounded by progress, not by the clock: it
   * starts again whenever the lock changes hands or its holder (on this machine) has done work
   * since the last look (or is running or waiting for the disk right now), so a long queue of writers on a busy machine all get their turn, and a
   * holder that hangs (stopped, stuck on a dead network disk) is named within the timeout.
   * Fairness: a writer polls no less often the longer it waits, so newcomers do not overtake it.
   */
  static async acquire(lockPath: string, options: LockOptions = {}): Promise<Lock> {
    const timeout = options.timeoutMs ?? testTimeout() ?? DEFAULT_TIMEOUT_MS;
    const info: LockInfo = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      command: describeCommand(),
      nonce: uniqueSuffix(),
      start: ownStart(),
    };
    const content = `${JSON.stringify(info)}\n`;
    const started = Date.now();
    let seen: { raw: string; work: string | null } | null = null;
    let progressAt = started;
    for (;;) {
      // Looking is cheaper than trying (a temp file, a link): try only when the lock is free.
      const held = await readLock(lockPath);
      if (held === null) {
        if (await createExclusive(lockPath, content)) return new Lock(lockPath, content);
        continue;
      }
      if (isStale(held)) {
        await breakIfStale(lockPath, content);
        await sleep(1);
        continue;
      }
      const pid = held.info?.host === hostname() ? held.info.pid : null;
      const work = pid === null ? null : workDone(pid);
      const now = Date.now();
      const moved = seen === null || seen.raw !== held.raw || (work !== null && work !== seen.work);
      if (moved || (pid !== null && isBusy(pid))) {
        seen = { raw: held.raw, work };
        progressAt = now;
      } else if (now - progressAt >= timeout) {
        throw new MeldError(
          `the data file is locked by ${holderText(held.info, held.mtimeMs)}; gave up after ${seconds(timeout)} s in which it made no progress`,
          {
            hint: `wait for it to finish and try again; if that meld is stuck, stop it (its lock is then taken over); \`meld doctor\` tells whether the lock is stale`,
          },
        );
      }
      // 4 ms at first, up to 25 ms after a few rounds; a writer that has waited over a second
      // looks every 10 ms, more often than a newcomer, so the longest wait tends to end first.
      const waited = now - started;
      const step = waited > 1000 ? 10 : Math.min(4 * 1.5 ** Math.min(waited / 100, 5), 25);
      await sleep(step / 2 + Math.random() * step);
    }
  }

  /** Gives the lock back, only if it is still ours. */
  async release(): Promise<void> {
    const raw = await fs.readFile(this.path, 'utf8').catch(() => null);
    if (raw === this.content) await fs.rm(this.path, { force: true });
  }
}
