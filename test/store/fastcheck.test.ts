import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as z from 'zod';
import { generateChecker, tryCompile } from '../../src/store/fastcheck.js';
import { dbSchema } from '../../src/store/schema.js';
import { bigDb } from '../helpers/bigdb.js';

/** A small valid database that uses every optional and open-ended part of the schema. */
function sample(): Record<string, unknown> {
  const db = bigDb(3);
  db.campaigns[0]!.adjustments.push({
    at: '2026-04-01T10:00:00.000Z',
    changes: { cost: { from: 100, to: 200 }, channel: { from: 'ads', to: null } },
    note: 'why',
  });
  db.deals[0]!.history.push({ stage: 'lost', at: '2026-04-01T10:00:00.000Z', reason: 'budget' });
  Object.assign(db.deals[1]!, {
    probability: 35,
    closeBy: '2026-05-01',
    closeByChanges: [{ at: '2026-04-02T10:00:00.000Z', from: '2026-04-20', to: '2026-05-01' }],
  });
  db.prospects[0]!.fields = { source: 'linkedin', region: 'EU' };
  db.followUps[0]!.every = { count: 3, unit: 'month' };
  db.activities[0]!.topics = ['pricing', 'team size'];
  db.activities[0]!.mail = { direction: 'sent', messageId: '<a@b>', subject: 'Hi', body: null };
  db.config.myEmails = ['me@example.com'];
  return JSON.parse(JSON.stringify(db)) as Record<string, unknown>;
}

/** Every path into a JSON value: ['prospects', 0, 'history', 1, 'at'], ... */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value))
    value.forEach((v, i) => {
      out.push(...paths(v, [...prefix, i]));
    });
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const INTERESTING = [
  undefined,
  null,
  true,
  false,
  0,
  -1,
  1,
  1.5,
  2 ** 60,
  -0.5,
  '',
  'x',
  'wn',
  'new',
  'won',
  'email',
  'done',
  'open',
  '2026-11-27',
  '2026-11-27T10:00:00.000Z',
  '2026-02-30',
  '2024-02-29',
  '2100-02-29',
  '9999-99-99',
  '2026-01-01Tgarbage',
  '2026-13-45T99:99:99Z',
  '2026-11-27T23:59:59+05:30',
  '2026-11-27T24:00:00Z',
  ' ',
  10 ** 13,
  10 ** 13 + 1,
  -(10 ** 13),
  2 ** 53,
  '27/11/2026',
  'USD',
  'usd',
  [],
  {},
  [1],
  ['a'],
  { a: 'b' },
  { a: 1 },
  2,
  3,
];

function mutate(
  root: Record<string, unknown>,
  path: Array<string | number>,
  value: unknown,
  extraKey: boolean,
): unknown {
  if (path.length === 0) return value;
  let parent: Record<string | number, unknown> = root as Record<string | number, unknown>;
  for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (extraKey && typeof parent === 'object' && !Array.isArray(parent)) parent[`extra_${String(last)}`] = value;
  else if (value === undefined && !Array.isArray(parent)) delete parent[last];
  else parent[last] = value;
  return root;
}

describe('the checker compiled from the zod schema', () => {
  it("compiles meld's schema both ways", () => {
    expect(tryCompile(dbSchema)).not.toBeNull();
    expect(generateChecker(dbSchema)(sample())).toBe(true);
  });

  it('agrees with zod on thousands of damaged files', () => {
    const base = sample();
    const all = paths(base);
    const generated = generateChecker(dbSchema);
    let invalid = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            path: fc.nat({ max: all.length - 1 }),
            value: fc.oneof(fc.constantFrom(...INTERESTING), fc.jsonValue({ maxDepth: 2 })),
            extraKey: fc.boolean(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (mutations) => {
          let data: unknown = structuredClone(base);
          for (const m of mutations) {
            const path = all[m.path]!;
            try {
              data = mutate(data as Record<string, unknown>, path, structuredClone(m.value), m.extraKey);
            } catch {
              // the path no longer exists after an earlier mutation
            }
          }
          const zodSays = dbSchema.safeParse(data).success;
          if (!zodSays) invalid++;
          expect(generated(data)).toBe(zodSays);
        },
      ),
      { numRuns: 3000, seed: 20261127 },
    );
    // The mutations really did break files (most of them).
    expect(invalid).toBeGreaterThan(1500);
  });

  it('refuses to compile what it does not understand, so zod is used instead', () => {
    expect(tryCompile(z.object({ a: z.string().email() }))).toBeNull();
    expect(tryCompile(z.strictObject({ a: z.string() }))).toBeNull();
    expect(tryCompile(z.date())).toBeNull();
  });
});
