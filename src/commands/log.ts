import type { Command } from 'commander';
import type { Context } from '../context.js';
import { meansNoCampaign } from '../domain/campaigns.js';
import { toDay } from '../domain/dates.js';
import { followUpsAfterLoss, openFollowUpsOf } from '../domain/followups.js';
import { logTouch } from '../domain/touch.js';
import {
  ACTIVITY_TYPES,
  STAGES,
  isOpenStage,
  type ActivityType,
  type IsoDay,
  type Prospect,
  type Stage,
} from '../domain/types.js';
import { announce, printJson, suggest } from '../ui/output.js';
import { keptAfterLoss } from '../ui/followups.js';
import { oneOf, resolveCampaign, resolveDay, resolveProspect } from './flags/resolve.js';
import { fingerprint } from '../domain/fingerprint.js';
import { lostReason, movingFrom, prospectAsShown } from './prospect/stage.js';
import { viewProspect } from '../domain/deals.js';
import { logJson } from '../domain/json/activity.js';
import { jsonRefs } from '../domain/json/refs.js';
import { activityRef, followUpRef } from '../domain/refs.js';
import { MeldError } from '../errors.js';
import { echoDay } from '../ui/format.js';
import { everyText } from '../domain/recurrence.js';
import { topicsFlag } from './flags/topics.js';

export interface LogOptions {
  type?: string;
  date?: string;
  stage?: string;
  reason?: string;
  next?: string;
  campaign?: string;
  nextNote?: string;
  topic?: string;
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
    .option('--next-note <text>', 'what the next follow-up is for (with --next)')
    .option('--campaign <campaign>', 'the campaign that touched them here (came to the webinar): credited as influence')
    .option('--topic <words>', 'what they talked about, for the campaign report: pricing,"team size"')
    .option('--json', 'print the activity, stage and follow-ups as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld log 12 "left a voicemail" --type call
  meld log ana "demo went well, sending a proposal" --type meeting --stage proposal --next "in 3 days"
  meld log 12 "sent the quote" --type email --next fri --next-note "ask if the quote works"
  meld log 7 "met at the conference" --date yesterday
  meld log ana "came to the webinar" --campaign spring-webinar
  meld log lia "too expensive for now" --type call --topic pricing,"team size"`,
    )
    .action((ref: string, text: string, opts: LogOptions) => runLog(ctx, ref, text, opts));
}

export async function runLog(ctx: Context, ref: string, text: string, opts: LogOptions): Promise<void> {
  const type: ActivityType = opts.type !== undefined ? oneOf(opts.type, ACTIVITY_TYPES, 'activity type') : 'note';
  if (opts.nextNote !== undefined && opts.next === undefined) {
    throw new MeldError('--next-note needs --next <date>: the note goes on the next follow-up');
  }
  const stage: Stage | undefined = opts.stage !== undefined ? oneOf(opts.stage, STAGES, 'stage') : undefined;
  const topics = opts.topic !== undefined ? topicsFlag(opts.topic) : undefined;
  const day: IsoDay = opts.date !== undefined ? await resolveDay(ctx, opts.date, '--date', 'past') : ctx.clock.today();
  const next: IsoDay | undefined = opts.next !== undefined ? await resolveDay(ctx, opts.next, '--next') : undefined;
  // Read before the change only to ask why a deal was lost (no prompt waits under the lock); the
  // change reads the file itself, so an everyday log reads it once (#19).
  let asked: { found: Prospect; shown: string | null } | null = null;
  let reason = opts.reason;
  if (stage === 'lost' && !opts.reason?.trim()) {
    const before = await ctx.store().read();
    const found = resolveProspect(before, ref);
    reason = await lostReason(ctx, found, movingFrom(before, found, stage), stage, opts.reason, before);
    // Asked in a prompt: the write must find the record that was shown.
    asked = { found, shown: reason !== opts.reason ? fingerprint(found) : null };
  }
  const now = ctx.clock.now();
  const today = toDay(now);
  const done = await ctx.store().write((db) => {
    const prospect = asked ? prospectAsShown(db, asked.found, asked.shown) : resolveProspect(db, ref);
    const none = opts.campaign !== undefined && meansNoCampaign(opts.campaign);
    const campaign = opts.campaign !== undefined && !none ? resolveCampaign(db, opts.campaign) : null;
    const result = logTouch(
      db,
      prospect,
      { type, text, day, stage, reason, next, nextNote: opts.nextNote, topics },
      today,
      now,
    );
    if (campaign) result.activity.campaign = campaign.id;
    // Lost with no other deal open: the follow-ups still open are cancelled with the reason, as
    // `prospect stage … lost` does (one change: undo brings them back), but for the one --next
    // plans; a customer keeps theirs (followups.ts followUpsAfterLoss). Those due were done by
    // this touch (closed above; a recurring one's next occurrence goes with the rest).
    const { cancelled, kept } =
      stage === 'lost'
        ? followUpsAfterLoss(
            db,
            prospect.id,
            reason,
            now,
            openFollowUpsOf(db, prospect.id).filter((f) => f !== result.next),
          )
        : { cancelled: [], kept: [] };
    return {
      summary: `log ${type} ${prospect.name} (#${prospect.id})`,
      result: {
        ...result,
        repeated: result.repeated.filter((f) => f.status === 'open'),
        prospect,
        stage: viewProspect(db, prospect).stage,
        open: openFollowUpsOf(db, prospect.id),
        cancelled,
        kept,
      },
    };
  });
  const { prospect, activity } = done;
  if (opts.json) {
    printJson(ctx, logJson({ ...done, prospectId: prospect.id }, jsonRefs(await ctx.store().read())));
  }
  announce(
    ctx,
    `Logged ${type} ${activityRef(activity.id)} with ${prospect.name} (#${prospect.id}) on ${echoDay(toDay(new Date(activity.at)), today)}`,
  );
  if (done.stageFrom) announce(ctx, `Moved from ${done.stageFrom} to ${stage}`);
  for (const f of done.closed) announce(ctx, `Closed follow-up ${followUpRef(f.id)} (due ${f.due})`);
  for (const f of done.repeated) {
    announce(ctx, `Repeats ${everyText(f.every!)}: ${followUpRef(f.id)} due ${echoDay(f.due, today)}`);
  }
  if (done.cancelled.length > 0) {
    const which = done.cancelled.map((f) => `f${f.id}`).join(', ');
    announce(
      ctx,
      `Cancelled ${done.cancelled.length === 1 ? 'follow-up' : 'follow-ups'} ${which} (lost; meld undo brings them back)`,
    );
  }
  if (done.next) {
    const note = done.next.note ? `: ${done.next.note}` : '';
    announce(ctx, `Next follow-up ${followUpRef(done.next.id)} due ${echoDay(done.next.due, today)}${note}`);
  }
  if (done.kept.length > 0) suggest(ctx, keptAfterLoss(done.kept, `${prospect.name} (#${prospect.id})`));
  const stillDue = done.open.filter((f) => f.due <= today);
  if (!done.next && stillDue.length > 0) {
    const ref = followUpRef(stillDue[0]!.id);
    suggest(ctx, `follow-up ${ref} is still due: meld followup done ${ref} --next <date>`);
  } else if (done.next && done.open.length > 1) {
    // The touch may have done what a later follow-up was for: say it is still there.
    const other = done.open.find((f) => f.id !== done.next!.id)!;
    const ref = followUpRef(other.id);
    suggest(
      ctx,
      `still open: ${ref} due ${other.due}${other.note ? ` (${other.note})` : ''}; if this did it: meld followup done ${ref}`,
    );
  } else if (!done.next && isOpenStage(done.stage) && done.open.length === 0) {
    suggest(ctx, `next step: meld followup add ${prospect.id} tomorrow`);
  }
}
