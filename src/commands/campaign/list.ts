import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { campaignOrder } from '../../domain/report.js';
import { CHANNELS } from '../../domain/types.js';
import { CAMPAIGN_STATES, campaignState } from '../../domain/spend.js';
import { campaignListTable } from '../../ui/campaigns.js';
import { campaignListItemJson } from '../../domain/json/campaign.js';
import { printJson, printLines, suggest } from '../../ui/output.js';
import { collectValues, oneOf } from '../flags/resolve.js';

export interface CampaignListOptions {
  status?: string[];
  channel?: string[];
  json?: boolean;
}

export function registerCampaignList(parent: Command, ctx: Context): void {
  parent
    .command('list')
    .description('campaigns, their cost and prospects')
    .option(
      '--status <status>',
      `only campaigns with this status today (${CAMPAIGN_STATES.join(', ')}); several: repeat or a,b`,
      collectValues,
    )
    .option(
      '--channel <channel>',
      `only campaigns on this channel (${CHANNELS.join(', ')}); several: repeat or a,b`,
      collectValues,
    )
    .option('--json', 'print the campaigns as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign list
  meld campaign list --status active --channel ads
  meld campaign list --status active,paused --channel ads,social
  meld campaign list --status ended
  meld campaign list --json`,
    )
    .action((opts: CampaignListOptions) => runCampaignList(ctx, opts));
}

export async function runCampaignList(ctx: Context, opts: CampaignListOptions): Promise<void> {
  const status = opts.status?.map((s) => oneOf(s, CAMPAIGN_STATES, 'status'));
  const channel = opts.channel?.map((c) => oneOf(c, CHANNELS, 'channel'));
  const db = await ctx.store().read();
  const today = ctx.clock.today();
  const counts = new Map<string, number>();
  for (const p of db.prospects) if (p.campaign) counts.set(p.campaign, (counts.get(p.campaign) ?? 0) + 1);
  const rows = db.campaigns
    .filter(
      (c) =>
        (status === undefined || status.includes(campaignState(c, today))) &&
        (channel === undefined || channel.includes(c.channel)),
    )
    .sort(campaignOrder)
    .map((campaign) => ({ campaign, prospects: counts.get(campaign.id) ?? 0 }));
  if (opts.json) {
    printJson(
      ctx,
      rows.map(({ campaign, prospects }) => campaignListItemJson(campaign, prospects, today)),
    );
    return;
  }
  if (rows.length === 0) {
    ctx.io.err.write(db.campaigns.length === 0 ? 'no campaigns yet\n' : 'no campaigns match\n');
    if (db.campaigns.length === 0)
      suggest(ctx, 'add one: meld campaign add "Spring Webinar" --channel event --cost 1200');
    return;
  }
  printLines(
    ctx,
    campaignListTable(rows, {
      style: ctx.io.style,
      width: ctx.io.columns,
      currency: db.config.currency,
      today,
      unicode: ctx.io.unicode,
    }),
  );
}
