import type { Command } from 'commander';
import type { Context } from '../context.js';
import { registerCampaign } from './campaign/index.js';
import { registerProspect } from './prospect/index.js';
import { registerCustomer } from './customer/index.js';
import { registerDeal } from './deal/index.js';
import { registerProspectAdd } from './prospect/add.js';
import { registerDemo } from './demo.js';
import { registerToday } from './today.js';
import { registerLog } from './log.js';
import { registerFollowups } from './followups.js';
import { registerFollowup } from './followup/index.js';
import { registerActivity } from './activity/index.js';
import { registerConfig } from './config/index.js';
import { registerUndo } from './undo.js';
import { registerHistory } from './history.js';
import { registerDoctor } from './doctor.js';
import { registerImport } from './import.js';
import { registerExport } from './export.js';
import { registerCompletion } from './completion.js';
import { registerMergeFile } from './merge-file.js';
import { registerSync } from './sync/index.js';
import { registerForecast } from './forecast.js';

type Register = (program: Command, ctx: Context) => void;

/** Every command meld has, by name, in the order `meld --help` lists them. */
const COMMANDS: ReadonlyArray<readonly [name: string, register: Register]> = [
  ['today', registerToday],
  ['add-prospect', (program, ctx) => registerProspectAdd(program, ctx, 'add-prospect')],
  ['log', registerLog],
  ['followups', registerFollowups],
  ['followup', registerFollowup],
  ['activity', registerActivity],
  ['campaign', registerCampaign],
  ['forecast', registerForecast],
  ['prospect', registerProspect],
  ['deal', registerDeal],
  ['customer', registerCustomer],
  ['import', registerImport],
  ['export', registerExport],
  ['demo', registerDemo],
  ['config', registerConfig],
  ['undo', registerUndo],
  ['history', registerHistory],
  ['doctor', registerDoctor],
  ['sync', registerSync],
  ['merge-file', registerMergeFile],
  ['completion', registerCompletion],
];

/**
 * Registers every command, or only `only` when it names one: a run of `meld followups` has no use
 * for the other twenty commands' options and help (building them all is a few ms of every run).
 * Anything else (help, a typo to suggest a name for, completion) gets them all.
 */
export function registerCommands(program: Command, ctx: Context, only?: string): void {
  // Completion scripts are written from the whole tree.
  const named = only === 'completion' ? undefined : COMMANDS.find(([name]) => name === only);
  for (const [, register] of named ? [named] : COMMANDS) register(program, ctx);
}
