import type { Command } from 'commander';
import type { Context } from '../context.js';
import { MeldError } from '../errors.js';
import { REPORT_ENV, writeSyncReport } from '../io/sync.js';
import { printJson } from '../ui/output.js';
import { cleanLine } from '../ui/sanitize.js';
import { incomingText, mergeLines } from '../ui/sync.js';

export function registerMergeFile(program: Command, ctx: Context): void {
  program
    .command('merge-file')
    .description(
      "merge two versions of a data file record by record (git's merge driver; `meld sync setup` registers it)",
    )
    .argument('<base>', 'the version both started from (%O); an empty file when there is none')
    .argument('<ours>', 'this version (%A): the merged result is written here')
    .argument('<theirs>', 'the other version (%B)')
    .argument('[name]', "the data file's name in the repository (%P), for messages")
    .option('--json', 'print what the merge decided as JSON')
    .addHelpText(
      'after',
      `
Exit status 0 when merged; 1 when a version cannot be read (not a meld file, a newer schema),
and then <ours> is left as it was, so git keeps its conflict.

Examples:
  git config merge.meld.driver "meld merge-file %O %A %B %P"
  meld merge-file base.json meld.json other.json --json`,
    )
    .action((base: string, ours: string, theirs: string, name: string | undefined, opts: { json?: boolean }) =>
      runMergeFile(ctx, { base, ours, theirs, name }, opts),
    );
}

export async function runMergeFile(
  ctx: Context,
  files: { base: string; ours: string; theirs: string; name?: string },
  opts: { json?: boolean },
): Promise<void> {
  const reportFile = ctx.env[REPORT_ENV];
  const name = files.name ?? files.ours;
  try {
    // Loaded here: the merge validates with zod, which every other command's start-up must not load.
    const { mergeFiles } = await import('../store/sync-merge.js');
    const merged = await mergeFiles(
      files.base,
      files.ours,
      files.theirs,
      ctx.clock.now(),
      name,
      files.name !== undefined,
    );
    if (reportFile) await writeSyncReport(reportFile, { report: merged.report });
    if (opts.json) printJson(ctx, { file: name, incoming: merged.incoming, ...merged.report });
    ctx.io.err.write(`meld: merged ${cleanLine(name)}: ${incomingText(merged.incoming.text, merged.report)}\n`);
    for (const line of mergeLines(merged.report)) ctx.io.err.write(`  ${line}\n`);
  } catch (error) {
    if (reportFile && error instanceof MeldError) await writeSyncReport(reportFile, { error: error.message });
    throw error;
  }
}
