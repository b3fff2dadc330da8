import { describe, expect, it } from 'vitest';
import { closeByTrail, dealsToWatch, PUSHES_TO_FLAG } from '../../src/domain/agenda.js';
import { agendaDealsDb } from '../fixtures/agenda-deals.js';
import { deal } from '../helpers/records.js';

const TODAY = '2026-11-27';
const NOW = new Date('2026-11-27T10:00:00.000Z');

describe('deals on the agenda', () => {
  it('lists open deals past their expected close day or pushed three times, ranked by urgency', () => {
    const watch = dealsToWatch(agendaDealsDb(), TODAY, NOW);
    expect(
      watch.map((w) => ({
        deal: w.open.deal.id,
        who: w.prospect.name,
        late: w.late,
        pushed: w.pushed,
        urgency: [w.urgency.overdue.points, w.urgency.stage.points, w.urgency.value.points, w.urgency.score],
      })),
    ).toEqual([
      // 16 days past its close-by: 10 + 2 × 16 = 42 overdue, proposal 6, $4,000 1 = 49.
      {
        deal: 1,
        who: 'Ana Souza',
        late: { closeDay: '2026-11-11', source: 'set', days: 16 },
        pushed: null,
        urgency: [42, 6, 1, 49],
      },
      // No close-by: new since Nov 1 + the 10 days your won deal took from new = Nov 11; no value.
      {
        deal: 3,
        who: 'Cy Park',
        late: { closeDay: '2026-11-11', source: 'learned', days: 16 },
        pushed: null,
        urgency: [42, 0, 0, 42],
      },
      // 7 days late (10 + 14), contacted 2, $15,000 2 = 28; and pushed three times.
      {
        deal: 5,
        who: 'Dee Ray',
        late: { closeDay: '2026-11-20', source: 'set', days: 7 },
        pushed: { count: 3, days: ['2026-09-15', '2026-10-15', '2026-11-01', '2026-11-20'] },
        urgency: [24, 2, 2, 28],
      },
      // Only pushed: ranked as due today (0), qualified 4, $2,000 1 = 5.
      {
        deal: 2,
        who: 'Bo Lee',
        late: null,
        pushed: { count: 3, days: ['2026-10-01', '2026-11-01', '2026-12-01', '2027-01-15'] },
        urgency: [0, 4, 1, 5],
      },
    ]);
  });

  it('counts only moves to a later day as pushes, and flags from the third', () => {
    expect(PUSHES_TO_FLAG).toBe(3);
    const db = agendaDealsDb();
    // d6 was pushed twice; d7 was moved earlier three times; d8 is lost: none is listed.
    expect(dealsToWatch(db, TODAY, NOW).map((w) => w.open.deal.id)).not.toContain(6);
    db.deals[5]!.closeByChanges.push({ at: '2026-10-20T09:00:00.000Z', from: '2026-12-20', to: '2027-01-10' });
    db.deals[5]!.closeBy = '2027-01-10';
    expect(dealsToWatch(db, TODAY, NOW).find((w) => w.open.deal.id === 6)?.pushed).toEqual({
      count: 3,
      days: ['2026-12-01', '2026-12-10', '2026-12-20', '2027-01-10'],
    });
  });

  it('is empty for a file without deals, and a deal closing today is not late', () => {
    const db = agendaDealsDb();
    expect(dealsToWatch({ ...db, deals: [] }, TODAY, NOW)).toEqual([]);
    db.deals = [deal({ id: 1, stage: 'proposal', closeBy: TODAY, closeByChanges: [] })];
    expect(dealsToWatch(db, TODAY, NOW)).toEqual([]);
  });

  it('walks the close-by days oldest first, whatever order the file lists them in', () => {
    const d = deal({
      closeByChanges: [
        { at: '2026-10-05T00:00:00.000Z', from: '2026-11-01', to: '2026-12-01' },
        { at: '2026-10-01T00:00:00.000Z', from: null, to: '2026-11-01' },
      ],
    });
    expect(closeByTrail(d)).toEqual(['2026-11-01', '2026-12-01']);
  });
});
