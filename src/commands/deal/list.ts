import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { meansNoCampaign } from '../../domain/campaigns.js';
import { dealTotals, filterDeals, type DealFilter } from '../../domain/deals.js';
import { dealJson, jsonRefs } from '../../domain/shapes.js';
import { STAGES } from '../../domain/types.js';
import { dealTotalsLine, renderDealTable } from '../../ui/deals.js';
import { printJson, printLines, suggest } from '../../ui/output.js';
import { collectValues, oneOf, resolveCampaign, resolveProspect } from '../flags/resolve.js';

export interface DealListOptions {
  prospect?: string;
  stage?: string[];
  campaign?: string[];
  open?: boolean;
  won?: boolean;
  lost?: boolean;
  json?: boolean;
}

export function registerDealList(parent: Command, ctx: Context): void {
  parent
    .command('list')
    .alias('ls')
    .description('list deals, optionally of one person, at some stages or credited to some campaigns')
    .option('--prospect <prospect>', "only this person's deals: id, email or part of the name")
    .option('--stage <stage>', `only deals at a stage (${STAGES.join(', ')}); several: repeat or a,b`, collectValues)
    .option(
      '--campaign <campaign>',
      'only deals credited to a campaign (slug or name; none: to none); several: repeat or a,b',
      collectValues,
    )
    .option('--open', 'only open deals (new to proposal)')
    .option('--won', 'only won deals')
    .option('--lost', 'only lost deals')
    .option('--json', 'print the deals as a JSON array')
    .addHelpText(
      'after',
      `
Examples:
  meld deal list
  meld deal list --open --campaign spring-webinar
  meld deal list --prospect lia
  meld deal list --stage qualified,proposal --json`,
    )
    .action((opts: DealListOptions) => runDealList(ctx, opts));
}

export async function runDealList(ctx: Context, opts: DealListOptions): Promise<void> {
  const status = (['open', 'won', 'lost'] as const).filter((s) => opts[s]);
  if (status.length > 1) {
    throw new UsageError(`${status.map((s) => `--${s}`).join(' and ')} do not go together`, {
      hint: 'choose one, or list several stages with --stage won,lost',
    });
  }
  const stages = opts.stage?.map((s) => oneOf(s, STAGES, 'stage'));
  const db = await ctx.store().read();
  const filter: DealFilter = {
    prospectId: opts.prospect !== undefined ? resolveProspect(db, opts.prospect).id : undefined,
    stages,
    campaigns: opts.campaign?.map((c) => (meansNoCampaign(c) ? null : resolveCampaign(db, c).id)),
    status: status[0],
  };
  const deals = filterDeals(db.deals, filter);
  if (opts.json) {
    const refs = jsonRefs(db);
    printJson(
      ctx,
      deals.map((d) => dealJson(d, refs)),
    );
    return;
  }
  if (deals.length === 0) {
    const filtered = Object.values(filter).some((v) => v !== undefined);
    ctx.io.err.write(filtered ? 'no deals match\n' : 'no deals yet\n');
    suggest(
      ctx,
      filtered
        ? 'try fewer filters, or `meld deal list` for all'
        : 'open one: meld deal add <prospect> "<title>" --value <amount>   (add-prospect --value opens the first)',
    );
    return;
  }
  const names = new Map(db.prospects.map((p) => [p.id, p.name]));
  printLines(
    ctx,
    `${renderDealTable(deals, (id) => names.get(id) ?? '?', {
      style: ctx.io.style,
      width: ctx.io.columns,
      currency: db.config.currency,
      today: ctx.clock.today(),
    })}\n${ctx.io.style.dim(dealTotalsLine(dealTotals(deals), db.config.currency))}`,
  );
}
