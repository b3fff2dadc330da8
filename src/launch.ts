import { writeSync } from 'node:fs';
// Entry point of the bundled CLI (bin/meld.js calls `run`). Kept free of static imports (but
// node:fs, which Node has loaded already): in the CommonJS bundle, everything below `main` is
// evaluated only when a command actually runs, so `meld --version` costs little more than
// starting Node.

declare const MELD_VERSION: string;

/** `meld --version` / `meld -V` on their own: answered before any module is evaluated. */
export function versionOnly(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V');
}

export function run(): void {
  const argv = process.argv.slice(2);
  if (versionOnly(argv) && typeof MELD_VERSION === 'string') {
    try {
      writeSync(1, `${MELD_VERSION}\n`); // no stdout stream to set up: it costs ms on Node 24
    } catch {
      process.stdout.write(`${MELD_VERSION}\n`); // e.g. EAGAIN on a non-blocking pipe
    }
    return;
  }
  // Reading `meld … | head` must not crash when head closes the pipe. Only a terminal is written
  // through process.stdout (context.ts); a file or pipe is written directly, and handles it itself.
  // node:tty is taken here, not imported: loading it (and node:net with it) is ~2 ms that
  // `meld --version` need not pay.
  if (process.getBuiltinModule('node:tty').isatty(1))
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
    });
  start(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

async function start(argv: string[]): Promise<number> {
  const [{ processContext }, { main }] = await Promise.all([import('./context.js'), import('./main.js')]);
  return main(argv, processContext());
}
