import { MeldError } from '../errors.js';

// What prospects said (#16): an activity carries topics, short lower-case words or phrases
// ("pricing", "team size"), so the campaign report can show what the people a campaign brought
// talk about, beside why they were lost.

/** The longest topic taken (a topic is a word or two, not a note). */
export const MAX_TOPIC_LENGTH = 40;
/** At most this many topics on one activity. */
export const MAX_TOPICS = 10;

const HINT = 'give words separated by commas: --topic pricing,"team size"';

/**
 * Reads `--topic pricing,Team  Size`: comma-separated, trimmed, lower case, inner spaces
 * folded, repeats kept once, in the order given. `""` (or only commas) is no topics (the
 * commands refuse that: flags/topics.ts). Control or invisible-only characters, a topic
 * over 40 characters or more than 10 topics are refused in one line.
 */
export function parseTopics(input: string): string[] {
  const topics: string[] = [];
  for (const part of input.split(',')) {
    const topic = part.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
    if (topic === '') continue;
    if (/[\p{Cc}\p{Cf}]/u.test(topic)) {
      throw new MeldError('a topic cannot hold control or invisible characters', { hint: HINT });
    }
    if (!/[\p{L}\p{N}]/u.test(topic)) throw new MeldError(`invalid topic "${topic.slice(0, 40)}"`, { hint: HINT });
    if (topic.length > MAX_TOPIC_LENGTH) {
      throw new MeldError(`the topic "${topic.slice(0, 20)}…" is too long (at most ${MAX_TOPIC_LENGTH} characters)`, {
        hint: HINT,
      });
    }
    if (!topics.includes(topic)) topics.push(topic);
  }
  if (topics.length > MAX_TOPICS) throw new MeldError(`at most ${MAX_TOPICS} topics on one activity`, { hint: HINT });
  return topics;
}

export interface TopicCount {
  topic: string;
  count: number;
}

/** How many activities raised each topic, most raised first (then A→Z). */
export function countTopics(activities: Iterable<{ topics?: readonly string[] }>): TopicCount[] {
  const counts = new Map<string, number>();
  for (const a of activities) for (const t of a.topics ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()]
    .map(([topic, count]) => ({ topic, count }))
    .sort((a, b) => b.count - a.count || (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/** "pricing (5), team size (2)": the first `top` topics, for the report's "Heard:" line. */
export function topicsText(topics: readonly TopicCount[], top = 5): string {
  return topics
    .slice(0, top)
    .map((t) => `${t.topic} (${t.count})`)
    .join(', ');
}
