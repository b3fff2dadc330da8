import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerDealAdd } from './add.js';
import { registerDealEdit } from './edit.js';
import { registerDealList } from './list.js';
import { registerDealRemove } from './remove.js';
import { registerDealShow } from './show.js';
import { registerDealStage } from './stage.js';

export function registerDeal(program: Command, ctx: Context): void {
  const deal = program
    .command('deal')
    .description("deals (d3): a person's pieces of business, a first sale or a renewal, each with its own stage")
    .addHelpText(
      'after',
      `
Examples:
  meld deal add lia "Renewal 2027" --value 2000 --close-by "in 3 weeks"
  meld deal list --open
  meld deal stage d3 won
  meld deal show d3`,
    );
  registerDealAdd(deal, ctx);
  registerDealList(deal, ctx);
  registerDealShow(deal, ctx);
  registerDealEdit(deal, ctx);
  registerDealStage(deal, ctx);
  registerDealRemove(deal, ctx);
}
