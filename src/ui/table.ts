import type { Style } from './style.js';
import { cleanLine, cutMeasured, displayWidth } from './sanitize.js';

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

/**
 * A borderless table, like `gh` prints: user text cleaned, long text cut, never wrapped: no
 * line is wider than `width` (see layoutColumns for what gives way).
 * Laid out here rather than by cli-table3, whose layout is quadratic in the number of rows
 * (81 s for the 15,000 follow-ups due in the benchmark's heavy file; this takes ~0.1 s).
 * Each cell is cleaned and measured once, and a line is built as one string: `meld followups`
 * prints thousands of rows, and measuring every cell three times over was most of its time (#19).
 */
export function renderTable(
  allColumns: Column[],
  rows: Array<Array<string | Cell>>,
  /** `cutToFit: false` leaves a table that cannot fit too wide, for callers that drop columns themselves. */
  opts: { style: Style; width: number; unicode?: boolean; cutToFit?: boolean },
): string {
  const ellipsis = opts.unicode === false ? '...' : '…';
  const n = allColumns.length;
  // Row-major, n cells a row: the cleaned text, its width and its paint (a row shorter than the
  // columns has empty cells).
  const texts: string[] = new Array(rows.length * n);
  const sizes: number[] = new Array(rows.length * n);
  const paints: Array<Cell['paint']> = new Array(rows.length * n);
  // A loop, not Math.max(...cells): 200,000 rows overflow the stack as arguments.
  const natural = allColumns.map((col) => displayWidth(col.header));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < n; i++) {
      const c = row[i];
      const text = c === undefined ? '' : cleanLine(typeof c === 'string' ? c : c.text);
      const size = displayWidth(text);
      const at = r * n + i;
      texts[at] = text;
      sizes[at] = size;
      paints[at] = typeof c === 'object' ? c.paint : undefined;
      if (size > natural[i]!) natural[i] = size;
    }
  }
  const { keep, widths } = layoutColumns(natural, allColumns, opts.width, opts.cutToFit ?? true);
  const columns = keep.map((i) => allColumns[i]!);
  const last = columns.length - 1;
  /** One cell as printed: cut to its column, painted, padded to the column and its gap. */
  const cell = (k: number, text: string, size: number, paint: Cell['paint']): string => {
    const col = columns[k]!;
    let shown = text;
    let shownSize = size;
    if (size > widths[k]!) {
      shown = cutMeasured(text, size, widths[k]!, ellipsis);
      shownSize = displayWidth(shown);
    }
    const painted = paint ? paint(shown) : shown;
    // Right-aligned columns carry their gap as trailing spaces, or they would touch the next column.
    const gap = col.align === 'right' && k < last ? GAP : 0;
    const room = ' '.repeat(Math.max(0, (k === last ? widths[k]! : widths[k]! + GAP) - shownSize - gap));
    const after = gap === 0 ? '' : ' '.repeat(gap);
    return col.align === 'right' ? room + painted + after : painted + after + room;
  };
  const lines: string[] = new Array(rows.length + 1);
  let head = '';
  for (let k = 0; k < columns.length; k++) {
    const header = columns[k]!.header;
    head += cell(k, header, displayWidth(header), opts.style.bold);
  }
  lines[0] = head.trimEnd();
  for (let r = 0; r < rows.length; r++) {
    let line = '';
    for (let k = 0; k < columns.length; k++) {
      const at = r * n + keep[k]!;
      line += cell(k, texts[at]!, sizes[at]!, paints[at]);
    }
    lines[r + 1] = line.trimEnd();
  }
  return lines.join('\n');
}
