import { describe, expect, it } from 'vitest';
import { DEMO_SIZE, generateSample } from '../../src/domain/sample.js';
import { checkSchema } from '../../src/store/schema.js';
import { dealsToWatch } from '../../src/domain/agenda.js';
import { learnedRates } from '../../src/domain/forecast/rates.js';
import { isOpenStage } from '../../src/domain/types.js';

const now = new Date('2026-11-27T10:00:00Z');

describe('generateSample', () => {
  const db = generateSample(DEMO_SIZE, now);

  it('makes a valid file, the same for the same seed', () => {
    expect(checkSchema(db).ok).toBe(true);
    expect(generateSample(DEMO_SIZE, now)).toEqual(db);
  });

  it('covers what the reports need: every stage, adjusted campaigns, lost reasons, overdue and next-step-less leads', () => {
    const stages = new Set(db.deals.map((d) => d.stage));
    expect([...stages].sort()).toEqual(['contacted', 'lost', 'new', 'proposal', 'qualified', 'won']);
    expect(db.campaigns.filter((c) => c.adjustments.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(db.deals.filter((d) => d.lostReason).length).toBeGreaterThanOrEqual(3);
    expect(db.followUps.some((f) => f.status === 'open' && f.due < '2026-11-27')).toBe(true);
    expect(db.followUps.some((f) => f.status === 'open' && f.due === '2026-11-27')).toBe(true);
    const withNextStep = new Set(db.followUps.filter((f) => f.status === 'open').map((f) => f.prospectId));
    expect(db.deals.some((d) => d.stage !== 'won' && d.stage !== 'lost' && !withNextStep.has(d.prospectId))).toBe(true);
  });

  it('keeps records consistent: history starts at new, ids match counters, nothing in the future', () => {
    for (const p of db.prospects) expect(p.createdAt <= now.toISOString()).toBe(true);
    for (const d of db.deals) {
      expect(d.history[0]?.stage).toBe('new');
      expect(d.history.at(-1)?.stage).toBe(d.stage);
      expect(d.updatedAt <= now.toISOString()).toBe(true);
    }
    expect(db.lastIds.prospect).toBe(db.prospects.length);
    expect(db.lastIds.deal).toBe(db.deals.length);
    expect(db.activities.every((a) => a.at <= now.toISOString())).toBe(true);
  });
});

describe('generateSample follow-ups', () => {
  it('never plans a follow-up due before its prospect came in', () => {
    const db = generateSample(DEMO_SIZE, now);
    const created = new Map(db.prospects.map((p) => [p.id, p.createdAt.slice(0, 10)]));
    for (const f of db.followUps) expect(f.due >= created.get(f.prospectId)!).toBe(true);
  });

  it('has lost reasons typed two ways, so the report shows them grouped', () => {
    const db = generateSample(DEMO_SIZE, now);
    const reasons = db.deals.map((d) => d.lostReason).filter((r): r is string => r !== null);
    const variants = new Set(reasons.filter((r) => r.trim().toLowerCase() === 'no budget'));
    expect(variants.size).toBeGreaterThanOrEqual(2);
  });
});

describe("the demo's deals", () => {
  const db = generateSample(DEMO_SIZE, now);
  const today = '2026-11-27';

  it('learns the win rate of at least two stages from its closed deals', () => {
    const rates = learnedRates(db.deals, {
      set: db.config.stageProbability,
      minClosed: db.config.forecastMinClosed,
    });
    expect(rates.map((r) => `${r.stage} ${r.used}`)).toEqual([
      'new learned',
      'contacted learned',
      'qualified learned',
      'proposal set',
    ]);
  });

  it('keeps its open deals current: a few past their expected close day, the rest due in the coming weeks', () => {
    const open = db.deals.filter((d) => isOpenStage(d.stage));
    expect(open).toHaveLength(30);
    const watch = dealsToWatch(db, today, now);
    // The late ones furthest along with a value: d26 and d41 (proposal) keep a close-by day that
    // passed 4 and 9 days ago, d9 (qualified) its learned day; everything else is ahead.
    expect(watch.map((w) => [w.open.deal.id, w.late?.closeDay, w.late?.source, w.late?.days])).toEqual([
      [9, '2026-10-19', 'learned', 39],
      [41, '2026-11-18', 'set', 9],
      [26, '2026-11-23', 'set', 4],
    ]);
    const closeBy = open.filter((d) => d.closeBy !== null && d.closeBy >= today).map((d) => d.closeBy!);
    expect(closeBy.length).toBeGreaterThanOrEqual(15);
    for (const day of closeBy) expect(day <= '2027-01-07').toBe(true);
  });
});
