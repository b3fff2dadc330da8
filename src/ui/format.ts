import { currencyDigits } from '../domain/money.js';
import { daysBetween, relativeDays, weekdayOf } from '../domain/dates.js';
import type { IsoDay, Stage } from '../domain/types.js';
import type { Style } from './style.js';

const formatters = new Map<string, Intl.NumberFormat>();

/** 120050 cents in USD -> "$1,200.50"; whole amounts drop the cents ("$1,200"). Never more
 * decimals than the currency has: yen are whole (¥1,001 for a stored 100075). */
export function formatMoney(cents: number | null, currency: string): string {
  if (cents === null) return '—';
  const whole = cents % 100 === 0;
  const key = `${currency}:${whole}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = currencyDigits(currency);
    formatter = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: whole ? 0 : digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(cents / 100);
}

const symbols = new Map<string, string>();

/** The currency's symbol as amounts show it ("$", "£", "¥", "CHF"), for column labels. */
export function currencySymbol(currency: string): string {
  let symbol = symbols.get(currency);
  if (symbol === undefined) {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
    symbol = parts.find((p) => p.type === 'currency')?.value ?? currency;
    symbols.set(currency, symbol);
  }
  return symbol;
}

export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(ratio < 0.1 && ratio > 0 ? 1 : 0)}%`;
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(0)}%`;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

/** How a person with no deals shows where a stage would be. */
export const NO_STAGE = '—';

/** A stage, coloured; `—` for a person with no deals (stage null). */
export function stageLabel(stage: Stage | null, style: Style): string {
  switch (stage) {
    case null:
      return style.dim(NO_STAGE);
    case 'won':
      return style.green(stage);
    case 'lost':
      return style.dim(stage);
    case 'proposal':
      return style.cyan(stage);
    case 'qualified':
      return style.blue(stage);
    default:
      return stage;
  }
}

/** A date meld just set, echoed so a forgiving guess is never silent: "fri 2026-12-04, in 3 days". */
export function echoDay(day: IsoDay, today: IsoDay): string {
  return `${weekdayOf(day)} ${day}, ${relativeDays(daysBetween(today, day))}`;
}

/** "overdue 3d", "today", "in 2d" relative to today, for follow-up lists. */
export function dueLabel(daysFromToday: number): string {
  if (daysFromToday === 0) return 'today';
  if (daysFromToday < 0) return `${-daysFromToday}d overdue`;
  return daysFromToday === 1 ? 'tomorrow' : `in ${daysFromToday}d`;
}
