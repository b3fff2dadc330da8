import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the build, without types
import { BUDGET, firstNonAscii, overBudget } from '../../scripts/build.mjs';

// The built start-up file, as `npm test` builds it before the suite runs.
const startup = join(import.meta.dirname, '../../dist/meld.cjs');

describe('the build (scripts/build.mjs)', () => {
  it('writes a start-up file of pure ASCII within its budget', () => {
    expect(firstNonAscii(readFileSync(startup))).toBeNull();
    expect(overBudget([{ file: 'meld.cjs', bytes: statSync(startup).size }])).toEqual([]);
  });

  it('names the first non-ASCII byte and every file over its budget or without one', () => {
    expect(firstNonAscii(Buffer.from('a=/[$\u20ac]/'))).toBe('near "a=/[$\u20ac]/"');
    expect(firstNonAscii(Buffer.from('plain'))).toBeNull();
    expect(
      overBudget(
        [
          { file: 'meld.cjs', bytes: 11 },
          { file: 'vendor/new.cjs', bytes: 1 },
          { file: 'vendor/ok.cjs', bytes: 5 },
        ],
        { 'meld.cjs': 10, 'vendor/ok.cjs': 5 },
      ),
    ).toEqual([
      'dist/meld.cjs is 11 bytes, over its budget of 10',
      'dist/vendor/new.cjs (1 bytes) has no stated size in BUDGET (scripts/build.mjs)',
    ]);
    expect(BUDGET['meld.cjs']).toBeGreaterThan(0);
  });
});
