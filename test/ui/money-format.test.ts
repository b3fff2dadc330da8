import { describe, expect, it } from 'vitest';
import { currencyDigits } from '../../src/domain/money.js';
import { currencySymbol, formatMoney } from '../../src/ui/format.js';

// formatMoney writes the most used currencies itself (Intl's first NumberFormat costs ~15 ms of a
// start): what it writes must be what Intl writes, on the Node running the suite (CI runs 20 and 24).
function intlMoney(cents: number, currency: string): string {
  const digits = Math.min(
    2,
    new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2,
  );
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: cents % 100 === 0 ? 0 : digits,
    maximumFractionDigits: digits,
  }).format(cents / 100);
}

const AMOUNTS = [0, 1, 5, 49, 50, 51, 99, 100, 150, 999, 1_000, 99_950, 100_075, 120_050, 123_456_789, 99_999_999_999];

describe('money written without Intl', () => {
  for (const currency of ['USD', 'EUR', 'GBP', 'INR', 'JPY', 'KRW', 'CHF', 'SEK'])
    it(`${currency}: as Intl writes it, its digits and its symbol`, () => {
      for (const cents of [...AMOUNTS, ...AMOUNTS.map((a) => -a), 12.5, -0])
        expect([cents, formatMoney(cents, currency)]).toEqual([cents, intlMoney(cents, currency)]);
      const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency }).formatToParts(0);
      expect(currencySymbol(currency)).toBe(parts.find((p) => p.type === 'currency')?.value);
      expect(currencyDigits(currency)).toBe(
        Math.min(
          2,
          new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2,
        ),
      );
    });
});
