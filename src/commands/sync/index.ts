import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { lastSyncTime, runSync, SYNC_SUMMARY, selfCommand } from '../../io/sync.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { cleanLine } from '../../ui/sanitize.js';
import { incomingText, mergeLines } from '../../ui/sync.js';
import { registerSyncSetup } from './setup.js';

export function registerSync(program: Command, ctx: Context): void {
  const sync = program
    .command('sync')
    .description('send your changes to your other devices and take theirs in, through git (see docs/devices.md)')
    .option('--json', 'print what was sent, what came in and each conflict as JSON')
    .addHelpText(
      'after',
      `
Commits the data file (the message lists the changes since the last sync), pulls with meld's
record merge, pushes, and says what came in. Set it up once per device: \`meld sync setup\`.

Examples:
  meld sync setup --remote git@github.com:me/meld-data.git
  meld sync
  meld sync --json`,
    )
    .action((opts: { json?: boolean }) => runSyncCommand(ctx, opts));
  registerSyncSetup(sync, ctx);
}

export async function runSyncCommand(ctx: Context, opts: { json?: boolean }): Promise<void> {
  const store = ctx.store();
  const since = await lastSyncTime(store.path, ctx.env);
  const summaries = (await store.history())
    .filter((e) => (since === null || e.at > since) && !e.summary.startsWith(`${SYNC_SUMMARY} `))
    .reverse()
    .map((e) => e.summary);
  const result = await runSync(store.path, { summaries, env: ctx.env, driver: selfCommand(), now: ctx.clock.now() });
  if (opts.json) {
    printJson(ctx, {
      repository: result.repository,
      remote: result.remote,
      sent: result.sent,
      pulled: result.pulled,
      pushed: result.pushed,
      incoming: result.incoming,
      renumbered: result.report?.renumbered ?? [],
      kept: result.report?.kept ?? [],
      conflicts: result.report?.conflicts ?? [],
    });
  }
  if (result.driverRegistered) suggest(ctx, "registered meld's merge driver in this repository");
  const sent = result.committed ? `sent ${result.sent} ${result.sent === 1 ? 'change' : 'changes'}` : 'nothing to send';
  announce(
    ctx,
    `synced with ${cleanLine(result.remote)}: ${sent}; came in: ${incomingText(result.incoming.text, result.report)}`,
  );
  for (const line of mergeLines(result.report)) suggest(ctx, line);
}
