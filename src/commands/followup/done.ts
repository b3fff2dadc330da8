import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { MeldError } from '../../errors.js';
import { viewProspect } from '../../domain/deals.js';
import { toDay } from '../../domain/dates.js';
import { completeFollowUp, findFollowUps, openFollowUpsOf, requireOpen } from '../../domain/followups.js';
import { addFollowUp } from '../../domain/prospects.js';
import { everyText, planNextOccurrence } from '../../domain/recurrence.js';
import { followUpRef, prospectRef } from '../../domain/refs.js';
import { isOpenStage, type FollowUp, type IsoDay, type Prospect } from '../../domain/types.js';
import { followUpDoneJson } from '../../domain/json/followup.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { echoDay } from '../../ui/format.js';
import { followUpWho } from '../../ui/followups.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { resolveDay } from '../flags/resolve.js';

export interface FollowupDoneOptions {
  note?: string;
  next?: string;
  nextNote?: string;
  json?: boolean;
}

export function registerFollowupDone(parent: Command, ctx: Context): void {
  parent
    .command('done')
    .description('mark follow-ups done, optionally with the outcome and the next one')
    .argument('<followup...>', 'one or more follow-ups: f4 (or 4; see meld followups)')
    .option('--note <outcome>', 'what came of it (kept on the follow-up closed)')
    .option('--next <date>', 'plan the next follow-up with the same prospect')
    .option('--next-note <text>', 'what the next follow-up is for (with --next)')
    .option('--json', 'print the follow-up and the next one as JSON (arrays when several are given)')
    .addHelpText(
      'after',
      `
Examples:
  meld followup done f4
  meld followup done f4 --note "wants a call in January" --next "jan 8" --next-note "call about the budget"
  meld followup done f3 f7 f9                 # several at once: one change, one undo

A recurring follow-up (--every) plans its next occurrence the interval after the day it is done.`,
    )
    .action((refs: string[], opts: FollowupDoneOptions) => runFollowupDone(ctx, refs, opts));
}

export async function runFollowupDone(ctx: Context, refs: string[], opts: FollowupDoneOptions): Promise<void> {
  if (opts.nextNote !== undefined && opts.next === undefined) {
    throw new MeldError('--next-note needs --next <date>: the note goes on the next follow-up', {
      hint: 'for what came of this one, use --note',
    });
  }
  const next: IsoDay | undefined = opts.next !== undefined ? await resolveDay(ctx, opts.next, '--next') : undefined;
  const now = ctx.clock.now();
  const today = toDay(now);
  if (next !== undefined && next < today) throw new MeldError(`--next ${next} is in the past (today is ${today})`);
  const done = await ctx.store().write((db) => {
    const followUps = findFollowUps(db, refs);
    for (const f of followUps) requireOpen(f);
    const prospects = new Map<number, Prospect>();
    for (const f of followUps) {
      const p = db.prospects.find((x) => x.id === f.prospectId);
      if (!p) throw new MeldError(`follow-up ${followUpRef(f.id)} belongs to no prospect; run \`meld doctor\``);
      prospects.set(p.id, p);
    }
    for (const f of followUps) completeFollowUp(f, opts.note ?? null, now);
    // A recurring one goes on: its next occurrence the interval after today, the day it was done.
    const repeated = followUps.flatMap(
      (f) => planNextOccurrence(db, prospects.get(f.prospectId)!, f, today, now) ?? [],
    );
    // One next follow-up per prospect, however many of theirs were closed.
    const planned: FollowUp[] =
      next !== undefined
        ? [...prospects.values()].map((p) => addFollowUp(db, p, next, opts.nextNote ?? null, now))
        : [];
    const who = followUps.map((f) => `${followUpRef(f.id)} ${prospects.get(f.prospectId)!.name}`).join(', ');
    return {
      summary: `followup done ${who}${planned.length > 0 ? `, next ${next}` : ''}`,
      result: {
        closed: followUps.map((f) => ({ followUp: f, prospect: prospects.get(f.prospectId)! })),
        planned: planned.map((f) => ({ followUp: f, prospect: prospects.get(f.prospectId)! })),
        repeated: repeated.map((f) => ({ followUp: f, prospect: prospects.get(f.prospectId)! })),
        idle: [...prospects.values()].filter(
          (p) => isOpenStage(viewProspect(db, p).stage) && openFollowUpsOf(db, p.id).length === 0,
        ),
      },
    };
  });
  if (opts.json) {
    printJson(ctx, followUpDoneJson(done, refs.length === 1, jsonRefs(await ctx.store().read())));
  }
  for (const { followUp, prospect } of done.closed) {
    announce(ctx, `Done: ${followUpWho(followUp, prospect)}${followUp.outcome ? `: ${followUp.outcome}` : ''}`);
  }
  // The follow-ups it planned, in id order: a recurring one's next occurrence is made before
  // the --next one, so it comes first.
  const made = [
    ...done.planned.map((m) => ({ ...m, repeats: false })),
    ...done.repeated.map((m) => ({ ...m, repeats: true })),
  ].sort((a, b) => a.followUp.id - b.followUp.id);
  for (const { followUp, prospect, repeats } of made) {
    const whom = done.closed.length > 1 ? ` with ${prospect.name} (${prospectRef(prospect.id)})` : '';
    const due = `${followUpRef(followUp.id)}${whom} due ${echoDay(followUp.due, today)}`;
    announce(
      ctx,
      repeats
        ? `Repeats ${everyText(followUp.every!)}: ${due}`
        : `Next follow-up ${due}${followUp.note ? `: ${followUp.note}` : ''}`,
    );
  }
  for (const p of done.idle.slice(0, 3)) suggest(ctx, `next step: meld followup add ${p.id} tomorrow`);
}
