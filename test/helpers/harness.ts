import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Context, fileStoreFor } from '../../src/context.js';
import { main } from '../../src/main.js';
import type { Store } from '../../src/store/store.js';
import type { Db } from '../../src/domain/types.js';
import type { Prompter } from '../../src/ui/prompter.js';
import { nonInteractivePrompter } from '../../src/ui/prompter.js';
import { makeStyle } from '../../src/ui/style.js';

export const FIXED_NOW = new Date('2026-11-27T10:00:00.000Z');

export function tempDir(prefix = 'meld-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  dbPath: string;
  /** The data file as it is after the run (undefined when it does not exist). */
  db: Db | undefined;
  questions: string[];
}

/** A prompter that answers from a script and fails on unexpected questions. */
function scriptedPrompter(answers: unknown[], asked: string[]): Prompter {
  const next = (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected question: ${message}`);
    return answers.shift();
  };
  return {
    input: async (q) => String(next(q.message)),
    select: async <T>(q: { message: string }) => next(q.message) as T,
    confirm: async (q) => Boolean(next(q.message)),
  };
}

/** Runs meld in-process, the same `main` as the binary, with captured streams and a fixed clock. */
export async function runMeld(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const dbPath = options.db ?? tempDbPath();
  let stdout = '';
  let stderr = '';
  const answers = [...(options.answers ?? [])];
  const questions: string[] = [];
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
    clock: { now: () => now },
    prompter: interactive ? scriptedPrompter(answers, questions) : nonInteractivePrompter,
    env: { MELD_DB: dbPath, ...options.env },
    store: () => (store ??= options.store ?? fileStoreFor(ctx, ctx.settings.dbPath ?? dbPath)),
    settings: { dbPath: undefined, debug: false },
  };
  const exitCode = await main(args, ctx);
  if (answers.length > 0)
    throw new Error(`unused answers: ${JSON.stringify(answers)} (asked: ${questions.join(' | ')})`);
  const db = existsSync(dbPath) ? (JSON.parse(readFileSync(dbPath, 'utf8')) as Db) : undefined;
  return { exitCode, stdout, stderr, dbPath, db, questions };
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
