import { describe, expect, it } from 'vitest';
import { instantWindow, inWindow } from '../../src/domain/instant-window.js';

const ms = (iso: string) => Date.parse(iso);

describe('instantWindow: the instants around a moment that no timestamp in the data falls between', () => {
  const data = {
    createdAt: '2026-11-01T09:00:00.000Z',
    deals: [{ history: [{ at: '2026-11-20T10:00:00.000Z' }, { at: '2026-12-06T15:30:00+01:00' }] }],
    due: '2026-12-06', // a day, not an instant
    note: 'called at 2026-12-06T11:00:00.000Z', // text, not a timestamp
    fields: { custom: '2026-12-07T08:00:00Z' },
  };

  it('finds the latest instant at or before the moment and the earliest after it, offsets read as times', () => {
    expect(instantWindow(data, ms('2026-12-06T12:00:00Z'))).toEqual({
      from: ms('2026-11-20T10:00:00.000Z'),
      until: ms('2026-12-06T14:30:00Z'),
    });
    expect(instantWindow(data, ms('2026-11-20T10:00:00.000Z')).from).toBe(ms('2026-11-20T10:00:00.000Z'));
    expect(instantWindow(data, ms('2027-01-01T00:00:00Z'))).toEqual({ from: ms('2026-12-07T08:00:00Z'), until: null });
    expect(instantWindow({ a: ['x', 1, null] }, 0)).toEqual({ from: null, until: null });
  });

  it('holds a moment inside the window and not one past a timestamp', () => {
    const w = instantWindow(data, ms('2026-12-06T12:00:00Z'));
    expect(inWindow(w, ms('2026-12-06T14:29:59Z'))).toBe(true);
    expect(inWindow(w, ms('2026-12-06T14:30:00Z'))).toBe(false); // the deal's step is now in the past
    expect(inWindow(w, ms('2026-11-20T09:59:59Z'))).toBe(false); // a clock set back before a step
    expect(inWindow({ from: null, until: null }, 0)).toBe(true);
  });
});
