import type { Command } from 'commander';
import type { Context } from '../context.js';
import { MeldError } from '../errors.js';
import type { DoctorReport } from '../store/types.js';
import { plural } from '../ui/format.js';
import { cleanLine } from '../ui/sanitize.js';
import { printJson, printLines } from '../ui/output.js';

export function registerDoctor(program: Command, ctx: Context): void {
  program
    .command('doctor')
    .description('check the data file (JSON, schema, references, duplicates, leftovers) and say how to fix it')
    .option('--fix', 'repair what is safe to repair (the file is backed up first: `meld undo` reverts it)')
    .option('--json', 'print the findings as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld doctor
  meld doctor --fix
  meld doctor --json --db ~/backup/meld.json`,
    )
    .action((opts: { fix?: boolean; json?: boolean }) => runDoctor(ctx, opts));
}

function render(ctx: Context, report: DoctorReport, fixed: string[]): string {
  const { style } = ctx.io;
  const lines: string[] = [];
  for (const line of fixed) lines.push(`${style.green(ctx.io.unicode ? '✓' : 'fixed:')} ${cleanLine(line)}`);
  for (const f of report.findings) {
    const mark =
      f.severity === 'error'
        ? style.red(ctx.io.unicode ? '✗' : 'error:')
        : style.yellow(ctx.io.unicode ? '!' : 'warning:');
    lines.push(`${mark} ${cleanLine(f.message)}`);
    lines.push(style.dim(`    fix: ${cleanLine(f.fix)}`));
  }
  if (report.findings.length === 0) {
    const what = !report.exists
      ? 'no data file yet (it is created by the first change)'
      : report.counts
        ? `${plural(report.counts.campaigns, 'campaign')}, ${plural(report.counts.prospects, 'prospect')}, ${plural(report.counts.followUps, 'follow-up')}, ${plural(report.counts.activities, 'activity', 'activities')}`
        : 'ok';
    lines.push(
      `${style.green(ctx.io.unicode ? '✓' : 'ok:')} ${cleanLine(report.file)}: ${what}; ${plural(report.undoSteps, 'change')} can be undone`,
    );
  }
  return lines.join('\n');
}

export async function runDoctor(ctx: Context, opts: { fix?: boolean; json?: boolean }): Promise<void> {
  const store = ctx.store();
  const path = store.path;
  const fixed = opts.fix ? await store.repair(ctx.clock.now()) : [];
  const report = await store.diagnose();
  if (opts.json) printJson(ctx, { ...report, fixed });
  else printLines(ctx, render(ctx, report, fixed));
  if (report.findings.length > 0) {
    const canFix = report.findings.filter((f) => f.fixable).length;
    throw new MeldError(`${plural(report.findings.length, 'problem')} in ${cleanLine(path)}`, {
      hint:
        canFix > 0 && !opts.fix
          ? `${canFix} can be repaired safely: run \`meld doctor --fix\``
          : 'see the fix under each problem',
    });
  }
}
