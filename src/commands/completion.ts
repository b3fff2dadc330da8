import type { Command, Option } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { CONFIG_KEYS } from '../domain/config.js';
import { EXPORT_KINDS } from '../domain/export/records.js';
import { FOLLOW_UP_WINDOWS } from '../domain/followups.js';
import { CAMPAIGN_STATES } from '../domain/spend.js';
import { ACTIVITY_TYPES, CAMPAIGN_STATUSES, CHANNELS, STAGES } from '../domain/types.js';
import { completionScript, SHELLS, type CompletionNode, type Shell, type Values } from '../ui/completion.js';
import { cleanLine } from '../ui/sanitize.js';
import { printLines } from '../ui/output.js';
import { oneOf } from './flags/resolve.js';

const LISTS = ['campaigns', 'stages', 'channels'] as const;
type ListName = (typeof LISTS)[number];

interface CompletionOptions {
  list?: string;
}

export function registerCompletion(program: Command, ctx: Context): void {
  program
    .command('completion')
    .description('print a tab-completion script for bash, zsh or fish')
    .argument('[shell]', SHELLS.join(', '))
    .option('--list <what>', `print the ${LISTS.join(', ')} one per line (the scripts call this while you type)`)
    .addHelpText(
      'after',
      `
Examples:
  meld completion bash > ~/.local/share/bash-completion/completions/meld
  echo 'source <(meld completion zsh)' >> ~/.zshrc
  meld completion fish > ~/.config/fish/completions/meld.fish
  meld completion --list campaigns      # what <TAB> offers after --campaign`,
    )
    .action((shell: string | undefined, opts: CompletionOptions) => runCompletion(ctx, program, shell, opts));
}

export async function runCompletion(
  ctx: Context,
  program: Command,
  shell: string | undefined,
  opts: CompletionOptions,
): Promise<void> {
  if (opts.list !== undefined) {
    printLines(ctx, (await listValues(ctx, oneOf(opts.list, LISTS, 'list'))).join('\n'));
    return;
  }
  if (shell === undefined) {
    throw new UsageError('missing shell', { hint: `run \`meld completion ${SHELLS.join('|')}\`` });
  }
  const which: Shell = oneOf(shell, SHELLS, 'shell');
  printLines(ctx, completionScript(which, completionTree(program)));
}

async function listValues(ctx: Context, what: ListName): Promise<string[]> {
  if (what === 'stages') return [...STAGES];
  if (what === 'channels') return [...CHANNELS];
  // Completion must never print an error into the user's command line: a missing or damaged
  // file just offers nothing.
  try {
    return (await ctx.store().read()).campaigns.map((c) => cleanLine(c.id));
  } catch {
    return [];
  }
}

const DATE_HINTS = ['today', 'tomorrow', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const list = (items: readonly string[]): Values => ({ kind: 'list', items: [...items] });

/** What a value named `name` (an option's long name or an argument's name) can be. */
function valuesFor(name: string, choices: readonly string[] | undefined, path: string[]): Values {
  if (choices && choices.length > 0) return list(choices);
  switch (name) {
    case 'campaign':
      return { kind: 'campaigns' };
    case 'stage':
      return list(STAGES);
    case 'channel':
      return list(CHANNELS);
    case 'status':
      // `campaign list --status` filters on the status the dates give; `adjust --status` sets one.
      return list(path[0] === 'campaign' && path[1] === 'list' ? CAMPAIGN_STATES : CAMPAIGN_STATUSES);
    case 'type':
      return list(ACTIVITY_TYPES);
    case 'window':
      return list(FOLLOW_UP_WINDOWS);
    case 'what':
      return path[0] === 'export' ? list(EXPORT_KINDS) : { kind: 'none' };
    case 'key':
      return path[0] === 'config' ? list(CONFIG_KEYS) : { kind: 'none' };
    case 'shell':
      return list(SHELLS);
    case 'format':
      return list(['csv', 'json', 'ics']);
    case 'period':
      return list(['week', 'month']);
    case 'on-duplicate':
      return list(['skip', 'update']);
    case 'db':
    case 'file':
    case 'out':
      return { kind: 'files' };
    case 'follow-up':
    case 'close-by':
    case 'next':
    case 'date':
    case 'due':
    case 'since':
    case 'until':
    case 'start':
    case 'end':
      return list(DATE_HINTS);
    default:
      return { kind: 'none' };
  }
}

function optionNode(option: Option, path: string[]): CompletionNode['options'][number] {
  const flags = [option.long, option.short].filter((f): f is string => Boolean(f));
  const takesValue = option.required || option.optional;
  const name = (option.long ?? '').replace(/^--(no-)?/, '');
  return {
    flags,
    description: option.description,
    takesValue,
    values: takesValue ? valuesFor(name, option.argChoices, path) : { kind: 'none' },
  };
}

/** The command tree as plain data: every command, option and what their values can be. */
export function completionTree(program: Command): CompletionNode {
  const walk = (cmd: Command, path: string[], inherited: CompletionNode['options']): CompletionNode => {
    const own = cmd.options.filter((o) => !o.hidden).map((o) => optionNode(o, path));
    const help = {
      flags: ['--help', '-h'],
      description: 'show help',
      takesValue: false,
      values: { kind: 'none' } as Values,
    };
    const options = [...own, ...inherited];
    if (!options.some((o) => o.flags.includes('--help'))) options.push(help);
    const children = cmd.commands
      .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
      .map((c) =>
        walk(
          c,
          [...path, c.name()],
          inherited.length > 0 ? inherited : own.filter((o) => !o.flags.includes('--version')),
        ),
      );
    // A command whose one variadic argument stands for several (`prospect stage <p>... <stage>`)
    // names them in `completeArgs`.
    const names =
      (cmd as unknown as { completeArgs?: string[] }).completeArgs ?? cmd.registeredArguments.map((a) => a.name());
    const args = names.map((name, i) => valuesFor(name, cmd.registeredArguments[i]?.argChoices, path));
    return { path, description: cmd.description(), options, args, children };
  };
  const root = walk(program, [], []);
  // commander's implicit `help [command]`.
  root.children.push({
    path: ['help'],
    description: 'show the help of a command',
    options: [],
    args: [list(root.children.map((c) => c.path[0]!))],
    children: [],
  });
  return root;
}
