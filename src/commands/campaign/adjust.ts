import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { adjustCampaign, costRefund, type CampaignChanges } from '../../domain/campaigns.js';
import { checkMinorUnits, parseMoney } from '../../domain/money.js';
import { parseRate } from '../../domain/spend.js';
import { CAMPAIGN_STATUSES, CHANNELS } from '../../domain/types.js';
import { describeChanges } from '../../ui/campaigns.js';
import { campaignAdjustedJson } from '../../domain/json/campaign.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { echoDay, formatMoney } from '../../ui/format.js';
import { oneOf, positiveInt, resolveCampaign, resolveDay } from '../flags/resolve.js';

export interface CampaignAdjustOptions {
  cost?: string;
  rate?: string;
  budget?: string;
  channel?: string;
  end?: string;
  goal?: string;
  status?: string;
  note?: string;
  json?: boolean;
  yes?: boolean;
}

const clears = (value: string) => ['none', 'no', '-'].includes(value.trim().toLowerCase());

export function registerCampaignAdjust(parent: Command, ctx: Context): void {
  parent
    .command('adjust')
    .description('change a campaign (recorded; splits its report)')
    .argument('<campaign>', 'the campaign (slug or name)')
    .option(
      '--cost <total>',
      'new total cost to date, e.g. 1500: the difference is spent today (before the start: on the start day)',
    )
    .option(
      '--rate <amount/unit>',
      'a new running cost from today (or the start day): 15/day, 80/week, 2000/month (0 stops it)',
    )
    .option('--budget <amount>', 'a new budget ("none" to remove it)')
    .option('--channel <channel>', `new channel: ${CHANNELS.join(', ')}`)
    .option('--end <date>', 'new last day ("none" to remove it; "in 2 weeks" counts from today); extends an ended one')
    .option('--goal <n>', 'new goal in prospects ("none" to remove it)')
    .option(
      '--status <status>',
      'paused (stops its rate from tomorrow: today ran), active (resumes it) or ended (today is its last day)',
    )
    .option('--note <why>', 'why you changed it (shown in the report)')
    .option('-y, --yes', 'record a --cost below what is already spent (a refund) without asking')
    .option('--json', 'print the campaign and the recorded adjustment as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign adjust spring-webinar --cost 1500 --note "second mailing"
  meld campaign adjust google-ads --rate 120/week --note "raised the bid"
  meld campaign adjust "LinkedIn ads Q1" --status paused --note "CPC too high"
  meld campaign adjust spring-webinar --end "in 2 weeks" --goal 60
  meld campaign adjust spring-webinar --cost 900 --yes --note "refund from the venue"`,
    )
    .action((ref: string, opts: CampaignAdjustOptions) => runCampaignAdjust(ctx, ref, opts));
}

export async function runCampaignAdjust(ctx: Context, ref: string, opts: CampaignAdjustOptions): Promise<void> {
  const changes: CampaignChanges = {};
  if (opts.cost !== undefined) changes.costCents = parseMoney(opts.cost, '--cost');
  if (opts.rate !== undefined) changes.rate = parseRate(opts.rate, '--rate');
  if (opts.budget !== undefined) changes.budgetCents = clears(opts.budget) ? null : parseMoney(opts.budget, '--budget');
  if (opts.channel !== undefined) changes.channel = oneOf(opts.channel, CHANNELS, 'channel');
  if (opts.end !== undefined) changes.end = clears(opts.end) ? null : await resolveDay(ctx, opts.end, '--end');
  if (opts.goal !== undefined) changes.goal = clears(opts.goal) ? null : positiveInt(opts.goal, '--goal');
  if (opts.status !== undefined) changes.status = oneOf(opts.status, CAMPAIGN_STATUSES, 'status');
  const note = opts.note?.trim() || null;
  if (Object.keys(changes).length === 0 && note === null) {
    throw new UsageError('nothing to adjust', {
      hint: 'pass --cost, --rate, --budget, --channel, --end, --goal, --status or --note',
    });
  }
  if (changes.costCents !== undefined && !opts.yes) {
    // A total below what is already spent records a refund: likely a typo (100 for 1000), so
    // it is asked for in a terminal and needs --yes in a script.
    const db = await ctx.store().read();
    const found = resolveCampaign(db, ref);
    const refund = costRefund(found, changes.costCents, ctx.clock.now());
    if (refund) {
      const money = (cents: number) => formatMoney(cents, db.config.currency);
      const what = `--cost ${money(changes.costCents)} is below the ${money(refund.spentCents)} ${found.name} has already spent: it records a refund of ${money(refund.refundCents)} on ${refund.day}`;
      if (!ctx.io.interactive) {
        throw new UsageError(what, {
          hint: 'pass --yes if that refund is right (--cost is the new total, not an addition)',
        });
      }
      ctx.io.err.write(`${what}\n`);
      const sure = await ctx.prompter.confirm({
        message: `Record a refund of ${money(refund.refundCents)}?`,
        flag: '--yes',
        default: false,
      });
      if (!sure) {
        ctx.io.err.write('nothing changed\n');
        return;
      }
    }
  }
  const { campaign, adjustment, currency } = await ctx.store().write((db) => {
    if (changes.costCents !== undefined) checkMinorUnits(changes.costCents, db.config.currency, '--cost');
    if (changes.rate !== undefined) checkMinorUnits(changes.rate.cents, db.config.currency, '--rate');
    if (changes.budgetCents != null) checkMinorUnits(changes.budgetCents, db.config.currency, '--budget');
    const found = resolveCampaign(db, ref);
    const made = adjustCampaign(found, changes, note, ctx.clock.now());
    return {
      summary: `campaign adjust ${found.name} (${found.id})`,
      result: { campaign: found, adjustment: made, currency: db.config.currency },
    };
  });
  if (opts.json) printJson(ctx, campaignAdjustedJson(campaign, adjustment, ctx.clock.today()));
  const what = describeChanges(adjustment.changes, currency, ctx.io.unicode ? '→' : '->');
  const why = adjustment.note ? ` (note: ${adjustment.note})` : '';
  announce(ctx, `${what ? 'Adjusted' : 'Noted on'} ${campaign.name} (${campaign.id})${what ? `: ${what}` : ''}${why}`);
  if (campaign.end && adjustment.changes.end) suggest(ctx, `ends ${echoDay(campaign.end, ctx.clock.today())}`);
}
