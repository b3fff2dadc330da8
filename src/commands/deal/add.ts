import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { addDeal } from '../../domain/deals.js';
import { fingerprint } from '../../domain/fingerprint.js';
import { openFollowUpsOf } from '../../domain/followups.js';
import { dealJson } from '../../domain/json/deal.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { STAGES, isOpenStage, type Stage } from '../../domain/types.js';
import { formatMoney } from '../../ui/format.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { cleanLine } from '../../ui/sanitize.js';
import { closeByLine, dealWho, percentText } from '../../ui/deals.js';
import { oneOf, resolveProspect } from '../flags/resolve.js';
import { askLostReason, prospectAsShown } from '../prospect/stage.js';
import { type DealFieldOptions, parseDealFields, pickCampaign, settle } from './fields.js';

export interface DealAddOptions extends DealFieldOptions {
  stage?: string;
  reason?: string;
  json?: boolean;
}

export function registerDealAdd(parent: Command, ctx: Context): void {
  parent
    .command('add')
    .description('open a deal with a person: a first sale, a renewal, an upsell')
    .argument('<prospect>', 'whose deal: id, email or part of the name')
    .argument('<title>', 'what it is, e.g. "Renewal 2027"')
    .option('--value <amount>', 'what it is worth, e.g. 2000')
    .option('--stage <stage>', `where it starts: ${STAGES.join(', ')} (default: new)`)
    .option('--reason <text>', 'why it was lost (with --stage lost; asked in a terminal)')
    .option('--campaign <campaign>', "the campaign it is credited to (default: the person's; none for none)")
    .option('--close-by <date>', 'the day it should close: "in 3 weeks", "dec 20", 2026-12-20')
    .option('--probability <percent>', "its chance of being won, overriding its stage's rate in the forecast")
    .option('--json', 'print the deal as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld deal add lia "Renewal 2027" --value 2000
  meld deal add 12 "Team plan" --value 4800 --stage proposal --close-by "in 3 weeks"
  meld deal add ana "Workshop" --campaign summer-ads --probability 30
  meld deal add 12 "Audit" --stage lost --reason "no budget this year"

A deal is credited to the campaign that brought the person unless --campaign says otherwise.`,
    )
    .action((prospect: string, title: string, opts: DealAddOptions) => runDealAdd(ctx, prospect, title, opts));
}

export async function runDealAdd(ctx: Context, ref: string, title: string, opts: DealAddOptions): Promise<void> {
  if (title.trim() === '')
    throw new UsageError('a deal needs a title', { hint: 'e.g. meld deal add 12 "Renewal 2027"' });
  const stage: Stage = opts.stage !== undefined ? oneOf(opts.stage, STAGES, 'stage') : 'new';
  const fields = await parseDealFields(ctx, opts);
  const db = await ctx.store().read();
  const found = resolveProspect(db, ref);
  await pickCampaign(ctx, db, fields);
  let reason = opts.reason;
  if (stage === 'lost' && !reason?.trim()) {
    if (!ctx.io.interactive) {
      throw new UsageError(`adding a lost deal needs a reason`, {
        hint: 'pass --reason "<why>", e.g. --reason "went with a competitor"',
      });
    }
    reason = await askLostReason(ctx, `Why was "${cleanLine(title.trim())}" lost?`, db);
  }
  // Asked in a prompt: the write must find the very person that was shown.
  const shown = reason !== opts.reason ? fingerprint(found) : null;
  const now = ctx.clock.now();
  const added = await ctx.store().write((data) => {
    const p = prospectAsShown(data, found, shown);
    const f = settle(data, fields);
    const deal = addDeal(
      data,
      p,
      {
        title,
        valueCents: f.valueCents,
        stage,
        campaign: f.campaign,
        closeBy: f.closeBy,
        probability: f.probability,
        reason,
      },
      now,
    );
    return {
      summary: `deal add d${deal.id} ${deal.title} for ${p.name} (#${p.id})`,
      result: {
        deal,
        prospect: p,
        currency: data.config.currency,
        open: openFollowUpsOf(data, p.id).length,
        json: dealJson(deal, jsonRefs(data)),
      },
    };
  });
  const { deal, prospect } = added;
  if (opts.json) printJson(ctx, added.json);
  const details = [
    deal.stage,
    deal.valueCents === null ? '' : formatMoney(deal.valueCents, added.currency),
    deal.campaign === null ? 'no campaign' : `credited to ${deal.campaign}`,
    deal.probability === null ? '' : `${percentText(deal.probability)} chance`,
  ].filter(Boolean);
  announce(
    ctx,
    `Added ${dealWho(deal, prospect)}: ${details.join(', ')}${deal.lostReason ? `: ${deal.lostReason}` : ''}`,
  );
  if (deal.closeBy !== null) announce(ctx, closeByLine(deal, ctx.clock.today()));
  if (isOpenStage(deal.stage) && added.open === 0) suggest(ctx, `next step: meld followup add ${prospect.id} tomorrow`);
}
