import { resolve } from 'node:path';
import type { Context } from '../../context.js';
import { daysBetween, toDay } from '../../domain/dates.js';
import { forecastAt } from '../../domain/forecast/forecast.js';
import { campaignReport, periodReport } from '../../domain/report.js';
import { peopleLists, previousWindow, reportTotals, weeklySpend, type WeekSpend } from '../../domain/report-share.js';
import type { CalendarUnit } from '../../domain/periods.js';
import type { Db, IsoDay } from '../../domain/types.js';
import { openInBrowser } from '../../io/open-in-browser.js';
import { writeOutFile } from '../../io/out-target.js';
import { announce, warn } from '../../ui/output.js';
import { reportRowJson } from '../../domain/json/report.js';
import { cleanLine } from '../../ui/sanitize.js';

export interface HtmlReportOptions {
  campaign: string | undefined;
  window: { since?: IsoDay; until?: IsoDay };
  unit: CalendarUnit | undefined;
  out: string | undefined;
  open: boolean | undefined;
  withPeople: boolean | undefined;
}

/** The first day anything in the file happened: a campaign's start or a prospect's arrival. */
function firstDay(db: Db, today: IsoDay): IsoDay {
  let first = today;
  for (const c of db.campaigns) if (c.start < first) first = c.start;
  for (const p of db.prospects) if (p.createdAt.slice(0, 10) < first) first = p.createdAt.slice(0, 10);
  return first;
}

/** The business time zone the report's days are in. */
function businessZone(db: Db): string {
  const set = (db.config as { timezone?: unknown }).timezone;
  return typeof set === 'string' ? set : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** `meld campaign report --html`: the same report model, written as one shareable file. */
export async function writeHtmlReport(ctx: Context, db: Db, opts: HtmlReportOptions): Promise<void> {
  const now = ctx.clock.now();
  const today = toDay(now);
  const { campaign, window } = opts;
  const rows = campaignReport(db, { campaign, ...window, now });
  const from = window.since ?? firstDay(db, today);
  const to = window.until ?? today;
  let previous = null;
  if (window.since !== undefined) {
    const stretch = previousWindow(from, to, daysBetween(from, to) + 1);
    previous = { ...stretch, totals: reportTotals(campaignReport(db, { campaign, ...stretch, now })) };
  }
  const campaigns = new Map(db.campaigns.map((c) => [c.id, c]));
  const spend = new Map<string, WeekSpend[]>();
  for (const row of rows) {
    const c = row.campaign ? campaigns.get(row.campaign.id) : undefined;
    if (c) spend.set(c.id, weeklySpend(c, row.weekly, today));
  }
  const periods = opts.unit
    ? periodReport(db, { campaign, ...window, now, unit: opts.unit }).map((p) => ({
        label: p.label,
        totals: reportTotals(p.rows),
      }))
    : [];
  const settings = { set: db.config.stageProbability, minClosed: db.config.forecastMinClosed };
  const forecast = db.deals.length === 0 ? null : forecastAt(db.deals, now.getTime(), settings, 3);
  // The renderer and its chart library load only here: everyday commands never pay for them.
  const { renderHtmlReport } = await import('../../ui/html/report.js');
  const text = renderHtmlReport({
    rows,
    jsonRows: rows.map(reportRowJson),
    totals: reportTotals(rows),
    previous,
    periods,
    campaigns,
    spend,
    from,
    to,
    timezone: businessZone(db),
    currency: db.config.currency,
    generatedAt: now.toISOString(),
    withPeople: Boolean(opts.withPeople),
    forecast,
    people: opts.withPeople
      ? peopleLists(db, { campaign, ...window }, new Map((forecast?.open ?? []).map((o) => [o.deal.id, o])))
      : null,
  });
  if (opts.out === '-') {
    ctx.io.out.write(text);
    return;
  }
  const path = opts.out ?? `meld-report-${today}.html`;
  await writeOutFile(path, text, ctx.store().path);
  ctx.io.out.write(`${path}\n`);
  announce(
    ctx,
    `Wrote the campaign report to ${path} (${Math.ceil(Buffer.byteLength(text) / 1024)} KB, ${opts.withPeople ? 'names people' : 'aggregates only'})`,
  );
  if (!opts.open) return;
  if (!ctx.io.interactive) {
    warn(ctx, `--open opens a browser only when run in a terminal; the report is at ${cleanLine(path)}`);
    return;
  }
  const why = await openInBrowser(resolve(path));
  if (why !== null) warn(ctx, `could not open a browser (${why}); the report is at ${cleanLine(path)}`);
}
