import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerProspectAdd } from './add.js';
import { registerProspectEdit } from './edit.js';
import { registerProspectList } from './list.js';
import { registerProspectMerge } from './merge.js';
import { registerProspectRemove } from './remove.js';
import { registerProspectShow } from './show.js';
import { registerProspectStage } from './stage.js';

export function registerProspect(program: Command, ctx: Context): void {
  const prospect = program
    .command('prospect')
    .description('prospects: the people your campaigns bring in, and where they stand')
    .addHelpText('after', '\nExamples:\n  meld prospect list --stage proposal\n  meld prospect show ana');
  registerProspectAdd(prospect, ctx, 'add');
  registerProspectList(prospect, ctx);
  registerProspectShow(prospect, ctx);
  registerProspectEdit(prospect, ctx);
  registerProspectStage(prospect, ctx);
  registerProspectRemove(prospect, ctx);
  registerProspectMerge(prospect, ctx);
}
