import { describe, expect, it } from 'vitest';
import { addInterval, everyText, formatInterval, nextDue, parseInterval } from '../../src/domain/recurrence.js';

describe('reading an interval', () => {
  it('takes a number and a unit, singular or plural', () => {
    expect(parseInterval('3 months')).toEqual({ count: 3, unit: 'month' });
    expect(parseInterval('2 weeks')).toEqual({ count: 2, unit: 'week' });
    expect(parseInterval('10 days')).toEqual({ count: 10, unit: 'day' });
    expect(parseInterval('1 month')).toEqual({ count: 1, unit: 'month' });
    expect(parseInterval(' 1  Week ')).toEqual({ count: 1, unit: 'week' });
    expect(parseInterval('month')).toEqual({ count: 1, unit: 'month' });
    expect(parseInterval('every 2 weeks')).toEqual({ count: 2, unit: 'week' });
    expect(parseInterval('3m')).toEqual({ count: 3, unit: 'month' });
  });

  it('takes years and quarters, kept as months', () => {
    expect(parseInterval('1 year')).toEqual({ count: 12, unit: 'month' });
    expect(parseInterval('2 years')).toEqual({ count: 24, unit: 'month' });
    expect(parseInterval('every year')).toEqual({ count: 12, unit: 'month' });
    expect(parseInterval('1y')).toEqual({ count: 12, unit: 'month' });
    expect(parseInterval('10 years')).toEqual({ count: 120, unit: 'month' });
    expect(parseInterval('2 quarters')).toEqual({ count: 6, unit: 'month' });
  });

  it('takes the adverbs daily, weekly, monthly, quarterly, yearly and annually', () => {
    expect(parseInterval('daily')).toEqual({ count: 1, unit: 'day' });
    expect(parseInterval('Weekly')).toEqual({ count: 1, unit: 'week' });
    expect(parseInterval('monthly')).toEqual({ count: 1, unit: 'month' });
    expect(parseInterval('quarterly')).toEqual({ count: 3, unit: 'month' });
    expect(parseInterval('yearly')).toEqual({ count: 12, unit: 'month' });
    expect(parseInterval(' annually ')).toEqual({ count: 12, unit: 'month' });
  });

  it('refuses nothing, zero, fractions, unknown units and absurd lengths, in one line', () => {
    const message = (text: string) => {
      try {
        parseInterval(text);
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(message('0 days')).toBe('invalid interval "0 days": it must be at least 1 day');
    expect(message('fortnight')).toBe('invalid interval "fortnight"');
    expect(message('1.5 weeks')).toBe('invalid interval "1.5 weeks"');
    expect(message('-2 weeks')).toBe('invalid interval "-2 weeks"');
    expect(message('0 years')).toBe('invalid interval "0 years": it must be at least 1 year');
    expect(message('11 years')).toBe('invalid interval "11 years": at most 10 years');
    expect(message('41 quarters')).toBe('invalid interval "41 quarters": at most 40 quarters');
    expect(message('2 weekly')).toBe('invalid interval "2 weekly"');
    expect(message('every monthly')).toBe('invalid interval "every monthly"');
    expect(message('3 decades')).toBe('invalid interval "3 decades"');
    expect(message('2 constructor')).toBe('invalid interval "2 constructor"');
    expect(message('toString')).toBe('invalid interval "toString"');
    expect(message('')).toBe('the interval is empty');
    expect(message('121 months')).toBe('invalid interval "121 months": at most 120 months');
    expect(message('99999999999999999999 days')).toBe(
      'invalid interval "99999999999999999999 days": at most 3660 days',
    );
    expect(message('2 weeks; rm -rf /')).toBe('invalid interval "2 weeks; rm -rf /"');
  });

  it('spells an interval back', () => {
    expect(formatInterval({ count: 3, unit: 'month' })).toBe('3 months');
    expect(formatInterval({ count: 1, unit: 'day' })).toBe('1 day');
    expect(everyText({ count: 1, unit: 'week' })).toBe('every week');
    expect(everyText({ count: 10, unit: 'day' })).toBe('every 10 days');
    expect(formatInterval({ count: 12, unit: 'month' })).toBe('1 year');
    expect(formatInterval({ count: 24, unit: 'month' })).toBe('2 years');
    expect(formatInterval({ count: 18, unit: 'month' })).toBe('18 months');
    expect(everyText({ count: 12, unit: 'month' })).toBe('every year');
    expect(everyText({ count: 36, unit: 'month' })).toBe('every 3 years');
    expect(everyText({ count: 1, unit: 'month' })).toBe('every month');
  });
});

describe('the next occurrence', () => {
  it('is one interval after the day the last was done', () => {
    expect(nextDue('2026-12-06', { count: 10, unit: 'day' })).toBe('2026-12-16');
    expect(nextDue('2026-12-28', { count: 2, unit: 'week' })).toBe('2027-01-11');
    expect(nextDue('2026-12-06', { count: 3, unit: 'month' })).toBe('2027-03-06');
  });

  it('keeps the day of the month, or the last day of a shorter month', () => {
    expect(addInterval('2027-01-31', { count: 1, unit: 'month' })).toBe('2027-02-28');
    expect(addInterval('2028-01-31', { count: 1, unit: 'month' })).toBe('2028-02-29');
    expect(addInterval('2026-08-31', { count: 3, unit: 'month' })).toBe('2026-11-30');
    expect(addInterval('2026-11-15', { count: 14, unit: 'month' })).toBe('2028-01-15');
    expect(addInterval('2100-01-29', { count: 1, unit: 'month' })).toBe('2100-02-28');
    expect(addInterval('2000-01-29', { count: 1, unit: 'month' })).toBe('2000-02-29');
  });
});
