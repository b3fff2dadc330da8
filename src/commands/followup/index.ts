import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerFollowupAdd } from './add.js';
import { registerFollowupCancel } from './cancel.js';
import { registerFollowupDone } from './done.js';
import { registerFollowupEdit } from './edit.js';
import { registerFollowupSnooze } from './snooze.js';

export function registerFollowup(program: Command, ctx: Context): void {
  const followup = program
    .command('followup')
    .description('follow-ups: the next step planned with each prospect')
    .addHelpText(
      'after',
      '\nExamples:\n  meld followup add 12 tomorrow "send the proposal"\n  meld followup done f4 --next fri --next-note "send the quote"\n  meld followup snooze f3 f7 mon\n  meld followups today',
    );
  registerFollowupAdd(followup, ctx);
  registerFollowupDone(followup, ctx);
  registerFollowupSnooze(followup, ctx);
  registerFollowupEdit(followup, ctx);
  registerFollowupCancel(followup, ctx);
}
