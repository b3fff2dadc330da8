import { inject } from 'vitest';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockOf, type Context, fileStoreFor } from '../../src/context.js';
import { main } from '../../src/main.js';
import type { Store } from '../../src/store/types.js';
import type { Db } from '../../src/domain/types.js';
import type { Prompter } from '../../src/ui/prompter.js';
import { nonInteractivePrompter } from '../../src/ui/prompter.js';
import { makeStyle } from '../../src/ui/style.js';

export const FIXED_NOW = new Date('2026-11-27T10:00:00.000Z');

/** A new folder for one test, inside the run's temp folder (removed when the run ends). */
export function tempDir(prefix = 'meld-test-'): string {
  return mkdtempSync(join(inject('tempRoot') ?? tmpdir(), prefix));
}

export function tempDbPath(): string {
  return join(tempDir(), 'meld.json');
}

export interface RunOptions {
  /** Data file path; a new temp file when omitted. */
  db?: string;
  /** Scripted answers, in the order the questions come; interactive is implied. */
  answers?: unknown[];
  interactive?: boolean;
  now?: Date | string;
  env?: Record<string, string | undefined>;
  columns?: number;
  /** Replaces the file store, e.g. to simulate a failing disk. */
  store?: Store;
  /** Whether the terminal supports colour (a chalk level of 1). */
  color?: boolean;
  /** The machine's time zone: what a file made by this run records (UTC by default). */
  zone?: string;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  dbPath: string;
  /** The data file as it is after the run (undefined when it does not exist). */
  db: Db | undefined;
  questions: string[];
  /** What the prompts' checks said to answers they refused (each such question was asked again). */
  refusals: string[];
}

/**
 * A prompter that answers from a script and fails on unexpected questions. It behaves as the
 * terminal does: an input's answer that its `validate` refuses is recorded in `refusals` and
 * the question is asked again (taking the next answer); a select's answer must be one of its
 * choices' values.
 */
function scriptedPrompter(answers: unknown[], asked: string[], refusals: string[]): Prompter {
  const next = (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected question: ${message}`);
    return answers.shift();
  };
  return {
    input: async (q) => {
      for (;;) {
        const answer = String(next(q.message));
        const verdict = q.validate ? q.validate(answer) : true;
        if (verdict === true) return answer;
        refusals.push(verdict);
      }
    },
    select: async <T>(q: { message: string; choices: Array<{ value: T }> }) => {
      const answer = next(q.message) as T;
      if (!q.choices.some((c) => c.value === answer)) {
        throw new Error(`answer ${JSON.stringify(answer)} is not a choice of "${q.message}"`);
      }
      return answer;
    },
    confirm: async (q) => Boolean(next(q.message)),
  };
}

/** runMeld's options, with the data file given and the lock wait settable. */
export interface TestContextOptions extends Omit<RunOptions, 'db'> {
  /** The data file (MELD_DB; `--db` still wins, as in the binary). */
  db: string;
  /** How long a writer waits for the lock (the store's default otherwise). */
  lockTimeoutMs?: number;
}

export interface TestContext {
  ctx: Context;
  /** What the run wrote so far to stdout and stderr. */
  output(): { stdout: string; stderr: string };
  /** The questions the prompter was asked. */
  questions: string[];
  /** The scripted answers not used yet. */
  unused: unknown[];
  /** What the prompts' checks said to answers they refused (each such question was asked again). */
  refusals: string[];
}

/**
 * The one Context tests build: captured streams, no colour unless asked, a fixed clock
 * (FIXED_NOW), a scripted prompter that fails on unexpected questions (or the non-interactive
 * one), and a file store opened lazily, as in the binary.
 */
export function testContext(options: TestContextOptions): TestContext {
  let stdout = '';
  let stderr = '';
  const unused = [...(options.answers ?? [])];
  const questions: string[] = [];
  const refusals: string[] = [];
  const interactive = options.interactive ?? options.answers !== undefined;
  const now = options.now ? new Date(options.now) : FIXED_NOW;
  let store: Store | undefined;
  const ctx: Context = {
    io: {
      out: { write: (s: string) => (stdout += s) },
      err: { write: (s: string) => (stderr += s) },
      style: makeStyle(options.color ?? false),
      interactive,
      outIsTTY: interactive,
      columns: options.columns ?? 80,
      unicode: true,
    },
    clock: clockOf(() => now),
    prompter: interactive ? scriptedPrompter(unused, questions, refusals) : nonInteractivePrompter,
    env: { MELD_DB: options.db, ...options.env },
    store: () =>
      (store ??=
        options.store ?? fileStoreFor(ctx, ctx.settings.dbPath ?? options.db, { timeoutMs: options.lockTimeoutMs })),
    settings: { dbPath: undefined, debug: false },
    // A new file made by a test records UTC, so tests hold whatever zone they run in
    // (MELD_TEST_TZ); a test about zones passes `zone`.
    machineZone: () => options.zone ?? 'UTC',
  };
  return { ctx, output: () => ({ stdout, stderr }), questions, unused, refusals };
}

/** Runs meld in-process, the same `main` as the binary, with captured streams and a fixed clock. */
export async function runMeld(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const dbPath = options.db ?? tempDbPath();
  const { ctx, output, questions, unused, refusals } = testContext({ ...options, db: dbPath });
  const exitCode = await main(args, ctx);
  if (unused.length > 0) throw new Error(`unused answers: ${JSON.stringify(unused)} (asked: ${questions.join(' | ')})`);
  const db = existsSync(dbPath) ? (JSON.parse(readFileSync(dbPath, 'utf8')) as Db) : undefined;
  return { exitCode, ...output(), dbPath, db, questions, refusals };
}

/** Runs several commands against one data file, failing loudly on the first error. */
export async function seed(dbPath: string, commands: string[][]): Promise<void> {
  for (const args of commands) {
    const result = await runMeld(args, { db: dbPath });
    if (result.exitCode !== 0) throw new Error(`seed failed: meld ${args.join(' ')}\n${result.stderr}`);
  }
}

export function writeRaw(path: string, content: string): void {
  writeFileSync(path, content);
}
