import { main } from '../../src/main.js';
import { testContext } from './harness.js';

/**
 * Runs meld in-process like `runMeld`, but never reads the data file itself afterwards: for
 * files that are damaged on purpose. Options of the store (a short lock timeout) can be passed.
 */
export async function runRaw(
  args: string[],
  db: string,
  opts: { lockTimeoutMs?: number; columns?: number; now?: Date } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const { ctx, output } = testContext({ db, ...opts });
  const exitCode = await main(args, ctx);
  return { exitCode, ...output() };
}
