import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { findDeals, removeDeal } from '../../domain/deals.js';
import { assertSameAsShown, fingerprint } from '../../domain/fingerprint.js';
import { dealRef } from '../../domain/refs.js';
import { dealJson, jsonRefs } from '../../domain/shapes.js';
import { dealWho } from '../../ui/deals.js';
import { confirmRemoval } from '../flags/ask.js';
import { announce, printJson } from '../../ui/output.js';
import { cleanLine } from '../../ui/sanitize.js';

export function registerDealRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove')
    .alias('rm')
    .description('delete deals opened by mistake (asks first; meld undo brings them back)')
    .argument('<deal...>', 'one or more deals: d3 (or 3; see meld deal list)')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .option('--json', 'print the removed deal as JSON (an array when several are removed)')
    .addHelpText(
      'after',
      `
Examples:
  meld deal remove d3
  meld deal remove d3 d4 --yes --json

A deal that was lost is better kept (meld deal stage d3 lost --reason ...): the campaign report
counts it and its reason.`,
    )
    .action((refs: string[], opts: { yes?: boolean; json?: boolean }) => runDealRemove(ctx, refs, opts));
}

export async function runDealRemove(
  ctx: Context,
  refs: string[],
  opts: { yes?: boolean; json?: boolean },
): Promise<void> {
  const db = await ctx.store().read();
  const found = findDeals(db, refs);
  const person = (id: number) => db.prospects.find((p) => p.id === id);
  const what = cleanLine(
    found.length === 1
      ? dealWho(found[0]!, person(found[0]!.prospectId))
      : `${found.length} deals: ${found.map((d) => dealWho(d, person(d.prospectId))).join(', ')}`,
  );
  const shown = fingerprint(found);
  if (!(await confirmRemoval(ctx, what, opts.yes))) return;
  await ctx.store().write((data) => {
    const now = found.map((f) => data.deals.find((d) => d.id === f.id));
    // The very deals that were shown (or named with --yes), not whatever has their numbers now.
    assertSameAsShown(shown, now.includes(undefined) ? undefined : now, found.map((d) => dealRef(d.id)).join(', '));
    for (const d of now) removeDeal(data, d!);
    return {
      summary: `deal remove ${found.map((d) => `${dealRef(d.id)} ${d.title}`).join(', ')}`,
      result: null,
    };
  });
  if (opts.json) {
    const refsThen = jsonRefs(db);
    printJson(ctx, refs.length === 1 ? dealJson(found[0]!, refsThen) : found.map((d) => dealJson(d, refsThen)));
  }
  announce(ctx, `Removed ${what}`);
}
