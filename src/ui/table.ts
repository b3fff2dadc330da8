import type { Style } from './style.js';
import { cleanLine, displayWidth, truncate } from './sanitize.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Columns that may be cut with "…" when the table is wider than the terminal. */
  shrink?: boolean;
  /** The narrowest a shrinking column may get. */
  min?: number;
  /** A column the table may leave out when shrinking is not enough to fit the width. */
  optional?: boolean;
  /** Among optional columns, the lower the priority the sooner it is left out (default 0; ties: rightmost first). */
  priority?: number;
  /**
   * A column never cut while another can give way (the customer list's Risk): the last resort
   * of layoutColumns cuts the other columns first, down to one character each.
   */
  whole?: boolean;
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

const total = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + GAP * Math.max(0, widths.length - 1);

/**
 * Which columns to show and how wide, so that no line is wider than `maxWidth`: shrink the
 * shrinkable columns, then leave out optional columns (lowest priority first), then, as a
 * last resort, cut any column down (never below one character; `whole` columns last).
 */
export function layoutColumns(
  natural: number[],
  columns: Column[],
  maxWidth: number,
  cut = true,
): { keep: number[]; widths: number[] } {
  let keep = columns.map((_, i) => i);
  const droppable = keep
    .filter((i) => columns[i]!.optional)
    .sort((a, b) => (columns[a]!.priority ?? 0) - (columns[b]!.priority ?? 0) || b - a);
  const fit = () =>
    fitWidths(
      keep.map((i) => natural[i]!),
      keep.map((i) => columns[i]!),
      maxWidth,
    );
  let widths = fit();
  while (total(widths) > maxWidth && droppable.length > 0) {
    const drop = droppable.shift()!;
    keep = keep.filter((i) => i !== drop);
    widths = fit();
  }
  while (cut && total(widths) > maxWidth) {
    // The widest column gives a character; a `whole` one only when no other can.
    let widest = -1;
    for (const whole of [false, true]) {
      for (let i = 0; i < widths.length; i++) {
        if ((columns[keep[i]!]!.whole ?? false) !== whole || widths[i]! <= 1) continue;
        if (widest === -1 || widths[i]! > widths[widest]!) widest = i;
      }
      if (widest !== -1) break;
    }
    if (widest === -1) break;
    widths[widest]! -= 1;
  }
  return { keep, widths };
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
 * A borderless table, like `gh` prints: user text cleaned, long text cut, never wrapped: no
 * line is wider than `width` (see layoutColumns for what gives way).
 * Laid out here rather than by cli-table3, whose layout is quadratic in the number of rows
 * (81 s for the 15,000 follow-ups due in the benchmark's heavy file; this takes ~0.1 s).
 */
export function renderTable(
  allColumns: Column[],
  rows: Array<Array<string | Cell>>,
  /** `cutToFit: false` leaves a table that cannot fit too wide, for callers that drop columns themselves. */
  opts: { style: Style; width: number; unicode?: boolean; cutToFit?: boolean },
): string {
  const cut = (text: string, width: number) => truncate(text, width, opts.unicode === false ? '...' : '…');
  const allCells = rows.map((row) =>
    row.map((c): Cell => (typeof c === 'string' ? { text: cleanLine(c) } : { ...c, text: cleanLine(c.text) })),
  );
  // A loop, not Math.max(...cells): 200,000 rows overflow the stack as arguments.
  const natural = allColumns.map((col, i) =>
    allCells.reduce((widest, row) => Math.max(widest, displayWidth(row[i]?.text ?? '')), displayWidth(col.header)),
  );
  const { keep, widths } = layoutColumns(natural, allColumns, opts.width, opts.cutToFit ?? true);
  const columns = keep.map((i) => allColumns[i]!);
  const cells = allCells.map((row) => keep.map((i) => row[i] ?? { text: '' }));
  const line = (texts: Array<{ text: string; painted: string }>) =>
    columns
      .map((col, i) => {
        const { text, painted } = texts[i] ?? { text: '', painted: '' };
        const gap = gapAfter(columns, i);
        return pad(text + gap, painted + gap, i === widths.length - 1 ? widths[i]! : widths[i]! + GAP, col.align);
      })
      .join('')
      .replace(/\s+$/, '');
  const head = line(
    columns.map((c, i) => {
      const text = cut(c.header, widths[i]!);
      return { text, painted: opts.style.bold(text) };
    }),
  );
  const body = cells.map((row) =>
    line(
      row.map((cell, i) => {
        const text = cut(cell.text, widths[i]!);
        return { text, painted: cell.paint ? cell.paint(text) : text };
      }),
    ),
  );
  return [head, ...body].join('\n');
}
