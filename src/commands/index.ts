import type { Command } from 'commander';
import type { Context } from '../context.js';

type Register = (program: Command, ctx: Context) => void;

/**
 * Every command meld has, by name, in the order `meld --help` lists them. Each module is loaded
 * when its command is built: a run that names one does not load (and evaluate) the other twenty.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Register>]> = [
  ['today', async () => (await import('./today.js')).registerToday],
  [
    'add-prospect',
    async () => {
      const { registerProspectAdd } = await import('./prospect/add.js');
      return (program, ctx) => registerProspectAdd(program, ctx, 'add-prospect');
    },
  ],
  ['log', async () => (await import('./log.js')).registerLog],
  ['followups', async () => (await import('./followups.js')).registerFollowups],
  ['followup', async () => (await import('./followup/index.js')).registerFollowup],
  ['activity', async () => (await import('./activity/index.js')).registerActivity],
  ['campaign', async () => (await import('./campaign/index.js')).registerCampaign],
  ['forecast', async () => (await import('./forecast.js')).registerForecast],
  ['prospect', async () => (await import('./prospect/index.js')).registerProspect],
  ['deal', async () => (await import('./deal/index.js')).registerDeal],
  ['customer', async () => (await import('./customer/index.js')).registerCustomer],
  ['import', async () => (await import('./import.js')).registerImport],
  ['export', async () => (await import('./export.js')).registerExport],
  ['demo', async () => (await import('./demo.js')).registerDemo],
  ['config', async () => (await import('./config/index.js')).registerConfig],
  ['undo', async () => (await import('./undo.js')).registerUndo],
  ['history', async () => (await import('./history.js')).registerHistory],
  ['doctor', async () => (await import('./doctor.js')).registerDoctor],
  ['sync', async () => (await import('./sync/index.js')).registerSync],
  ['merge-file', async () => (await import('./merge-file.js')).registerMergeFile],
  ['completion', async () => (await import('./completion.js')).registerCompletion],
];

/**
 * Registers every command, or only `only` when it names one: a run of `meld followups` has no use
 * for the other twenty commands' options and help (building them all is a few ms of every run).
 * Anything else (help, a typo to suggest a name for, completion) gets them all.
 */
export async function registerCommands(program: Command, ctx: Context, only?: string): Promise<void> {
  // Completion scripts are written from the whole tree.
  const named = only === 'completion' ? undefined : COMMANDS.find(([name]) => name === only);
  const registers = await Promise.all((named ? [named] : COMMANDS).map(([, load]) => load()));
  for (const register of registers) register(program, ctx);
}
