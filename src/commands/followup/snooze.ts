import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { MeldError } from '../../errors.js';
import { findFollowUps, requireOpen, snoozeFollowUp } from '../../domain/followups.js';
import { followUpRef } from '../../domain/refs.js';
import type { FollowUp, Prospect } from '../../domain/types.js';
import { followUpJson } from '../../domain/json/followup.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { echoDay } from '../../ui/format.js';
import { followUpWho } from '../../ui/followups.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { refsThenDate } from '../flags/refs.js';
import { resolveDay } from '../flags/resolve.js';

export function registerFollowupSnooze(parent: Command, ctx: Context): void {
  parent
    .command('snooze')
    .description('move follow-ups to a later day')
    .usage('[options] <followup...> <date>')
    .argument('<followup...>', 'one or more follow-ups (f4, or 4), then the new day: mon, "in 3 days", +1w, 2026-12-03')
    .option('--json', 'print the follow-up as JSON (an array when several are given)')
    .addHelpText(
      'after',
      `
Examples:
  meld followup snooze f4 mon
  meld followup snooze f4 "in 2 weeks"
  meld followup snooze f3 f7 f9 mon           # several at once, the day last: one change, one undo`,
    )
    .action((args: string[], opts: { json?: boolean }) => runFollowupSnooze(ctx, args, opts));
}

export async function runFollowupSnooze(ctx: Context, args: string[], opts: { json?: boolean }): Promise<void> {
  const { refs, date } = refsThenDate(args, 'meld followup snooze f3 f7 mon');
  const due = await resolveDay(ctx, date, '<date>');
  const today = ctx.clock.today();
  const moved = await ctx.store().write((db) => {
    const followUps = findFollowUps(db, refs);
    for (const f of followUps) requireOpen(f);
    // Several at once: the ones already due that day stay as they are; one alone is an error.
    const toMove = followUps.length > 1 ? followUps.filter((f) => f.due !== due) : followUps;
    if (toMove.length === 0) {
      throw new MeldError(`${followUps.map((f) => followUpRef(f.id)).join(', ')} are already due ${due}`);
    }
    const items: Array<{ followUp: FollowUp; prospect: Prospect; from: string }> = [];
    for (const f of toMove) {
      const p = db.prospects.find((x) => x.id === f.prospectId)!;
      items.push({ followUp: f, prospect: p, from: snoozeFollowUp(f, due, today, ctx.clock.now()) });
    }
    return {
      summary: `followup snooze ${items.map((i) => `${followUpRef(i.followUp.id)} ${i.prospect.name}`).join(', ')} -> ${due}`,
      result: { items, already: followUps.filter((f) => !toMove.includes(f)) },
    };
  });
  if (opts.json) {
    const names = jsonRefs(await ctx.store().read());
    const shapes = [...moved.items.map((m) => m.followUp), ...moved.already].map((f) => followUpJson(f, names));
    printJson(ctx, refs.length === 1 ? shapes[0] : shapes);
  }
  for (const { followUp, prospect, from } of moved.items) {
    announce(ctx, `Snoozed ${followUpWho(followUp, prospect)} to ${echoDay(followUp.due, today)} (was ${from})`);
  }
  if (moved.already.length > 0) {
    suggest(ctx, `already due ${due}: ${moved.already.map((f) => followUpRef(f.id)).join(', ')}`);
  }
}
