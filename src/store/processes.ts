import { readdirSync, readFileSync } from 'node:fs';

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
 * The fields of /proc/<pid>/stat after the command name (field 3 of the line is [0]); null where
 * there is no such process or no /proc. The name (field 2) is in parentheses and may hold spaces,
 * so fields are counted from the last ')'.
 */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * An identity for the process `pid` that no other process shares: `<boot id>:<start ticks>`.
 * Null where the system does not tell (no /proc: macOS, Windows); the pid alone decides there.
 */
export function processStart(pid: number): string | null {
  const ticks = statFields(pid)?.[19]; // field 22 of the whole line
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
  const fields = statFields(pid);
  if (!fields) return null;
  try {
    const ticks = Number(fields[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ: 100 ticks a second on every Linux that meld runs on.
    return Number.isFinite(ticks) && Number.isFinite(btime) && btime > 0 ? btime * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}

/**
 * Whether process `pid` runs meld, judged by its command line (`node …/meld.js …`, `meld …`).
 * True when the system does not tell (no /proc, or another user's process hidden from us).
 */
export function runsMeld(pid: number): boolean {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true;
  }
  // A zombie or a kernel thread has an empty command line: not a meld at work.
  return /meld/i.test(cmdline);
}

/**
 * How much work process `pid` has done so far: its CPU time and the bytes it read and wrote
 * (Linux /proc). Two readings that differ mean it is working; null where the system does not tell.
 */
export function workDone(pid: number): string | null {
  const fields = statFields(pid);
  if (!fields) return null;
  // utime and stime: fields 14 and 15 of the whole line (11 and 12 after the name).
  let work = `${fields[11]}:${fields[12]}`;
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    work += `:${/^rchar: (\d+)$/m.exec(io)?.[1]}:${/^wchar: (\d+)$/m.exec(io)?.[1]}`;
  } catch {
    // /proc/<pid>/io is only readable for one's own processes: CPU time alone then.
  }
  return work;
}

/**
 * Whether one of the threads of process `pid` is running, ready to run or waiting for the disk
 * (state R or D): working, though its counters may not have moved yet (a long fsync, a machine
 * so busy it gets the CPU rarely). False where the system does not tell.
 */
export function isBusy(pid: number): boolean {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const state = stat[stat.lastIndexOf(')') + 2];
      if (state === 'R' || state === 'D') return true;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return false;
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
    // A lock from a meld that did not record start times: pid 1, a shell or a browser that has
    // the pid now is not its holder, however long it has run.
    if (!runsMeld(pid)) return false;
    const taken = since ? Date.parse(since) : Number.NaN;
    const started = Number.isFinite(taken) ? startedAtMs(pid) : null;
    return started === null || started <= taken + STARTED_AFTER_SLACK_MS;
  }
  const now = processStart(pid);
  return now === null || now === start;
}
