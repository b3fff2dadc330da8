import { promises as fs } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { MeldError, UsageError } from '../errors.js';
import { followUpsCalendar } from '../domain/export/ics.js';
import { EXPORT_KINDS, exportCount, exportJson, exportSheet, type ExportKind } from '../domain/export/records.js';
import { cleanLine } from '../ui/sanitize.js';
import { terminalSafe } from '../ui/export.js';
import { outTarget, writeOut } from './support/out-target.js';
import { announce, warn } from './support/output.js';
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

/** An unknown kind or format is a bad value (exit 1, like any unknown stage or channel), with a "did you mean". */
function usage<T extends string>(value: string, allowed: readonly T[], what: string): T {
  return oneOf(value, allowed, what);
}

function formatFor(opts: ExportOptions): Format {
  if (opts.format !== undefined) return usage(opts.format, FORMATS, 'format');
  const ext = opts.out ? extname(opts.out).slice(1).toLowerCase() : '';
  return (FORMATS as readonly string[]).includes(ext) ? (ext as Format) : 'csv';
}

const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'part of the path is a file, not a folder',
  EROFS: 'read-only file system',
  ENOENT: 'that folder does not take new files',
  EEXIST: 'a file is in the way',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/** `--out` goes into a folder that exists: a typo in a path must not create folders. */
async function checkOutFolder(out: string, path: string): Promise<void> {
  const folder = dirname(path);
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new MeldError(
        `cannot write "${cleanLine(out)}": folder "${cleanLine(folder)}" does not exist (create it first)`,
      );
    }
    if (code === 'ENOTDIR')
      throw new MeldError(`cannot write "${cleanLine(out)}": part of the path is a file, not a folder`);
    if (code === 'EACCES') throw new MeldError(`cannot write "${cleanLine(out)}": permission denied`);
    throw error;
  }
  if (!stat.isDirectory())
    throw new MeldError(`cannot write "${cleanLine(out)}": "${cleanLine(folder)}" is a file, not a folder`);
}

export async function runExport(ctx: Context, what: string, opts: ExportOptions): Promise<void> {
  const kind: ExportKind = usage(what.toLowerCase() === 'follow-ups' ? 'followups' : what, EXPORT_KINDS, 'export');
  const format = formatFor(opts);
  if (format === 'ics' && kind !== 'followups') {
    throw new UsageError(`--format ics is for followups, not ${kind}`, { hint: 'meld export followups --format ics' });
  }
  const db = await ctx.store().read();
  if (opts.out !== undefined && opts.out.trim() === '') {
    throw new UsageError('--out needs a file name', {
      hint: 'e.g. --out prospects.csv, or leave --out out to write to stdout',
    });
  }
  const toFile = opts.out !== undefined && opts.out !== '-';
  let content: string;
  if (format === 'ics') content = followUpsCalendar(db, ctx.clock.now());
  else if (format === 'json') content = `${JSON.stringify(exportJson(db, kind), null, 2)}\n`;
  else {
    const { stringify } = await import('csv-stringify/sync');
    const sheet = exportSheet(db, kind);
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
    ctx.io.out.write(content);
    return;
  }
  const path = resolve(opts.out!);
  await checkOutFolder(opts.out!, path);
  const target = await outTarget(opts.out!, ctx.store().path);
  try {
    await writeOut(target, content);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string')
      throw new MeldError(
        `cannot write "${cleanLine(opts.out!)}": ${WRITE_ERRORS[code] ?? `the system refused it (${code})`}`,
      );
    throw error;
  }
  const count = format === 'ics' ? db.followUps.filter((f) => f.status === 'open').length : exportCount(db, kind);
  const nouns: Record<ExportKind | 'ics', [string, string]> = {
    prospects: ['prospect', 'prospects'],
    campaigns: ['campaign', 'campaigns'],
    followups: ['follow-up', 'follow-ups'],
    activities: ['activity', 'activities'],
    ics: ['open follow-up', 'open follow-ups'],
  };
  const noun = nouns[format === 'ics' ? 'ics' : kind][count === 1 ? 0 : 1];
  announce(ctx, `Exported ${count} ${noun} to ${cleanLine(opts.out!)} (${format})`);
}
