import { extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { MeldError, UsageError } from '../errors.js';
import { followUpsCalendar } from '../domain/export/ics.js';
import { EXPORT_KINDS, exportCount, exportJson, exportSheet, type ExportKind } from '../domain/export/records.js';
import { writeFileAtomic } from '../store/atomic.js';
import { cleanLine } from '../ui/sanitize.js';
import { announce } from './support/output.js';
import { oneOf } from './support/resolve.js';

export interface ExportOptions {
  format?: string;
  out?: string;
}

const FORMATS = ['csv', 'json', 'ics'] as const;
type Format = (typeof FORMATS)[number];

export function registerExport(program: Command, ctx: Context): void {
  program
    .command('export')
    .description('write prospects, campaigns, follow-ups or activities as CSV or JSON, and follow-ups as a calendar')
    .argument('<what>', `what to export: ${EXPORT_KINDS.join(', ')}`)
    .option('--format <format>', 'csv, json, or ics (followups only); default: from the --out extension, else csv')
    .option('--out <file>', 'write to this file (atomically) instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  meld export prospects --out prospects.csv        # for a spreadsheet or a mail merge
  meld export followups --format ics --out followups.ics   # import into your calendar
  meld export activities --format json | jq '.[] | select(.type == "call")'

CSV cells that a spreadsheet would run as a formula (starting with = + - @) get a leading '.
\`meld import\` reads meld's own CSV and JSON back, so an export round-trips.`,
    )
    .action((what: string, opts: ExportOptions) => runExport(ctx, what, opts));
}

/** Usage mistakes (an unknown kind or format) exit 2, with a "did you mean". */
function usage<T extends string>(value: string, allowed: readonly T[], what: string): T {
  try {
    return oneOf(value, allowed, what);
  } catch (error) {
    if (error instanceof MeldError) throw new UsageError(error.message, { hint: error.hint });
    throw error;
  }
}

function formatFor(opts: ExportOptions): Format {
  if (opts.format !== undefined) return usage(opts.format, FORMATS, 'format');
  const ext = opts.out ? extname(opts.out).slice(1).toLowerCase() : '';
  return (FORMATS as readonly string[]).includes(ext) ? (ext as Format) : 'csv';
}

export async function runExport(ctx: Context, what: string, opts: ExportOptions): Promise<void> {
  const kind: ExportKind = usage(what.toLowerCase() === 'follow-ups' ? 'followups' : what, EXPORT_KINDS, 'export');
  const format = formatFor(opts);
  if (format === 'ics' && kind !== 'followups') {
    throw new UsageError(`--format ics is for followups, not ${kind}`, { hint: 'meld export followups --format ics' });
  }
  const db = await ctx.store().read();
  const toFile = opts.out !== undefined && opts.out !== '-';
  let content: string;
  if (format === 'ics') content = followUpsCalendar(db, ctx.clock.now());
  else if (format === 'json') content = `${JSON.stringify(exportJson(db, kind), null, 2)}\n`;
  else {
    const { stringify } = await import('csv-stringify/sync');
    const sheet = exportSheet(db, kind);
    // A file gets a BOM so Excel reads non-Latin names as UTF-8; stdout stays plain for pipes.
    content = `${toFile ? '\uFEFF' : ''}${stringify([sheet.columns, ...sheet.rows], { record_delimiter: '\n' })}`;
  }
  if (!toFile) {
    ctx.io.out.write(content);
    return;
  }
  const path = resolve(opts.out!);
  try {
    await writeFileAtomic(path, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR' || code === 'EROFS') {
      throw new MeldError(`cannot write "${cleanLine(opts.out!)}": ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code === 'EROFS' ? 'read-only file system' : 'no such folder'}`);
    }
    throw error;
  }
  const count = format === 'ics' ? db.followUps.filter((f) => f.status === 'open').length : exportCount(db, kind);
  const noun = format === 'ics' ? 'open follow-ups' : kind === 'followups' ? 'follow-ups' : kind;
  announce(ctx, `Exported ${count} ${noun} to ${opts.out} (${format})`);
}
