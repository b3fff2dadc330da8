import { addDays } from 'date-fns/addDays';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { dayStart, shiftDay, toDay, weekStart } from '../../src/domain/dates.js';

// shiftDay and weekStart count in UTC for speed (reports call them for every day of every
// campaign); they must give exactly the calendar days that moving local midnight gives, in any
// time zone, across daylight-saving changes and at the edges of the calendar.
const ZONES = ['UTC', 'America/Sao_Paulo', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Apia', 'Asia/Kathmandu'];
const original = process.env.TZ;
afterEach(() => {
  process.env.TZ = original;
});

const byLocalMidnight = (day: string, days: number) => toDay(addDays(dayStart(day), days));
const mondayByLocalMidnight = (day: string) => byLocalMidnight(day, -((dayStart(day).getDay() + 6) % 7));

const day = fc
  .date({ min: new Date('0001-01-01T12:00:00Z'), max: new Date('9999-12-31T12:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('moving a calendar day', () => {
  it('gives the day moving local midnight gives, in every time zone', () => {
    for (const zone of ZONES) {
      process.env.TZ = zone;
      fc.assert(
        fc.property(day, fc.integer({ min: -800, max: 800 }), (d, n) => {
          expect(shiftDay(d, n)).toBe(byLocalMidnight(d, n));
          expect(weekStart(d)).toBe(mondayByLocalMidnight(d));
        }),
        { numRuns: 300 },
      );
      for (const [d, n] of [
        ['2026-03-29', 1], // Europe's spring change
        ['2026-10-25', -1],
        ['0001-01-01', -1],
        ['0099-12-31', 1],
        ['9999-12-31', 1],
        ['2024-02-28', 1],
      ] as const) {
        expect(shiftDay(d, n)).toBe(byLocalMidnight(d, n));
      }
    }
  });

  it('counts calendar days even over a day a time zone skipped (local midnight jumped over it)', () => {
    process.env.TZ = 'Pacific/Apia'; // Samoa went from 29 to 31 December 2011
    expect(shiftDay('2011-12-29', 1)).toBe('2011-12-30');
    expect(shiftDay('2011-12-29', 2)).toBe('2011-12-31');
  });
});
