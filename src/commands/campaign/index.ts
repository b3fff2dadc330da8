import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerCampaignAdd } from './add.js';
import { registerCampaignAdjust } from './adjust.js';
import { registerCampaignList } from './list.js';
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
  registerCampaignReport(campaign, ctx);
}
