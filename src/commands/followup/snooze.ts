import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { toDay } from '../../domain/dates.js';
import { findFollowUp, snoozeFollowUp } from '../../domain/followups.js';
import { followUpJson } from '../../domain/shapes.js';
import { announce, printJson } from '../support/output.js';
import { resolveDay, resolveProspect } from '../support/resolve.js';

export function registerFollowupSnooze(parent: Command, ctx: Context): void {
  parent
    .command('snooze')
    .description('move a follow-up to a later day')
    .argument('<id>', 'the follow-up number (see meld followups)')
    .argument('<date>', 'the new day: tomorrow, mon, "in 3 days", +1w, 2026-12-03')
    .option('--json', 'print the follow-up as JSON')
    .addHelpText('after', '\nExamples:\n  meld followup snooze 4 mon\n  meld followup snooze 4 "in 2 weeks"')
    .action((id: string, date: string, opts: { json?: boolean }) => runFollowupSnooze(ctx, id, date, opts));
}

export async function runFollowupSnooze(
  ctx: Context,
  id: string,
  date: string,
  opts: { json?: boolean },
): Promise<void> {
  const due = await resolveDay(ctx, date, '<date>');
  const today = toDay(ctx.clock.now());
  const { followUp, prospect, from } = await ctx.store().write((db) => {
    const f = findFollowUp(db, id);
    const p = resolveProspect(db, String(f.prospectId));
    const previous = snoozeFollowUp(f, due, today);
    return {
      summary: `followup snooze #${f.id} ${p.name} (#${p.id}) ${previous} -> ${f.due}`,
      result: { followUp: f, prospect: p, from: previous },
    };
  });
  if (opts.json) printJson(ctx, followUpJson(followUp));
  announce(
    ctx,
    `Snoozed follow-up #${followUp.id} with ${prospect.name} (#${prospect.id}) to ${followUp.due} (was ${from})`,
  );
}
