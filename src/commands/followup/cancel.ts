import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { MeldError } from '../../errors.js';
import { cancelFollowUp, findFollowUps, requireOpen } from '../../domain/followups.js';
import { followUpRef } from '../../domain/refs.js';
import type { FollowUp, Prospect } from '../../domain/types.js';
import { followUpJson, jsonRefs } from '../../domain/shapes.js';
import { followUpWho } from '../../ui/followups.js';
import { announce, printJson } from '../../ui/output.js';

export function registerFollowupCancel(parent: Command, ctx: Context): void {
  parent
    .command('cancel')
    .description('close follow-ups that will not happen, without counting them as done')
    .argument('<followup...>', 'one or more follow-ups: f4 (or 4; see meld followups)')
    .option('--reason <text>', 'why, kept on the follow-up')
    .option('--json', 'print the follow-up as JSON (an array when several are given)')
    .addHelpText(
      'after',
      `
A cancelled follow-up leaves the follow-up lists and the agenda; \`meld prospect show\` still lists it
as cancelled. It is not a touch: it does not keep a prospect from going stale. \`meld undo\` brings it back.

Examples:
  meld followup cancel f4
  meld followup cancel f4 --reason "planned twice"
  meld followup cancel f3 f7 f9 --reason "event called off"`,
    )
    .action((refs: string[], opts: { reason?: string; json?: boolean }) => runFollowupCancel(ctx, refs, opts));
}

export async function runFollowupCancel(
  ctx: Context,
  refs: string[],
  opts: { reason?: string; json?: boolean },
): Promise<void> {
  if (opts.reason !== undefined && opts.reason.trim() === '') throw new MeldError('--reason is empty');
  const now = ctx.clock.now();
  const cancelled = await ctx.store().write((db) => {
    const followUps = findFollowUps(db, refs);
    for (const f of followUps) requireOpen(f);
    const items: Array<{ followUp: FollowUp; prospect: Prospect }> = [];
    for (const f of followUps) {
      cancelFollowUp(f, opts.reason ?? null, now);
      items.push({ followUp: f, prospect: db.prospects.find((p) => p.id === f.prospectId)! });
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
  for (const { followUp, prospect } of cancelled) {
    announce(
      ctx,
      `Cancelled ${followUpWho(followUp, prospect)}, due ${followUp.due}${followUp.outcome ? `: ${followUp.outcome}` : ''}`,
    );
  }
}
