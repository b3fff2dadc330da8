import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { toDay } from '../../domain/dates.js';
import { followUpRef, prospectRef } from '../../domain/refs.js';
import { addFollowUp, sameFollowUp } from '../../domain/prospects.js';
import { MeldError } from '../../errors.js';
import { cleanLine } from '../../ui/sanitize.js';
import { echoDay } from '../../ui/format.js';
import { followUpWho } from '../../ui/followups.js';
import { followUpJson } from '../../domain/json/followup.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { announce, printJson } from '../../ui/output.js';
import { resolveDay, resolveProspect } from '../flags/resolve.js';
import { parseEvery } from '../flags/every.js';
import { everyText } from '../../domain/recurrence.js';

export interface FollowupAddOptions {
  every?: string;
  json?: boolean;
  allowDuplicate?: boolean;
}

export function registerFollowupAdd(parent: Command, ctx: Context): void {
  parent
    .command('add')
    .description('plan a follow-up with a prospect')
    .argument('<prospect>', 'id, email or part of the name')
    .argument('<date>', 'when: tomorrow, fri, "in 3 days", +2w, "dec 3", 2026-12-03')
    .argument('[note]', 'what to do, e.g. "send the proposal"')
    .option(
      '--every <interval>',
      'repeat it: when done, plan the next one this long after ("3 months", "2 weeks", "1 year", monthly)',
    )
    .option('--allow-duplicate', 'add it even when the same follow-up (person, day, note) is already open')
    .option('--json', 'print the follow-up as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld followup add 12 tomorrow
  meld followup add ana fri "send the proposal"
  meld followup add ana@acme.io "in 2 weeks" "check budget"
  meld followup add lia "in 3 months" "check-in" --every "3 months"   # a recurring check-in
  meld followup add dan "in 1 year" "renewal call" --every yearly       # also daily, weekly, monthly, quarterly`,
    )
    .action((ref: string, date: string, note: string | undefined, opts: FollowupAddOptions) =>
      runFollowupAdd(ctx, ref, date, note, opts),
    );
}

export async function runFollowupAdd(
  ctx: Context,
  ref: string,
  date: string,
  note: string | undefined,
  opts: FollowupAddOptions,
): Promise<void> {
  const every = opts.every !== undefined ? parseEvery(opts.every) : null;
  const due = await resolveDay(ctx, date, '<date>');
  const now = ctx.clock.now();
  const { followUp, prospect } = await ctx.store().write((db) => {
    const p = resolveProspect(db, ref);
    const twin = opts.allowDuplicate ? undefined : sameFollowUp(db, p.id, due, note ?? null);
    if (twin) {
      throw new MeldError(
        `${followUpRef(twin.id)} is already planned with ${cleanLine(p.name)} (${prospectRef(p.id)}) on ${twin.due}${twin.note ? ` ("${cleanLine(twin.note)}")` : ''}`,
        { hint: 'pass --allow-duplicate to add it again' },
      );
    }
    const f = addFollowUp(db, p, due, note ?? null, now);
    if (every) f.every = every;
    return {
      summary: `followup add ${followUpRef(f.id)} ${p.name} (${prospectRef(p.id)}) ${f.due}`,
      result: { followUp: f, prospect: p },
    };
  });
  if (opts.json) {
    const refs = jsonRefs(await ctx.store().read());
    printJson(ctx, followUpJson(followUp, refs));
  }
  // Backfilling a past date is allowed (a call you meant to plan), but never silently overdue.
  const today = toDay(now);
  const overdue = followUp.due < today ? ': already overdue' : '';
  const repeats = followUp.every ? `, then ${everyText(followUp.every)}` : '';
  announce(ctx, `Planned ${followUpWho(followUp, prospect)} due ${echoDay(followUp.due, today)}${overdue}${repeats}`);
}
