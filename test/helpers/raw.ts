import { type Context, fileStoreFor } from '../../src/context.js';
import { main } from '../../src/main.js';
import type { Store } from '../../src/store/store.js';
import { nonInteractivePrompter } from '../../src/ui/prompter.js';
import { makeStyle } from '../../src/ui/style.js';
import { FIXED_NOW } from './harness.js';

/**
 * Runs meld in-process like `runMeld`, but never reads the data file itself afterwards: for
 * files that are damaged on purpose. Options of the store (a short lock timeout) can be passed.
 */
export async function runRaw(
  args: string[],
  db: string,
  opts: { lockTimeoutMs?: number; columns?: number; now?: Date } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let store: Store | undefined;
  const ctx: Context = {
    io: {
      out: { write: (s: string) => (stdout += s) },
      err: { write: (s: string) => (stderr += s) },
      style: makeStyle(false),
      interactive: false,
      outIsTTY: false,
      columns: opts.columns ?? 80,
      unicode: true,
    },
    clock: { now: () => opts.now ?? FIXED_NOW },
    prompter: nonInteractivePrompter,
    env: { MELD_DB: db },
    store: () => (store ??= fileStoreFor(ctx, ctx.settings.dbPath ?? db, { timeoutMs: opts.lockTimeoutMs })),
    settings: { dbPath: undefined, debug: false },
  };
  const exitCode = await main(args, ctx);
  return { exitCode, stdout, stderr };
}
