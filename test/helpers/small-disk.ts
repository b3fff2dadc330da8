import { spawnSync } from 'node:child_process';
import { rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cliEnv, type CliResult } from './cli.js';
import { tempDir } from './harness.js';

/*
 * Real full disks for the "nothing lost" tests: a small tmpfs where the tests run as root (a
 * container, CI), and `ulimit -f` (a file size limit, EFBIG) anywhere. No fakes: the point is
 * what the kernel does when a write does not fit (it writes what fits and says so only on the
 * next call).
 */

export interface SmallDisk {
  dir: string;
  /** Takes the free space down to about `bytes` (tmpfs counts in 4 KB pages). */
  leave(bytes: number): void;
  unmount(): void;
}

/** A tmpfs of `kb` KB mounted on a new temp folder, or the reason there cannot be one here. */
export function smallDisk(kb: number): SmallDisk | string {
  if (process.platform !== 'linux') return `tmpfs needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = tempDir('meld-disk-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kb}k,mode=0777`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mounted.status !== 0) return `mount -t tmpfs failed: ${(mounted.stderr || String(mounted.error)).trim()}`;
  let fillers = 0;
  return {
    dir,
    leave(bytes: number) {
      const { bavail, bsize } = statfsSync(dir);
      const extra = bavail * bsize - bytes;
      if (extra > 0) writeFileSync(join(dir, `filler-${++fillers}`), Buffer.alloc(extra));
    },
    unmount() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The built meld under a file size limit of `kb` KB (`ulimit -f` in bash: writes past it fail with EFBIG). */
export function meldLimited(
  kb: number,
  args: string[],
  opts: { db: string; cwd?: string; stdoutTo?: string; append?: boolean },
): CliResult {
  const redirect = opts.stdoutTo ? ` ${opts.append ? '>>' : '>'} "$OUT"` : '';
  const result = spawnSync('bash', ['-c', `ulimit -f ${kb} && "$0" "$@"${redirect}`, process.execPath, BIN, ...args], {
    env: cliEnv({ MELD_DB: opts.db, OUT: opts.stdoutTo }),
    cwd: opts.cwd,
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
