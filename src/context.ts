import { isatty } from 'node:tty';
import { fdOutput } from './io/fd-output.js';
import { nonInteractivePrompter, inquirerPrompter, type Prompter } from './ui/prompter.js';
import { colorWanted, makeStyle, unicodeWanted, type Style } from './ui/style.js';
import { FileStore, type StoreOptions } from './store/store.js';
import type { Store } from './store/types.js';
import { cleanLine } from './ui/sanitize.js';
import { resolveDbPath } from './store/paths.js';
import { peekZone } from './store/zone.js';
import { canonicalZone } from './domain/dates.js';
import { toDay } from './domain/dates.js';
import type { IsoDay } from './domain/types.js';

export interface Output {
  write(chunk: string): unknown;
}

export interface Io {
  /** Data: tables and JSON. */
  out: Output;
  /** Everything else: confirmations, warnings, errors. */
  err: Output;
  style: Style;
  /** stdin and stdout are terminals: prompts allowed. */
  interactive: boolean;
  /** stdout is a terminal: colour and progress bars allowed. */
  outIsTTY: boolean;
  /**
   * The descriptor behind `out` when it is the process's stdout (the real process: 1), so an
   * export can check and write the file the shell opened; undefined in tests.
   */
  outFd?: number;
  /** Width tables must fit. */
  columns: number;
  unicode: boolean;
}

export interface Clock {
  now(): Date;
  /** Today: the calendar day of now in the business time zone (see useBusinessZone). */
  today(): IsoDay;
}

/** A clock reading `now`: the one place "today" is computed from it. */
export function clockOf(now: () => Date): Clock {
  return { now, today: () => toDay(now()) };
}

/** The time zone of the machine meld runs on (TZ, else the system's): what a new file records. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * Makes `zone` the process's local time zone, so every calendar day meld computes (domain
 * dates.ts, date-fns, the date parser) is a day in the business time zone whatever the reader's
 * TZ. Returns the function that puts the reader's zone back (main calls it when the run ends:
 * tests run many commands in one process).
 */
export function useBusinessZone(zone: string): () => void {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  return () => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  };
}

/**
 * Before a command runs: the data file's business time zone, or for a file not made yet the
 * machine's (the zone it will record), becomes the process's zone. Returns the undo.
 */
export async function applyBusinessZone(ctx: Context): Promise<() => void> {
  let zone: string | null = null;
  try {
    zone = await peekZone(ctx.store().path);
  } catch {
    zone = null;
  }
  if (zone !== null) {
    const restore = useBusinessZone(zone);
    if (zoneTookEffect()) {
      ctx.settings.zone = zone;
      return restore;
    }
    restore();
    // Not a zone Node reads as TZ as spelled ("europe/paris"), or none at all: Intl knows the
    // spelling it takes, or that there is no such zone (the load then reports the file).
    zone = canonicalZone(zone);
  }
  ctx.settings.zone = zone ?? ctx.machineZone();
  return useBusinessZone(ctx.settings.zone);
}

/**
 * Whether the process's TZ names a zone Node knows. An unknown one (or one spelled in another
 * case) falls back to UTC, named "GMT+00:00"; a known zone has a name ("Central European
 * Standard Time") or an offset of its own. Cheap, unlike Intl's first DateTimeFormat (~15 ms):
 * a zone that fails this is simply asked of Intl.
 */
function zoneTookEffect(): boolean {
  return !/\(GMT[+-]00:00\)$/.test(new Date(0).toString());
}

export interface Context {
  io: Io;
  clock: Clock;
  prompter: Prompter;
  env: Record<string, string | undefined>;
  /** The data file, opened on first use so `meld --help` works even when it is damaged. */
  store(): Store;
  /** Set from the global options before a command runs. */
  settings: {
    dbPath: string | undefined;
    debug: boolean;
    startNew?: boolean;
    /** The business time zone in effect for the run, and how to put the reader's back. */
    zone?: string;
    restoreZone?: () => void;
  };
  /** The zone of the machine (what a new data file records as its business time zone). */
  machineZone(): string;
}

export interface GlobalOptions {
  db?: string;
  color: boolean;
  debug?: boolean;
  new?: boolean;
}

/** Applies the global options that change how output looks and where data lives. */
export function applyGlobalOptions(ctx: Context, opts: GlobalOptions): void {
  ctx.settings.dbPath = opts.db;
  ctx.settings.debug = Boolean(opts.debug);
  ctx.settings.startNew = Boolean(opts.new);
  if (!opts.color) ctx.io.style = makeStyle(false);
}

/** The data file store for a context: `--new` and notices (a conflict copy kept) wired in. */
export function fileStoreFor(ctx: Context, path: string, options: StoreOptions = {}): FileStore {
  return new FileStore(path, {
    ...options,
    startNew: () => Boolean(ctx.settings.startNew),
    now: () => ctx.clock.now(),
    notice: (message) => ctx.io.err.write(`${ctx.io.style.yellow('warning:')} ${cleanLine(message)}\n`),
  });
}

/**
 * The real clock; or, for the test suite's spawned binaries, the fixed instant in
 * MELD_TEST_NOW (a test seam like MELD_TEST_PAUSE_AT), so a test that reads "today" in one process
 * and checks it in another cannot fail across midnight.
 */
function processClock(env: Record<string, string | undefined>): Clock {
  const fixed = env.MELD_TEST_NOW ? Date.parse(env.MELD_TEST_NOW) : Number.NaN;
  if (Number.isNaN(fixed)) return clockOf(() => new Date());
  return clockOf(() => new Date(fixed));
}

/** The reader of our output went away (`meld … | head`): nothing more to say, and no error. */
const closedPipe = () => process.exit(0);

/** Wires the real process: the only place that reads process.stdout, the env and the clock. */
export function processContext(): Context {
  const env = process.env;
  // isatty, not process.stdout.isTTY: a file or a pipe is written without setting up a stream.
  const outIsTTY = isatty(1);
  // isatty(0), not process.stdin.isTTY: touching process.stdin sets up a stream (start-up cost).
  const interactive = isatty(0) && outIsTTY;
  let store: Store | undefined;
  const ctx: Context = {
    io: {
      out: outIsTTY ? process.stdout : fdOutput(1, closedPipe),
      outFd: 1,
      err: isatty(2) ? process.stderr : fdOutput(2, closedPipe),
      style: makeStyle(colorWanted({ isTTY: outIsTTY, env, flag: true })),
      interactive,
      outIsTTY,
      columns: outIsTTY ? Math.max(40, process.stdout.columns || 80) : 80,
      unicode: unicodeWanted(env),
    },
    clock: processClock(env),
    prompter: interactive ? inquirerPrompter() : nonInteractivePrompter,
    env,
    store: () => (store ??= fileStoreFor(ctx, resolveDbPath(ctx.settings.dbPath, env))),
    settings: { dbPath: undefined, debug: false },
    machineZone,
  };
  return ctx;
}
