import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSample } from '../../src/domain/sample.js';
import type { Db } from '../../src/domain/types.js';
import { serializeDb, serializePieces } from '../../src/store/serialize.js';

// A save writes the file a piece at a time (never the whole text in memory): the pieces must
// make exactly the text serializeDb makes, byte for byte, and say where each top-level value is.
const NOW = new Date('2026-12-01T15:00:00Z');

function check(db: Db): void {
  const marks: Array<[string, 'start' | 'end', number]> = [];
  let text = '';
  for (const piece of serializePieces(db, (key, at) => marks.push([key, at, text.length]))) text += piece;
  expect(text === serializeDb(db)).toBe(true);
  const whole = JSON.parse(text) as Record<string, unknown>;
  for (let i = 0; i < marks.length; i += 2) {
    const [key, , from] = marks[i]!;
    expect(marks[i + 1]).toEqual([key, 'end', expect.any(Number)]);
    expect(JSON.parse(text.slice(from, marks[i + 1]![2]))).toEqual(whole[key]);
  }
  expect(marks.length / 2).toBe(Object.keys(whole).length);
}

describe('the pieces a save writes', () => {
  it('make exactly serializeDb, for sample files big and small', () => {
    check(generateSample({ campaigns: 3, prospects: 1300, followUps: 2100, activities: 1100, noteLength: 50 }, NOW, 5));
    check(generateSample({ campaigns: 0, prospects: 0, followUps: 0, activities: 0, noteLength: 10 }, NOW, 5));
  });

  it('make exactly serializeDb with any extra keys and values a hand edit can leave', () => {
    const base = generateSample({ campaigns: 2, prospects: 4, followUps: 3, activities: 5, noteLength: 20 }, NOW, 9);
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue()), fc.jsonValue(), (extra, field) => {
        const db = { ...base, prospects: base.prospects.map((p) => ({ ...p, extra: field })) } as Db;
        for (const [k, v] of Object.entries(extra))
          if (!(k in db)) Object.defineProperty(db, k, { value: v, enumerable: true });
        check(db);
      }),
      { numRuns: 200 },
    );
  });

  it('put records in id order, whether or not they come in it, leaving the lists they were given as they were', () => {
    const base = generateSample({ campaigns: 3, prospects: 6, followUps: 4, activities: 3, noteLength: 10 }, NOW, 3);
    const shuffled = {
      ...base,
      campaigns: [...base.campaigns].reverse(),
      prospects: [base.prospects[3]!, ...base.prospects.filter((_, i) => i !== 3)],
      activities: [...base.activities].reverse(),
    } as Db;
    const given = shuffled.prospects.map((p) => p.id);
    const ids = (text: string, key: 'campaigns' | 'prospects' | 'followUps' | 'activities') =>
      (JSON.parse(text) as Db)[key].map((r) => r.id);
    const text = [...serializePieces(shuffled)].join('');
    expect(text).toBe([...serializePieces(base)].join(''));
    expect(ids(text, 'prospects')).toEqual(base.prospects.map((p) => p.id));
    expect(ids(text, 'campaigns')).toEqual(base.campaigns.map((c) => c.id).sort());
    expect(ids(text, 'activities')).toEqual(base.activities.map((a) => a.id));
    expect(shuffled.prospects.map((p) => p.id)).toEqual(given);
    check(shuffled);
  });

  it('order campaigns by their ids code unit by code unit, the same in every locale', () => {
    const base = generateSample({ campaigns: 4, prospects: 0, followUps: 0, activities: 0, noteLength: 10 }, NOW, 3);
    const named = ['spring-b', 'Spring-a', 'spring-10', 'spring-9'];
    const db = { ...base, campaigns: base.campaigns.map((c, i) => ({ ...c, id: named[i]! })) } as Db;
    const order = (JSON.parse(serializeDb(db)) as Db).campaigns.map((c) => c.id);
    // localeCompare puts 'Spring-a' among the lower-case ids and 9 before 10 in some locales.
    expect(order).toEqual(['Spring-a', 'spring-10', 'spring-9', 'spring-b']);
  });

  it('throw as JSON.stringify does for a value nested too deep', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`) as unknown;
    const db = {
      ...generateSample({ campaigns: 1, prospects: 1, followUps: 0, activities: 0, noteLength: 5 }, NOW, 1),
      deep,
    };
    expect(() => [...serializePieces(db as Db)]).toThrow(RangeError);
  });
});
