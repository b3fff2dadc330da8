import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { findActivity, removeActivity } from '../../domain/activities.js';
import { toDay } from '../../domain/dates.js';
import { activityRef, prospectRef } from '../../domain/refs.js';
import { cleanLine, truncate } from '../../ui/sanitize.js';
import { activityJson } from '../../domain/json/activity.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { confirmRemoval } from '../flags/ask.js';
import { announce, printJson } from '../../ui/output.js';

export function registerActivityRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove')
    .alias('rm')
    .description('delete a logged activity (asks first; meld undo brings it back)')
    .argument('<activity>', 'the activity: a7 (or 7; see meld prospect show)')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .option('--json', 'print the removed activity as JSON')
    .addHelpText('after', '\nExamples:\n  meld activity remove a7\n  meld activity remove a7 --yes --json')
    .action((ref: string, opts: { yes?: boolean; json?: boolean }) => runActivityRemove(ctx, ref, opts));
}

export async function runActivityRemove(
  ctx: Context,
  ref: string,
  opts: { yes?: boolean; json?: boolean },
): Promise<void> {
  const db = await ctx.store().read();
  const found = findActivity(db, ref);
  const prospect = db.prospects.find((p) => p.id === found.prospectId);
  const who = prospect ? ` with ${cleanLine(prospect.name)} (${prospectRef(prospect.id)})` : '';
  const what = `${found.type} ${activityRef(found.id)}${who} on ${toDay(new Date(found.at))}: "${truncate(cleanLine(found.text), 40)}"`;
  if (!(await confirmRemoval(ctx, what, opts.yes))) return;
  await ctx.store().write((data) => {
    const activity = findActivity(data, String(found.id));
    removeActivity(data, activity);
    return { summary: `activity remove ${activityRef(activity.id)} ${prospect?.name ?? ''}`.trimEnd(), result: null };
  });
  if (opts.json) printJson(ctx, activityJson(found, jsonRefs(db)));
  announce(ctx, `Removed ${what}`);
}
