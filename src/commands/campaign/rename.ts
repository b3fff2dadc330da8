import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { renameCampaign } from '../../domain/campaigns.js';
import { campaignJson } from '../../domain/json/campaign.js';
import { announce, printJson } from '../../ui/output.js';
import { resolveCampaign } from '../flags/resolve.js';

export function registerCampaignRename(parent: Command, ctx: Context): void {
  parent
    .command('rename')
    .description('give a campaign a new name; its id stays, so exports, calendars and scripts keep working')
    .argument('<campaign>', 'the campaign (slug or name)')
    .argument('<new name>', 'what it is called from now on')
    .option('--json', 'print the campaign as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign rename sprng-webinar "Spring Webinar"
  meld campaign rename "Spring Webinar" "Spring Webinar 2027" --json`,
    )
    .action((ref: string, name: string, opts: { json?: boolean }) => runCampaignRename(ctx, ref, name, opts));
}

export async function runCampaignRename(
  ctx: Context,
  ref: string,
  name: string,
  opts: { json?: boolean },
): Promise<void> {
  const { campaign, old } = await ctx.store().write((db) => {
    const c = resolveCampaign(db, ref);
    const before = renameCampaign(db, c, name, ctx.clock.now());
    return { summary: `campaign rename ${before} -> ${c.name} (${c.id})`, result: { campaign: c, old: before } };
  });
  if (opts.json) printJson(ctx, campaignJson(campaign, ctx.clock.today()));
  announce(ctx, `Renamed ${old} to ${campaign.name} (id ${campaign.id} unchanged)`);
}
