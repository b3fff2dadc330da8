import type { Command } from 'commander';
import type { Context } from '../context.js';
import { renderTable } from '../ui/table.js';
import { printJson, printLines, suggest } from '../ui/output.js';
import { positiveInt } from './flags/resolve.js';

export function registerHistory(program: Command, ctx: Context): void {
  program
    .command('history')
    .description('the recent changes to the data file, newest first (what `meld undo` reverts)')
    .option('-n, --limit <n>', 'how many to show (default 20)')
    .option('--json', 'print the changes as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld history
  meld history --limit 5 --json`,
    )
    .action((opts: { limit?: string; json?: boolean }) => runHistory(ctx, opts));
}

/** "2026-11-27 10:04" in the user's time zone. */
function localTime(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export async function runHistory(ctx: Context, opts: { limit?: string; json?: boolean }): Promise<void> {
  const limit = opts.limit !== undefined ? positiveInt(opts.limit, '--limit', 10_000) : 20;
  const store = ctx.store();
  const entries = (await store.history()).slice(0, limit);
  if (opts.json) {
    printJson(
      ctx,
      entries.map((e, i) => ({ step: i + 1, at: e.at, summary: e.summary })),
    );
    return;
  }
  if (entries.length === 0) {
    suggest(ctx, 'no changes recorded yet');
    return;
  }
  printLines(
    ctx,
    renderTable(
      [{ header: 'UNDO', align: 'right' }, { header: 'WHEN' }, { header: 'CHANGE', shrink: true, min: 10 }],
      entries.map((e, i) => [String(i + 1), localTime(e.at), e.summary]),
      { style: ctx.io.style, width: ctx.io.columns },
    ),
  );
  suggest(ctx, '`meld undo` reverts the change in row 1; run it again to go further back');
}
