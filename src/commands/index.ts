import type { Command } from 'commander';
import type { Context } from '../context.js';
import { registerCampaign } from './campaign/index.js';
import { registerProspect } from './prospect/index.js';
import { registerProspectAdd } from './prospect/add.js';
import { registerDemo } from './demo.js';

/** Every command meld has, in the order `meld --help` lists them. */
export function registerCommands(program: Command, ctx: Context): void {
  registerProspectAdd(program, ctx, 'add-prospect');
  registerCampaign(program, ctx);
  registerProspect(program, ctx);
  registerDemo(program, ctx);
}
