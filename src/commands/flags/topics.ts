import { MeldError } from '../../errors.js';
import { parseTopics } from '../../domain/topics.js';

/** `--topic pricing,"team size"` (topics.ts parseTopics), its errors naming the flag. */
export function topicsFlag(input: string): string[] {
  try {
    return parseTopics(input);
  } catch (error) {
    if (error instanceof MeldError) throw new MeldError(`--topic: ${error.message}`, { hint: error.hint });
    throw error;
  }
}
