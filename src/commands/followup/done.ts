import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { MeldError } from '../../errors.js';
import { toDay } from '../../domain/dates.js';
import { completeFollowUp, findFollowUp, openFollowUpsOf } from '../../domain/followups.js';
import { addFollowUp } from '../../domain/prospects.js';
import { isOpenStage, type IsoDay } from '../../domain/types.js';
import { followUpJson } from '../../domain/shapes.js';
import { announce, printJson, suggest } from '../support/output.js';
import { resolveDay, resolveProspect } from '../support/resolve.js';

export interface FollowupDoneOptions {
  note?: string;
  next?: string;
  json?: boolean;
}

export function registerFollowupDone(parent: Command, ctx: Context): void {
  parent
    .command('done')
    .description('mark a follow-up done, optionally with its outcome and the next one')
    .argument('<id>', 'the follow-up number (see meld followups)')
    .option('--note <outcome>', 'what came of it')
    .option('--next <date>', 'plan the next follow-up with the same prospect')
    .option('--json', 'print the follow-up (and the next one) as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld followup done 4
  meld followup done 4 --note "wants a call in January" --next "jan 8"`,
    )
    .action((id: string, opts: FollowupDoneOptions) => runFollowupDone(ctx, id, opts));
}

export async function runFollowupDone(ctx: Context, id: string, opts: FollowupDoneOptions): Promise<void> {
  const next: IsoDay | undefined = opts.next !== undefined ? await resolveDay(ctx, opts.next, '--next') : undefined;
  const now = ctx.clock.now();
  const today = toDay(now);
  if (next !== undefined && next < today) throw new MeldError(`--next ${next} is in the past (today is ${today})`);
  const done = await ctx.store().write((db) => {
    const followUp = findFollowUp(db, id);
    const prospect = resolveProspect(db, String(followUp.prospectId));
    completeFollowUp(followUp, opts.note ?? null, now);
    const planned = next !== undefined ? addFollowUp(db, prospect, next, null, now) : null;
    return {
      summary: `followup done #${followUp.id} ${prospect.name} (#${prospect.id})`,
      result: { followUp, prospect, planned, open: openFollowUpsOf(db, prospect.id).length },
    };
  });
  const { followUp, prospect, planned } = done;
  if (opts.json) printJson(ctx, { done: followUpJson(followUp), next: planned ? followUpJson(planned) : null });
  announce(
    ctx,
    `Done: follow-up #${followUp.id} with ${prospect.name} (#${prospect.id})${followUp.outcome ? `: ${followUp.outcome}` : ''}`,
  );
  if (planned) announce(ctx, `Next follow-up #${planned.id} due ${planned.due}`);
  else if (done.open === 0 && isOpenStage(prospect.stage))
    suggest(ctx, `next step: meld followup add ${prospect.id} tomorrow`);
}
