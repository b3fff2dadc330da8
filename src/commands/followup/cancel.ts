import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { MeldError } from '../../errors.js';
import { cancelFollowUp, findFollowUps, requireOpen } from '../../domain/followups.js';
import { followUpRef } from '../../domain/refs.js';
import { toDay } from '../../domain/dates.js';
import { everyText, planNextOccurrence } from '../../domain/recurrence.js';
import { echoDay } from '../../ui/format.js';
import type { FollowUp, Prospect } from '../../domain/types.js';
import { followUpJson } from '../../domain/json/followup.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { followUpWho } from '../../ui/followups.js';
import { announce, printJson } from '../../ui/output.js';

export function registerFollowupCancel(parent: Command, ctx: Context): void {
  parent
    .command('cancel')
    .description('close follow-ups that will not happen, without counting them as done')
    .argument('<followup...>', 'one or more follow-ups: f4 (or 4; see meld followups)')
    .option('--reason <text>', 'why, kept on the follow-up')
    .option('--stop', 'a recurring follow-up: end the series (without it, only this occurrence is skipped)')
    .option('--json', 'print the follow-up as JSON (an array when several are given)')
    .addHelpText(
      'after',
      `
A cancelled follow-up leaves the follow-up lists and the agenda; \`meld prospect show\` still lists it
as cancelled. It is not a touch: it does not keep a prospect from going stale. \`meld undo\` brings it back.
A recurring follow-up (--every) skips one occurrence: the next is planned one interval after its
due day (or after today, when it was overdue). --stop ends the series instead.

Examples:
  meld followup cancel f4
  meld followup cancel f4 --reason "planned twice"
  meld followup cancel f3 f7 f9 --reason "event called off"
  meld followup cancel f12 --stop --reason "moved to a yearly contract"`,
    )
    .action((refs: string[], opts: FollowupCancelOptions) => runFollowupCancel(ctx, refs, opts));
}

export interface FollowupCancelOptions {
  reason?: string;
  stop?: boolean;
  json?: boolean;
}

export async function runFollowupCancel(ctx: Context, refs: string[], opts: FollowupCancelOptions): Promise<void> {
  if (opts.reason !== undefined && opts.reason.trim() === '') throw new MeldError('--reason is empty');
  const now = ctx.clock.now();
  const today = toDay(now);
  const cancelled = await ctx.store().write((db) => {
    const followUps = findFollowUps(db, refs);
    for (const f of followUps) requireOpen(f);
    const items: Array<{ followUp: FollowUp; prospect: Prospect; next: FollowUp | null }> = [];
    for (const f of followUps) {
      cancelFollowUp(f, opts.reason ?? null, now);
      const prospect = db.prospects.find((p) => p.id === f.prospectId)!;
      // Skipping one occurrence keeps the rhythm: the interval after its due day, or after today
      // when it was already overdue (never a next one that is overdue from the start).
      const next = opts.stop ? null : planNextOccurrence(db, prospect, f, f.due > today ? f.due : today, now);
      items.push({ followUp: f, prospect, next });
    }
    return {
      summary: `followup cancel ${items.map((i) => `${followUpRef(i.followUp.id)} ${i.prospect.name}`).join(', ')}`,
      result: items,
    };
  });
  if (opts.json) {
    const names = jsonRefs(await ctx.store().read());
    const shapes = cancelled.map((c) => followUpJson(c.followUp, names));
    printJson(ctx, refs.length === 1 ? shapes[0] : shapes);
  }
  for (const { followUp, prospect, next } of cancelled) {
    announce(
      ctx,
      `Cancelled ${followUpWho(followUp, prospect)}, due ${followUp.due}${followUp.outcome ? `: ${followUp.outcome}` : ''}`,
    );
    if (next)
      announce(
        ctx,
        `Skipped one: next ${followUpRef(next.id)} due ${echoDay(next.due, today)} (${everyText(next.every!)})`,
      );
    else if (followUp.every && opts.stop) announce(ctx, `Stopped: it no longer repeats ${everyText(followUp.every)}`);
  }
}
