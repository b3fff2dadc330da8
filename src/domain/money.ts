import { MeldError } from '../errors.js';

/**
 * Amounts stay below 10^13 cents (100 billion in the major unit), as the data file's schema and
 * the docs say: sums of many of them stay exact in a double.
 */
const LIMIT_CENTS = 10 ** 13;

/** Reads "1200", "1200.5", "1,200.50" or "$1200" as integer cents; refuses negatives and
 * more than two decimals rather than rounding money silently. `shown` is the amount as the user
 * typed it, for messages (a signed amount comes here without its sign). */
export function parseMoney(input: string, flag: string, shown = input): number {
  const text = input.trim().replace(/^[$\u20ac\u00a3\u00a5]/, ''); // $ € £ ¥;
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(text)) {
    const negative = /^\s*-/.test(input);
    throw new MeldError(
      negative
        ? `${flag} cannot be negative: "${shown}"`
        : `${flag} must be an amount like 1200 or 1200.50, got "${shown}"`,
    );
  }
  const [whole, fraction = ''] = text.replace(/,/g, '').split('.') as [string, string?];
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents >= LIMIT_CENTS) {
    throw new MeldError(`${flag} is too large: "${shown}" (amounts stay below 100,000,000,000)`);
  }
  return cents;
}

/** Money in `--json`: major units as a number (120050 -> 1200.5). */
export function centsToMajor(cents: number): number;
export function centsToMajor(cents: number | null): number | null;
export function centsToMajor(cents: number | null): number | null {
  return cents === null ? null : cents / 100;
}

export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  const known = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency');
  return known ? known.includes(code) : true;
}

/**
 * The minor digits of the most used currencies, as Intl gives them (test/domain/money-exact
 * checks each against it): asked of Intl, the first NumberFormat costs ~15 ms of a start.
 */
const MINOR_DIGITS: Readonly<Record<string, number>> = { USD: 2, EUR: 2, GBP: 2, INR: 2, JPY: 0, KRW: 0 };

/** Decimal places of the currency's minor unit (USD 2, JPY 0), capped at the 2 that meld's
 * storage holds: amounts are always stored in hundredths of the major unit, whatever the currency. */
export function currencyDigits(currency: string): number {
  if (Object.hasOwn(MINOR_DIGITS, currency)) return MINOR_DIGITS[currency]!;
  try {
    const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
    return Math.min(2, digits ?? 2);
  } catch {
    return 2;
  }
}

/** Refuses an amount (in hundredths) finer than the currency's minor unit: ¥1,000.75 does not exist. */
export function checkMinorUnits(cents: number, currency: string, flag: string): void {
  const digits = currencyDigits(currency);
  if (cents % 10 ** (2 - digits) === 0) return;
  const amount = (cents / 100).toFixed(2).replace(/0$/, '');
  throw new MeldError(
    digits === 0
      ? `${flag} must be a whole amount in ${currency}, which has no minor unit: got ${amount}`
      : `${flag} allows ${digits} decimal in ${currency}: got ${amount}`,
  );
}
