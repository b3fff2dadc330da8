import type { Command } from 'commander';
import type { Context } from '../context.js';
import { toDay } from '../domain/dates.js';
import { openFollowUpsOf } from '../domain/followups.js';
import { logTouch } from '../domain/touch.js';
import { ACTIVITY_TYPES, STAGES, isOpenStage, type ActivityType, type IsoDay, type Stage } from '../domain/types.js';
import { announce, printJson, suggest } from './support/output.js';
import { oneOf, resolveDay, resolveProspect } from './support/resolve.js';
import { fingerprint } from '../domain/fingerprint.js';
import { lostReason, prospectAsShown } from './prospect/stage.js';
import { followUpJson } from '../domain/shapes.js';

export interface LogOptions {
  type?: string;
  date?: string;
  stage?: string;
  reason?: string;
  next?: string;
  json?: boolean;
}

export function registerLog(parent: Command, ctx: Context): void {
  parent
    .command('log')
    .description('log a call, email, meeting or note; with --stage/--next, the whole touch in one go')
    .argument('<prospect>', 'id, email or part of the name')
    .argument('<text>', 'what happened')
    .option('--type <type>', `${ACTIVITY_TYPES.join(', ')} (default: note)`)
    .option('--date <date>', 'when it happened (default: today)')
    .option('--stage <stage>', `also move the prospect to a stage: ${STAGES.join(', ')}`)
    .option('--reason <text>', 'why, when --stage lost')
    .option('--next <date>', 'plan the next follow-up, closing the one due today or earlier')
    .option('--json', 'print the activity, stage and follow-ups as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld log 12 "left a voicemail" --type call
  meld log ana "demo went well, sending a proposal" --type meeting --stage proposal --next "in 3 days"
  meld log 7 "met at the conference" --date yesterday`,
    )
    .action((ref: string, text: string, opts: LogOptions) => runLog(ctx, ref, text, opts));
}

export async function runLog(ctx: Context, ref: string, text: string, opts: LogOptions): Promise<void> {
  const type: ActivityType = opts.type !== undefined ? oneOf(opts.type, ACTIVITY_TYPES, 'activity type') : 'note';
  const stage: Stage | undefined = opts.stage !== undefined ? oneOf(opts.stage, STAGES, 'stage') : undefined;
  const day: IsoDay =
    opts.date !== undefined ? await resolveDay(ctx, opts.date, '--date', 'past') : toDay(ctx.clock.now());
  const next: IsoDay | undefined = opts.next !== undefined ? await resolveDay(ctx, opts.next, '--next') : undefined;
  const found = resolveProspect(await ctx.store().read(), ref);
  const reason = await lostReason(ctx, found, stage, opts.reason);
  // Asked in a prompt: the write must find the record that was shown.
  const shown = reason !== opts.reason ? fingerprint(found) : null;
  const now = ctx.clock.now();
  const today = toDay(now);
  const done = await ctx.store().write((db) => {
    const prospect = prospectAsShown(db, found, shown);
    const result = logTouch(db, prospect, { type, text, day, stage, reason, next }, today, now);
    return {
      summary: `log ${type} ${prospect.name} (#${prospect.id})`,
      result: { ...result, prospect, open: openFollowUpsOf(db, prospect.id) },
    };
  });
  const { prospect, activity } = done;
  if (opts.json) {
    printJson(ctx, {
      activity,
      prospect: { id: prospect.id, name: prospect.name, stage: prospect.stage },
      closed: done.closed.map(followUpJson),
      next: done.next ? followUpJson(done.next) : null,
    });
  }
  announce(ctx, `Logged ${type} with ${prospect.name} (#${prospect.id}) on ${toDay(new Date(activity.at))}`);
  if (done.stageFrom) announce(ctx, `Moved from ${done.stageFrom} to ${prospect.stage}`);
  for (const f of done.closed) announce(ctx, `Closed follow-up #${f.id} (due ${f.due})`);
  if (done.next) announce(ctx, `Next follow-up #${done.next.id} due ${done.next.due}`);
  const stillDue = done.open.filter((f) => f.due <= today);
  if (!done.next && stillDue.length > 0) {
    suggest(ctx, `follow-up #${stillDue[0]!.id} is still due: meld followup done ${stillDue[0]!.id} --next <date>`);
  } else if (!done.next && isOpenStage(prospect.stage) && done.open.length === 0) {
    suggest(ctx, `next step: meld followup add ${prospect.id} tomorrow`);
  }
}
