import { stat } from 'node:fs/promises';
import { collectGarbage } from '../io/collect-garbage.js';
import { basename } from 'node:path';
import type { Context } from '../context.js';
import { MeldError, UsageError } from '../errors.js';
import { headerKey, MAP_TARGETS, type Target } from '../domain/import/columns.js';
import {
  applyImportPlan,
  planChangesSomething,
  planImport,
  type ImportPlan,
  type OnDuplicate,
} from '../domain/import/plan.js';
import { planRecordImport } from '../domain/import/records.js';
import { emptyMappedColumns, type Rejection, sourceLabel } from '../domain/import/rows.js';
import { cleanLine } from '../ui/sanitize.js';
import { meansNoCampaign } from '../domain/campaigns.js';
import { importFailed, reportImport } from '../ui/import-report.js';
import { warn } from '../ui/output.js';
import { readImportTable, readRows } from '../io/import-source.js';
import { oneOf, resolveCampaign } from './flags/resolve.js';
import { detectMail, type MailSource, NoMailHere, UnreadableGzip } from '../io/mail/source.js';

export interface ImportOptions {
  campaign?: string;
  tag?: string[];
  dryRun?: boolean;
  map?: string[];
  onDuplicate?: string;
  encoding?: string;
  sheet?: string;
  dateOrder?: string;
  json?: boolean;
  withBody?: boolean;
  addPeople?: boolean;
  partial?: boolean;
  myEmail?: string;
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

/** A batch id as the import's history summary names it. */
/** The file size from which an import collects its garbage once its rows are read. */
const BIG_IMPORT_BYTES = 100 * 1024 * 1024;

const BATCH_IN_SUMMARY = /\bimport-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ(?:-\d+)?(?=\))/g;

/** meld's follow-up or activity export: its records go onto the prospects on file. */
function recordPlan(
  db: Parameters<typeof planImport>[0],
  records: NonNullable<Awaited<ReturnType<typeof readImportTable>>['records']>,
  broken: Rejection[],
  now: Date,
  recentBatches: string[],
  fileName: string,
): ImportPlan {
  const plan = planRecordImport(db, records.kind, records.headers, records.rows, now, recentBatches, fileName);
  for (const b of broken) {
    plan.rows.push({
      line: b.line,
      action: 'reject',
      id: null,
      name: null,
      email: null,
      detail: b.reason,
      warnings: [],
    });
    plan.counts.rejected++;
  }
  plan.rows.sort((a, b) => a.line - b.line);
  return plan;
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

const MAIL_ONLY = [
  ['withBody', '--with-body'],
  ['addPeople', '--add-people'],
  ['partial', '--partial'],
  ['myEmail', '--my-email'],
] as const;
/** Options both kinds of import take; every other option belongs to one kind only. */
const SHARED = new Set<string>(['dryRun', 'json']);
const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The mailbox `file` is, by its content; null when it is not mail (a list, or not there). */
async function mailboxAt(file: string): Promise<MailSource | null> {
  try {
    return await detectMail(file);
  } catch (error) {
    if (error instanceof UnreadableGzip) {
      throw new MeldError(
        `cannot read "${cleanLine(file)}": it is not a readable .gz file (${cleanLine(error.message)})`,
      );
    }
    if (error instanceof NoMailHere) {
      throw new MeldError(`"${cleanLine(file)}" is ${error.message}: neither mail nor a list meld can read`, {
        hint: 'meld imports an mbox (.mbox, .mbox.gz), .eml files or a folder of them, CSV, .xlsx, .vcf or JSON',
      });
    }
    // Not there, not readable: the list import words those.
    return null;
  }
}

export async function runImport(ctx: Context, file: string, opts: ImportOptions): Promise<void> {
  const mail = await mailboxAt(file);
  if (mail) {
    // Every option a mail import does not take is a contact list's (--map, --date-order ...).
    const listFlag = Object.entries(opts).find(
      ([key, value]) => value !== undefined && !SHARED.has(key) && !MAIL_ONLY.some(([mail]) => mail === key),
    );
    if (listFlag) throw new UsageError(`${flagOf(listFlag[0])} applies to contact lists; "${cleanLine(file)}" is mail`);
    const { runMailImport } = await import('./import-mail.js');
    return runMailImport(ctx, mail, opts);
  }
  const mailFlag = MAIL_ONLY.find(([key]) => opts[key] !== undefined);
  if (mailFlag) throw new UsageError(`${mailFlag[1]} applies to mailboxes; "${cleanLine(file)}" is not mail`);
  const onDuplicate: OnDuplicate = opts.onDuplicate
    ? oneOf(opts.onDuplicate, ['skip', 'update'] as const, '--on-duplicate mode')
    : 'skip';
  const maps = parseMaps(opts.map ?? []);
  const source = await readImportTable(file, {
    maps,
    encoding: opts.encoding,
    sheet: opts.sheet,
    dateOrder:
      opts.dateOrder === undefined ? undefined : oneOf(opts.dateOrder, ['dmy', 'mdy'] as const, '--date-order'),
  });
  const { broken, dataFile, records } = source;
  const { candidates, rejections } = await readRows(ctx, source.table);
  for (const b of broken) rejections.push(b);
  for (const w of source.table.warnings ?? []) warn(ctx, `column "${w.column}": ${w.message}`);
  for (const column of emptyMappedColumns(source.table, maps))
    warn(ctx, `--map: column "${column}" is empty in every row, so nothing was read from it`);
  // From here the rows live on as candidates: the report needs the table's headers and column
  // choices, not its own copy of every cell (~200 MB of a 500,000-row import's peak).
  const table = { ...source.table, rows: [] };
  source.table = table;
  // A big file's bytes and text, twice its size, are garbage now: collected at once, before the
  // plan and the save need room (see io/collect-garbage.ts). Below the line V8's own timing does
  // better (a full collection here raised a 42 MB file's peak).
  if ((await stat(file)).size >= BIG_IMPORT_BYTES) collectGarbage();
  const now = ctx.clock.now();
  const fileName = basename(file);
  // The history names every import's batch: a new one never takes the id of one before it.
  const recentBatches = (await ctx.store().history()).flatMap((h) => h.summary.match(BATCH_IN_SUMMARY) ?? []);
  const planFor = (db: Parameters<typeof planImport>[0]) =>
    records
      ? recordPlan(db, records, broken, now, recentBatches, fileName)
      : planImport(db, candidates, rejections, {
          onDuplicate,
          // `--campaign none` (or -) is no campaign, as everywhere a campaign is expected.
          campaignId: opts.campaign && !meansNoCampaign(opts.campaign) ? campaignToImportInto(db, opts.campaign) : null,
          tags: opts.tag ?? [],
          fileName,
          now,
          source: dataFile,
          recentBatches,
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
        summary: `import ${fileName}: ${added} added${updated > 0 ? `, ${updated} updated` : ''} (batch ${planned.batch})`,
        result: planned,
        unchanged: !written,
      };
    });
  }
  const label = records
    ? `meld ${{ followups: 'follow-up', activities: 'activity', deals: 'deal' }[records.kind]} export`
    : dataFile
      ? 'meld data file'
      : sourceLabel(table);
  reportImport(ctx, { plan, table, label, fileName, dryRun: Boolean(opts.dryRun), written, json: Boolean(opts.json) });
  // A file in which no row held anyone is a failure, not a quiet "0 added".
  if (importFailed(plan)) {
    const { rejected } = plan.counts;
    throw new MeldError(
      `nothing imported from ${cleanLine(fileName)} (${label}): ${rejected === 1 ? 'the only row was' : `all ${rejected} rows were`} rejected`,
      {
        hint: 'see the reasons above; name the columns with --map "<column>=<field>" if meld misread them',
      },
    );
  }
}
