import { UsageError } from '../../errors.js';

/**
 * `followup snooze f3 f7 f9 mon`: the references, then the date last. Commander hands the
 * variadic argument over whole; this splits it, refusing a date with no follow-up before it.
 */
export function refsThenDate(args: string[], usage: string): { refs: string[]; date: string } {
  if (args.length < 2) {
    throw new UsageError('give the follow-ups, then the date', { hint: `e.g. ${usage}` });
  }
  const date = args.at(-1)!;
  if (/^\s*f\d+\s*$/i.test(date)) {
    throw new UsageError(`the new day comes last, after the follow-ups ("${date.trim()}" is a follow-up)`, {
      hint: `e.g. ${usage}`,
    });
  }
  return { refs: args.slice(0, -1), date };
}
