import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { allConfig, CONFIG_HELP, CONFIG_KEYS, configKey, configValue } from '../../domain/config.js';
import { printJson, printLines } from '../../ui/output.js';

export function registerConfigGet(parent: Command, ctx: Context): void {
  parent
    .command('get')
    .description('print a setting, or all of them')
    .argument('[key]', CONFIG_KEYS.join(', '))
    .option('--json', 'print as a JSON object')
    .addHelpText(
      'after',
      '\nExamples:\n  meld config get\n  meld config get currency\n  meld config get timezone\n  meld config get --json',
    )
    .action((key: string | undefined, opts: { json?: boolean }) => runConfigGet(ctx, key, opts));
}

export async function runConfigGet(ctx: Context, keyArg: string | undefined, opts: { json?: boolean }): Promise<void> {
  const key = keyArg !== undefined ? configKey(keyArg) : undefined;
  const { config } = await ctx.store().read();
  if (key !== undefined) {
    if (opts.json) printJson(ctx, { [key]: configValue(config, key, ctx.settings.zone) });
    else printLines(ctx, String(configValue(config, key, ctx.settings.zone)));
    return;
  }
  const all = allConfig(config, ctx.settings.zone);
  if (opts.json) {
    printJson(ctx, all);
    return;
  }
  const width = Math.max(...CONFIG_KEYS.map((k) => k.length));
  printLines(
    ctx,
    CONFIG_KEYS.map((k) => `${k.padEnd(width)}  ${String(all[k]).padEnd(5)}  ${ctx.io.style.dim(CONFIG_HELP[k])}`).join(
      '\n',
    ),
  );
}
