import type { Context } from '../context.js';
import { cleanLine } from './sanitize.js';

/**
 * Characters JSON leaves as they are but a terminal acts on: C1 controls (U+009B is an escape
 * sequence on its own) and the bidi overrides and isolates that reorder what is shown.
 */
const TERMINAL_UNSAFE = /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with every terminal-unsafe character written as a \u escape: the same value once parsed. */
export function terminalJson(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Machine output: the same numbers as the table, stable field names, one trailing newline. On
 * a terminal, characters that would act on it are escaped (the parsed value is the same).
 */
export function printJson(ctx: Context, value: unknown): void {
  const text = JSON.stringify(value, null, 2);
  ctx.io.out.write(`${ctx.io.outIsTTY ? terminalJson(text) : text}\n`);
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
