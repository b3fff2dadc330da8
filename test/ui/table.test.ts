import { describe, expect, it } from 'vitest';
import { layoutColumns, type Column } from '../../src/ui/table.js';

describe('layoutColumns', () => {
  const columns: Column[] = [{ header: 'A' }, { header: 'B' }, { header: 'Risk', whole: true }];

  it('cuts the widest column as a last resort, but a whole one only when no other can give', () => {
    // 10 + 8 + 20 + 2 gaps of 2 = 42: 12 too wide for 30.
    expect(layoutColumns([10, 8, 20], columns, 30)).toEqual({ keep: [0, 1, 2], widths: [3, 3, 20] });
    expect(layoutColumns([10, 8, 20], columns, 20)).toEqual({ keep: [0, 1, 2], widths: [1, 1, 14] });
    const plain = columns.map(({ whole: _, ...c }) => c);
    expect(layoutColumns([10, 8, 20], plain, 30)).toEqual({ keep: [0, 1, 2], widths: [9, 8, 9] });
  });
});
