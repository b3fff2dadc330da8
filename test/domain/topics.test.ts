import { describe, expect, it } from 'vitest';
import { countTopics, parseTopics, topicsText } from '../../src/domain/topics.js';

const refusal = (text: string) => {
  try {
    parseTopics(text);
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('topics', () => {
  it('reads comma-separated words in lower case, each once', () => {
    expect(parseTopics('pricing')).toEqual(['pricing']);
    expect(parseTopics(' Pricing ,Team   Size,pricing,')).toEqual(['pricing', 'team size']);
    expect(parseTopics('')).toEqual([]);
    expect(parseTopics(' , ')).toEqual([]);
  });

  it('refuses control characters, punctuation only, long topics and too many', () => {
    expect(refusal('pri\u0007cing')).toBe('a topic cannot hold control or invisible characters');
    expect(refusal('---')).toBe('invalid topic "---"');
    expect(refusal('x'.repeat(41))).toBe('the topic "xxxxxxxxxxxxxxxxxxxx…" is too long (at most 40 characters)');
    expect(refusal('a,b,c,d,e,f,g,h,i,j,k')).toBe('at most 10 topics on one activity');
  });

  it('counts topics over activities, most raised first, then A to Z', () => {
    const counted = countTopics([
      { topics: ['pricing', 'team size'] },
      { topics: ['pricing'] },
      { topics: [] },
      { topics: ['integrations'] },
      {},
    ]);
    expect(counted).toEqual([
      { topic: 'pricing', count: 2 },
      { topic: 'integrations', count: 1 },
      { topic: 'team size', count: 1 },
    ]);
    expect(topicsText(counted, 2)).toBe('pricing (2), integrations (1)');
  });
});
