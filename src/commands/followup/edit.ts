import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { editFollowUp, findFollowUp } from '../../domain/followups.js';
import { followUpRef } from '../../domain/refs.js';
import type { IsoDay } from '../../domain/types.js';
import { followUpJson } from '../../domain/json/followup.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { echoDay } from '../../ui/format.js';
import { followUpWho } from '../../ui/followups.js';
import { announce, printJson } from '../../ui/output.js';
import { resolveDay } from '../flags/resolve.js';
import { parseEvery } from '../flags/every.js';

export interface FollowupEditOptions {
  date?: string;
  note?: string;
  every?: string;
  json?: boolean;
}

export function registerFollowupEdit(parent: Command, ctx: Context): void {
  parent
    .command('edit')
    .description("correct a follow-up's day or note")
    .argument('<followup>', 'the follow-up: f4 (or 4; see meld followups)')
    .option('--date <date>', 'the day it is due: mon, "in 3 days", 2026-12-03')
    .option('--note <text>', 'what to do ("" clears it)')
    .option('--every <interval>', 'repeat it ("3 months", "2 weeks", "1 year", quarterly); none: a one-off again')
    .option('--json', 'print the follow-up as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld followup edit f4 --note "send the revised proposal"
  meld followup edit f4 --date 2026-12-07
  meld followup edit f4 --date thu --note "call, not email"
  meld followup edit f4 --every "3 months"    # a recurring check-in from now on
  meld followup edit f4 --every none          # stop repeating`,
    )
    .action((ref: string, opts: FollowupEditOptions) => runFollowupEdit(ctx, ref, opts));
}

export async function runFollowupEdit(ctx: Context, ref: string, opts: FollowupEditOptions): Promise<void> {
  if (opts.date === undefined && opts.note === undefined && opts.every === undefined) {
    throw new UsageError('nothing to change', { hint: 'pass --date <date>, --note <text> and/or --every <interval>' });
  }
  const every = opts.every !== undefined ? parseEvery(opts.every, true) : undefined;
  const due: IsoDay | undefined = opts.date !== undefined ? await resolveDay(ctx, opts.date, '--date') : undefined;
  const today = ctx.clock.today();
  const edited = await ctx.store().write((db) => {
    const followUp = findFollowUp(db, ref);
    const prospect = db.prospects.find((p) => p.id === followUp.prospectId)!;
    const changes = editFollowUp(followUp, { due, note: opts.note, every }, ctx.clock.now());
    if (Object.keys(changes).length === 0) {
      throw new UsageError(`nothing to change: follow-up ${followUpRef(followUp.id)} already has those values`);
    }
    return {
      summary: `followup edit ${followUpRef(followUp.id)} ${prospect.name} (${Object.keys(changes).join(', ')})`,
      result: { followUp, prospect, changes },
    };
  });
  const { followUp, prospect, changes } = edited;
  if (opts.json) {
    const refs = jsonRefs(await ctx.store().read());
    printJson(ctx, followUpJson(followUp, refs));
  }
  const parts: string[] = [];
  if (changes.due) {
    const overdue = followUp.due < today ? ': already overdue' : '';
    parts.push(`due ${changes.due.from} → ${echoDay(followUp.due, today)}${overdue}`);
  }
  if (changes.note) parts.push(`note ${changes.note.from ?? '—'} → ${changes.note.to ?? '—'}`);
  if (changes.every) parts.push(`repeats ${changes.every.from ?? 'never'} → ${changes.every.to ?? 'never'}`);
  announce(ctx, `Updated ${followUpWho(followUp, prospect)}: ${parts.join('; ')}`);
}
