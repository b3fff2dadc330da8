import { MeldError } from '../../errors.js';
import { parseTopics } from '../../domain/topics.js';

/**
 * `--topic pricing,"team size"` (topics.ts parseTopics), its errors naming the flag. A list with
 * no topic in it (`",,"`) is refused rather than taken as "no topics" (an empty value is refused
 * before, in program.ts). With `clearable` (activity edit), `""` clears them: an empty list.
 */
export function topicsFlag(input: string, clearable = false): string[] {
  if (clearable && input.trim() === '') return [];
  let topics: string[];
  try {
    topics = parseTopics(input);
  } catch (error) {
    if (error instanceof MeldError) throw new MeldError(`--topic: ${error.message}`, { hint: error.hint });
    throw error;
  }
  if (topics.length === 0) {
    throw new MeldError(`--topic has no topic in "${input.trim().slice(0, 40)}"`, {
      hint: `give words separated by commas: --topic pricing,"team size"${clearable ? '; --topic "" clears them' : ''}`,
    });
  }
  return topics;
}
