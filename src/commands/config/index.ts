import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerConfigGet } from './get.js';
import { registerConfigSet } from './set.js';

export function registerConfig(program: Command, ctx: Context): void {
  const config = program
    .command('config')
    .description('settings kept in the data file: currency, stale-days')
    .addHelpText(
      'after',
      '\nExamples:\n  meld config get\n  meld config set currency EUR\n  meld config set stale-days 10',
    );
  registerConfigGet(config, ctx);
  registerConfigSet(config, ctx);
}
