import { describe, expect, it } from 'vitest';
import { parseRef } from '../../src/domain/refs.js';

describe('parseRef', () => {
  it('reads f20, F20, a bare 20 and f020', () => {
    expect(['f20', 'F20', ' 20 ', 'f020'].map((r) => parseRef('follow-up', r))).toEqual([20, 20, 20, 20]);
  });

  it('quotes a wrong reference as typed, never as another valid-looking one', () => {
    // "f1.5" was quoted as "f15": a reference the user did not type, which names a real follow-up.
    expect(() => parseRef('follow-up', 'f1.5')).toThrow('"f1.5" is not a follow-up reference');
    expect(() => parseRef('activity', 'a 7')).toThrow('"a 7" is not an activity reference');
  });

  it('cuts a long one with an ellipsis and shows control characters as ?', () => {
    expect(() => parseRef('follow-up', `f${'9'.repeat(20)}`)).toThrow(`"f${'9'.repeat(18)}…" is not a follow-up`);
    expect(() => parseRef('activity', 'a\u001b[2J')).toThrow('"a?[2J" is not an activity reference');
  });
});
