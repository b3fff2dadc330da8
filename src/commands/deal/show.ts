import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { findDeal } from '../../domain/deals.js';
import { dealJson, jsonRefs } from '../../domain/shapes.js';
import { renderDealCard } from '../../ui/deals.js';
import { printJson, printLines } from '../../ui/output.js';

export function registerDealShow(parent: Command, ctx: Context): void {
  parent
    .command('show')
    .description('a deal in full: person, stage, value, campaign, chance, close-by day and its pushes, stage history')
    .argument('<deal>', 'the deal: d3 (or 3; see meld deal list)')
    .option('--json', 'print the deal as JSON')
    .addHelpText('after', '\nExamples:\n  meld deal show d3\n  meld deal show d3 --json')
    .action((ref: string, opts: { json?: boolean }) => runDealShow(ctx, ref, opts));
}

export async function runDealShow(ctx: Context, ref: string, opts: { json?: boolean }): Promise<void> {
  const db = await ctx.store().read();
  const deal = findDeal(db, ref);
  if (opts.json) {
    printJson(ctx, dealJson(deal, jsonRefs(db)));
    return;
  }
  printLines(
    ctx,
    renderDealCard(
      deal,
      {
        person: db.prospects.find((p) => p.id === deal.prospectId),
        campaignName: db.campaigns.find((c) => c.id === deal.campaign)?.name ?? null,
      },
      { style: ctx.io.style, currency: db.config.currency, today: ctx.clock.today() },
    ),
  );
}
