import { processContext } from './context.js';
import { main } from './main.js';

/** Entry point of the bundled CLI (bin/meld.js calls this). */
export function run(): void {
  // Reading `meld … | head` must not crash when head closes the pipe.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  main(process.argv.slice(2), processContext()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
