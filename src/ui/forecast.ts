import { centsToMajor } from '../domain/money.js';
import type { Bucket, Forecast, OpenDeal } from '../domain/forecast/forecast.js';
import { fractionValue, type StageRate } from '../domain/forecast/rates.js';
import type { Accuracy } from '../domain/forecast/replay.js';
import type { Spread } from '../domain/forecast/spread.js';
import { round } from '../domain/ratio.js';
import { estimateMoney, formatMoney, plural } from './format.js';
import { cleanLine, truncate } from './sanitize.js';
import type { Style } from './style.js';
import { renderTable, type Column } from './table.js';
import { packHint } from './agenda.js';

/*
 * `meld forecast` for people (tables) and programs (JSON): money in major units in JSON as
 * everywhere, to the cent; in text the estimates (expected values, ranges, errors) in whole
 * currency units (estimateMoney), a deal's value and what was won as they are. Rates as percents
 * with one decimal (the config sets percents).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function bucketLabel(b: Pick<Bucket, 'key' | 'from'>): string {
  if (b.key === 'overdue') return 'overdue';
  if (b.key === 'later') return `later (from ${b.from})`;
  if (b.key === 'undated') return 'undated';
  return `${MONTHS[Number(b.key.slice(5, 7)) - 1]} ${b.key.slice(0, 4)}`;
}

const pct = (r: number) => round(r * 100, 1);

function rangeText(s: Pick<Spread, 'lowCents' | 'highCents'>, currency: string): string {
  return `${estimateMoney(s.lowCents, currency)}–${estimateMoney(s.highCents, currency)}`;
}

export function spreadJson(s: Spread) {
  return {
    expected: centsToMajor(s.expectedCents),
    low: centsToMajor(s.lowCents),
    high: centsToMajor(s.highCents),
    deals: s.deals,
    noValue: s.noValue,
  };
}

function openDealJson(o: OpenDeal, names: ReadonlyMap<number, string>) {
  return {
    deal: { id: o.deal.id, title: o.deal.title },
    prospect: { id: o.deal.prospectId, name: names.get(o.deal.prospectId) ?? null },
    stage: o.stage,
    value: centsToMajor(o.deal.valueCents),
    probability: pct(fractionValue(o.rate)),
    source: o.source,
    closeDay: o.closeDay,
    closeDaySource: o.closeDaySource,
    pushes: o.pushes,
  };
}

export function rateJson(r: StageRate) {
  return {
    stage: r.stage,
    set: r.set,
    learned: r.learned === null ? null : pct(fractionValue(r.learned)),
    closed: r.closed,
    used: r.used,
    rate: pct(fractionValue(r.rate)),
  };
}

export function forecastJson(f: Forecast, names: ReadonlyMap<number, string>) {
  return {
    asOf: f.asOf,
    total: spreadJson(f.total),
    buckets: f.buckets.map((b) => ({
      bucket: b.key,
      from: b.from,
      to: b.to,
      ...spreadJson(b),
      openDeals: b.open.map((o) => openDealJson(o, names)),
    })),
    rates: f.rates.map(rateJson),
  };
}

export function accuracyJson(a: Accuracy) {
  return {
    months: a.months.map((m) => ({
      month: m.month,
      expected: centsToMajor(m.expectedCents),
      low: centsToMajor(m.lowCents),
      high: centsToMajor(m.highCents),
      openDeals: m.openDeals,
      won: centsToMajor(m.wonCents),
      error: centsToMajor(m.errorCents),
      inRange: m.inRange,
      undated: spreadJson(m.undated),
    })),
    calibration: a.calibration,
  };
}

/** A table from rows and column definitions that say how to print each row. */
function grid<T>(
  rows: readonly T[],
  columns: ReadonlyArray<Column & { value: (row: T) => string }>,
  v: ForecastView,
): string {
  return renderTable(
    columns.map(({ value: _value, ...col }) => col),
    rows.map((row) => columns.map((c) => c.value(row))),
    { style: v.style, width: v.width },
  );
}

export interface ForecastView {
  style: Style;
  width: number;
  currency: string;
}

export function renderRates(rates: readonly StageRate[], minClosed: number, v: ForecastView): string {
  const rows = rates.map((r) => ({
    stage: r.stage,
    set: `${r.set}%`,
    learned: r.learned === null ? '—' : `${pct(fractionValue(r.learned))}% of ${r.closed}`,
    used: r.used === 'learned' ? `learned ${pct(fractionValue(r.rate))}%` : `set ${r.set}%`,
  }));
  const table = grid(
    rows,
    [
      { header: 'stage', value: (r) => r.stage },
      { header: 'set', value: (r) => r.set, align: 'right' },
      { header: 'learned', value: (r) => r.learned, align: 'right' },
      { header: 'used', value: (r) => r.used },
    ],
    v,
  );
  return `${table}\n${v.style.dim(`learned = won / (won + lost after reaching the stage); used once ${minClosed} closed deals stand behind it (config set forecast-min-closed)`)}`;
}

export function renderForecast(
  f: Forecast,
  v: ForecastView,
  opts: { deals: boolean; names: ReadonlyMap<number, string> },
): string {
  const lines: string[] = [];
  const t = f.total;
  lines.push(
    `Expected  ${estimateMoney(t.expectedCents, v.currency)} (80%: ${rangeText(t, v.currency)}) from ${plural(t.deals, 'open deal')}`,
  );
  if (t.noValue > 0)
    lines.push(
      v.style.dim(`${plural(t.noValue, 'open deal')} ${t.noValue === 1 ? 'has' : 'have'} no value: not in the figures`),
    );
  const shown = f.buckets.filter(
    (b) => b.open.length > 0 || (b.key !== 'later' && b.key !== 'overdue' && b.key !== 'undated'),
  );
  lines.push(
    '',
    grid(
      shown,
      [
        { header: 'when', value: (b) => bucketLabel(b) },
        { header: 'expected', value: (b) => estimateMoney(b.expectedCents, v.currency), align: 'right' },
        { header: '80% range', value: (b) => rangeText(b, v.currency), align: 'right' },
        // The deals behind the figures; those without a value are counted apart, as in the total.
        {
          header: 'deals',
          value: (b) => `${b.deals}${b.noValue > 0 ? ` +${b.noValue} without value` : ''}`,
          align: 'right',
        },
      ],
      v,
    ),
  );
  if (opts.deals) {
    for (const b of shown) {
      if (b.open.length === 0) continue;
      lines.push('', v.style.bold(bucketLabel(b)));
      for (const o of b.open) {
        const who = cleanLine(opts.names.get(o.deal.prospectId) ?? `#${o.deal.prospectId}`);
        const chance = `${pct(fractionValue(o.rate))}%${o.source === 'deal' ? ' (own)' : ''}`;
        const pushed = o.pushes > 0 ? `, pushed ${plural(o.pushes, 'time')}` : '';
        // A day the owner did not set comes from their history, as the agenda marks it.
        const learned = o.closeDay !== null && o.closeDaySource === 'learned' ? ' (learned)' : '';
        lines.push(
          truncate(
            `  d${o.deal.id} ${cleanLine(o.deal.title)} · ${who} · ${o.stage} · ${formatMoney(o.deal.valueCents, v.currency)} × ${chance} · ${o.closeDay ?? 'no close day'}${learned}${pushed}`,
            v.width,
          ),
        );
      }
    }
  }
  return lines.join('\n');
}

export function renderAccuracy(a: Accuracy, v: ForecastView): string {
  const undatedCount = (m: Accuracy['months'][number]) => m.undated.deals + m.undated.noValue;
  const months = grid(
    a.months,
    [
      { header: 'month', value: (m) => bucketLabel({ key: m.month, from: null }) },
      { header: 'forecast', value: (m) => estimateMoney(m.expectedCents, v.currency), align: 'right' },
      { header: '80% range', value: (m) => rangeText(m, v.currency), align: 'right' },
      { header: 'won', value: (m) => formatMoney(m.wonCents, v.currency), align: 'right' },
      {
        header: 'error',
        value: (m) =>
          `${m.errorCents > 0 ? '+' : m.errorCents < 0 ? '−' : ''}${estimateMoney(Math.abs(m.errorCents), v.currency)}`,
        align: 'right',
      },
      { header: 'in range', value: (m) => (m.inRange === null ? '—' : m.inRange ? 'yes' : 'no') },
      // Open then with no expected close day: their expected value, not in the month's figure.
      {
        header: 'undated',
        value: (m) =>
          undatedCount(m) === 0 ? '—' : `${estimateMoney(m.undated.expectedCents, v.currency)} (${undatedCount(m)})`,
        align: 'right',
      },
    ],
    v,
  );
  const calibration = grid(
    a.calibration,
    [
      { header: 'chance', value: (b) => `${b.from}–${b.to}%` },
      { header: 'closed', value: (b) => String(b.closed), align: 'right' },
      { header: 'won', value: (b) => String(b.won), align: 'right' },
      { header: 'share won', value: (b) => (b.share === null ? '—' : `${pct(b.share)}%`), align: 'right' },
      { header: 'still open', value: (b) => String(b.stillOpen), align: 'right' },
    ],
    v,
  );
  const checked = a.months.filter((m) => m.inRange !== null);
  const hits = checked.filter((m) => m.inRange).length;
  const idle = a.months.length - checked.length;
  const notes = [
    checked.length === 0
      ? `no month had anything forecast or won to check`
      : `${hits} of ${plural(checked.length, 'month')} fell in the 80% range${idle > 0 ? ` (${idle} with nothing forecast or won left out)` : ''}`,
  ];
  if (a.months.some((m) => undatedCount(m) > 0))
    notes.push(
      'undated: deals open on the first day with no expected close day (no --close-by, nothing won yet to learn one from), their expected value (how many): not in the forecast',
    );
  const wrap = (text: string) => packHint(text.split(' '), v.width, '');
  return [
    'Each month as forecast on its first day, against what was won in it:',
    months,
    ...notes.flatMap(wrap).map((n) => v.style.dim(n)),
    '',
    ...wrap('Calibration: deals open on those first days, by the chance they were given, and how many were won:'),
    calibration,
  ].join('\n');
}
