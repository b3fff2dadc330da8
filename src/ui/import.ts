import type { RowOutcome } from '../domain/import/plan.js';
import { cleanLine, displayWidth, truncate } from './sanitize.js';
import type { Style } from './style.js';
import { fitWidths, type Column } from './table.js';

const GAP = '  ';

/**
 * The `--dry-run` listing: one line per row of the file, laid out like renderTable but in
 * linear time, because a dry run of a 20,000-row export prints 20,000 lines (cli-table3 takes
 * minutes for that many).
 */
export function renderImportRows(rows: readonly RowOutcome[], opts: { where: 'line' | 'item'; style: Style; width: number }): string {
  const columns: Column[] = [
    { header: opts.where.toUpperCase(), align: 'right' },
    { header: 'ACTION' },
    { header: 'ID', align: 'right' },
    { header: 'NAME', shrink: true, min: 10 },
    { header: 'EMAIL', shrink: true, min: 10 },
    { header: 'DETAIL', shrink: true, min: 32 },
  ];
  const cells = rows.map((r) =>
    [String(r.line), r.action, r.id === null ? '' : `#${r.id}`, r.name ?? '', r.email ?? '', r.detail ?? ''].map(cleanLine),
  );
  const natural = columns.map((c) => displayWidth(c.header));
  for (const row of cells) row.forEach((text, i) => (natural[i] = Math.max(natural[i]!, displayWidth(text))));
  const widths = fitWidths(natural, columns, opts.width);
  const line = (row: string[], paint?: (s: string) => string) =>
    row
      .map((text, i) => {
        const fitted = truncate(text, widths[i]!);
        const pad = ' '.repeat(Math.max(0, widths[i]! - displayWidth(fitted)));
        const shown = paint ? paint(fitted) : fitted;
        return columns[i]!.align === 'right' ? pad + shown : shown + pad;
      })
      .join(GAP)
      .replace(/\s+$/, '');
  return [line(columns.map((c) => c.header), (s) => opts.style.bold(s)), ...cells.map((row) => line(row))].join('\n');
}
