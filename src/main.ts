import { CommanderError } from 'commander';
import { EXIT, MeldError } from './errors.js';
import type { Context } from './context.js';
import { fsErrorLine } from './store/fs-errors.js';
import { cleanLine } from './ui/sanitize.js';
import { buildProgram, withDefaultCommand } from './program.js';

/** Runs one meld invocation and returns its exit code: the only place errors become codes. */
export async function main(argv: string[], ctx: Context): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const args = withDefaultCommand(argv);
    const program = await buildProgram(ctx, args);
    await program.parseAsync(args, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(error, ctx, debug);
  } finally {
    // The reader's own zone again (tests run many commands in one process).
    ctx.settings.restoreZone?.();
    ctx.settings.restoreZone = undefined;
  }
}

function report(error: unknown, ctx: Context, debug: boolean): number {
  const { style } = ctx.io;
  if (error instanceof CommanderError) {
    // --help and --version arrive as "errors" with exit code 0.
    if (error.exitCode === 0) return EXIT.ok;
    // Help already printed; "(outputHelp)" is commander's code for that, not a message.
    if (error.message === '(outputHelp)') return EXIT.usage;
    const message = error.message.replace(/^error: /, '').split('\n')[0]!;
    const extra = error.message.split('\n').slice(1).join(' ').trim();
    // Commander quotes the arguments as typed: they go through the same cleaning as stored text.
    ctx.io.err.write(`${style.red('error:')} ${cleanLine(`${message}${extra ? ` ${extra}` : ''}`)}\n`);
    ctx.io.err.write(style.dim('  run `meld help` or add --help to the command for usage\n'));
    return EXIT.usage;
  }
  if (error instanceof MeldError) {
    if (error.exitCode === EXIT.cancelled) {
      ctx.io.err.write(`${style.dim('cancelled, nothing was changed')}\n`);
      return error.exitCode;
    }
    // Messages quote user input and stored names: clean them here, once, for every error.
    ctx.io.err.write(`${style.red('error:')} ${cleanLine(error.message)}\n`);
    if (error.hint) ctx.io.err.write(style.dim(`  hint: ${cleanLine(error.hint)}\n`));
    return error.exitCode;
  }
  const problem = error instanceof Error ? error : new Error(String(error));
  if (isBrokenPipe(problem)) return EXIT.ok;
  const fsProblem = fileSystemProblem(problem, ctx);
  if (fsProblem) {
    ctx.io.err.write(`${style.red('error:')} ${cleanLine(fsProblem)}\n`);
    if (debug) ctx.io.err.write(`${problem.stack ?? problem.message}\n`);
    return EXIT.error;
  }
  ctx.io.err.write(`${style.red('error:')} unexpected problem: ${cleanLine(problem.message.split('\n')[0] ?? '')}\n`);
  if (debug) ctx.io.err.write(`${problem.stack ?? problem.message}\n`);
  else ctx.io.err.write(style.dim('  this is a bug in meld; run again with --debug for details\n'));
  return EXIT.error;
}

/**
 * A file-system error is the user's environment (a path that cannot exist, a full or read-only
 * disk, permissions), not a bug in meld: one line naming the path (see store/fs-errors.ts).
 */
export function fileSystemProblem(error: Error, ctx: Context): string | undefined {
  let dataFile: string | undefined;
  try {
    dataFile = ctx.store().path;
  } catch {
    dataFile = undefined;
  }
  return fsErrorLine(error, { dataFile });
}

function isBrokenPipe(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === 'EPIPE';
}
