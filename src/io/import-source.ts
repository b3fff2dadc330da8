// Reading an import's source file into a table of rows: bytes, encoding, CSV or JSON (and the
// formats added beside them), the header row and the progress bar over a big file's rows.
// The command (../commands/import.ts) plans and writes; ../ui/import-report.ts says what happened.
import { promises as fs } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Context } from '../context.js';
import type { Db } from '../domain/types.js';
import { MeldError, UsageError } from '../errors.js';
import type { Target } from '../domain/import/columns.js';
import type { DayOrder } from '../domain/import/dates.js';
import { jsonTable } from '../domain/import/json.js';
import {
  checkMaps,
  readTable,
  toCandidate,
  type Candidate,
  type Rejection,
  type SourceRow,
  type Table,
} from '../domain/import/rows.js';
import { chooseEncoding } from '../domain/import/encoding.js';
import { looksLikeVcard, vcardTable } from '../domain/import/vcard.js';
import {
  isCampaignExport,
  isCampaignExportJson,
  type RecordKind,
  recordJsonRows,
  recordKind,
} from '../domain/import/records.js';
import {
  decodeText,
  detectDelimiter,
  withoutFalseBom,
  excelSepLine,
  unifyLineEnds,
  looksBinary,
  workbookKind,
} from '../domain/import/text.js';
import { fsError } from '../store/fs-errors.js';
import { guardedWorkbook } from './xlsx-guard.js';

/** Files with more rows than this get a progress bar on a terminal. */
const PROGRESS_ROWS = 3000;

export type DataFile = Pick<Db, 'campaigns' | 'followUps' | 'activities'>;

export interface ImportSource {
  table: Table;
  /** Records the CSV reader could not read, by line. */
  broken: Rejection[];
  encoding: string;
  /** A whole meld data file: its campaigns, follow-ups and activities come along. */
  dataFile?: DataFile;
  /** meld's own follow-up or activity export, to go onto the prospects on file. */
  records?: { kind: RecordKind; headers: string[]; rows: SourceRow[] };
}

/** The most rows one CSV import reads (the rows, the plan and the file they make all sit in memory). */
export const MAX_IMPORT_ROWS = 500_000;

/** The largest file `meld import` reads: far above any real contact list, far below a full memory. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

async function readFileBytes(file: string): Promise<Buffer> {
  let stat: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stat = await fs.stat(file);
  } catch (error) {
    throw fsError(error, { action: 'read', path: file });
  }
  // Checked before reading: /dev/zero or a fifo would otherwise be read until memory runs out.
  if (stat.isFile() && stat.size > MAX_IMPORT_BYTES) {
    throw new MeldError(
      `"${file}" is ${Math.round(stat.size / 1024 / 1024)} MB; meld imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
      { hint: 'split it into smaller files and import them one after the other' },
    );
  }
  if (!stat.isFile() && !stat.isDirectory()) {
    throw new MeldError(`"${file}" is not a regular file (a device, fifo or socket); meld imports files`);
  }
  try {
    return await fs.readFile(file);
  } catch (error) {
    throw fsError(error, { action: 'read', path: file });
  }
}

class TooManyRows extends Error {}

/** CSV records with the line each starts on; a record csv-parse cannot read is rejected by line. */
async function parseCsv(content: string, file: string): Promise<{ records: SourceRow[]; broken: Rejection[] }> {
  const { parse } = await import('csv-parse/sync');
  const { text, delimiter } = excelSepLine(content);
  const records: SourceRow[] = [];
  const broken: Rejection[] = [];
  let lastLine = 0;
  /** How far csv-parse's line count has run ahead of an editor's: it counts a CRLF inside a quoted cell as two. */
  let ahead = 0;
  const onRecord = (record: string[], context: { lines: number }) => {
    // csv-parse counts the line a record ends on (every CR and LF in a quoted cell as one); an
    // editor counts a CRLF as one line break.
    let breaks = 0;
    let crlf = 0;
    for (const cell of record) {
      if (!cell.includes('\n') && !cell.includes('\r')) continue;
      for (let i = 0; i < cell.length; i++) {
        const ch = cell.charCodeAt(i);
        if (ch === 10 || ch === 13) breaks++;
        if (ch === 13 && cell.charCodeAt(i + 1) === 10) crlf++;
      }
    }
    // The header and MAX_IMPORT_ROWS rows; one more is refused before the rest is read.
    if (records.length > MAX_IMPORT_ROWS) throw new TooManyRows();
    records.push({ line: context.lines - breaks - ahead, cells: record });
    ahead += crlf;
    lastLine = context.lines - ahead;
    return null;
  };
  const onSkip = (error: (Error & { lines?: number }) | undefined): undefined => {
    const line = lastLine + 1;
    const end = error?.lines !== undefined ? error.lines - ahead : line;
    const reason = /quote not closed/i.test(error?.message ?? '')
      ? `a quote opened on line ${line} is never closed, so lines ${line}-${end} could not be read`
      : `unreadable CSV: ${error?.message ?? 'malformed record'}`;
    broken.push({ line, reason });
    lastLine = error?.lines !== undefined ? end : lastLine;
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
    if (error instanceof TooManyRows || (error as { cause?: unknown }).cause instanceof TooManyRows) {
      throw new MeldError(
        `"${file}" has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows; meld imports up to ${MAX_IMPORT_ROWS.toLocaleString('en-US')} at a time`,
        { hint: 'split it into smaller files and import them one after the other' },
      );
    }
    throw new MeldError(`cannot read "${file}" as CSV: ${(error as Error).message}`);
  }
  return { records, broken };
}

/** meld's campaigns export, which an import would read as people (see isCampaignExport). */
function campaignExport(file: string): MeldError {
  return new MeldError(`"${basename(file)}" is meld's campaigns export: campaigns are not imported from it`, {
    hint: 'add them with meld campaign add (their spend with meld campaign spend), or import a whole data file (meld import meld.json)',
  });
}

function looksLikeJson(file: string, text: string): boolean {
  if (extname(file).toLowerCase() === '.json') return true;
  return /^\s*[[{]/.test(text) && extname(file).toLowerCase() !== '.csv';
}

/**
 * The text of the file: `--encoding` when given; else UTF-8/UTF-16 when it is; else the legacy
 * encoding chardet suggests and the decoded text confirms (domain/import/encoding.ts), or a
 * refusal: garbled names are never imported.
 */
export async function decodeImport(
  bytes: Uint8Array,
  file: string,
  encodingName: string | undefined,
): Promise<{ text: string; encoding: string }> {
  if (encodingName !== undefined) {
    const iconv = await import('iconv-lite');
    if (!iconv.encodingExists(encodingName)) {
      throw new UsageError(`--encoding: unknown encoding "${encodingName}"`, {
        hint: 'e.g. utf-8, windows-1251, windows-1252, iso-8859-2, gb18030, big5, shift_jis, euc-kr',
      });
    }
    const unicode = /^utf-?(8|16)/i.test(encodingName);
    const text = iconv.decode(Buffer.from(unicode ? bytes : withoutFalseBom(bytes)), encodingName);
    return {
      text: unifyLineEnds(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
      encoding: encodingName.toLowerCase(),
    };
  }
  const unicode = decodeText(bytes);
  if (unicode) return unicode;
  if (looksBinary(bytes)) {
    throw new MeldError(`"${basename(file)}" is a binary file: neither mail nor a list meld can read`, {
      hint: 'meld imports CSV, .xlsx, .vcf or JSON lists, and mail: an mbox (.mbox, .mbox.gz), .eml files or a folder of them',
    });
  }
  const [{ analyse }, iconv] = await Promise.all([import('chardet'), import('iconv-lite')]);
  const body = withoutFalseBom(bytes);
  const { text, encoding } = chooseEncoding(
    body,
    analyse(body).map((g) => ({ name: g.name, confidence: g.confidence })),
    (b, name) => iconv.decode(Buffer.from(b), name),
    basename(file),
  );
  return { text: unifyLineEnds(text), encoding };
}

/** The table a record export is reported as (its rows are read by planRecordImport). */
function recordTable(records: NonNullable<ImportSource['records']>): Table {
  return {
    source: 'meld',
    headers: records.headers,
    headerLine: 1,
    rows: [],
    columns: { fields: new Map(), extras: [], prefixed: [] },
  };
}

/** A whole meld data file (not an export): it has campaigns and follow-ups beside prospects. */
function isDataFile(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return Array.isArray(d.prospects) && Array.isArray(d.campaigns) && Array.isArray(d.followUps);
}

/** What `meld import` reads a file with: `--map`, `--encoding`, `--sheet`. */
export interface ReadOptions {
  maps: Map<string, Target>;
  encoding?: string;
  sheet?: string;
  /** `--date-order`: numeric dates the column does not settle are in this order. */
  dateOrder?: DayOrder;
}

/** An Excel cell as text: dates as ISO days (or instants when they have a time), links by their text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: Array<{ text: string }>; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
    if (v.error) return '';
    return '';
  }
  return String(value);
}

/** The rows of an .xlsx sheet (the first, or `--sheet`), numbered as Excel numbers them. */
async function readXlsx(bytes: Buffer, file: string, sheet: string | undefined): Promise<SourceRow[]> {
  const ExcelJS = await import('exceljs');
  const Workbook =
    (ExcelJS as unknown as { Workbook?: typeof import('exceljs').Workbook }).Workbook ??
    (ExcelJS as unknown as { default: typeof import('exceljs') }).default.Workbook;
  // Only the parts meld reads, each checked for size (a zip bomb is refused here, in one line).
  const checked = guardedWorkbook(bytes, file, sheet);
  const book = new Workbook();
  try {
    await book.xlsx.load(checked as unknown as ArrayBuffer);
  } catch (error) {
    throw new MeldError(`cannot read "${file}" as an Excel workbook: ${(error as Error).message}`);
  }
  const names = book.worksheets.map((w) => w.name);
  const chosen =
    sheet === undefined
      ? book.worksheets[0]
      : (book.worksheets.find((w) => w.name === sheet) ??
        book.worksheets.find((w) => w.name.toLowerCase() === sheet.toLowerCase()));
  if (!chosen) {
    throw new MeldError(sheet === undefined ? `"${file}" has no sheets` : `"${file}" has no sheet "${sheet}"`, {
      hint: names.length > 0 ? `its sheets: ${names.join(', ')}` : undefined,
    });
  }
  const rows: SourceRow[] = [];
  chosen.eachRow({ includeEmpty: false }, (row, number) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells = Array.from(values, cellText);
    // A section heading merged across the sheet: Excel gives every merged cell the heading's text.
    let merged = 0;
    row.eachCell((cell) => {
      if (cell.isMerged) merged++;
    });
    const filled = cells.filter((c) => c.trim() !== '').length;
    rows.push({ line: number, cells, ...(merged >= 2 && merged >= filled ? { heading: true } : {}) });
  });
  return rows;
}

export async function readImportTable(file: string, opts: ReadOptions): Promise<ImportSource> {
  const { maps } = opts;
  // `let`, and emptied once decoded: a local of an async function lives until it returns, and a
  // 250 MB file's bytes must not sit beside its text and its rows (#22: a peak under 1 GB).
  let bytes = await readFileBytes(file);
  const workbook = workbookKind(bytes);
  if (workbook && (bytes.includes('xl/workbook.xml') || extname(file).toLowerCase() === '.xlsx')) {
    const records = await readXlsx(bytes, file, opts.sheet);
    if (records.length === 0) throw new MeldError(`"${file}" has no rows in that sheet`);
    // meld's own deals, follow-ups or activities export, opened in Excel and saved as a workbook.
    if (maps.size === 0 && isCampaignExport(records[0]!.cells)) throw campaignExport(file);
    const kind = maps.size === 0 ? recordKind(records[0]!.cells) : null;
    if (kind) {
      const source = { kind, headers: records[0]!.cells.map((h) => h.trim()), rows: records.slice(1) };
      return { table: recordTable(source), broken: [], encoding: 'xlsx', records: source };
    }
    const table = readTable(records, maps, opts.dateOrder);
    checkMaps(maps, table.headers);
    return { table, broken: [], encoding: 'xlsx' };
  }
  if (workbook) {
    throw new MeldError(`"${file}" is ${workbook}, which meld cannot read`, {
      hint: 'save it as .xlsx or as CSV (File > Save As > CSV UTF-8) and import that',
    });
  }
  if (opts.sheet !== undefined) throw new UsageError('--sheet applies to Excel workbooks (.xlsx)');
  const decoded = await decodeImport(bytes, file, opts.encoding);
  bytes = Buffer.alloc(0);
  const { encoding } = decoded;
  let { text } = decoded;
  decoded.text = '';
  if (text.trim() === '') throw new MeldError(`"${file}" is empty`);
  if (looksLikeVcard(file, text)) {
    if (maps.size > 0) throw new UsageError('--map applies to CSV and Excel files; a vCard has its own fields');
    const ical = await import('ical.js');
    const { table, broken } = vcardTable(
      text,
      ((ical as { default?: unknown }).default ?? ical) as Parameters<typeof vcardTable>[1],
    );
    if (table.rows.length === 0 && broken.length === 0) throw new MeldError(`"${file}" holds no vCards`);
    return { table, broken, encoding };
  }
  if (looksLikeJson(file, text)) {
    if (maps.size > 0) throw new UsageError('--map applies to CSV files; meld JSON has its own field names');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new MeldError(`"${file}" is not valid JSON: ${(error as Error).message}`);
    }
    if (isCampaignExportJson(data)) throw campaignExport(file);
    const records = recordJsonRows(data);
    if (records) return { table: recordTable(records), broken: [], encoding, records };
    if (isDataFile(data)) {
      // Checked (and migrated from an older version) exactly as meld opens its own file.
      const { loadDbText } = await import('../store/load.js');
      const db = loadDbText(file, text).db;
      return { table: jsonTable(db), broken: [], encoding, dataFile: db };
    }
    return { table: jsonTable(data), broken: [], encoding };
  }
  const { records, broken } = await parseCsv(text, file);
  text = ''; // the rows hold what they need of it
  if (records[0] && maps.size === 0 && isCampaignExport(records[0].cells)) throw campaignExport(file);
  const kind = records[0] && maps.size === 0 ? recordKind(records[0].cells) : null;
  if (kind) {
    const source = { kind, headers: records[0]!.cells.map((h) => h.trim()), rows: records.slice(1) };
    return { table: recordTable(source), broken: broken.filter((b) => b.line > 1), encoding, records: source };
  }
  const table = readTable(records, maps, opts.dateOrder);
  checkMaps(maps, table.headers);
  return { table, broken: broken.filter((b) => b.line > table.headerLine), encoding };
}

function isTerminal(stream: unknown): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY);
}

/** Reads every row into prospect fields, with a progress bar for big files on a terminal. */
export async function readRows(
  ctx: Context,
  table: Table,
): Promise<{ candidates: Candidate[]; rejections: Rejection[] }> {
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
