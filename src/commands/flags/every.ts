import { MeldError } from '../../errors.js';
import { parseInterval } from '../../domain/recurrence.js';
import type { Recurrence } from '../../domain/types.js';
import { cleanLine } from '../../ui/sanitize.js';

/** `--every <interval>`: "3 months", "2 weeks"; with `allowNone`, "none" stops repeating (null). */
export function parseEvery(input: string, allowNone = false): Recurrence | null {
  if (allowNone && input.trim().toLowerCase() === 'none') return null;
  try {
    return parseInterval(input);
  } catch (error) {
    if (error instanceof MeldError) throw new MeldError(`--every: ${cleanLine(error.message)}`, { hint: error.hint });
    throw error;
  }
}
