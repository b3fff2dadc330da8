import { describe, expect, it } from 'vitest';
import * as chrono from 'chrono-node';
import {
  dayFromNumber,
  dayNumber,
  daysBetween,
  FarAheadDate,
  NeedsNaturalParser,
  relativeDays,
  weekdayOf,
  parseDay,
  shiftDay,
  toDay,
  weekStart,
  type NaturalDateParser,
} from '../../src/domain/dates.js';
import { MeldError } from '../../src/errors.js';
import { echoDay } from '../../src/ui/format.js';
import { useBusinessZone } from '../../src/context.js';

/** `fn` with `zone` as the business time zone (as a command sets it), then the reader's again. */
function inZone<T>(zone: string, fn: () => T): T {
  const restore = useBusinessZone(zone);
  try {
    return fn();
  } finally {
    restore();
  }
}

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

  it.each([
    'tomorrow;rm -rf /',
    '2026-13-01',
    '2026-02-30',
    '2026-00-10',
    'soon',
    '12/03',
    'tomorrow at noon and more',
    '5pm',
    'in 99999 days',
    '+1y',
  ])('refuses %j, quoting the input', (input) => {
    expect(() => day(input)).toThrow(MeldError);
    expect(() => day(input)).toThrow(/invalid date/);
  });

  it('reads a day without a year as the last one when looking back, the closest one for a start', () => {
    const back = (input: string) => parseDay(input, now, natural, 'past');
    expect([back('nov 1'), back('oct 1'), back('nov 27'), back('dec 3'), back('jan 5')]).toEqual([
      '2026-11-01',
      '2026-10-01',
      '2026-11-27',
      '2025-12-03',
      '2026-01-05',
    ]);
    expect([back('fri'), back('mon'), back('next mon'), back('yesterday'), back('2027-01-01')]).toEqual([
      '2026-11-27',
      '2026-11-23',
      '2026-11-30',
      '2026-11-26',
      '2027-01-01',
    ]);
    const near = (input: string) => parseDay(input, now, natural, 'nearest');
    expect([near('nov 1'), near('dec 3'), near('jan 5')]).toEqual(['2026-11-01', '2026-12-03', '2027-01-05']);
    expect(day('sep 1')).toBe('2027-09-01'); // looking ahead: the next Sep 1 (278 days)
  });

  it('refuses a date without a year that would land more than 300 days ahead, naming both days', () => {
    const dec29 = new Date('2026-12-29T10:00:00Z');
    const ahead = (input: string) => parseDay(input, dec29, natural);
    expect(() => ahead('dec 22')).toThrow(FarAheadDate);
    expect(() => ahead('dec 22')).toThrow('"dec 22" has no year: 2026-12-22 (7 days ago) or 2027-12-22 (in 358 days)?');
    try {
      ahead('Dec 22');
    } catch (error) {
      expect(error).toMatchObject({
        recent: '2026-12-22',
        ahead: '2027-12-22',
        hint: 'type the year, e.g. 2027-12-22',
      });
    }
    // 300 days ahead is still taken as typed; 301 is asked about; a year typed is never questioned.
    expect(parseDay('oct 25', dec29, natural)).toBe('2027-10-25'); // 300 days
    expect(() => parseDay('oct 26', dec29, natural)).toThrow(FarAheadDate); // 301 days
    expect(ahead('dec 22 2027')).toBe('2027-12-22');
    expect(ahead('2027-12-22')).toBe('2027-12-22');
    expect(ahead('jan 5')).toBe('2027-01-05');
    // Looking back or to the nearest, nothing jumps a year ahead to begin with.
    expect(parseDay('dec 22', dec29, natural, 'past')).toBe('2026-12-22');
    expect(parseDay('dec 22', dec29, natural, 'nearest')).toBe('2026-12-22');
  });

  it('refuses an empty date rather than reading it as none', () => {
    for (const input of ['', '   ']) {
      expect(() => day(input)).toThrow(MeldError);
      expect(() => day(input)).toThrow('the date is empty');
    }
  });

  it('says how far a day is, with its weekday', () => {
    expect([relativeDays(0), relativeDays(1), relativeDays(-1), relativeDays(3), relativeDays(-12)]).toEqual([
      'today',
      'tomorrow',
      'yesterday',
      'in 3 days',
      '12 days ago',
    ]);
    expect([weekdayOf('2026-12-04'), weekdayOf('2026-11-29')]).toEqual(['fri', 'sun']);
    expect(echoDay('2026-12-04', '2026-12-01')).toBe('fri 2026-12-04, in 3 days');
  });

  it('handles the fast forms without loading the natural-language parser', () => {
    expect(parseDay('tomorrow', now)).toBe('2026-11-28');
    expect(parseDay('+2w', now)).toBe('2026-12-11');
    expect(() => parseDay('dec 3', now)).toThrow(NeedsNaturalParser);
  });

  it("uses the business time zone's calendar day, not the UTC one", () => {
    const late = new Date('2026-11-27T23:30:00Z');
    expect(inZone('UTC', () => parseDay('today', late))).toBe('2026-11-27');
    expect(inZone('Asia/Kolkata', () => parseDay('today', late))).toBe('2026-11-28');
    expect(inZone('America/New_York', () => parseDay('tomorrow', late))).toBe('2026-11-28');
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
    expect([weekStart('2026-11-27'), weekStart('2026-11-23'), weekStart('2026-11-22')]).toEqual([
      '2026-11-23',
      '2026-11-23',
      '2026-11-16',
    ]);
    expect(inZone('UTC', () => toDay(new Date('2026-01-05T23:59:59.999Z')))).toBe('2026-01-05');
    expect(inZone('Pacific/Auckland', () => toDay(new Date('2026-01-05T23:59:59.999Z')))).toBe('2026-01-06');
  });
});

describe('a date typed without a year', () => {
  it('offers the nearer of its two days first: "oct 20" typed on Oct 29 is the one 9 days ago', () => {
    expect(new FarAheadDate('oct 20', '2026-10-20', '2027-10-20', '2026-10-29').nearer).toBe('2026-10-20');
    expect(new FarAheadDate('jan 3', '2026-01-03', '2027-01-03', '2026-07-20').nearer).toBe('2027-01-03');
  });
});

describe('day arithmetic, in one module', () => {
  it('numbers days, counts between them and steps them the same way, across months, leap days and years', () => {
    for (const [from, to, n] of [
      ['2026-12-31', '2027-01-01', 1],
      ['2028-02-28', '2028-03-01', 2],
      ['2026-03-28', '2026-03-30', 2],
      ['1970-01-01', '2026-11-27', 20_784],
    ] as const) {
      expect(daysBetween(from, to)).toBe(n);
      expect(dayNumber(to) - dayNumber(from)).toBe(n);
      expect(shiftDay(from, n)).toBe(to);
      expect(dayFromNumber(dayNumber(from) + n)).toBe(to);
    }
  });
});
