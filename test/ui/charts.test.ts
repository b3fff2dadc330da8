import { describe, expect, it } from 'vitest';
import { bar, sparkline } from '../../src/ui/charts.js';
import { compactMoney, describeChanges } from '../../src/ui/campaigns.js';
import { currencySymbol, formatMoney } from '../../src/ui/format.js';
import { checkMinorUnits, currencyDigits, parseMoney } from '../../src/domain/money.js';

describe('charts', () => {
  it('draws bars with eighth blocks in Unicode and hashes in ASCII', () => {
    expect(bar(10, 10, 8, true)).toBe('████████');
    expect(bar(5, 10, 5, true)).toBe('██▌');
    expect(bar(5, 10, 5, false)).toBe('###');
    expect(bar(0, 10, 5, true)).toBe('');
  });

  it('never draws a non-zero value as nothing', () => {
    expect(bar(1, 1000, 10, true)).toBe('▏');
    expect(bar(1, 1000, 10, false)).toBe('#');
  });

  it('scales a sparkline to its largest value, zero at the bottom mark', () => {
    expect(sparkline([0, 1, 2, 4, 8], true)).toBe('▁▂▃▅█');
    expect(sparkline([0, 1, 2, 4, 8], false)).toBe('_.:=#');
    expect(sparkline([0, 0], true)).toBe('▁▁');
  });
});

describe('report formatting', () => {
  it('prints money in whole units, compact from ten thousand up', () => {
    expect(compactMoney(133_333, 'USD')).toBe('$1,333');
    expect(compactMoney(1_234_567, 'USD')).toBe('$12.3K');
    expect(compactMoney(null, 'USD')).toBe('—');
    expect(compactMoney(50_000, 'EUR')).toBe('€500');
  });

  it('describes an adjustment field by field with money in the currency', () => {
    expect(
      describeChanges({ cost: { from: 120_000, to: 150_000 }, end: { from: null, to: '2026-12-01' } }, 'USD'),
    ).toBe('cost $1,200 → $1,500, end none → 2026-12-01');
  });
});

describe('money in currencies other than dollars', () => {
  it('labels columns with the currency symbol and never shows decimals a currency does not have', () => {
    expect([currencySymbol('USD'), currencySymbol('GBP'), currencySymbol('JPY'), currencySymbol('EUR')]).toEqual([
      '$',
      '£',
      '¥',
      '€',
    ]);
    expect(formatMoney(100_000, 'JPY')).toBe('¥1,000');
    expect(formatMoney(100_075, 'JPY')).toBe('¥1,001');
    expect(formatMoney(100_075, 'GBP')).toBe('£1,000.75');
  });

  it('refuses an amount finer than the currency minor unit, storing hundredths as always', () => {
    expect(parseMoney('1000', '--value')).toBe(100_000);
    expect(() => checkMinorUnits(100_000, 'JPY', '--value')).not.toThrow();
    expect(() => checkMinorUnits(100_075, 'JPY', '--value')).toThrow(
      '--value must be a whole amount in JPY, which has no minor unit: got 1000.75',
    );
    expect(() => checkMinorUnits(100_075, 'GBP', '--value')).not.toThrow();
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(2);
  });
});
