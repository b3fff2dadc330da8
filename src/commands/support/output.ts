import type { Context } from '../../context.js';
import { cleanLine } from '../../ui/sanitize.js';

/** Machine output: the same numbers as the table, stable field names, one trailing newline. */
export function printJson(ctx: Context, value: unknown): void {
  ctx.io.out.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(ctx: Context, text: string): void {
  if (text !== '') ctx.io.out.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** "✓ Added Ana Souza (#12)" on stderr, so stdout stays clean for pipes. */
export function announce(ctx: Context, message: string): void {
  const mark = ctx.io.unicode ? '✓' : 'ok:';
  ctx.io.err.write(`${ctx.io.style.green(mark)} ${cleanLine(message)}\n`);
}

export function warn(ctx: Context, message: string): void {
  ctx.io.err.write(`${ctx.io.style.yellow('warning:')} ${cleanLine(message)}\n`);
}

/** Indented "next step" lines under a confirmation or an empty result. */
export function suggest(ctx: Context, message: string): void {
  ctx.io.err.write(`${ctx.io.style.dim(`  ${message}`)}\n`);
}
