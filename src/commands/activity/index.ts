import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerActivityEdit } from './edit.js';
import { registerActivityRemove } from './remove.js';

export function registerActivity(program: Command, ctx: Context): void {
  const activity = program
    .command('activity')
    .description('correct logged calls, emails, meetings and notes (a7: see meld prospect show)')
    .addHelpText(
      'after',
      '\nExamples:\n  meld activity edit a7 --text "called, she wants a quote"\n  meld activity remove a7',
    );
  registerActivityEdit(activity, ctx);
  registerActivityRemove(activity, ctx);
}
