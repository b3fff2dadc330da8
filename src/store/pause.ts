import { writeSync } from 'node:fs';

/**
 * A test hook for the crash tests: with MELD_TEST_PAUSE_AT=<point> in the environment, a save
 * stops at that point of its protocol, says `meld: paused at <point>` on stderr and waits there
 * until the process is killed. test/e2e/kill-mid-write.test.ts uses it to SIGKILL a writer at a
 * known moment of a save (half-way through the temp file, after the backup, after the journal
 * entry, after the rename…) instead of at a random time that may or may not fall inside one.
 * Without the variable this is one property read per point.
 */
export type PausePoint = 'changed' | 'half-written' | 'staged' | 'backed-up' | 'journaled' | 'renamed';

export function pauseAt(point: PausePoint): void {
  if (process.env.MELD_TEST_PAUSE_AT !== point) return;
  writeSync(2, `meld: paused at ${point}\n`);
  // Block the whole process (timers, I/O) until it is killed: nothing of the save runs on.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
