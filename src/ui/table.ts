import Table from 'cli-table3';
import type { Style } from './style.js';
import { cleanLine, displayWidth, truncate } from './sanitize.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Columns that may be cut with "…" when the table is wider than the terminal. */
  shrink?: boolean;
  /** The narrowest a shrinking column may get. */
  min?: number;
}

export interface Cell {
  text: string;
  paint?: (text: string) => string;
}

const GAP = 2;

/** Widths that fit `maxWidth`: shrink the widest shrinkable column until the table fits. */
export function fitWidths(natural: number[], columns: Column[], maxWidth: number): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const col = columns[i]!;
      if (!col.shrink || widths[i]! <= (col.min ?? 6)) continue;
      if (widest === -1 || widths[i]! > widths[widest]!) widest = i;
    }
    if (widest === -1) break;
    widths[widest]! -= 1;
  }
  return widths;
}

/** Right-aligned columns carry their gap as trailing spaces, or they would touch the next column. */
function gapAfter(columns: Column[], i: number): string {
  return columns[i]!.align === 'right' && i < columns.length - 1 ? ' '.repeat(GAP) : '';
}

/** A borderless table, like `gh` prints: user text cleaned, long text cut, never wrapped. */
export function renderTable(
  columns: Column[],
  rows: Array<Array<string | Cell>>,
  opts: { style: Style; width: number },
): string {
  const cells = rows.map((row) => row.map((c): Cell => (typeof c === 'string' ? { text: cleanLine(c) } : { ...c, text: cleanLine(c.text) })));
  const natural = columns.map((col, i) =>
    Math.max(displayWidth(col.header), ...cells.map((row) => displayWidth(row[i]?.text ?? ''))),
  );
  const widths = fitWidths(natural, columns, opts.width);
  const table = new Table({
    head: columns.map((c, i) => opts.style.bold(c.header) + gapAfter(columns, i)),
    colWidths: widths.map((w, i) => (i === widths.length - 1 ? w : w + GAP)),
    colAligns: columns.map((c) => c.align ?? 'left'),
    truncate: '…',
    wordWrap: false,
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '',
      'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '',
      right: '', 'right-mid': '', middle: '',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  for (const row of cells) {
    table.push(
      row.map((cell, i) => {
        const width = widths[i]!;
        const fitted = truncate(cell.text, width);
        return (cell.paint ? cell.paint(fitted) : fitted) + gapAfter(columns, i);
      }),
    );
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .join('\n');
}
