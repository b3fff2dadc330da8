import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { editDeal, findDeal } from '../../domain/deals.js';
import { dealRef } from '../../domain/refs.js';
import { dealJson } from '../../domain/json/deal.js';
import { jsonRefs } from '../../domain/json/refs.js';
import type { Deal } from '../../domain/types.js';
import { closeByLine, dealWho, nthPush, percentText } from '../../ui/deals.js';
import { formatMoney } from '../../ui/format.js';
import { announce, printJson } from '../../ui/output.js';
import { type DealFieldOptions, parseDealFields, pickCampaign, settle } from './fields.js';

export interface DealEditOptions extends DealFieldOptions {
  title?: string;
  json?: boolean;
}

const CHANGING: Array<keyof DealEditOptions> = ['title', 'value', 'campaign', 'closeBy', 'probability'];

export function registerDealEdit(parent: Command, ctx: Context): void {
  parent
    .command('edit')
    .description("change a deal's title, value, campaign, close-by day or chance; prints what changed")
    .argument('<deal>', 'the deal: d3 (or 3; see meld deal list)')
    .option('--title <title>', 'what it is')
    .option('--value <amount>', 'what it is worth (none to clear)')
    .option('--campaign <campaign>', 'the campaign it is credited to (none for none)')
    .option('--close-by <date>', 'the day it should close (none to clear); a later day counts as a push')
    .option('--probability <percent>', "its chance of being won, overriding its stage's rate (none to clear)")
    .option('--json', 'print the deal as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld deal edit d3 --value 2400
  meld deal edit d3 --close-by "in 2 weeks"      # later than before: counted as a push
  meld deal edit d3 --probability 75
  meld deal edit d3 --campaign none --probability none

The stage has its own command: meld deal stage d3 won.`,
    )
    .action((ref: string, opts: DealEditOptions) => runDealEdit(ctx, ref, opts));
}

/** A deal's fields as the "what changed" line shows them. */
function shown(d: Deal, currency: string): Record<string, string> {
  return {
    title: `"${d.title}"`,
    value: formatMoney(d.valueCents, currency),
    campaign: d.campaign ?? '—',
    'close-by': d.closeBy ?? '—',
    probability: d.probability === null ? '—' : percentText(d.probability),
  };
}

export async function runDealEdit(ctx: Context, ref: string, opts: DealEditOptions): Promise<void> {
  if (!CHANGING.some((key) => opts[key] !== undefined)) {
    throw new UsageError('nothing to change', {
      hint: 'pass what to change, e.g. --value 2400 or --close-by fri (see meld deal edit --help)',
    });
  }
  const fields = await parseDealFields(ctx, opts);
  const db = await ctx.store().read();
  findDeal(db, ref);
  await pickCampaign(ctx, db, fields);
  const now = ctx.clock.now();
  const edited = await ctx.store().write((data) => {
    const deal = findDeal(data, ref);
    const before = shown(deal, data.config.currency);
    const pushes = deal.closeByChanges.length;
    const changed = editDeal(deal, { title: opts.title, ...settle(data, fields) }, now);
    if (changed.length === 0) {
      throw new UsageError(`nothing to change: ${dealRef(deal.id)} already has those values`);
    }
    const after = shown(deal, data.config.currency);
    const pushed = deal.closeByChanges.length > pushes;
    const description = changed
      .map((f) => {
        const push = f === 'close-by' && pushed ? ` (${nthPush(deal.closeByChanges.length)})` : '';
        return `${f} ${before[f]} → ${after[f]}${push}`;
      })
      .join('; ');
    const prospect = data.prospects.find((p) => p.id === deal.prospectId);
    return {
      summary: `deal edit ${dealRef(deal.id)} ${deal.title}${prospect ? ` (${prospect.name} #${prospect.id})` : ''} (${changed.join(', ')})`,
      result: {
        deal,
        prospect,
        description,
        closeBy: changed.includes('close-by'),
        json: dealJson(deal, jsonRefs(data)),
      },
    };
  });
  const { deal } = edited;
  if (opts.json) printJson(ctx, edited.json);
  announce(ctx, `Updated ${dealWho(deal, edited.prospect)}: ${edited.description}`);
  if (edited.closeBy && deal.closeBy !== null) announce(ctx, closeByLine(deal, ctx.clock.today()));
}
