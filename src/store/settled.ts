import type { BigIntStats } from 'node:fs';

/*
 * A file's ctime is set by the kernel to the present on every write, truncate, rename, link or
 * utimes, and no program can set it back. Once it is old enough that no later change can fall in
 * the same clock tick (git's "racily clean" rule), an unchanged ctime proves the file unchanged:
 * the derived index (derived.ts) and the check before a save's rename (commit.ts) then need not
 * hash the file.
 */

/**
 * How old a ctime must be: 100 ms where the file system keeps times finer than a second (the
 * kernel's clock for them moves every 1-10 ms), 2 s where it keeps whole seconds (no fraction).
 */
export const racyNs = (ctimeNs: bigint) => (ctimeNs % 1_000_000_000n === 0n ? 2_000_000_000n : 100_000_000n);

/** Where the kernel alone sets a file's ctime (not Windows, where a program can set it). */
export const CTIME_KEPT = ['linux', 'darwin', 'freebsd', 'openbsd', 'netbsd'].includes(process.platform);

/** The file's ctime (decimal ns) when it was already old enough at `nowNs`, else null. */
export function settledCtime(stat: BigIntStats, nowNs: bigint = BigInt(Date.now()) * 1_000_000n): string | null {
  return CTIME_KEPT && stat.ctimeNs < nowNs - racyNs(stat.ctimeNs) ? String(stat.ctimeNs) : null;
}
