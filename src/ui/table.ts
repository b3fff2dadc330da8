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

/** `text` (already cut to fit) padded to `width` display columns, on the side `align` says. */
function pad(text: string, painted: string, width: number, align: Column['align']): string {
  const room = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? room + painted : painted + room;
}

/**
 * A borderless table, like `gh` prints: user text cleaned, long text cut, never wrapped.
 * Laid out here rather than by cli-table3, whose layout is quadratic in the number of rows
 * (81 s for the 15,000 follow-ups due in the benchmark's heavy file; this takes ~0.1 s).
 */
export function renderTable(
  columns: Column[],
  rows: Array<Array<string | Cell>>,
  opts: { style: Style; width: number; unicode?: boolean },
): string {
  const cut = (text: string, width: number) => truncate(text, width, opts.unicode === false ? '...' : '…');
  const cells = rows.map((row) => row.map((c): Cell => (typeof c === 'string' ? { text: cleanLine(c) } : { ...c, text: cleanLine(c.text) })));
  const natural = columns.map((col, i) =>
    Math.max(displayWidth(col.header), ...cells.map((row) => displayWidth(row[i]?.text ?? ''))),
  );
  const widths = fitWidths(natural, columns, opts.width);
  const line = (texts: Array<{ text: string; painted: string }>) =>
    columns
      .map((col, i) => {
        const { text, painted } = texts[i] ?? { text: '', painted: '' };
        const gap = gapAfter(columns, i);
        return pad(text + gap, painted + gap, i === widths.length - 1 ? widths[i]! : widths[i]! + GAP, col.align);
      })
      .join('')
      .replace(/\s+$/, '');
  const head = line(columns.map((c, i) => {
    const text = cut(c.header, widths[i]!);
    return { text, painted: opts.style.bold(text) };
  }));
  const body = cells.map((row) =>
    line(row.map((cell, i) => {
      const text = cut(cell.text, widths[i]!);
      return { text, painted: cell.paint ? cell.paint(text) : text };
    })),
  );
  return [head, ...body].join('\n');
}
