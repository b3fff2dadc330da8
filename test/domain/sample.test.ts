import { describe, expect, it } from 'vitest';
import { DEMO_SIZE, generateSample } from '../../src/domain/sample.js';
import { checkSchema } from '../../src/store/schema.js';

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
