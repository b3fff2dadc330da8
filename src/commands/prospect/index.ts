import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerProspectAdd } from './add.js';

export function registerProspect(program: Command, ctx: Context): void {
  const prospect = program
    .command('prospect')
    .description('prospects: the people your campaigns bring in, and where they stand')
    .addHelpText('after', '\nExamples:\n  meld prospect list --stage proposal\n  meld prospect show ana');
  registerProspectAdd(prospect, ctx, 'add');
}
