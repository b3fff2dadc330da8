import { MeldError } from '../errors.js';

/** Largest amount meld accepts: a billion in major units, far below float trouble. */
const MAX_CENTS = 100_000_000_000;

/** Reads "1200", "1200.5", "1,200.50" or "$1200" as integer cents; refuses negatives and
 * more than two decimals rather than rounding money silently. */
export function parseMoney(input: string, flag: string): number {
  const text = input.trim().replace(/^[$€£]/, '');
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(text)) {
    const negative = /^\s*-/.test(input);
    throw new MeldError(
      negative ? `${flag} cannot be negative: "${input}"` : `${flag} must be an amount like 1200 or 1200.50, got "${input}"`,
    );
  }
  const [whole, fraction = ''] = text.replace(/,/g, '').split('.') as [string, string?];
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents > MAX_CENTS) {
    throw new MeldError(`${flag} is too large: "${input}"`);
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
