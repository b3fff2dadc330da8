import type { PeriodReport, Referrer, ReportRow, ReportSummary, WeekCount } from '../domain/report.js';
import { topicsText } from '../domain/topics.js';
import { packHint } from './agenda.js';
import { verdictAtoms } from './verdict.js';
import type { Campaign } from '../domain/types.js';
import { PIPELINE, STAGES } from '../domain/types.js';
import { bar, sparkline } from './charts.js';
import { compactMoney, describeChanges, formatInstant, renderFitted } from './campaigns.js';
import { currencySymbol, estimateMoney, formatPercent, formatRatio, plural } from './format.js';
import { cleanLine, displayWidth, truncate } from './sanitize.js';
import type { Style } from './style.js';
import type { Column } from './table.js';

export interface ViewOptions {
  style: Style;
  /** Terminal width every line must fit. */
  width: number;
  unicode: boolean;
  currency: string;
  /** Under the periods, one line per adjustment that opened one (default true). */
  adjustmentLines?: boolean;
}

/** What marks cut text: '…', or '...' where the terminal is not UTF-8 (or --ascii). */
export function ellipsis(o: { unicode: boolean }): string {
  return o.unicode ? '…' : '...';
}

const LABEL = 9; // "  Funnel " column of the detail blocks, after a 2-space indent

function rowName(row: Pick<ReportRow, 'campaign'>): string {
  return row.campaign ? cleanLine(row.campaign.name) : '(no campaign)';
}

function days(value: number | null): string {
  if (value === null) return '—';
  return `${value} ${value === 1 ? 'day' : 'days'}`;
}

/** "  Label    item · item · item", wrapped onto indented lines so it fits `width`. */
function itemLines(label: string, items: string[], width: number, dot: string, dots = '…'): string[] {
  const indent = ' '.repeat(2 + LABEL);
  const lines: string[] = [];
  let current = `  ${`${label} `.padEnd(LABEL)}`;
  let empty = true;
  for (const raw of items) {
    const item = truncate(raw, width - indent.length, dots);
    const sep = empty ? '' : ` ${dot} `;
    if (!empty && displayWidth(current + sep + item) > width) {
      lines.push(current);
      current = indent + item;
    } else {
      current += sep + item;
    }
    empty = false;
  }
  lines.push(current);
  return lines.map((l) => truncate(l, width, dots));
}

/** Items joined by a dot, wrapped to `width` (no label). */
function wrapItems(items: string[], width: number, dot: string, dots = '…'): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of items) {
    const item = truncate(raw, width, dots);
    if (current !== '' && displayWidth(`${current} ${dot} ${item}`) > width) {
      lines.push(current);
      current = item;
    } else {
      current = current === '' ? item : `${current} ${dot} ${item}`;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}

/** Right-aligned columns, for numbers. */
function numbers(headers: string[]): Column[] {
  return headers.map((header) => ({ header, align: 'right' }));
}

/** The one-table overview: one line per campaign, fitting the terminal. */
export function renderReportSummary(rows: readonly ReportSummary[], o: ViewOptions): string {
  const $ = currencySymbol(o.currency);
  const columns: Column[] = [
    { header: 'Campaign', shrink: true, min: 8 },
    ...numbers(['Pros', 'Won', 'Conv', 'Cost', `${$}/pros`, `${$}/win`, `Won ${$}`, 'ROI', 'Late']),
  ];
  const body = rows.map((r) => [
    rowName(r),
    String(r.prospects),
    String(r.stages.won),
    formatPercent(r.conversionRate),
    r.campaign ? compactMoney(r.costCents, o.currency) : '—',
    r.campaign ? compactMoney(r.costPerProspectCents, o.currency) : '—',
    r.campaign ? compactMoney(r.costPerWinCents, o.currency) : '—',
    compactMoney(r.wonValueCents, o.currency),
    formatRatio(r.roi),
    String(r.overdueFollowUps),
  ]);
  const legend = [
    'Pros prospects',
    `Conv won ${o.unicode ? '÷' : '/'} deals`,
    `${$}/pros, ${$}/win cost per prospect, per win`,
    'Late overdue follow-ups',
  ];
  const note = wrapItems(legend, o.width, o.unicode ? '·' : '|', ellipsis(o)).map((l) => o.style.dim(l));
  return `${renderFitted(columns, body, o, [9, 6, 7, 3, 5, 8])}\n${note.join('\n')}`;
}

function funnelLines(row: ReportRow, o: ViewOptions): string[] {
  if (row.prospects === 0) return [`  ${'Funnel'.padEnd(LABEL)}no prospects yet`];
  const countWidth = String(row.funnel.new).length;
  const barWidth = Math.max(4, Math.min(40, o.width - (4 + 9 + 1 + countWidth + 2 + 1 + 4)));
  const lines = [
    `  ${'Funnel'.padEnd(LABEL)}${truncate('ever reached each stage, % of the stage before', o.width - 2 - LABEL, ellipsis(o))}`,
  ];
  for (const stage of PIPELINE) {
    const count = row.funnel[stage];
    const drawn = bar(count, row.funnel.new, barWidth, o.unicode);
    const rate = stage === 'new' ? '' : formatPercent(row.funnelRates[stage]);
    const line = `    ${stage.padEnd(9)} ${String(count).padStart(countWidth)}  ${o.style.cyan(drawn)}${' '.repeat(barWidth - drawn.length)} ${rate.padStart(4)}`;
    lines.push(line.replace(/\s+$/, ''));
  }
  return lines;
}

function periodLines(row: ReportRow, o: ViewOptions): string[] {
  if (row.periods.length === 0) return [];
  const columns: Column[] = [
    ...numbers(['#']),
    { header: 'From' },
    { header: 'To' },
    ...numbers(['Days', 'Pros', '/week', 'EV/pros', 'Cost', `${currencySymbol(o.currency)}/pros`, 'Qual', 'Won']),
  ];
  const body = row.periods.map((p, i) => [
    String(i + 1),
    p.from,
    p.to,
    String(p.days),
    String(p.prospects),
    p.perWeek === null ? '—' : p.perWeek.toFixed(1),
    compactMoney(p.expectedPerProspectCents, o.currency),
    compactMoney(p.costCents, o.currency),
    compactMoney(p.costPerProspectCents, o.currency),
    String(p.qualified),
    String(p.won),
  ]);
  const table = renderFitted(
    columns,
    body,
    { style: o.style, width: o.width - 4, unicode: o.unicode },
    // Least needed first. Qual goes before the period's last day: at 80 columns the expected
    // value per prospect, which judges the same people further on, takes its place.
    [9, 2, 5, 8, 10, 6],
  );
  const header = table.split('\n')[0]!;
  const reached = ['Qual', 'Won'].filter((h) => new RegExp(`\\b${h}\\b`).test(header)).join(', ');
  const title =
    row.periods.length === 1 && row.periods[0]!.adjustment === null
      ? 'one period: never adjusted'
      : `split at each adjustment${reached ? `; ${reached}: reached so far` : ''}`;
  const lines = [`  ${'Periods'.padEnd(LABEL)}${truncate(title, o.width - 2 - LABEL, ellipsis(o))}`];
  lines.push(...table.split('\n').map((l) => `    ${l}`));
  if (header.includes('EV/pros')) {
    const legend = 'EV/pros: won + expected value of open deals, per prospect';
    lines.push(o.style.dim(truncate(`    ${legend}`, o.width, ellipsis(o))));
  }
  const outside = row.periods.reduce((n, p) => n + p.outside, 0);
  if (outside > 0) {
    const text = `${outside === 1 ? '1 prospect' : `${outside} prospects`} added on days the campaign did not run (before its start, after its end, paused): in the totals, in no pace`;
    lines.push(...packHint(text.split(' '), o.width, '    '));
  }
  row.periods.forEach((p, i) => {
    if (!p.adjustment || o.adjustmentLines === false) return;
    const what = describeChanges(p.adjustment.changes, o.currency, o.unicode ? '→' : '->');
    const note = p.adjustment.note ? `"${cleanLine(p.adjustment.note)}"` : '';
    const text = [what, note].filter((s) => s !== '').join(' ');
    lines.push(truncate(`    ${i + 1} opened ${formatInstant(p.adjustment.at)}: ${text}`, o.width, ellipsis(o)));
  });
  for (const p of row.periods) {
    const atoms = verdictAtoms(p, o.currency);
    if (atoms) lines.push(...packHint(atoms, o.width, '    '));
  }
  return lines;
}

/**
 * The sparkline of new prospects per week with its caption, which is never cut: the line shows
 * as many recent weeks as leave room for the caption, and a sparkline that would get shorter
 * than 8 weeks that way takes the whole line and puts the caption under it (cut only on a
 * terminal narrower than the caption itself).
 */
function weeklyLines(row: ReportRow, o: ViewOptions): string[] {
  const arrow = o.unicode ? '→' : '->';
  const caption = (weeks: WeekCount[]) =>
    `new per week, ${weeks[0]!.week} ${arrow} ${row.weeklyThrough ?? 'now'}, max ${Math.max(...weeks.map((w) => w.prospects))}`;
  const line = (weeks: WeekCount[]) =>
    `  ${'Weekly'.padEnd(LABEL)}${o.style.cyan(
      sparkline(
        weeks.map((w) => w.prospects),
        o.unicode,
      ),
    )}`;
  const full = o.width - 2 - LABEL;
  // The caption is as long for any slice of weeks, but for the digits of its max: take the widest.
  const room = full - 2 - caption(row.weekly).length;
  if (room >= Math.min(8, row.weekly.length)) {
    const shown = row.weekly.slice(-room);
    return [`${line(shown)}  ${caption(shown)}`];
  }
  const shown = row.weekly.slice(-Math.max(1, full));
  const text = caption(shown);
  const indent = 2 + LABEL + text.length <= o.width ? 2 + LABEL : 2;
  return [line(shown), truncate(`${' '.repeat(indent)}${text}`, o.width, ellipsis(o))];
}

/** The deep view of one report row: stages, funnel, periods, lost reasons, speed, weekly. */
export function renderReportDetail(row: ReportRow, campaign: Campaign | null, o: ViewOptions): string {
  const dot = o.unicode ? '·' : '|';
  const arrow = o.unicode ? '→' : '->';
  const lines: string[] = [];
  if (campaign) {
    const goal =
      campaign.goal !== null ? `, goal ${campaign.goal} (${formatPercent(row.prospects / campaign.goal)})` : '';
    lines.push(o.style.bold(truncate(`${cleanLine(campaign.name)} (${campaign.id})`, o.width, ellipsis(o))));
    lines.push(
      ...itemLines(
        'Campaign',
        [campaign.channel, row.status ?? '', `${campaign.start} ${arrow} ${campaign.end ?? 'no end'}${goal}`],
        o.width,
        dot,
        ellipsis(o),
      ),
    );
  } else {
    lines.push(o.style.bold(truncate('(no campaign)  prospects no campaign brought in', o.width, ellipsis(o))));
  }
  // Won counts deals, as the funnel does (a renewal is a deal): "of N deals" says so.
  const deals = Object.values(row.stages).reduce((a, b) => a + b, 0);
  const headline = [
    plural(row.prospects, 'prospect'),
    `won ${row.stages.won} of ${plural(deals, 'deal')} (${formatPercent(row.conversionRate)})`,
  ];
  if (campaign) {
    headline.push(
      `cost ${compactMoney(row.costCents, o.currency)}`,
      `${compactMoney(row.costPerProspectCents, o.currency)}/prospect`,
      `${compactMoney(row.costPerWinCents, o.currency)}/win`,
      `ROI ${formatRatio(row.roi)}`,
    );
  }
  lines.push(...itemLines('Totals', headline, o.width, dot, ellipsis(o)));
  const f = row.forecast;
  if (f.openDeals > 0) {
    const roi = f.expectedRoi === null ? '' : `ROI ${formatRatio(f.expectedRoi)} expected`;
    lines.push(
      ...itemLines(
        'Expected',
        [
          // Estimates in whole currency units, as meld forecast prints them (not compact: the
          // same figure in both places).
          `${estimateMoney(f.expectedValueCents, o.currency)} (80%: ${estimateMoney(f.lowCents, o.currency)}–${estimateMoney(f.highCents, o.currency)}) from ${plural(f.openDeals, 'open deal')}`,
          ...(roi ? [roi] : []),
        ],
        o.width,
        dot,
        ellipsis(o),
      ),
    );
  }
  if (campaign && (row.rate !== null || row.budgetCents !== null || row.plannedCents !== 0)) {
    const money = [
      row.costCents === row.spentToDateCents
        ? `spent ${compactMoney(row.costCents, o.currency)}`
        : `spent ${compactMoney(row.costCents, o.currency)} in these days, ${compactMoney(row.spentToDateCents, o.currency)} to date`,
    ];
    if (row.rate) {
      const when = row.status === 'paused' ? ', paused' : ' now';
      money.push(`${compactMoney(row.rate.cents, o.currency)}/${row.rate.per}${when}`);
    }
    if (row.plannedCents === null) money.push('runs with no end day');
    else if (row.plannedCents !== 0) money.push(`planned ${compactMoney(row.plannedCents, o.currency)} more`);
    if (row.budgetCents !== null) {
      const left = row.budgetCents - row.spentToDateCents;
      const state = left >= 0 ? `${compactMoney(left, o.currency)} left` : `over by ${compactMoney(-left, o.currency)}`;
      money.push(`budget ${compactMoney(row.budgetCents, o.currency)} (${state})`);
    }
    lines.push(...itemLines('Money', money, o.width, dot, ellipsis(o)));
  }
  if (row.influenced.prospects > 0 || row.referrals.prospects > 0) {
    const reach: string[] = [];
    if (row.influenced.prospects > 0) {
      reach.push(
        `touched ${plural(row.influenced.prospects, 'prospect')}, ${row.influenced.won} won (${compactMoney(row.influenced.wonValueCents, o.currency)})`,
      );
    }
    if (row.referrals.prospects > 0) {
      reach.push(
        `its prospects referred ${row.referrals.prospects}, ${row.referrals.won} won (${compactMoney(row.referrals.wonValueCents, o.currency)})`,
      );
    }
    lines.push(...itemLines('Reach', reach, o.width, dot, ellipsis(o)));
  }
  lines.push(
    ...itemLines(
      'Now',
      STAGES.map((s) => `${s} ${row.stages[s]}`),
      o.width,
      dot,
      ellipsis(o),
    ),
  );
  lines.push(
    ...itemLines(
      'Value',
      [
        `won ${compactMoney(row.wonValueCents, o.currency)}`,
        `open pipeline ${compactMoney(row.pipelineValueCents, o.currency)}`,
        `${plural(row.overdueFollowUps, 'follow-up')} overdue`,
      ],
      o.width,
      dot,
    ),
  );
  lines.push(...funnelLines(row, o));
  lines.push(...periodLines(row, o));
  if (row.lostReasons.length > 0) {
    lines.push(
      ...itemLines(
        'Lost',
        row.lostReasons.map((r) => `${cleanLine(r.reason)} (${r.count})`),
        o.width,
        dot,
        ellipsis(o),
      ),
    );
  }
  if (row.topics.length > 0) {
    lines.push(...itemLines('Heard', [cleanLine(topicsText(row.topics))], o.width, dot, ellipsis(o)));
  }
  if (row.customers.count > 0) {
    const c = row.customers;
    const loyalty = [
      plural(c.count, 'customer'),
      `${c.repeat} repeat (${formatPercent(c.repeatRate)})`,
      `lifetime value ${compactMoney(c.lifetimeValueCents, o.currency)}`,
    ];
    if (campaign && c.ltvToCost !== null) loyalty.push(`${c.ltvToCost.toFixed(1)}× cost`);
    lines.push(...itemLines('Customers', loyalty, o.width, dot, ellipsis(o)));
  }
  lines.push(
    ...itemLines(
      'Speed',
      [
        `first touch ${days(row.medianDaysToFirstTouch)}`,
        `won after ${days(row.medianDaysToWin)}`,
        'medians from added',
      ],
      o.width,
      dot,
      ellipsis(o),
    ),
  );
  if (row.weekly.length > 0) lines.push(...weeklyLines(row, o));
  return lines.join('\n');
}

/** "Referrals  Ana Souza (#3) brought 3: 1 won ($2,000), 2 open · ..." */
export function referralLines(referrers: Referrer[], o: ViewOptions): string[] {
  const items = referrers.map((r) => {
    const open = r.referred.prospects - r.referred.won - (r.stages.lost ?? 0);
    const became = [
      r.referred.won > 0 ? `${r.referred.won} won (${compactMoney(r.referred.wonValueCents, o.currency)})` : null,
      open > 0 ? `${open} open` : null,
      r.stages.lost ? `${r.stages.lost} lost` : null,
    ].filter((t) => t !== null);
    return `${cleanLine(r.referrer.name)} (#${r.referrer.id}) brought ${r.referred.prospects}: ${became.join(', ')}`;
  });
  return [o.style.bold('Referrals'), ...itemLines('', items, o.width, o.unicode ? '·' : '|', ellipsis(o))];
}

/** Several campaigns: the overview table, then each campaign's deep view, then who referred whom. */
export function renderReport(
  rows: ReportRow[],
  campaigns: Map<string, Campaign>,
  o: ViewOptions,
  brief = false,
  referrers?: Referrer[],
): string {
  const parts = [renderReportSummary(rows, o)];
  if (!brief) {
    for (const row of rows)
      parts.push(renderReportDetail(row, row.campaign ? (campaigns.get(row.campaign.id) ?? null) : null, o));
  }
  if (referrers && referrers.length > 0) parts.push(referralLines(referrers, o).join('\n'));
  return parts.join('\n\n');
}

const PERIOD_METRICS: Array<[string, (r: ReportRow, o: ViewOptions) => string]> = [
  ['Prospects', (r) => String(r.prospects)],
  ['Qualified', (r) => String(r.funnel.qualified)],
  ['Won', (r) => String(r.stages.won)],
  ['Conversion', (r) => formatPercent(r.conversionRate)],
  ['Cost', (r, o) => (r.campaign ? compactMoney(r.costCents, o.currency) : '—')],
  ['Cost/prospect', (r, o) => (r.campaign ? compactMoney(r.costPerProspectCents, o.currency) : '—')],
  ['Won value', (r, o) => compactMoney(r.wonValueCents, o.currency)],
];

/** `--period week|month`: per campaign, the metrics as rows and the periods side by side,
 * in as many column groups as the width needs. Campaigns with nothing in any period are left out;
 * '' when that leaves nothing (the caller says so). `brief`: one table, a line per campaign with
 * the prospects it brought in each period. */
export function renderPeriodReport(reports: PeriodReport[], o: ViewOptions, brief = false): string {
  if (reports.length === 0) return '';
  const first = reports[0]!;
  const kept = first.rows
    .map((_, index) => index)
    .filter((index) => !reports.every((r) => r.rows[index]!.prospects === 0 && r.rows[index]!.costCents === 0));
  if (kept.length === 0) return '';
  const chunks = (room: number) => {
    const perChunk = Math.max(1, Math.floor((o.width - room) / 10));
    const out: PeriodReport[][] = [];
    for (let start = 0; start < reports.length; start += perChunk) out.push(reports.slice(start, start + perChunk));
    return out;
  };
  if (brief) {
    const tables = chunks(16).map((chunk) => {
      const columns: Column[] = [{ header: 'Campaign', shrink: true, min: 8 }, ...numbers(chunk.map((p) => p.label))];
      const body = kept.map((index) => [
        rowName(first.rows[index]!),
        ...chunk.map((p) => String(p.rows[index]!.prospects)),
      ]);
      return renderFitted(columns, body, o);
    });
    return [...tables, o.style.dim(truncate('prospects added in each period', o.width, ellipsis(o)))].join('\n');
  }
  const blocks = kept.map((index) => {
    const firstRow = first.rows[index]!;
    const block = [
      o.style.bold(
        truncate(
          firstRow.campaign ? `${cleanLine(firstRow.campaign.name)} (${firstRow.campaign.id})` : '(no campaign)',
          o.width,
          ellipsis(o),
        ),
      ),
    ];
    for (const chunk of chunks(13)) {
      const columns: Column[] = [{ header: '' }, ...numbers(chunk.map((p) => p.label))];
      const body = PERIOD_METRICS.map(([label, value]) => [label, ...chunk.map((p) => value(p.rows[index]!, o))]);
      block.push(renderFitted(columns, body, o));
    }
    return block.join('\n');
  });
  return blocks.join('\n\n');
}
