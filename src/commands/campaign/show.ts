import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { viewProspects } from '../../domain/deals.js';
import { campaignReport } from '../../domain/report.js';
import { cleanBlock, cleanLine, truncate } from '../../ui/sanitize.js';
import { campaignProspectsTable, describeChanges, formatInstant, spendLines } from '../../ui/campaigns.js';
import { campaignShowJson } from '../../domain/json/campaign.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { ellipsis, renderReportDetail } from '../../ui/report-view.js';
import { printJson, printLines } from '../../ui/output.js';
import { resolveCampaign } from '../flags/resolve.js';
import { reportWindow, viewOptions } from './report.js';

export interface CampaignShowOptions {
  since?: string;
  until?: string;
  ascii?: boolean;
  json?: boolean;
}

export function registerCampaignShow(parent: Command, ctx: Context): void {
  parent
    .command('show')
    .description('one campaign: its report, history and prospects')
    .argument('<campaign>', 'the campaign (slug or name)')
    .option('--since <date>', 'report only on prospects added on or after this day')
    .option('--until <date>', 'report only on prospects added on or before this day')
    .option('--ascii', 'draw charts with plain ASCII')
    .option('--json', 'print the campaign, its report row and its prospects as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign show spring-webinar
  meld campaign show "Spring Webinar" --since 2026-11-01
  meld campaign show spring-webinar --json`,
    )
    .action((ref: string, opts: CampaignShowOptions) => runCampaignShow(ctx, ref, opts));
}

export async function runCampaignShow(ctx: Context, ref: string, opts: CampaignShowOptions): Promise<void> {
  const window = await reportWindow(ctx, opts);
  const db = await ctx.store().read();
  const campaign = resolveCampaign(db, ref);
  const [row] = campaignReport(db, { campaign: campaign.id, ...window, now: ctx.clock.now() });
  const prospects = viewProspects(db).filter((p) => p.campaign === campaign.id);
  if (opts.json) {
    printJson(ctx, campaignShowJson(campaign, row!, prospects, jsonRefs(db), ctx.clock.today()));
    return;
  }
  const view = viewOptions(ctx, db, opts.ascii);
  const width = ctx.io.columns;
  const arrow = view.unicode ? '→' : '->';
  const dots = ellipsis(view);
  const parts = [renderReportDetail(row!, campaign, { ...view, adjustmentLines: false })];
  const history = [truncate(`  ${'History'.padEnd(9)}${formatInstant(campaign.createdAt)} added`, width, dots)];
  if (campaign.note)
    history.push(
      ...cleanBlock(campaign.note)
        .split('\n')
        .map((l) => truncate(`${' '.repeat(11)}${l}`, width, dots)),
    );
  for (const a of campaign.adjustments) {
    const what = describeChanges(a.changes, view.currency, arrow);
    const note = a.note ? `"${cleanLine(a.note)}"` : '';
    history.push(
      truncate(`${' '.repeat(11)}${formatInstant(a.at)} ${[what, note].filter((s) => s).join(' ')}`, width, dots),
    );
  }
  history.push(...spendLines(campaign, view.currency, width));
  parts.push(history.join('\n'));
  parts.push(
    prospects.length === 0
      ? 'no prospects yet'
      : campaignProspectsTable(prospects, {
          style: ctx.io.style,
          width,
          currency: view.currency,
          unicode: view.unicode,
        }),
  );
  printLines(ctx, parts.join('\n\n'));
}
