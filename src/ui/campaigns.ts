import { format } from 'date-fns/format';
import { campaignState, spentToDate } from '../domain/spend.js';
import type { ProspectView } from '../domain/deals.js';
import type { Campaign, FieldChange, IsoDay } from '../domain/types.js';
import { formatMoney, NO_STAGE, plainCompactMoney } from './format.js';
import { renderTable, type Column } from './table.js';
import type { Style } from './style.js';
import { cleanLine, truncate } from './sanitize.js';

const formatters = new Map<string, Intl.NumberFormat>();

/** Money for tables that must fit 80 columns: whole units, "$12.3K" from ten thousand up. */
export function compactMoney(cents: number | null, currency: string): string {
  if (cents === null) return '—';
  // Intl's first NumberFormat costs ~11 ms of a report: the common currencies are written here.
  return plainCompactMoney(cents, currency) ?? intlCompactMoney(cents, currency);
}

/** compactMoney as Intl writes it: for the other currencies, and what the plain writing must equal. */
export function intlCompactMoney(cents: number, currency: string): string {
  const major = cents / 100;
  const compact = Math.abs(major) >= 10_000;
  const key = `${currency}:${compact}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(
      'en-US',
      compact
        ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 }
        : { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 },
    );
    formatters.set(key, formatter);
  }
  return formatter.format(major);
}

/**
 * renderTable with the columns to leave out, least important first (`dropOrder`), when the
 * shrinkable ones giving way is not enough: they become its optional columns, so there is one
 * layout (table.ts layoutColumns), not a second loop that renders, measures and drops.
 */
export function renderFitted(
  columns: Column[],
  rows: string[][],
  opts: { style: Style; width: number; unicode?: boolean },
  dropOrder: number[] = [],
): string {
  const ranked = columns.map((column, i) => {
    const rank = dropOrder.indexOf(i);
    return rank === -1 ? column : { ...column, optional: true, priority: rank - dropOrder.length };
  });
  return renderTable(ranked, rows, opts);
}

/** "2026-11-20 14:05" in local time. */
export function formatInstant(iso: string): string {
  return format(new Date(iso), 'yyyy-MM-dd HH:mm');
}

function fieldValue(field: string, value: FieldChange['from'], currency: string): string {
  if (value === null) return 'none';
  if ((field === 'cost' || field === 'budget') && typeof value === 'number') return formatMoney(value, currency);
  return cleanLine(String(value));
}

/** What an adjustment changed: "cost $1,200 → $1,500, status active → paused". */
export function describeChanges(changes: Record<string, FieldChange>, currency: string, arrow = '→'): string {
  return Object.entries(changes)
    .map(
      ([field, { from, to }]) =>
        `${field} ${fieldValue(field, from, currency)} ${arrow} ${fieldValue(field, to, currency)}`,
    )
    .join(', ');
}

export function campaignListTable(
  rows: Array<{ campaign: Campaign; prospects: number }>,
  opts: { style: Style; width: number; currency: string; today: IsoDay; unicode?: boolean },
): string {
  const columns: Column[] = [
    { header: 'ID' },
    { header: 'Name', shrink: true, min: 10 },
    { header: 'Channel', optional: true, priority: 3 },
    { header: 'Status', optional: true, priority: 2 },
    { header: 'Cost', align: 'right', optional: true, priority: 5 },
    { header: 'Pros', align: 'right', optional: true, priority: 4 },
    { header: 'Start', optional: true, priority: 1 },
    { header: 'End', optional: true, priority: 0 },
  ];
  const body = rows.map(({ campaign: c, prospects }) => [
    c.id,
    c.name,
    c.channel,
    campaignState(c, opts.today),
    compactMoney(spentToDate(c, opts.today), opts.currency),
    String(prospects),
    c.start,
    c.end ?? '—',
  ]);
  // Names matter more than dates: End, Start, Status, Channel give way before Name (which shrinks).
  return renderFitted(columns, body, opts, [7, 6, 3, 2, 5, 4]);
}

export function campaignProspectsTable(
  prospects: ProspectView[],
  opts: { style: Style; width: number; currency: string; unicode?: boolean },
): string {
  const columns: Column[] = [
    { header: '#', align: 'right' },
    { header: 'Name', shrink: true, min: 8 },
    { header: 'Company', shrink: true, min: 6, optional: true, priority: 0 },
    { header: 'Stage' },
    { header: 'Value', align: 'right' },
    { header: 'Added', optional: true, priority: 1 },
  ];
  const body = prospects.map((p) => [
    String(p.id),
    p.name,
    p.company ?? '—',
    p.stage ?? NO_STAGE,
    compactMoney(p.valueCents, opts.currency),
    format(new Date(p.createdAt), 'yyyy-MM-dd'),
  ]);
  return renderFitted(columns, body, opts, [2, 5]);
}

/** `campaign show`'s dated money: one-offs by day, then the rates with the day each starts. */
export function spendLines(c: Campaign, currency: string, width: number): string[] {
  const items = [
    ...[...c.spend]
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
      .map((s) => `${s.day}  ${formatMoney(s.cents, currency)}${s.note ? `  ${cleanLine(s.note)}` : ''}`),
    ...c.rates.map((r) =>
      r.cents === 0 ? `${r.from}  rate stopped` : `${r.from}  ${formatMoney(r.cents, currency)}/${r.per} from then on`,
    ),
    ...c.pauses.map((p) => `${p.from}  paused${p.to ? ` until ${p.to}` : ''}`),
  ];
  if (items.length === 0) return [];
  return items.map((item, i) => truncate(`  ${(i === 0 ? 'Spend' : '').padEnd(9)}${item}`, width));
}
