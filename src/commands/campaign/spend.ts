import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { addSpend } from '../../domain/campaigns.js';
import { toDay } from '../../domain/dates.js';
import { checkMinorUnits } from '../../domain/money.js';
import { campaignJson } from '../../domain/json/campaign.js';
import { parseSignedMoney, spentToDate } from '../../domain/spend.js';
import { echoDay, formatMoney } from '../../ui/format.js';
import { cleanLine } from '../../ui/sanitize.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { resolveCampaign, resolveDay } from '../flags/resolve.js';

export interface CampaignSpendOptions {
  date?: string;
  note?: string;
  json?: boolean;
}

export function registerCampaignSpend(parent: Command, ctx: Context): void {
  parent
    .command('spend')
    .description('record money a campaign spent on a day (a negative amount corrects)')
    .argument('<campaign>', 'the campaign (slug or name)')
    .argument('<amount>', 'e.g. 250 or 99.90; a correction is negative: -50')
    .option('--date <day>', 'the day it was spent (default: today; "mon" is the last Monday)')
    .option('--note <text>', 'what it paid for')
    .option('--json', 'print the campaign as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign spend spring-webinar 250 --note "booth at the fair"
  meld campaign spend "LinkedIn ads" 80 --date 2026-11-20
  meld campaign spend spring-webinar -50 --note "refund"   # a correction`,
    )
    .action((ref: string, amount: string, opts: CampaignSpendOptions) => runCampaignSpend(ctx, ref, amount, opts));
}

export async function runCampaignSpend(
  ctx: Context,
  ref: string,
  amount: string,
  opts: CampaignSpendOptions,
): Promise<void> {
  const cents = parseSignedMoney(amount, '<amount>');
  const day =
    opts.date !== undefined
      ? await resolveDay(ctx, opts.date, '--date', 'past')
      : await resolveDay(ctx, 'today', '--date');
  const note = opts.note?.trim() || null;
  const now = ctx.clock.now();
  const { campaign, currency } = await ctx.store().write((db) => {
    checkMinorUnits(Math.abs(cents), db.config.currency, '<amount>');
    const found = resolveCampaign(db, ref);
    addSpend(found, day, cents, note, now);
    return {
      summary: `campaign spend ${found.name} (${found.id}) ${formatMoney(cents, db.config.currency)} on ${day}`,
      result: { campaign: found, currency: db.config.currency },
    };
  });
  const today = toDay(now);
  if (opts.json) printJson(ctx, campaignJson(campaign, today));
  const later = day > today ? ` (planned: ${day} is ahead)` : '';
  announce(
    ctx,
    `Recorded ${formatMoney(cents, currency)} on ${day} for ${cleanLine(campaign.name)} (${campaign.id})${later}: ${formatMoney(spentToDate(campaign, today), currency)} spent to date`,
  );
  // A day outside the campaign's is allowed (a deposit, a late invoice) but often a misread
  // date ("dec 1" in November is last December): say so.
  const outside =
    day < campaign.start
      ? `before ${cleanLine(campaign.name)} starts (${campaign.start})`
      : campaign.end !== null && day > campaign.end
        ? `after ${cleanLine(campaign.name)} ended (${campaign.end})`
        : null;
  if (outside) suggest(ctx, `${echoDay(day, today)}: ${outside}; \`meld undo\` takes it back`);
}
