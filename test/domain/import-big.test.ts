import { describe, expect, it } from 'vitest';
import { applyImportPlan, type ImportPlan } from '../../src/domain/import/plan.js';
import { emptyDb } from '../../src/domain/types.js';
import { prospect } from '../helpers/records.js';

/*
 * A list of hundreds of thousands of rows is a real export (a webinar platform, a shop), not an
 * attack: applying it must not pass the rows as function arguments anywhere (`push(...rows)`
 * overflowed the stack at ~125,000 and meld said "this is a bug in meld").
 */
describe('applying a very large import', () => {
  it('adds 300,000 prospects in one go', () => {
    const db = emptyDb();
    const template = prospect({});
    const first = {
      stage: 'new' as const,
      valueCents: null,
      history: [{ stage: 'new' as const, at: template.createdAt }],
      lostReason: null,
    };
    const additions = Array.from({ length: 300_000 }, (_, i) => ({ ...template, id: i + 1, name: `Person ${i}` }));
    const firstDeals = additions.map(() => ({ ...first }));
    const plan: ImportPlan = {
      batch: 'import-test',
      campaigns: [],
      additions,
      firstDeals,
      updates: new Map(),
      notes: [],
      followUps: [],
      carried: { followUps: [], activities: [] },
      lastProspectId: additions.length,
      rows: [],
      counts: { added: additions.length, updated: 0, skipped: 0, rejected: 0 },
    };
    applyImportPlan(db, plan, new Date('2026-12-01T10:00:00Z'));
    expect(db.prospects).toHaveLength(300_000);
    expect(db.lastIds.prospect).toBe(300_000);
    // Each with their first deal.
    expect(db.deals).toHaveLength(300_000);
    expect(db.lastIds.deal).toBe(300_000);
  });
});

describe('showing a very large import', () => {
  it('a table of 200,000 rows (an import --dry-run) renders', async () => {
    const { renderTable } = await import('../../src/ui/table.js');
    const { makeStyle } = await import('../../src/ui/style.js');
    const rows = Array.from({ length: 200_000 }, (_, i) => [String(i + 2), `Person ${i}`]);
    const text = renderTable([{ header: 'line' }, { header: 'name' }], rows, { style: makeStyle(false), width: 80 });
    expect(text.split('\n')).toHaveLength(200_001);
  });
});
