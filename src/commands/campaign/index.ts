import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerCampaignAdd } from './add.js';
import { registerCampaignAdjust } from './adjust.js';
import { registerCampaignList } from './list.js';
import { registerCampaignRemove } from './remove.js';
import { registerCampaignRename } from './rename.js';
import { registerCampaignReport } from './report.js';
import { registerCampaignShow } from './show.js';
import { registerCampaignSpend } from './spend.js';

export function registerCampaign(program: Command, ctx: Context): void {
  const campaign = program
    .command('campaign')
    .description('campaigns: what you run to bring prospects in, and what it costs')
    .addHelpText(
      'after',
      '\nExamples:\n  meld campaign add "Spring Webinar" --channel event --cost 1200\n  meld campaign report',
    );
  registerCampaignAdd(campaign, ctx);
  registerCampaignList(campaign, ctx);
  registerCampaignShow(campaign, ctx);
  registerCampaignAdjust(campaign, ctx);
  registerCampaignSpend(campaign, ctx);
  registerCampaignRename(campaign, ctx);
  registerCampaignRemove(campaign, ctx);
  registerCampaignReport(campaign, ctx);
}
