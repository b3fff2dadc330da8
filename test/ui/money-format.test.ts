import { describe, expect, it } from 'vitest';
import { currencyDigits } from '../../src/domain/money.js';
import { compactMoney, intlCompactMoney } from '../../src/ui/campaigns.js';
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

// compactMoney (report tables) likewise: its amounts must be Intl's, compact notation included.
describe('compact money written without Intl', () => {
  // Around every rounding and unit boundary, and a spread of amounts between.
  const edges = [0, 1, 40, 49, 50, 51, 99, 149, 150, 151, 999_949, 999_950, 999_999, 1_000_000, 1_004_999];
  for (const unit of [1e5, 1e8, 1e11, 1e14])
    for (const k of [1, 9.99, 9.995, 10, 99.95, 99.949, 999.94, 999.95, 999.96, 1000])
      for (const d of [-1, 0, 1]) edges.push(Math.round(k * unit) + d);
  let seed = 7;
  const random = () => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  for (let i = 0; i < 400; i++) edges.push(Math.floor(random() ** 4 * 10 ** (2 + Math.floor(random() * 14))));
  for (const currency of ['USD', 'EUR', 'GBP', 'INR', 'JPY', 'KRW', 'CHF'])
    it(`${currency}: as Intl writes it, whole and compact`, () => {
      for (const cents of [...edges, ...edges.map((a) => -a), -0, 12.5, 1_234_567.5])
        expect([cents, compactMoney(cents, currency)]).toEqual([cents, intlCompactMoney(cents, currency)]);
    });
});
