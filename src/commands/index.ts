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

/** Every command meld has, in the order `meld --help` lists them. */
export function registerCommands(program: Command, ctx: Context): void {
  registerToday(program, ctx);
  registerProspectAdd(program, ctx, 'add-prospect');
  registerLog(program, ctx);
  registerFollowups(program, ctx);
  registerFollowup(program, ctx);
  registerActivity(program, ctx);
  registerCampaign(program, ctx);
  registerForecast(program, ctx);
  registerProspect(program, ctx);
  registerDeal(program, ctx);
  registerCustomer(program, ctx);
  registerImport(program, ctx);
  registerExport(program, ctx);
  registerDemo(program, ctx);
  registerConfig(program, ctx);
  registerUndo(program, ctx);
  registerHistory(program, ctx);
  registerDoctor(program, ctx);
  registerSync(program, ctx);
  registerMergeFile(program, ctx);
  registerCompletion(program, ctx);
}
