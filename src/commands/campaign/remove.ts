import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { campaignUses, checkCampaignRemoval, removeCampaign } from '../../domain/campaigns.js';
import { plural } from '../../ui/format.js';
import { assertSameAsShown, fingerprint } from '../../domain/fingerprint.js';
import type { Db } from '../../domain/types.js';
import { cleanLine } from '../../ui/sanitize.js';
import { confirmRemoval } from '../flags/ask.js';
import { campaignRemovedJson } from '../../domain/json/campaign.js';
import { announce, printJson } from '../../ui/output.js';
import { resolveCampaign } from '../flags/resolve.js';

export interface CampaignRemoveOptions {
  moveTo?: string;
  detach?: boolean;
  yes?: boolean;
  json?: boolean;
}

export function registerCampaignRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove')
    .alias('rm')
    .description('delete a campaign; one that still has prospects needs --move-to or --detach (asks first)')
    .argument('<campaign>', 'the campaign (slug or name)')
    .option('--move-to <campaign>', 'move its prospects (and the activities it influenced) to this campaign')
    .option('--detach', 'leave its prospects without a campaign')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .option('--json', 'print what was removed and moved as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign remove test-campaign --yes
  meld campaign remove "Sprng Webinar" --move-to spring-webinar
  meld campaign remove old-ads --detach --yes`,
    )
    .action((ref: string, opts: CampaignRemoveOptions) => runCampaignRemove(ctx, ref, opts));
}

export async function runCampaignRemove(ctx: Context, ref: string, opts: CampaignRemoveOptions): Promise<void> {
  if (opts.moveTo !== undefined && opts.detach) {
    throw new UsageError('--move-to and --detach do not go together', { hint: 'choose one' });
  }
  const db = await ctx.store().read();
  const found = resolveCampaign(db, ref);
  const target = opts.moveTo !== undefined ? resolveCampaign(db, opts.moveTo) : null;
  const uses = campaignUses(db, found.id);
  // Refused before asking: a question whose answer cannot help would only waste the user's time.
  checkCampaignRemoval(db, found, { moveTo: target, detach: Boolean(opts.detach) });
  const moved =
    uses.prospects > 0
      ? target
        ? `, moving ${plural(uses.prospects, 'prospect')} to ${target.id}`
        : `, detaching ${plural(uses.prospects, 'prospect')}`
      : '';
  const what = `campaign ${cleanLine(found.name)} (${found.id})${moved}`;
  // What a prompt shows: the campaign and who refers to it. The write must find the same.
  const view = (data: Db) => {
    const c = data.campaigns.find((x) => x.id === found.id);
    if (!c) return undefined;
    return {
      campaign: c,
      prospects: data.prospects.filter((p) => p.campaign === c.id).map((p) => p.id),
      deals: data.deals.filter((d) => d.campaign === c.id).map((d) => d.id),
      activities: data.activities.filter((a) => a.campaign === c.id).map((a) => a.id),
    };
  };
  const shown = opts.yes ? null : fingerprint(view(db));
  if (!(await confirmRemoval(ctx, what, opts.yes))) return;
  const done = await ctx.store().write((data) => {
    if (shown !== null) assertSameAsShown(shown, view(data), `campaign ${cleanLine(found.name)} (${found.id})`);
    const c = resolveCampaign(data, found.id);
    const to = target ? resolveCampaign(data, target.id) : null;
    const counts = removeCampaign(data, c, { moveTo: to, detach: Boolean(opts.detach) }, ctx.clock.now());
    return {
      summary: `campaign remove ${c.name} (${c.id})${to ? ` -> ${to.id}` : ''}`,
      result: { id: c.id, name: c.name, movedTo: to ? { id: to.id, name: to.name } : null, ...counts },
    };
  });
  if (opts.json) printJson(ctx, campaignRemovedJson(done));
  const tail =
    done.prospects + done.activities === 0
      ? ''
      : done.movedTo
        ? `; moved ${plural(done.prospects, 'prospect')}${done.activities ? ` and ${plural(done.activities, 'activity', 'activities')}` : ''} to ${done.movedTo.name} (${done.movedTo.id})`
        : `; ${plural(done.prospects, 'prospect')}${done.activities ? ` and ${plural(done.activities, 'activity', 'activities')}` : ''} now without a campaign`;
  announce(ctx, `Removed campaign ${done.name} (${done.id})${tail}`);
}
