import { promises as fs } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import type { Db } from '../domain/types.js';
import { MeldError, UsageError } from '../errors.js';
import { headerKey, MAP_TARGETS, type Target } from '../domain/import/columns.js';
import { jsonTable } from '../domain/import/json.js';
import {
  applyImportPlan,
  planChangesSomething,
  planImport,
  type ImportPlan,
  type OnDuplicate,
} from '../domain/import/plan.js';
import {
  checkMaps,
  readTable,
  sourceLabel,
  toCandidate,
  type Candidate,
  type Rejection,
  type SourceRow,
  type Table,
} from '../domain/import/rows.js';
import { decodeText, detectDelimiter, excelSepLine, workbookKind } from '../domain/import/text.js';
import { cleanLine } from '../ui/sanitize.js';
import { renderTable } from '../ui/table.js';
import { announce, printJson, suggest, warn } from './support/output.js';
import { oneOf, resolveCampaign } from './support/resolve.js';

export interface ImportOptions {
  campaign?: string;
  tag?: string[];
  dryRun?: boolean;
  map?: string[];
  onDuplicate?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Files with more rows than this get a progress bar on a terminal. */
const PROGRESS_ROWS = 3000;
/** Rejected rows listed one by one; the rest are counted. */
const LISTED_REJECTIONS = 20;

export function registerImport(program: Command, ctx: Context): void {
  program
    .command('import')
    .description(
      'import prospects from a CSV export (LinkedIn, HubSpot, Google, Mailchimp, Outlook, a spreadsheet) or meld JSON',
    )
    .argument('<file>', 'the CSV or JSON file')
    .option(
      '--campaign <campaign>',
      'a campaign on file the imported prospects came from (rows naming one keep theirs)',
    )
    .option('--tag <tag>', 'tag every imported prospect; repeat for more', collect)
    .option('--dry-run', 'show what would be added, updated, skipped and rejected; write nothing')
    .option('--map <column=field>', `read a column as a field (${MAP_TARGETS.join(', ')}); repeat for more`, collect)
    .option(
      '--on-duplicate <mode>',
      'skip (default): leave prospects already on file alone; update: fill their empty fields',
    )
    .option('--json', 'print the outcome as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign add "LinkedIn outreach" --channel social && meld import Connections.csv --campaign "LinkedIn outreach" --tag linkedin
  meld import hubspot-contacts.csv --dry-run
  meld import webinar.csv --map "Attendee=name" --map "Mail=email" --on-duplicate update
  meld export prospects --out prospects.csv && meld --db other.json import prospects.csv

Rows are matched to prospects already on file by email (case and spaces ignored), else by
name + company: duplicates are skipped (or filled in with --on-duplicate update), so importing
the same file twice adds nothing. Each import is one step for \`meld undo\`.`,
    )
    .action((file: string, opts: ImportOptions) => runImport(ctx, file, opts));
}

/** `--map "E-Mail=email"` entries by header key. */
export function parseMaps(entries: readonly string[]): Map<string, Target> {
  const maps = new Map<string, Target>();
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const column = at > 0 ? entry.slice(0, at).trim() : '';
    const field =
      at > 0
        ? entry
            .slice(at + 1)
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_')
        : '';
    if (column === '' || field === '') {
      throw new MeldError(`--map needs <column>=<field>, got "${cleanLine(entry)}"`, {
        hint: 'e.g. --map "E-Mail=email"',
      });
    }
    if (!(MAP_TARGETS as readonly string[]).includes(field)) {
      throw new MeldError(`--map: unknown field "${cleanLine(field)}"`, {
        hint: `use one of ${MAP_TARGETS.join(', ')}`,
      });
    }
    maps.set(headerKey(column), field as Target);
  }
  return maps;
}

/** The largest file `meld import` reads: far above any real contact list, far below a full memory. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

async function readFileBytes(file: string): Promise<Buffer> {
  try {
    // Checked before reading: /dev/zero or a fifo would otherwise be read until memory runs out.
    const stat = await fs.stat(file);
    if (stat.isFile() && stat.size > MAX_IMPORT_BYTES) {
      throw new MeldError(
        `"${cleanLine(file)}" is ${Math.round(stat.size / 1024 / 1024)} MB; meld imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
        { hint: 'split it into smaller files and import them one after the other' },
      );
    }
    if (!stat.isFile() && !stat.isDirectory()) {
      throw new MeldError(`"${cleanLine(file)}" is not a regular file (a device, fifo or socket); meld imports files`);
    }
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new MeldError(`cannot read "${cleanLine(file)}": no such file`);
    if (code === 'EISDIR') throw new MeldError(`"${cleanLine(file)}" is a folder, not a file`);
    if (code === 'EACCES') throw new MeldError(`cannot read "${cleanLine(file)}": permission denied`);
    throw error;
  }
}

/** CSV records with the line each starts on; a record csv-parse cannot read is rejected by line. */
async function parseCsv(content: string, file: string): Promise<{ records: SourceRow[]; broken: Rejection[] }> {
  const { parse } = await import('csv-parse/sync');
  const { text, delimiter } = excelSepLine(content);
  const records: SourceRow[] = [];
  const broken: Rejection[] = [];
  let lastLine = 0;
  const onRecord = (record: string[], context: { lines: number }) => {
    // csv-parse counts the line a record ends on; a quoted cell may span several.
    let newlines = 0;
    for (const cell of record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) newlines++;
    records.push({ line: context.lines - newlines, cells: record });
    lastLine = context.lines;
    return null;
  };
  const onSkip = (error: (Error & { lines?: number }) | undefined): undefined => {
    const line = lastLine + 1;
    const reason = /quote not closed/i.test(error?.message ?? '')
      ? `a quote opened on line ${line} is never closed, so lines ${line}-${error?.lines ?? line} could not be read`
      : `unreadable CSV: ${error?.message ?? 'malformed record'}`;
    broken.push({ line, reason });
    lastLine = error?.lines ?? lastLine;
    return undefined;
  };
  try {
    parse(text, {
      delimiter: delimiter ?? detectDelimiter(text),
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: onRecord,
      on_skip: onSkip,
    });
  } catch (error) {
    throw new MeldError(`cannot read "${cleanLine(file)}" as CSV: ${cleanLine((error as Error).message)}`);
  }
  return { records, broken };
}

function looksLikeJson(file: string, text: string): boolean {
  if (extname(file).toLowerCase() === '.json') return true;
  return /^\s*[[{]/.test(text) && extname(file).toLowerCase() !== '.csv';
}

type DataFile = Pick<Db, 'campaigns' | 'followUps' | 'activities'>;

/** A whole meld data file (not an export): it has campaigns and follow-ups beside prospects. */
function isDataFile(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return Array.isArray(d.prospects) && Array.isArray(d.campaigns) && Array.isArray(d.followUps);
}

async function readImportTable(
  file: string,
  maps: Map<string, Target>,
): Promise<{ table: Table; broken: Rejection[]; encoding: string; dataFile?: DataFile }> {
  const bytes = await readFileBytes(file);
  const workbook = workbookKind(bytes);
  if (workbook) {
    throw new MeldError(`"${cleanLine(file)}" is ${workbook}, not a CSV file`, {
      hint: 'save or export it as CSV (File > Save As > CSV UTF-8) and import that',
    });
  }
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') throw new MeldError(`"${cleanLine(file)}" is empty`);
  if (looksLikeJson(file, text)) {
    if (maps.size > 0) throw new UsageError('--map applies to CSV files; meld JSON has its own field names');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new MeldError(`"${cleanLine(file)}" is not valid JSON: ${cleanLine((error as Error).message)}`);
    }
    if (isDataFile(data)) {
      // Checked (and migrated from an older version) exactly as meld opens its own file.
      const { loadDbText } = await import('../store/load.js');
      const db = loadDbText(cleanLine(file), text).db;
      return { table: jsonTable(db), broken: [], encoding, dataFile: db };
    }
    return { table: jsonTable(data), broken: [], encoding };
  }
  const { records, broken } = await parseCsv(text, file);
  const table = readTable(records, maps);
  checkMaps(maps, table.headers);
  return { table, broken: broken.filter((b) => b.line > table.headerLine), encoding };
}

function isTerminal(stream: unknown): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY);
}

/** Reads every row into prospect fields, with a progress bar for big files on a terminal. */
async function readRows(ctx: Context, table: Table): Promise<{ candidates: Candidate[]; rejections: Rejection[] }> {
  const candidates: Candidate[] = [];
  const rejections: Rejection[] = [];
  const total = table.rows.length;
  const now = ctx.clock.now();
  const showBar = total > PROGRESS_ROWS && isTerminal(ctx.io.err);
  const bar = showBar ? await progressBar(ctx, total) : undefined;
  for (let i = 0; i < total; i++) {
    const result = toCandidate(table.rows[i]!, table, now);
    if (result.ok) candidates.push(result.candidate);
    else rejections.push(result.rejection);
    if (bar && i % 500 === 499) {
      bar.update(i + 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  bar?.update(total);
  bar?.stop();
  return { candidates, rejections };
}

/**
 * cli-progress turns the terminal's line wrapping off while it draws, so a line wider than the
 * terminal has its tail written over the last column: on 60 columns "3000/20000" showed as
 * "3000/0". The bar is sized so the whole line fits.
 */
export function progressBarSize(columns: number, total: number): number {
  const text = 'reading rows '.length + 1 + 2 * String(total).length + 1;
  return Math.max(5, Math.min(40, columns - 1 - text));
}

async function progressBar(ctx: Context, total: number) {
  const { SingleBar } = await import('cli-progress');
  const columns = (ctx.io.err as { columns?: number }).columns || ctx.io.columns;
  const bar = new SingleBar({
    stream: ctx.io.err as unknown as NodeJS.WritableStream,
    format: `reading rows {bar} {value}/${total}`,
    barsize: progressBarSize(columns, total),
    barCompleteChar: ctx.io.unicode ? '█' : '#',
    barIncompleteChar: ctx.io.unicode ? '░' : '-',
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0);
  return bar;
}

/**
 * `--campaign` names a campaign on file: a typo must not create one. The hint says how to
 * create it when it is really new.
 */
function campaignToImportInto(db: Parameters<typeof resolveCampaign>[0], ref: string): string {
  try {
    return resolveCampaign(db, ref).id;
  } catch (error) {
    if (!(error instanceof MeldError)) throw error;
    const guess = error.hint?.startsWith('did you mean') ? `${error.hint} or ` : '';
    const create = `meld campaign add "${cleanLine(ref).replace(/["\\$`]/g, '\\$&')}" --channel <channel>`;
    throw new MeldError(error.message, { hint: `${guess}create it first: ${create}` });
  }
}

export async function runImport(ctx: Context, file: string, opts: ImportOptions): Promise<void> {
  const onDuplicate: OnDuplicate = opts.onDuplicate
    ? oneOf(opts.onDuplicate, ['skip', 'update'] as const, '--on-duplicate mode')
    : 'skip';
  const maps = parseMaps(opts.map ?? []);
  const { table, broken, dataFile } = await readImportTable(file, maps);
  const { candidates, rejections } = await readRows(ctx, table);
  rejections.push(...broken);
  const now = ctx.clock.now();
  const fileName = basename(file);
  const planFor = (db: Parameters<typeof planImport>[0]) =>
    planImport(db, candidates, rejections, {
      onDuplicate,
      campaignId: opts.campaign ? campaignToImportInto(db, opts.campaign) : null,
      tags: opts.tag ?? [],
      fileName,
      now,
      source: dataFile,
    });

  let plan: ImportPlan;
  let written = false;
  if (opts.dryRun) {
    plan = planFor(await ctx.store().read());
  } else {
    plan = await ctx.store().write((db) => {
      const planned = planFor(db);
      // Importing the same file again changes nothing: leave the file and the history alone.
      written = planChangesSomething(planned);
      if (written) applyImportPlan(db, planned, now);
      const { added, updated } = planned.counts;
      return {
        summary: `import ${fileName}: ${added} added${updated > 0 ? `, ${updated} updated` : ''}`,
        result: planned,
        unchanged: !written,
      };
    });
  }
  const label = dataFile ? 'meld data file' : sourceLabel(table);
  report(ctx, { plan, table, label, fileName, dryRun: Boolean(opts.dryRun), written, json: Boolean(opts.json) });
}

/** The `--dry-run` listing: one line per row of the file. */
function renderRows(ctx: Context, plan: ImportPlan, where: 'line' | 'item'): string {
  return renderTable(
    [
      { header: where.toUpperCase(), align: 'right' },
      { header: 'ACTION' },
      { header: 'ID', align: 'right' },
      { header: 'NAME', shrink: true, min: 10 },
      { header: 'EMAIL', shrink: true, min: 10 },
      { header: 'DETAIL', shrink: true, min: 32 },
    ],
    plan.rows.map((r) => [
      String(r.line),
      r.action,
      r.id === null ? '' : `#${r.id}`,
      r.name ?? '',
      r.email ?? '',
      r.detail ?? '',
    ]),
    { style: ctx.io.style, width: ctx.io.columns },
  );
}

function report(
  ctx: Context,
  r: {
    plan: ImportPlan;
    table: Table;
    label: string;
    fileName: string;
    dryRun: boolean;
    written: boolean;
    json: boolean;
  },
): void {
  const { plan, table } = r;
  const { added, updated, skipped, rejected } = plan.counts;
  const where = table.source === 'meld-json' ? 'item' : 'line';
  if (r.json) {
    printJson(ctx, {
      file: r.fileName,
      source: table.source,
      dryRun: r.dryRun,
      written: r.written,
      batch: r.written || r.dryRun ? plan.batch : null,
      added,
      updated,
      skipped,
      rejected,
      campaignsCreated: plan.campaigns.map((c) => ({ id: c.id, name: c.name })),
      followUpsCarried: plan.carried.followUps.length,
      activitiesCarried: plan.carried.activities.length,
      rows: plan.rows.map((row) => ({
        [where]: row.line,
        action: row.action,
        id: row.id,
        name: row.name,
        email: row.email,
        detail: row.detail,
      })),
    });
  } else if (r.dryRun && plan.rows.length > 0) {
    ctx.io.out.write(`${renderRows(ctx, plan, where)}\n`);
  }
  const what = `${r.fileName} (${r.label})`;
  const created = plan.campaigns.map((c) => `${c.name} (${c.id})`);
  const { followUps, activities } = plan.carried;
  const carried =
    followUps.length + activities.length > 0
      ? `${followUps.length} follow-up${followUps.length === 1 ? '' : 's'} and ${activities.length} activit${activities.length === 1 ? 'y' : 'ies'} of the added prospects`
      : null;
  if (r.dryRun) {
    for (const c of created) suggest(ctx, `would create campaign ${c}`);
    if (carried) suggest(ctx, `would bring along ${carried}`);
    ctx.io.err.write(
      `${cleanLine(`dry run of ${what}: would add ${added}, update ${updated}, skip ${skipped} as duplicates, reject ${rejected}; nothing was written`)}\n`,
    );
    return;
  }
  announce(
    ctx,
    `Imported ${what}: ${added} added, ${updated} updated, ${skipped} skipped as duplicates, ${rejected} rejected`,
  );
  if (r.written) for (const c of created) announce(ctx, `Created campaign ${c}`);
  if (r.written && carried) announce(ctx, `Brought along ${carried}`);
  const rejections = plan.rows.filter((row) => row.action === 'reject');
  for (const row of rejections.slice(0, LISTED_REJECTIONS))
    warn(ctx, `${where} ${row.line}: ${row.detail}${row.name ? ` (${row.name})` : ''}`);
  if (rejections.length > LISTED_REJECTIONS) {
    warn(
      ctx,
      `and ${rejections.length - LISTED_REJECTIONS} more rejected rows (list them all with --dry-run or --json)`,
    );
  }
  if (r.written) suggest(ctx, `batch ${plan.batch}: \`meld undo\` removes this import as a whole`);
  else suggest(ctx, 'nothing new: the data file was not changed');
}
