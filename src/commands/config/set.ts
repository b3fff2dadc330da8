import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { CONFIG_KEYS, configKey, parseConfigValue, setConfig } from '../../domain/config.js';
import { announce, printJson } from '../../ui/output.js';

export function registerConfigSet(parent: Command, ctx: Context): void {
  parent
    .command('set')
    .description('change a setting')
    .argument('<key>', CONFIG_KEYS.join(', '))
    .argument('<value>', 'the new value')
    .option('--json', 'print the new value as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  meld config set currency EUR\n  meld config set stale-days 10\n  meld config set timezone Europe/Lisbon',
    )
    .action((key: string, value: string, opts: { json?: boolean }) => runConfigSet(ctx, key, value, opts));
}

export async function runConfigSet(ctx: Context, keyArg: string, raw: string, opts: { json?: boolean }): Promise<void> {
  const key = configKey(keyArg);
  const value = parseConfigValue(key, raw);
  const from = await ctx.store().write((db) => ({
    summary: `config set ${key} ${value}`,
    result: setConfig(db.config, key, value, ctx.settings.zone),
  }));
  if (opts.json) printJson(ctx, { [key]: value });
  announce(ctx, `${key} set to ${value} (was ${from === '' ? 'not set' : from})`);
}
