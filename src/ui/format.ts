import { currencyDigits } from '../domain/money.js';
import { daysBetween, relativeDays, weekdayOf } from '../domain/dates.js';
import type { IsoDay, Stage } from '../domain/types.js';
import type { Style } from './style.js';

const formatters = new Map<string, Intl.NumberFormat>();

/** 120050 cents in USD -> "$1,200.50"; whole amounts drop the cents ("$1,200"). Never more
 * decimals than the currency has: yen are whole (¥1,001 for a stored 100075). */
export function formatMoney(cents: number | null, currency: string): string {
  if (cents === null) return '—';
  const plain = plainMoney(cents, currency);
  if (plain !== null) return plain;
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

/** An estimate (an expected value, an end of its range, a forecast's error) in whole currency
 * units, rounded half away from zero: "$47,304" for 4730434 cents. Cents would claim a precision
 * a forecast does not have; --json keeps them exact. */
export function estimateMoney(cents: number | null, currency: string): string {
  if (cents === null) return '—';
  const whole = Math.round(Math.abs(cents) / 100) * 100;
  return formatMoney(cents < 0 && whole > 0 ? -whole : whole, currency);
}

/**
 * The symbols of the most used currencies as en-US amounts show them (test/ui/money-format checks
 * each against Intl): their amounts are written here, since Intl's first NumberFormat costs ~15 ms
 * of a start, an eighth of the agenda on a small file.
 */
const SYMBOLS: Readonly<Record<string, string>> = { USD: '$', EUR: '€', GBP: '£', INR: '₹', JPY: '¥', KRW: '₩' };

/** `cents` as Intl would write it in en-US (formatMoney's rules), for the currencies of SYMBOLS;
 * null for any other currency or an amount that is not a whole number of cents. */
function plainMoney(cents: number, currency: string): string | null {
  if (!Object.hasOwn(SYMBOLS, currency) || !Number.isSafeInteger(cents) || Object.is(cents, -0)) return null;
  const digits = currencyDigits(currency);
  const abs = Math.abs(cents);
  // Rounded half away from zero to the currency's minor unit, as Intl does.
  const units = digits === 2 ? abs : Math.round(abs / 10 ** (2 - digits)) * 10 ** (2 - digits);
  const whole = Math.floor(units / 100);
  const fraction = units % 100;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = digits === 0 || cents % 100 === 0 ? '' : `.${String(fraction).padStart(2, '0')}`;
  return `${cents < 0 ? '-' : ''}${SYMBOLS[currency]}${grouped}${decimals}`;
}

/** The compact units Intl's en-US compact notation uses up to billions (T and beyond: Intl). */
const COMPACT_UNITS: ReadonlyArray<[exponent: number, suffix: string]> = [
  [3, 'K'],
  [6, 'M'],
  [9, 'B'],
];

/**
 * `cents` as report tables write it (ui/campaigns.ts compactMoney: whole units below ten thousand,
 * "$12.3K" from there), as Intl would, for the currencies of SYMBOLS; null for any other currency,
 * an amount that is not a whole number of cents, or a trillion and up. Rounded half away from
 * zero on the exact amount, as Intl rounds; a compact amount that rounds up to a thousand of its
 * unit moves to the next unit ($999,950 → "$1M").
 */
export function plainCompactMoney(cents: number, currency: string): string | null {
  if (!Object.hasOwn(SYMBOLS, currency) || !Number.isSafeInteger(cents)) return null;
  const sign = cents < 0 || Object.is(cents, -0) ? '-' : '';
  const abs = Math.abs(cents);
  if (abs < 1_000_000) {
    const whole = Math.round(abs / 100);
    return `${sign}${SYMBOLS[currency]}${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
  }
  for (let u = 0; u < COMPACT_UNITS.length; u++) {
    const [exponent, suffix] = COMPACT_UNITS[u]!;
    // Tenths of the unit (cents: 2 more digits); a quotient of whole numbers is exact at a tie.
    const tenths = Math.round(abs / 10 ** (exponent + 1));
    if (tenths >= 10_000) continue;
    const fraction = tenths % 10;
    return `${sign}${SYMBOLS[currency]}${Math.floor(tenths / 10)}${fraction === 0 ? '' : `.${fraction}`}${suffix}`;
  }
  return null;
}

const symbols = new Map<string, string>();

/** The currency's symbol as amounts show it ("$", "£", "¥", "CHF"), for column labels. */
export function currencySymbol(currency: string): string {
  if (Object.hasOwn(SYMBOLS, currency)) return SYMBOLS[currency]!;
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
