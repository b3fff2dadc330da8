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

/**
 * Whether process `pid` runs and, when `start` is known, is the same process that recorded it
 * (not a later one that got the same pid).
 */
export function isAlive(pid: number, start?: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!start) return true;
  const now = processStart(pid);
  return now === null || now === start;
}
