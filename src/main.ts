import { CommanderError } from 'commander';
import { EXIT, MeldError } from './errors.js';
import type { Context } from './context.js';
import { cleanLine } from './ui/sanitize.js';
import { buildProgram, withDefaultCommand } from './program.js';

/** Runs one meld invocation and returns its exit code: the only place errors become codes. */
export async function main(argv: string[], ctx: Context): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const program = buildProgram(ctx);
    await program.parseAsync(withDefaultCommand(argv), { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return report(error, ctx, debug);
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

/** What a file-system error code means to the person whose disk it is. */
const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'a file is already there',
  EISDIR: 'it is a folder, not a file',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
};

const READING_CALLS = new Set(['read', 'stat', 'lstat', 'fstat', 'access', 'scandir', 'opendir', 'readlink']);

/**
 * A file-system error is the user's environment (a path that cannot exist, a full or read-only
 * disk, permissions), not a bug in meld: one line naming the path. Errors about meld's own
 * lock, temp and journal files next to the data file name the data file, which is what the
 * user chose; a parent folder that is the problem is named too.
 */
export function fileSystemProblem(error: Error, ctx: Context): string | undefined {
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  const reason = code ? FS_REASONS[code] : undefined;
  if (!reason) return undefined;
  const verb = syscall && READING_CALLS.has(syscall) ? 'read' : 'write';
  let dataPath: string | undefined;
  try {
    dataPath = ctx.store().path;
  } catch {
    dataPath = undefined;
  }
  if (!path) return `cannot ${verb} ${dataPath ?? 'a file'}: ${reason}`;
  if (dataPath && path.startsWith(dataPath)) return `cannot ${verb} ${dataPath}: ${reason}`;
  if (dataPath?.startsWith(`${path.replace(/\/+$/, '')}/`)) {
    return `cannot ${verb} ${dataPath}: ${reason} (${path})`;
  }
  return `cannot ${verb} ${path}: ${reason}`;
}

function isBrokenPipe(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === 'EPIPE';
}
