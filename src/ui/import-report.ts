// What `meld import` says once it has planned: the --dry-run listing, the --json outcome, the
// summary line, the rejected rows and the cells kept as text.
import type { Context } from '../context.js';
import type { ImportPlan } from '../domain/import/plan.js';
import type { Table } from '../domain/import/rows.js';
import { announce, printJson, suggest, warn } from './output.js';
import { cleanLine } from './sanitize.js';
import { renderTable } from './table.js';

/** Rejected rows (and unreadable cells) listed one by one; the rest are counted. */
const LISTED_REJECTIONS = 20;

/** The `--dry-run` listing: one line per row of the file. */
function renderRows(ctx: Context, plan: ImportPlan, where: 'line' | 'item'): string {
  return renderTable(
    [
      { header: where.toUpperCase(), align: 'right' },
      { header: 'ACTION' },
      { header: 'ID', align: 'right' },
      { header: 'NAME', shrink: true, min: 10 },
      { header: 'EMAIL', shrink: true, min: 10 },
      { header: 'DETAIL', shrink: true, min: 32 },
    ],
    plan.rows.map((r) => [
      String(r.line),
      r.action,
      r.id === null ? '' : `#${r.id}`,
      r.name ?? '',
      r.email ?? '',
      r.detail ?? '',
    ]),
    { style: ctx.io.style, width: ctx.io.columns },
  );
}

/** The `--dry-run` column listing: how each column of the file is read, and why. */
function renderColumns(ctx: Context, table: Table): string | null {
  const choices = table.columns.choices;
  // A vCard's and meld's own fields are what they say: only other files' columns need reading.
  if (!choices || choices.length === 0 || table.source === 'vcard' || table.source === 'meld-json') return null;
  return renderTable(
    [{ header: 'COLUMN', shrink: true, min: 12 }, { header: 'READ AS' }, { header: 'WHY', shrink: true, min: 20 }],
    choices
      .filter(Boolean)
      .map((c) => [
        c.header.trim() || `(column ${c.index + 1})`,
        c.target ?? (c.ignored ? 'not read' : 'kept as is'),
        c.why,
      ]),
    { style: ctx.io.style, width: ctx.io.columns },
  );
}

/** The columns for `--json`: `{column, field, why}`, field null for a column kept as it is. */
function columnsJson(table: Table): Array<{ column: string; field: string | null; why: string }> {
  return (table.columns.choices ?? []).filter(Boolean).map((c) => ({ column: c.header, field: c.target, why: c.why }));
}

export function reportImport(
  ctx: Context,
  r: {
    plan: ImportPlan;
    table: Table;
    label: string;
    fileName: string;
    dryRun: boolean;
    written: boolean;
    json: boolean;
  },
): void {
  const { plan, table } = r;
  const { added, updated, skipped, rejected } = plan.counts;
  const where = table.source === 'meld-json' ? 'item' : 'line';
  if (r.json) {
    printJson(ctx, {
      file: r.fileName,
      source: table.source,
      dryRun: r.dryRun,
      written: r.written,
      batch: r.written || r.dryRun ? plan.batch : null,
      added,
      updated,
      skipped,
      rejected,
      campaignsCreated: plan.campaigns.map((c) => ({ id: c.id, name: c.name })),
      followUpsCarried: plan.carried.followUps.length,
      activitiesCarried: plan.carried.activities.length,
      columns: columnsJson(table),
      rows: plan.rows.map((row) => ({
        [where]: row.line,
        action: row.action,
        id: row.id,
        name: row.name,
        email: row.email,
        detail: row.detail,
        warnings: row.warnings.map((w) => ({ column: w.column, message: w.message })),
      })),
    });
  } else if (r.dryRun) {
    const columns = renderColumns(ctx, table);
    if (columns) ctx.io.out.write(`${columns}\n${plan.rows.length > 0 ? '\n' : ''}`);
    if (plan.rows.length > 0) ctx.io.out.write(`${renderRows(ctx, plan, where)}\n`);
  }
  const what = `${r.fileName} (${r.label})`;
  const created = plan.campaigns.map((c) => `${c.name} (${c.id})`);
  const { followUps, activities } = plan.carried;
  const carried =
    !plan.records && followUps.length + activities.length > 0
      ? `${followUps.length} follow-up${followUps.length === 1 ? '' : 's'} and ${activities.length} activit${activities.length === 1 ? 'y' : 'ies'} of the added prospects`
      : null;
  if (r.dryRun) {
    for (const c of created) suggest(ctx, `would create campaign ${c}`);
    if (carried) suggest(ctx, `would bring along ${carried}`);
    ctx.io.err.write(
      `${cleanLine(`dry run of ${what}: would add ${added}, update ${updated}, skip ${skipped} as duplicates, reject ${rejected}; nothing was written`)}\n`,
    );
    listProblems(ctx, plan, where, false);
    return;
  }
  if (importFailed(plan)) {
    // No tick before the error the command ends with: the reasons, then that error.
    listProblems(ctx, plan, where, true);
    return;
  }
  announce(
    ctx,
    `Imported ${what}: ${added} added, ${updated} updated, ${skipped} skipped as duplicates, ${rejected} rejected`,
  );
  if (r.written) for (const c of created) announce(ctx, `Created campaign ${c}`);
  if (r.written && carried) announce(ctx, `Brought along ${carried}`);
  listProblems(ctx, plan, where, true);
  if (r.written) suggest(ctx, `batch ${plan.batch}: \`meld undo\` removes this import as a whole`);
  else suggest(ctx, 'nothing new: the data file was not changed');
}

/** Whether an import failed: no row held anyone (every one rejected), which exits 1. */
export function importFailed(plan: ImportPlan): boolean {
  const { added, updated, skipped, rejected } = plan.counts;
  return added + updated + skipped === 0 && rejected > 0;
}

/** The rejected rows and the cells kept as text, each naming the line (and column). */
function listProblems(ctx: Context, plan: ImportPlan, where: 'line' | 'item', withRejections: boolean): void {
  // A dry run lists the rejected rows in its table already.
  const rejections = withRejections ? plan.rows.filter((row) => row.action === 'reject') : [];
  for (const row of rejections.slice(0, LISTED_REJECTIONS))
    warn(ctx, `${where} ${row.line}: ${row.detail}${row.name ? ` (${row.name})` : ''}`);
  if (rejections.length > LISTED_REJECTIONS) {
    warn(
      ctx,
      `and ${rejections.length - LISTED_REJECTIONS} more rejected rows (list them all with --dry-run or --json)`,
    );
  }
  const cells = plan.rows.flatMap((row) => row.warnings.map((w) => ({ row, w })));
  for (const { row, w } of cells.slice(0, LISTED_REJECTIONS))
    warn(ctx, `${where} ${row.line}, column "${w.column}": ${w.message} (${row.name})`);
  if (cells.length > LISTED_REJECTIONS) {
    warn(ctx, `and ${cells.length - LISTED_REJECTIONS} more cells kept as text (list them all with --json)`);
  }
}
