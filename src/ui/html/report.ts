import { shortDay, verdictLine } from '../verdict.js';
import { estimateMoney, formatMoney, formatPercent, formatRatio, plural } from '../format.js';
import type { ReportRow } from '../../domain/report.js';
import type { NamedAmount, OpenDealLine, ReportTotals, WeekSpend } from '../../domain/report-share.js';
import type { Campaign, IsoDay } from '../../domain/types.js';
import type { Forecast } from '../../domain/forecast/forecast.js';
import { chart } from './charts.js';
import { html } from './escape.js';
import { page } from './page.js';

/*
 * The campaign report as one HTML file (meld campaign report --html). Every figure comes from
 * the report model that the text and --json views print (domain/report.ts) plus sums of it
 * (domain/report-share.ts); the same rows are embedded as JSON for tools.
 */

export interface HtmlReport {
  rows: readonly ReportRow[];
  /** The --json rows, embedded as they are. */
  jsonRows: unknown;
  totals: ReportTotals;
  /** The previous stretch of equal length, when the report has a window to compare. */
  previous: { since: IsoDay; until: IsoDay; totals: ReportTotals } | null;
  /** With --period: the totals of each week or month, side by side. */
  periods: ReadonlyArray<{ label: string; totals: ReportTotals }>;
  campaigns: ReadonlyMap<string, Campaign>;
  spend: ReadonlyMap<string, readonly WeekSpend[]>;
  from: IsoDay;
  to: IsoDay;
  timezone: string;
  currency: string;
  /** The instant the file was written (ISO). */
  generatedAt: string;
  withPeople: boolean;
  /** The forecast as of now, by month (meld forecast); null when the file has no deals. */
  forecast: Forecast | null;
  /** With --with-people only: who the figures are about. */
  people: PeopleLists | null;
}

export interface PeopleLists {
  customers: readonly NamedAmount[];
  openDeals: readonly OpenDealLine[];
}

type Fmt = (v: number | null) => string;

function change(now: number | null, before: number | null, previous: HtmlReport['previous']): string {
  if (!previous) return '';
  const span = `vs ${shortDay(previous.since)}–${shortDay(previous.until)}`;
  if (now === null || before === null) return `<div class="change">— ${html(span)}</div>`;
  if (before === 0) return `<div class="change">${now === 0 ? 'no change' : 'new'} ${html(span)}</div>`;
  const pct = Math.round(((now - before) / Math.abs(before)) * 100);
  return `<div class="change">${pct > 0 ? '+' : ''}${pct}% ${html(span)}</div>`;
}

function figure(key: string, label: string, value: string, changeHtml = ''): string {
  return `<div class="figure" data-figure="${key}"><div class="label">${html(label)}</div><div class="value">${html(value)}</div>${changeHtml}</div>`;
}

function headline(r: HtmlReport): string {
  const t = r.totals;
  const p = r.previous?.totals ?? null;
  const money: Fmt = (v) => formatMoney(v, r.currency);
  const items: Array<[string, string, string, number | null, number | null]> = [
    ['cost', 'Spend', money(t.costCents), t.costCents, p?.costCents ?? null],
    ['prospects', 'Prospects', String(t.prospects), t.prospects, p?.prospects ?? null],
    ['won', 'Wins', String(t.won), t.won, p?.won ?? null],
    ['wonValue', 'Won value', money(t.wonValueCents), t.wonValueCents, p?.wonValueCents ?? null],
    [
      'costPerProspect',
      'Cost per prospect',
      money(t.costPerProspectCents),
      t.costPerProspectCents,
      p?.costPerProspectCents ?? null,
    ],
    ['costPerWin', 'Cost per win', money(t.costPerWinCents), t.costPerWinCents, p?.costPerWinCents ?? null],
    ['roi', 'ROI', formatRatio(t.roi), t.roi, p?.roi ?? null],
    ['conversionRate', 'Close rate', formatPercent(t.conversionRate), t.conversionRate, p?.conversionRate ?? null],
    ['customers', 'Customers', String(t.customers), t.customers, p?.customers ?? null],
    ['repeatRate', 'Repeat rate', formatPercent(t.repeatRate), t.repeatRate, p?.repeatRate ?? null],
    [
      'lifetimeValue',
      'Lifetime value',
      money(t.lifetimeValueCents),
      t.lifetimeValueCents,
      p?.lifetimeValueCents ?? null,
    ],
  ];
  const cards = items.map(([key, label, value, now, before]) =>
    figure(key, label, value, change(now, before, r.previous)),
  );
  if (r.forecast) {
    const f = r.forecast.total;
    const estimate: Fmt = (v) => estimateMoney(v, r.currency);
    cards.push(
      figure(
        'expected',
        'Expected from open deals',
        estimate(f.expectedCents),
        `<div class="change">80%: ${html(estimate(f.lowCents))}–${html(estimate(f.highCents))} · ${html(plural(f.deals, 'deal'))}</div>`,
      ),
    );
  }
  return `<section aria-labelledby="headline"><h2 id="headline">Headline</h2><div class="figures">${cards.join('')}</div>${
    r.previous
      ? ''
      : '<p class="note">Give --since (and --until) to compare with the period of equal length before it.</p>'
  }</section>`;
}

function periodsSection(r: HtmlReport): string {
  if (r.periods.length === 0) return '';
  const labels = r.periods.map((p) => p.label);
  const money = (v: number) => formatMoney(Math.round(v * 100), r.currency);
  const count = (v: number) => String(Math.round(v * 10) / 10);
  return `<section aria-labelledby="periods"><h2 id="periods">Period by period</h2>${chart({
    id: 'periods-people',
    title: 'Prospects and wins per period',
    desc: r.periods.map((p) => `${p.label}: ${plural(p.totals.prospects, 'prospect')}, ${p.totals.won} won`).join('; '),
    kind: 'bar',
    categories: labels,
    series: [
      { label: 'prospects', values: r.periods.map((p) => p.totals.prospects), cls: 's1' },
      { label: 'wins', values: r.periods.map((p) => p.totals.won), cls: 's3' },
    ],
    xLabel: 'period',
    yLabel: 'people',
    format: count,
    integer: true,
  })}${chart({
    id: 'periods-money',
    title: 'Spend and won value per period',
    desc: r.periods
      .map(
        (p) =>
          `${p.label}: spent ${formatMoney(p.totals.costCents, r.currency)}, won ${formatMoney(p.totals.wonValueCents, r.currency)}`,
      )
      .join('; '),
    kind: 'bar',
    categories: labels,
    series: [
      { label: 'spend', values: r.periods.map((p) => p.totals.costCents / 100), cls: 's2' },
      { label: 'won value', values: r.periods.map((p) => p.totals.wonValueCents / 100), cls: 's3' },
    ],
    xLabel: 'period',
    yLabel: `amount (${r.currency})`,
    format: money,
  })}</section>`;
}

function forecastSection(r: HtmlReport): string {
  if (!r.forecast || r.forecast.open.length === 0) return '';
  const buckets = r.forecast.buckets.filter((b) => b.open.length > 0 || /^\d{4}-\d{2}$/.test(b.key));
  // Estimates in whole currency units, as meld forecast prints them.
  const estimate = (cents: number) => estimateMoney(cents, r.currency);
  const money = (v: number) => estimate(Math.round(v * 100));
  return `<section aria-labelledby="forecast"><h2 id="forecast">Forecast</h2>${chart({
    id: 'forecast-months',
    title: 'Expected won value by month',
    desc: buckets
      .map(
        (b) =>
          `${b.key}: ${estimate(b.expectedCents)} expected (80%: ${estimate(b.lowCents)} to ${estimate(b.highCents)}) from ${plural(b.deals, 'deal')}${b.noValue > 0 ? ` (and ${b.noValue} without a value)` : ''}`,
      )
      .join('; '),
    kind: 'bar',
    categories: buckets.map((b) => b.key),
    series: [{ label: 'expected', values: buckets.map((b) => b.expectedCents / 100), cls: 's3' }],
    ranges: buckets.map((b) => ({ low: b.lowCents / 100, high: b.highCents / 100 })),
    xLabel: 'expected close',
    yLabel: `expected (${r.currency})`,
    format: money,
  })}<p class="note">Each open deal counts its value times its chance: its own probability, else its stage's win rate learned from closed deals, else the rate set for the stage. Whiskers: the 80% range.</p></section>`;
}

function campaignTitle(row: ReportRow, campaign: Campaign | undefined): string {
  if (!row.campaign || !campaign) return '(no campaign) — prospects no campaign brought in';
  return `${campaign.name} (${campaign.id})`;
}

function spendChart(campaign: Campaign, spend: readonly WeekSpend[], r: HtmlReport, id: string): string {
  if (spend.length === 0) return '';
  let running = 0;
  const cumulative = spend.map((w) => {
    running += w.cents;
    return running / 100;
  });
  const adjustments = campaign.adjustments.filter((a) => a.at.slice(0, 10) >= spend[0]!.week);
  const markers = adjustments.flatMap((a) => {
    const day = a.at.slice(0, 10);
    const at = spend.findLastIndex((w) => w.week <= day);
    return at < 0 ? [] : [{ at, label: a.note ?? Object.keys(a.changes).join(', ') }];
  });
  const money = (v: number) => formatMoney(Math.round(v * 100), r.currency);
  return chart({
    id,
    title: `${campaign.name}: spend over time`,
    desc: `Spend to date by week, from ${money(cumulative[0] ?? 0)} in the week of ${spend[0]!.week} to ${money(running / 100)} in the week of ${spend[spend.length - 1]!.week}${
      markers.length > 0 ? `; ${plural(markers.length, 'adjustment')} marked` : ''
    }.`,
    kind: 'line',
    categories: spend.map((w) => shortDay(w.week)),
    series: [{ label: 'spent to date', values: cumulative, cls: 's1' }],
    xLabel: 'week starting',
    yLabel: `spent (${r.currency})`,
    format: money,
    markers,
  });
}

function prospectsChart(row: ReportRow, title: string, r: HtmlReport, id: string): string {
  if (row.weekly.length === 0) return '';
  const last = [...row.periods].reverse().find((p) => p.compare !== null && p.adjustment !== null);
  const index = (day: IsoDay) => row.weekly.findLastIndex((w) => w.week <= day);
  const bands = last?.compare
    ? [
        {
          from: Math.max(0, index(last.compare.before.from)),
          to: Math.max(0, index(last.compare.before.to)),
          label: 'before',
          cls: 'before',
        },
        {
          from: Math.max(0, index(last.compare.after.from)),
          to: Math.max(0, index(last.compare.after.to)),
          label: 'after',
          cls: 'after',
        },
      ]
    : [];
  const line = last ? verdictLine(last, r.currency) : null;
  const total = row.weekly.reduce((sum, w) => sum + w.prospects, 0);
  return (
    chart({
      id,
      title: `${title}: prospects per week`,
      desc: `${plural(total, 'prospect')} over ${plural(row.weekly.length, 'week')}${line ? `; ${line}` : ''}.`,
      kind: 'bar',
      categories: row.weekly.map((w) => shortDay(w.week)),
      series: [{ label: 'prospects', values: row.weekly.map((w) => w.prospects), cls: 's1' }],
      xLabel: 'week starting',
      yLabel: 'prospects',
      format: (v) => String(Math.round(v * 10) / 10),
      integer: true,
      bands,
    }) + (line ? `<p class="verdict">${html(line)}</p>` : '')
  );
}

function funnelChart(row: ReportRow, title: string, id: string): string {
  const stages = Object.keys(row.funnel) as Array<keyof ReportRow['funnel']>;
  return chart({
    id,
    title: `${title}: funnel`,
    desc: `How far its deals got: ${stages.map((s) => `${s} ${row.funnel[s]}`).join(', ')}.`,
    kind: 'bar',
    categories: stages,
    series: [{ label: 'reached', values: stages.map((s) => row.funnel[s]), cls: 's3' }],
    xLabel: 'stage',
    yLabel: 'deals that reached it',
    format: (v) => String(Math.round(v * 10) / 10),
    integer: true,
  });
}

function listTable(caption: string, head: [string, string], rows: ReadonlyArray<[string, string | number]>): string {
  if (rows.length === 0) return '';
  return `<h3>${html(caption)}</h3><table><thead><tr><th scope="col">${html(head[0])}</th><th scope="col">${html(head[1])}</th></tr></thead><tbody>${rows
    .map(([a, b]) => `<tr><td>${html(a)}</td><td>${html(b)}</td></tr>`)
    .join('')}</tbody></table>`;
}

function campaignSection(row: ReportRow, i: number, r: HtmlReport): string {
  const campaign = row.campaign ? r.campaigns.get(row.campaign.id) : undefined;
  const title = campaignTitle(row, campaign);
  const shortTitle = campaign ? campaign.name : '(no campaign)';
  const money: Fmt = (v) => formatMoney(v, r.currency);
  const meta = campaign
    ? `<p class="meta">${html(campaign.channel)} · ${html(row.status ?? '')} · ${html(campaign.start)} → ${html(campaign.end ?? 'no end')}</p>`
    : '';
  const figures = [
    figure('prospects', 'Prospects', String(row.prospects)),
    figure('won', 'Wins', `${row.stages.won} (${formatPercent(row.conversionRate)})`),
    figure('wonValue', 'Won value', money(row.wonValueCents)),
    figure('pipelineValue', 'Open pipeline', money(row.pipelineValueCents)),
  ];
  if (campaign) {
    figures.unshift(figure('cost', 'Spend', money(row.costCents)));
    figures.push(
      figure('costPerProspect', 'Cost per prospect', money(row.costPerProspectCents)),
      figure('costPerWin', 'Cost per win', money(row.costPerWinCents)),
      figure('roi', 'ROI', formatRatio(row.roi)),
    );
  }
  if (row.forecast.openDeals > 0) {
    figures.push(
      figure(
        'expectedValue',
        'Expected (won + open)',
        estimateMoney(row.forecast.expectedValueCents, r.currency),
        `<div class="change">80%: ${html(estimateMoney(row.forecast.lowCents, r.currency))}–${html(estimateMoney(row.forecast.highCents, r.currency))}${
          row.forecast.expectedRoi === null ? '' : ` · ROI ${html(formatRatio(row.forecast.expectedRoi))} expected`
        }</div>`,
      ),
    );
  }
  const id = `c${i}`;
  const spend = campaign ? spendChart(campaign, r.spend.get(campaign.id) ?? [], r, `${id}-spend`) : '';
  const c = row.customers;
  figures.push(
    figure(
      'customers',
      'Customers brought',
      `${c.count}`,
      `<div class="change">${html(`${c.repeat} repeat (${formatPercent(c.repeatRate)}) · lifetime ${money(c.lifetimeValueCents)}`)}</div>`,
    ),
  );
  const heard = listTable(
    'What prospects said',
    ['topic', 'times'],
    row.topics.map((t) => [t.topic, t.count]),
  );
  const lost = listTable(
    'Lost reasons',
    ['reason', 'deals'],
    row.lostReasons.map((l) => [l.reason, l.count]),
  );
  return `<section class="campaign" aria-labelledby="${id}-h"><h2 id="${id}-h">${html(title)}</h2>${meta}<div class="figures">${figures.join('')}</div>${spend}${prospectsChart(
    row,
    shortTitle,
    r,
    `${id}-weekly`,
  )}${funnelChart(row, shortTitle, `${id}-funnel`)}${lost}${heard}</section>`;
}

function peopleSection(r: HtmlReport): string {
  if (!r.people) return '';
  const rows = (list: readonly NamedAmount[], empty: string) =>
    list.length === 0
      ? `<p class="note">${html(empty)}</p>`
      : `<table><thead><tr><th scope="col">name</th><th scope="col">campaign</th><th scope="col">won deals</th><th scope="col">lifetime value</th></tr></thead><tbody>${list
          .map(
            (p) =>
              `<tr><td>${html(p.name)}</td><td>${html(p.campaign ?? '—')}</td><td>${html(p.detail)}</td><td>${html(formatMoney(p.cents, r.currency))}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const deals =
    r.people.openDeals.length === 0
      ? '<p class="note">No open deals.</p>'
      : `<p class="note">Ranked by expected value: the deal's value × the chance the forecast uses (its own, learned from your closed deals, or set per stage).</p><table><thead><tr><th scope="col">name</th><th scope="col">deal</th><th scope="col">campaign</th><th scope="col">stage</th><th scope="col">value</th><th scope="col">chance</th><th scope="col">expected</th></tr></thead><tbody>${r.people.openDeals
          .map(
            (d) =>
              `<tr><td>${html(d.name)}</td><td>${html(d.title)}</td><td>${html(d.campaign ?? '—')}</td><td>${html(d.stage)}</td><td>${html(formatMoney(d.valueCents, r.currency))}</td><td>${d.percent === null ? '—' : `${d.percent}%`}</td><td>${html(estimateMoney(d.expectedCents, r.currency))}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  return `<section aria-labelledby="people"><h2 id="people">People</h2><h3>Top customers</h3>${rows(
    r.people.customers,
    'No customers yet.',
  )}<h3>Open deals</h3>${deals}</section>`;
}

export function renderHtmlReport(r: HtmlReport): string {
  const title = `Campaign report ${r.from} – ${r.to}`;
  const privacy = r.withPeople
    ? 'This report names people (made with --with-people): share it only with someone who may see them.'
    : 'Aggregates only: no names, emails, phones or notes of any person.';
  const body = [
    `<header><h1>Campaign report</h1><p class="meta">${html(r.from)} – ${html(r.to)} · business time zone ${html(r.timezone)} · amounts in ${html(r.currency)} · made ${html(r.generatedAt.slice(0, 16).replace('T', ' '))} UTC with meld</p><p><span class="privacy" data-privacy="${r.withPeople ? 'people' : 'aggregates'}">${html(privacy)}</span></p></header>`,
    headline(r),
    periodsSection(r),
    forecastSection(r),
    ...r.rows.map((row, i) => campaignSection(row, i, r)),
    peopleSection(r),
  ].join('\n');
  return page({
    title,
    body,
    data: {
      from: r.from,
      to: r.to,
      timezone: r.timezone,
      currency: r.currency,
      generatedAt: r.generatedAt,
      private: !r.withPeople,
      rows: r.jsonRows,
    },
  });
}
