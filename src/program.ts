import { Command, CommanderError } from 'commander';
import { applyBusinessZone, applyGlobalOptions, type Context } from './context.js';
import { registerCommands } from './commands/index.js';
import { UsageError } from './errors.js';

declare const MELD_VERSION: string;
export const VERSION = typeof MELD_VERSION === 'string' ? MELD_VERSION : '0.0.0-dev';

/**
 * A fresh commander tree per run: no state survives between runs or tests. Given the run's
 * arguments (after withDefaultCommand), only the command they name is built.
 */
export async function buildProgram(ctx: Context, argv?: readonly string[]): Promise<Command> {
  const program = new Command('meld');
  // Set before adding subcommands: .command() copies these settings to its children.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.out.write(s),
      writeErr: (s) => ctx.io.err.write(s),
      // main prints errors itself, in one line and in meld's own format.
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .helpCommand(true);
  program
    .description('A CRM for one person who runs both the marketing and the sales.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--db <file>', 'the data file (default: $MELD_DB, else ~/.local/share/meld/meld.json)')
    .option('--no-color', 'no colour, even on a terminal (NO_COLOR works too)')
    .option('--debug', 'show the stack trace of an unexpected error')
    .option('--new', 'start an empty data file although the history of a missing one exists')
    .hook('preAction', async (_, action) => {
      refuseEmptyValues(program);
      if (action !== program) refuseEmptyValues(action);
      applyGlobalOptions(ctx, program.opts());
      // Every day the command computes is a day in the data file's business time zone.
      ctx.settings.restoreZone = await applyBusinessZone(ctx);
    });
  await registerCommands(program, ctx, argv && commandWord(argv));
  settleGroups(program);
  program.addHelpText(
    'after',
    `
Everyday use:
  meld                                  today's agenda: what is due, what is going cold
  meld campaign add "Spring Webinar" --channel event --cost 1200
  meld add-prospect "Ana Souza" --email ana@acme.io --campaign spring-webinar --follow-up fri
  meld followups today
  meld log ana "called, sending a proposal" --stage proposal --next "in 3 days"
  meld campaign report

Run \`meld help <command>\` for the options and examples of each command.`,
  );
  return program;
}

/**
 * Commander answers a group without a subcommand (`meld campaign`) and `meld help <unknown>`
 * alike: the help on stderr, then an "error" whose message is "(outputHelp)". meld instead
 * prints a group's help to stdout and exits 0 (you asked what the group does), and reports
 * `help <unknown>` as the unknown command it is, with commander's suggestion, exit 2.
 */
function settleGroups(command: Command): void {
  for (const sub of command.commands) settleGroups(sub);
  if (command.commands.length === 0) return;
  const original = command.help.bind(command) as (options?: unknown) => never;
  const patched = (options?: { error?: boolean }): never => {
    if (options && typeof options === 'object' && options.error) {
      const args = command.args;
      if (args[0] === 'help' && args[1] !== undefined) {
        // unknownCommand() names this.args[0] and suggests a near visible command.
        command.args = args.slice(1);
        (command as unknown as { unknownCommand(): never }).unknownCommand();
      }
      if (args.length > 0) return original(options);
      command.outputHelp();
      throw new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)');
    }
    return original(options);
  };
  command.help = patched as typeof command.help;
}

/** An option whose help says an empty value clears the field (`--phone ""` in prospect edit). */
const CLEARS = /"" (?:to clear|clears)/;

/**
 * A value given on purpose but empty (`--channel ''`, a variable that was never set) is an
 * error everywhere, never taken as "not given" or as a default: every option that takes a value
 * is checked here, once, before the command runs. Options whose help says `""` clears are the
 * exception.
 */
function refuseEmptyValues(command: Command): void {
  for (const option of command.options) {
    if (!option.required && !option.optional) continue;
    const key = option.attributeName();
    if (command.getOptionValueSource(key) !== 'cli' || CLEARS.test(option.description)) continue;
    const value: unknown = command.getOptionValue(key);
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.trim() === '')) {
      throw new UsageError(`${option.long ?? option.flags} is empty`, {
        hint: 'give a value, or leave the option out',
      });
    }
  }
}

/**
 * The command word of a run's arguments: the first argument after the global options, when it is
 * not itself an option (`--help`, `--version` and the like need the whole tree).
 */
export function commandWord(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db') i++;
    else if (arg.startsWith('--db=') || GLOBAL_OPTIONS.includes(arg)) continue;
    else return arg.startsWith('-') ? undefined : arg;
  }
  return undefined;
}

/** meld's own options without a value (`--db <file>` has one). */
const GLOBAL_OPTIONS = ['--no-color', '--debug', '--new'];
/** Those, and the options of `meld today` that `meld` alone takes (it means `meld today`). */
const GLOBAL_FLAGS = new Set([...GLOBAL_OPTIONS, '--json', '--explain', '--ascii']);

/** `meld` alone (global options allowed) means `meld today`. */
export function withDefaultCommand(argv: string[]): string[] {
  // `meld help followup done` means `meld followup help done`: commander's help reads one name.
  if (argv[0] === 'help' && argv.length > 2) return [argv[1]!, 'help', ...argv.slice(2)];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--db') {
      i++;
      continue;
    }
    if (arg.startsWith('--db=') || GLOBAL_FLAGS.has(arg)) continue;
    return argv;
  }
  return ['today', ...argv]; // first: commander reads --json/--explain as today's options
}
