import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactHistory, parseCompactHistory } from '../../src/domain/stage-history.js';
import { STAGES, type StageChange } from '../../src/domain/types.js';
import { businessZone } from '../helpers/zone.js';

// Midnight in the business zone is written as the day alone: in Sao Paulo that is 03:00 UTC.
businessZone('America/Sao_Paulo');

describe('the compact stage history of a deals export', () => {
  it('writes each step as stage and time, a midnight as the day, a reason as a JSON string', () => {
    const history: StageChange[] = [
      { stage: 'new', at: '2026-01-02T03:00:00.000Z' },
      { stage: 'proposal', at: '2026-02-03T14:30:00.000Z' },
      { stage: 'lost', at: '2026-03-01T10:00:00.250Z', reason: 'too "pricey"; maybe later' },
    ];
    const text = compactHistory(history);
    expect(text).toBe(
      'new 2026-01-02; proposal 2026-02-03T14:30:00Z; lost 2026-03-01T10:00:00.250Z "too \\"pricey\\"; maybe later"',
    );
    expect(parseCompactHistory(text)).toEqual(history);
  });

  it('reads what people write by hand: days, other offsets, any case, spaces around the semicolons', () => {
    expect(parseCompactHistory(' New 2026-01-02 ;won 2026-03-01T09:00+01:00 ')).toEqual([
      { stage: 'new', at: '2026-01-02T03:00:00.000Z' },
      { stage: 'won', at: '2026-03-01T08:00:00.000Z' },
    ]);
  });

  it('is null for text that is not a history, rather than a guess', () => {
    for (const text of [
      '',
      'new',
      'won someday',
      'closed 2026-01-02',
      'new 2026-02-31',
      'new 2026-01-02 won 2026-03-01',
      'lost 2026-03-01 "unclosed',
      '[{"stage":"new","at":"2026-01-02T00:00:00.000Z"}]',
    ])
      expect([text, parseCompactHistory(text)]).toEqual([text, null]);
  });

  it('gives back any history exactly', () => {
    const step = fc.record(
      {
        stage: fc.constantFrom(...STAGES),
        at: fc
          .integer({ min: Date.parse('2000-01-01'), max: Date.parse('2100-01-01') })
          .map((ms) => new Date(ms).toISOString()),
        reason: fc.string({ unit: 'grapheme', maxLength: 20 }),
      },
      { requiredKeys: ['stage', 'at'] },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (history) => {
        expect(parseCompactHistory(compactHistory(history))).toEqual(history);
      }),
      { seed: 20261206 },
    );
  });
});
