import { readFileSync } from 'node:fs';

/*
 * Whether a process that wrote a lock or a temp file still runs. A pid alone is not enough:
 * pids are reused, and a lock left by a meld killed yesterday must not block every write
 * because its pid now belongs to a browser. So a holder also records when its process started
 * (Linux: the start time in /proc/<pid>/stat, in clock ticks since boot, with the boot id); a
 * live pid with another start time is another process.
 *
 * No imports from the rest of the store: atomic.ts and lock.ts both depend on this file.
 */

/** This boot of the machine (Linux), so a start time from before a reboot never matches. */
function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * An identity for the process `pid` that no other process shares: `<boot id>:<start ticks>`.
 * Null where the system does not tell (no /proc: macOS, Windows); the pid alone decides there.
 */
export function processStart(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[19]; // field 22 of the whole line
  if (!ticks || !/^\d+$/.test(ticks)) return null;
  return `${bootId() ?? 'boot'}:${ticks}`;
}

let own: string | null | undefined;
/** This process's identity (read once). */
export function ownStart(): string | null {
  if (own === undefined) own = processStart(process.pid);
  return own;
}

/** When process `pid` started, in ms since the epoch (Linux: its start ticks after the boot time); null elsewhere. */
export function startedAtMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ: 100 ticks a second on every Linux that meld runs on.
    return Number.isFinite(ticks) && Number.isFinite(btime) && btime > 0 ? btime * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}

/** Slack for clock ticks and a clock set a little differently: a start this much later is surely later. */
const STARTED_AFTER_SLACK_MS = 5_000;

/**
 * Whether process `pid` runs and, when `start` is known, is the same process that recorded it
 * (not a later one that got the same pid). Without `start` (a lock from an older meld), a
 * process that started after `since` (when the lock was taken) cannot be its holder either.
 */
export function isAlive(pid: number, start?: string | null, since?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!start) {
    const taken = since ? Date.parse(since) : Number.NaN;
    const started = Number.isFinite(taken) ? startedAtMs(pid) : null;
    return started === null || started <= taken + STARTED_AFTER_SLACK_MS;
  }
  const now = processStart(pid);
  return now === null || now === start;
}
