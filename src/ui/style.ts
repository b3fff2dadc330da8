import { Chalk, type ChalkInstance } from 'chalk';

export type Style = ChalkInstance;

/** A chalk instance of its own, never the global one that inspects the real process. */
export function makeStyle(color: boolean): Style {
  return new Chalk({ level: color ? 1 : 0 });
}

/** Colour only on a terminal, never with NO_COLOR (any value) or --no-color. */
export function colorWanted(opts: { isTTY: boolean; env: Record<string, string | undefined>; flag: boolean }): boolean {
  if (!opts.flag) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  if (opts.env.FORCE_COLOR !== undefined && opts.env.FORCE_COLOR !== '0') return true;
  if (opts.env.TERM === 'dumb') return false;
  return opts.isTTY;
}

/** Whether box-drawing and block characters are safe to print. */
export function unicodeWanted(env: Record<string, string | undefined>): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  if (locale === '') return true;
  return /utf-?8/i.test(locale);
}
