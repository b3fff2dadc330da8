import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { MeldError, UsageError } from '../errors.js';
import { followUpsCalendar } from '../domain/export/ics.js';
import { EXPORT_KINDS, exportCount, exportJson, exportSheet, type ExportKind } from '../domain/export/records.js';
import { cleanLine } from '../ui/sanitize.js';
import { terminalSafe } from '../ui/export.js';
import { writeOutFile, writeToOpenFile } from '../io/out-target.js';
import { announce, warn } from '../ui/output.js';
import { collectValues, oneOf } from './flags/resolve.js';
import { exportFilters, type FilterOptions, vcardContent } from './flags/export-filters.js';

export interface ExportOptions extends FilterOptions {
  format?: string;
  out?: string;
}

const FORMATS = ['csv', 'json', 'ics', 'vcf'] as const;
type Format = (typeof FORMATS)[number];

export function registerExport(program: Command, ctx: Context): void {
  program
    .command('export')
    .description(
      'write prospects, deals, campaigns, follow-ups or activities as CSV or JSON, and follow-ups as a calendar',
    )
    .argument('<what>', `what to export: ${EXPORT_KINDS.join(', ')}`)
    .option(
      '--format <format>',
      'csv, json, ics (followups only) or vcf (prospects only); default: from the --out extension, else csv',
    )
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .option(
      '--campaign <campaign>',
      'only the prospects of this campaign (and their follow-ups and activities); deals: those credited to it',
    )
    .option(
      '--stage <stage>',
      'only prospects at this stage (and their follow-ups and activities); deals: at this stage; several: repeat or a,b',
      collectValues,
    )
    .option('--tag <tag>', 'only prospects with this tag (and their deals, follow-ups and activities)')
    .option(
      '--since <date>',
      'from this day: prospects added, deals opened, follow-ups due, activities logged, campaigns started',
    )
    .option('--until <date>', 'up to this day (inclusive), as --since')
    .option('--open', 'deals only: the open ones (new to proposal)')
    .option('--won', 'deals only: the won ones')
    .option('--lost', 'deals only: the lost ones')
    .addHelpText(
      'after',
      `
Examples:
  meld export prospects --out prospects.csv        # for a spreadsheet or a mail merge
  meld export prospects --format vcf --out contacts.vcf    # for a phone or an address book
  meld export deals --won --since 2026-01-01 --out won-deals.csv
  meld export deals --campaign spring-webinar --format json
  meld export followups --campaign spring-webinar --since 2026-11-01 --out followups.csv
  meld export followups --format ics --out followups.ics   # import into your calendar
  meld export activities --format json | jq '.[] | select(.type == "call")'

CSV cells that a spreadsheet would run as a formula (starting with = + - @) get a leading '.
\`meld import\` reads meld's own prospects, deals, follow-ups and activities exports back (CSV or
JSON), so they round-trip; campaigns come back with a whole data file (\`meld import meld.json\`).`,
    )
    .action((what: string, opts: ExportOptions) => runExport(ctx, what, opts));
}

/** An unknown kind or format is a bad value (exit 1, like any unknown stage or channel), with a "did you mean". */
function usage<T extends string>(value: string, allowed: readonly T[], what: string): T {
  return oneOf(value, allowed, what);
}

const WORKBOOKS = ['xlsx', 'xlsm', 'xls', 'ods'];

function formatFor(opts: ExportOptions): Format {
  if (opts.format !== undefined) return usage(opts.format, FORMATS, 'format');
  const ext = opts.out ? extname(opts.out).slice(1).toLowerCase() : '';
  // CSV in a file named like a workbook is a file Excel refuses to open.
  if (opts.out && WORKBOOKS.includes(ext)) {
    const name = cleanLine(basename(opts.out));
    throw new MeldError(`--out ${name}: meld does not write ${ext === 'ods' ? 'spreadsheet' : 'Excel'} workbooks`, {
      hint: `write CSV, which ${ext === 'ods' ? 'LibreOffice' : 'Excel'} opens: --out ${name.slice(0, -ext.length)}csv`,
    });
  }
  return (FORMATS as readonly string[]).includes(ext) ? (ext as Format) : 'csv';
}

export async function runExport(ctx: Context, what: string, opts: ExportOptions): Promise<void> {
  const kind: ExportKind = usage(what.toLowerCase() === 'follow-ups' ? 'followups' : what, EXPORT_KINDS, 'export');
  const format = formatFor(opts);
  if (format === 'ics' && kind !== 'followups') {
    throw new UsageError(`--format ics is for followups, not ${kind}`, { hint: 'meld export followups --format ics' });
  }
  if (format === 'vcf' && kind !== 'prospects') {
    throw new UsageError(`--format vcf is for prospects, not ${kind}`, { hint: 'meld export prospects --format vcf' });
  }
  const db = await exportFilters(ctx, kind, opts, await ctx.store().read());
  if (opts.out !== undefined && opts.out.trim() === '') {
    throw new UsageError('--out needs a file name', {
      hint: 'e.g. --out prospects.csv, or leave --out out to write to stdout',
    });
  }
  const toFile = opts.out !== undefined && opts.out !== '-';
  let content: string;
  if (format === 'ics') content = followUpsCalendar(db, ctx.clock.now());
  else if (format === 'vcf') content = await vcardContent(db);
  else if (format === 'json') content = `${JSON.stringify(exportJson(db, kind, ctx.clock.today()), null, 2)}\n`;
  else {
    const { stringify } = await import('csv-stringify/sync');
    const sheet = exportSheet(db, kind, ctx.clock.today());
    // A cell holding a CR is quoted like one holding a LF, so no reader takes it for a line end.
    // A file gets a BOM so Excel reads non-Latin names as UTF-8; stdout stays plain for pipes.
    content = `${toFile ? '\uFEFF' : ''}${stringify([sheet.columns, ...sheet.rows], { record_delimiter: '\n', quoted_match: /\r/ })}`;
  }
  if (!toFile) {
    if (ctx.io.outIsTTY) {
      // Shown on a terminal, not stored: control characters in the data must not run.
      const { text, replaced } = terminalSafe(content);
      ctx.io.out.write(text);
      if (replaced > 0) {
        warn(
          ctx,
          `${replaced} control character${replaced === 1 ? '' : 's'} shown as symbols (␛, ␍…) on the terminal; for the exact data use --out <file> or a pipe`,
        );
      }
      return;
    }
    if (ctx.io.outFd !== undefined && (await writeToOpenFile(ctx.io.outFd, content, ctx.store().path))) return;
    ctx.io.out.write(content);
    return;
  }
  await writeOutFile(opts.out!, content, ctx.store().path);
  const count = format === 'ics' ? db.followUps.filter((f) => f.status === 'open').length : exportCount(db, kind);
  const nouns: Record<ExportKind | 'ics', [string, string]> = {
    prospects: ['prospect', 'prospects'],
    deals: ['deal', 'deals'],
    campaigns: ['campaign', 'campaigns'],
    followups: ['follow-up', 'follow-ups'],
    activities: ['activity', 'activities'],
    ics: ['open follow-up', 'open follow-ups'],
  };
  const noun = nouns[format === 'ics' ? 'ics' : kind][count === 1 ? 0 : 1];
  announce(ctx, `Exported ${count} ${noun} to ${cleanLine(opts.out!)} (${format})`);
}
