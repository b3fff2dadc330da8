import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { MeldError, UsageError } from '../../errors.js';
import { campaignReport, periodReport, referrals, reportSummary } from '../../domain/report.js';
import { toDay } from '../../domain/dates.js';
import type { Db, IsoDay } from '../../domain/types.js';
import { periodReportJson, reportRowJson } from '../../domain/json/report.js';
import { renderPeriodReport, renderReport, renderReportSummary, type ViewOptions } from '../../ui/report-view.js';
import { printJson, printLines, suggest } from '../../ui/output.js';
import { oneOf, resolveCampaign, resolveDay } from '../flags/resolve.js';

export interface CampaignReportOptions {
  since?: string;
  until?: string;
  period?: string;
  brief?: boolean;
  ascii?: boolean;
  json?: boolean;
  html?: boolean;
  out?: string;
  open?: boolean;
  withPeople?: boolean;
}

export function registerCampaignReport(parent: Command, ctx: Context): void {
  parent
    .command('report')
    .description('what each campaign brought in and cost, and why')
    .argument('[campaign]', 'only this campaign (slug or name)')
    .option(
      '--since <date>',
      'only prospects added on or after this day (cost: what is spent from then on); "nov 1" is the last Nov 1',
    )
    .option('--until <date>', 'only prospects added on or before this day (cost: what was spent until then)')
    .option('--period <unit>', 'the same report per week or month, side by side: week, month')
    .option('--brief', 'only the overview table (with --period: prospects per period)')
    .option('--ascii', 'draw charts with plain ASCII')
    .option('--json', 'print the report rows as JSON')
    .option('--html', 'write the report as one HTML file with charts, to share (no names unless --with-people)')
    .option('--out <file>', 'with --html: the file to write ("-" for stdout); default meld-report-<today>.html')
    .option('--open', 'with --html: open the file in the default browser (in a terminal)')
    .option('--with-people', 'with --html: also name people (top customers, open deals)')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign report
  meld campaign report spring-webinar
  meld campaign report --since 2026-11-01 --until 2026-11-30
  meld campaign report --period month --since 2026-06-01
  meld campaign report --json
  meld campaign report --html                      # meld-report-<today>.html, aggregates only
  meld campaign report --html --since 2026-11-01 --out november.html --open`,
    )
    .action((ref: string | undefined, opts: CampaignReportOptions) => runCampaignReport(ctx, ref, opts));
}

/**
 * --since/--until as days, refusing a window that ends before it starts. They look back: "nov 1"
 * is the last Nov 1. The days used are echoed on stderr ("report window: 2026-11-01 → 2026-11-27"),
 * as a date read from words must always be shown.
 */
export async function reportWindow(
  ctx: Context,
  opts: { since?: string; until?: string },
): Promise<{ since?: IsoDay; until?: IsoDay }> {
  const since = opts.since !== undefined ? await resolveDay(ctx, opts.since, '--since', 'past') : undefined;
  const until = opts.until !== undefined ? await resolveDay(ctx, opts.until, '--until', 'past') : undefined;
  if (since !== undefined && until !== undefined && until < since) {
    throw new MeldError(`--until ${until} is before --since ${since}`);
  }
  if (since !== undefined || until !== undefined) {
    const today = ctx.clock.today();
    const to = until ?? `${today} (today)`;
    ctx.io.err.write(
      `${ctx.io.style.dim(`report window: ${since ?? 'the start'} ${ctx.io.unicode ? '→' : '->'} ${to}`)}\n`,
    );
  }
  return { since, until };
}

export function viewOptions(ctx: Context, db: Db, ascii: boolean | undefined): ViewOptions {
  return {
    style: ctx.io.style,
    width: ctx.io.columns,
    unicode: ctx.io.unicode && !ascii,
    currency: db.config.currency,
  };
}

export async function runCampaignReport(
  ctx: Context,
  ref: string | undefined,
  opts: CampaignReportOptions,
): Promise<void> {
  if (!opts.html && (opts.out !== undefined || opts.open || opts.withPeople)) {
    // Named as given, and the hint is the same command with --html: nothing typed is left out.
    const given = [
      ...(opts.out !== undefined ? ['--out'] : []),
      ...(opts.open ? ['--open'] : []),
      ...(opts.withPeople ? ['--with-people'] : []),
    ];
    const out =
      opts.out !== undefined ? ` --out ${/^[\w./-]+$/.test(opts.out) ? opts.out : JSON.stringify(opts.out)}` : '';
    const flags = `${out}${opts.open ? ' --open' : ''}${opts.withPeople ? ' --with-people' : ''}`;
    throw new UsageError(`${given.join(' and ')} ${given.length === 1 ? 'needs' : 'need'} --html`, {
      hint: `meld campaign report --html${flags}`,
    });
  }
  if (opts.html && opts.json) throw new UsageError('--html and --json: choose one');
  const window = await reportWindow(ctx, opts);
  const unit = opts.period !== undefined ? oneOf(opts.period, ['week', 'month'] as const, 'period') : undefined;
  const now = ctx.clock.now();
  if (!opts.html && !opts.json && unit === undefined) {
    // The report as printed, kept between runs while the file is unchanged and no timestamp in
    // it passes (Store.answer, as of now): the key names every input but the data.
    const { style, columns, unicode } = ctx.io;
    const shown = await ctx
      .store()
      .answer(
        `campaign report ${JSON.stringify({ ref, window, brief: opts.brief === true, ascii: opts.ascii === true })} width ${columns} colour ${style.level} unicode ${unicode} day ${toDay(now)}`,
        (db) => reportText(db, ref, window, now, viewOptions(ctx, db, opts.ascii), opts.brief === true),
        { asOf: now },
      );
    if (shown === null) {
      ctx.io.err.write('nothing to report yet: no campaigns and no prospects\n');
      suggest(
        ctx,
        'start with: meld campaign add "Spring Webinar" --channel event --cost 1200 (or meld demo to look around)',
      );
    } else printLines(ctx, shown);
    return;
  }
  const db = await ctx.store().read();
  const campaign = ref !== undefined ? resolveCampaign(db, ref).id : undefined;
  const view = viewOptions(ctx, db, opts.ascii);
  if (opts.html) {
    // Loaded by --html only: the page, its charts and d3 are no part of the everyday commands' start.
    const { writeHtmlReport } = await import('./report-html.js');
    await writeHtmlReport(ctx, db, {
      campaign,
      window,
      unit,
      out: opts.out,
      open: opts.open,
      withPeople: opts.withPeople,
    });
    return;
  }
  if (unit) {
    const reports = periodReport(db, { campaign, ...window, now, unit });
    if (opts.json) {
      printJson(ctx, reports.map(periodReportJson));
      return;
    }
    const text = renderPeriodReport(reports, view, opts.brief);
    if (text === '') {
      const today = toDay(now);
      ctx.io.err.write(
        reports.length === 0
          ? `no data: ${window.since ?? 'the start'} is after ${window.until ?? `today (${today})`}\n`
          : `no data: no prospects and no cost in these ${unit}s\n`,
      );
      return;
    }
    printLines(ctx, text);
    return;
  }
  if (opts.json) {
    printJson(ctx, campaignReport(db, { campaign, ...window, now }).map(reportRowJson));
    return;
  }
}

/** The report's text (--brief: the overview alone), or null when there is nothing to report yet. */
function reportText(
  db: Db,
  ref: string | undefined,
  window: { since?: IsoDay; until?: IsoDay },
  now: Date,
  view: ViewOptions,
  brief: boolean,
): string | null {
  const campaign = ref !== undefined ? resolveCampaign(db, ref).id : undefined;
  if (db.campaigns.length === 0 && db.prospects.length === 0) return null;
  // The overview alone: its figures without the rest of a row (reportSummary).
  if (brief) return renderReportSummary(reportSummary(db, { campaign, ...window, now }), view);
  const rows = campaignReport(db, { campaign, ...window, now });
  const campaigns = new Map(db.campaigns.map((c) => [c.id, c]));
  const referrers = campaign === undefined ? referrals(db, window) : [];
  return renderReport(rows, campaigns, view, false, referrers);
}
