import type { Command } from 'commander';
import { topicsFlag } from '../flags/topics.js';
import { activityJson } from '../../domain/json/activity.js';
import { jsonRefs } from '../../domain/json/refs.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { editActivity, findActivity } from '../../domain/activities.js';
import { toDay } from '../../domain/dates.js';
import { activityRef, prospectRef } from '../../domain/refs.js';
import { touchInstant } from '../../domain/touch.js';
import { ACTIVITY_TYPES, type ActivityType, type IsoDay } from '../../domain/types.js';
import { echoDay } from '../../ui/format.js';
import { announce, printJson } from '../../ui/output.js';
import { oneOf, resolveDay } from '../flags/resolve.js';

export interface ActivityEditOptions {
  text?: string;
  type?: string;
  date?: string;
  topic?: string;
  json?: boolean;
}

export function registerActivityEdit(parent: Command, ctx: Context): void {
  parent
    .command('edit')
    .description('correct a logged activity: its text, type, day or topics')
    .argument('<activity>', 'the activity: a7 (or 7; see meld prospect show)')
    .option('--text <text>', 'what happened')
    .option('--type <type>', ACTIVITY_TYPES.join(', '))
    .option('--date <date>', 'when it happened: yesterday, mon, "nov 20", 2026-11-20')
    .option('--topic <words>', 'what they talked about, replacing the topics: pricing,"team size" ("" clears them)')
    .option('--json', 'print the activity as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld activity edit a7 --text "called, she wants a quote by friday"
  meld activity edit a7 --type call --date yesterday
  meld activity edit a7 --topic pricing,integrations
  meld activity edit a7 --topic ""            # no topics`,
    )
    .action((ref: string, opts: ActivityEditOptions) => runActivityEdit(ctx, ref, opts));
}

export async function runActivityEdit(ctx: Context, ref: string, opts: ActivityEditOptions): Promise<void> {
  if (opts.text === undefined && opts.type === undefined && opts.date === undefined && opts.topic === undefined) {
    throw new UsageError('nothing to change', { hint: 'pass --text, --type, --date and/or --topic' });
  }
  const topics = opts.topic !== undefined ? topicsFlag(opts.topic, true) : undefined;
  const type: ActivityType | undefined =
    opts.type !== undefined ? oneOf(opts.type, ACTIVITY_TYPES, 'activity type') : undefined;
  const day: IsoDay | undefined =
    opts.date !== undefined ? await resolveDay(ctx, opts.date, '--date', 'past') : undefined;
  const now = ctx.clock.now();
  const today = toDay(now);
  const edited = await ctx.store().write((db) => {
    const activity = findActivity(db, ref);
    const prospect = db.prospects.find((p) => p.id === activity.prospectId)!;
    // A new day moves it to noon that day (now when today); the same day keeps its time.
    const at =
      day !== undefined && day !== toDay(new Date(activity.at))
        ? touchInstant(db, prospect, { day }, today, now).toISOString()
        : undefined;
    const changes = editActivity(activity, { text: opts.text, type, at, topics }, ctx.clock.now());
    if (Object.keys(changes).length === 0) {
      throw new UsageError(`nothing to change: activity ${activityRef(activity.id)} already has those values`);
    }
    return {
      summary: `activity edit ${activityRef(activity.id)} ${prospect.name} (${Object.keys(changes).join(', ')})`,
      result: { activity, prospect, changes },
    };
  });
  const { activity, prospect, changes } = edited;
  if (opts.json) printJson(ctx, activityJson(activity, jsonRefs(await ctx.store().read())));
  const parts: string[] = [];
  if (changes.type) parts.push(`type ${changes.type.from} → ${changes.type.to}`);
  if (changes.at) {
    parts.push(`day ${toDay(new Date(String(changes.at.from)))} → ${echoDay(toDay(new Date(activity.at)), today)}`);
  }
  if (changes.text) parts.push('text');
  if (changes.topics) parts.push(`topics ${changes.topics.from ?? '—'} → ${changes.topics.to ?? '—'}`);
  announce(
    ctx,
    `Updated activity ${activityRef(activity.id)} with ${prospect.name} (${prospectRef(prospect.id)}): ${parts.join('; ')}`,
  );
}
