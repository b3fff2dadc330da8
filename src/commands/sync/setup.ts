import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { selfCommand, setupSync } from '../../io/sync.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { cleanLine } from '../../ui/sanitize.js';
import { incomingText, mergeLines } from '../../ui/sync.js';

export function registerSyncSetup(parent: Command, ctx: Context): void {
  parent
    .command('setup')
    .description("make the data file's folder a git repository whose merges go through meld (once per device)")
    .option('--remote <url>', 'a private git remote to sync with (any host, a bare repository on a disk or over ssh)')
    .option('--json', 'print what was set up as JSON')
    .addHelpText(
      'after',
      `
Writes .gitattributes and .gitignore lines for the data file only, registers meld as the
merge driver in the repository's config, and commits only meld's files. On a fresh clone it
registers the driver (git does not clone config).

Examples:
  meld sync setup --remote git@github.com:me/meld-data.git
  meld sync setup --remote /media/usb/meld.git
  meld sync setup                    # on a fresh clone, or without a remote yet`,
    )
    // `--json` after `setup` is also seen by `sync` (commander hands parent options down): either counts.
    .action((opts: { remote?: string; json?: boolean }) =>
      runSyncSetup(ctx, { ...opts, json: opts.json || Boolean(parent.opts<{ json?: boolean }>().json) }),
    );
}

export async function runSyncSetup(ctx: Context, opts: { remote?: string; json?: boolean }): Promise<void> {
  const store = ctx.store();
  const result = await setupSync(store.path, {
    remote: opts.remote,
    env: ctx.env,
    driver: selfCommand(),
    now: ctx.clock.now(),
  });
  if (opts.json) {
    printJson(ctx, {
      repository: result.repository,
      created: result.created,
      driverRegistered: result.driverRegistered,
      files: result.files,
      committed: result.committed,
      remote: result.remote,
      pushed: result.pushed,
      incoming: result.pulled?.incoming ?? null,
      conflicts: result.pulled?.report?.conflicts ?? [],
    });
  }
  announce(
    ctx,
    `${result.created ? 'made' : 'using'} the git repository ${cleanLine(result.repository)} for sync${result.remote ? ` with ${cleanLine(opts.remote ?? result.remote)}` : ''}`,
  );
  if (result.driverRegistered) suggest(ctx, "registered meld's merge driver (merge.meld) in the repository's config");
  if (result.files.length > 0) suggest(ctx, `added meld's lines to ${result.files.join(' and ')}`);
  if (result.committed) suggest(ctx, "committed meld's files");
  if (result.pulled?.pulled) {
    suggest(ctx, `came in: ${incomingText(result.pulled.incoming.text, result.pulled.report)}`);
    for (const line of mergeLines(result.pulled.report)) suggest(ctx, line);
  }
  if (result.pushed) suggest(ctx, 'pushed');
  if (result.remote && !opts.remote) suggest(ctx, 'ready: `meld sync` sends and takes in changes');
  if (!result.remote) suggest(ctx, 'add a remote with `meld sync setup --remote <url>`, then `meld sync`');
}
