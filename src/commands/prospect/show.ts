import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { viewProspect } from '../../domain/deals.js';
import { prospectRelations } from '../../domain/influence.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { prospectShowJson } from '../../domain/json/prospect.js';
import { renderProspectCard } from '../../ui/prospects.js';
import { printJson, printLines } from '../../ui/output.js';
import { resolveProspect } from '../flags/resolve.js';
import { compareIso } from '../../domain/dates.js';
import type { Db } from '../../domain/types.js';

export function registerProspectShow(parent: Command, ctx: Context): void {
  parent
    .command('show')
    .description('a prospect in full: details, stage history, activities and follow-ups')
    .argument('<prospect>', 'id, email or part of the name')
    .option('--json', 'print the prospect with its activities and follow-ups as JSON')
    .addHelpText('after', '\nExamples:\n  meld prospect show 12\n  meld prospect show ana@acme.io --json')
    .action((ref: string, opts: { json?: boolean }) => runProspectShow(ctx, ref, opts));
}

export async function runProspectShow(ctx: Context, ref: string, opts: { json?: boolean }): Promise<void> {
  if (opts.json) {
    const db = await ctx.store().read();
    const { prospect, activities, followUps, relations } = shownOf(db, ref);
    printJson(ctx, prospectShowJson(prospect, { activities, followUps, relations }, jsonRefs(db)));
    return;
  }
  const { style } = ctx.io;
  const today = ctx.clock.today();
  // The card as printed, kept between runs while the file is unchanged (Store.answer): the key
  // names the reference as typed, the day and the colour level (the card does not follow the width).
  const card = await ctx.store().answer(`prospect show ${ref} ${today} colour ${style.level}`, (db) => {
    const { prospect, activities, followUps, relations } = shownOf(db, ref);
    const campaignName = db.campaigns.find((c) => c.id === prospect.campaign)?.name ?? null;
    return renderProspectCard(
      prospect,
      { activities, followUps, campaignName, relations },
      { style, currency: db.config.currency, today },
    );
  });
  printLines(ctx, card);
}

/** The person `ref` names, with their activities (oldest first), follow-ups (soonest first) and relations. */
function shownOf(db: Db, ref: string) {
  const prospect = viewProspect(db, resolveProspect(db, ref));
  const activities = db.activities
    .filter((a) => a.prospectId === prospect.id)
    .sort((a, b) => compareIso(a.at, b.at) || a.id - b.id);
  const followUps = db.followUps
    .filter((f) => f.prospectId === prospect.id)
    .sort((a, b) => compareIso(a.due, b.due) || a.id - b.id);
  return { prospect, activities, followUps, relations: prospectRelations(db, prospect) };
}
