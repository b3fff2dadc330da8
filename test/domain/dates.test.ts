import { describe, expect, it } from 'vitest';
import * as chrono from 'chrono-node';
import { daysBetween, NeedsNaturalParser, parseDay, shiftDay, toDay, weekStart, type NaturalDateParser } from '../../src/domain/dates.js';
import { MeldError } from '../../src/errors.js';

const now = new Date('2026-11-27T10:00:00Z'); // a Friday
const natural = chrono as unknown as NaturalDateParser;
const day = (input: string) => parseDay(input, now, natural);

describe('parseDay', () => {
  it.each([
    ['2026-12-03', '2026-12-03'],
    ['today', '2026-11-27'],
    ['Tomorrow', '2026-11-28'],
    ['yesterday', '2026-11-26'],
    ['+3d', '2026-11-30'],
    ['+2w', '2026-12-11'],
    ['-1d', '2026-11-26'],
    ['+1m', '2026-12-27'],
    ['in 3 days', '2026-11-30'],
    ['in 1 week', '2026-12-04'],
    ['next week', '2026-12-04'],
    ['next month', '2026-12-27'],
    ['mon', '2026-11-30'],
    ['monday', '2026-11-30'],
    ['fri', '2026-12-04'],
    ['next friday', '2026-12-04'],
    ['dec 3', '2026-12-03'],
    ['December 24', '2026-12-24'],
    ['jan 5', '2027-01-05'],
  ])('reads %j as %s', (input, expected) => {
    expect(day(input)).toBe(expected);
  });

  it.each(['tomorrow;rm -rf /', '2026-13-01', '2026-02-30', '2026-00-10', '', '   ', 'soon', '12/03', 'tomorrow at noon and more', '5pm', 'in 99999 days', '+1y'])(
    'refuses %j, quoting the input',
    (input) => {
      expect(() => day(input)).toThrow(MeldError);
      expect(() => day(input)).toThrow(/invalid date/);
    },
  );

  it('handles the fast forms without loading the natural-language parser', () => {
    expect(parseDay('tomorrow', now)).toBe('2026-11-28');
    expect(parseDay('+2w', now)).toBe('2026-12-11');
    expect(() => parseDay('dec 3', now)).toThrow(NeedsNaturalParser);
  });

  it('uses the local calendar day, not the UTC one', () => {
    const late = new Date('2026-11-27T23:30:00Z');
    // vitest runs with TZ=UTC; the day is the 27th there.
    expect(parseDay('today', late)).toBe('2026-11-27');
  });
});

describe('calendar arithmetic', () => {
  it('shifts across month and year ends', () => {
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01');
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts whole days between two dates', () => {
    expect(daysBetween('2026-11-20', '2026-11-27')).toBe(7);
    expect(daysBetween('2026-11-27', '2026-11-20')).toBe(-7);
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
  });

  it('finds the Monday on or before a day, and the local day of an instant', () => {
    expect([weekStart('2026-11-27'), weekStart('2026-11-23'), weekStart('2026-11-22')]).toEqual(['2026-11-23', '2026-11-23', '2026-11-16']);
    expect(toDay(new Date('2026-01-05T23:59:59.999Z'))).toBe('2026-01-05');
  });
});
