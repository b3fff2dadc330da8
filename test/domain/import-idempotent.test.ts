// Matching that is idempotent by construction (issue 20, item 5): whatever a file holds (shared
// phones, shared emails, the same name with different details), importing it a second time
// changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyImportPlan, planChangesSomething, planImport, type PlanOptions } from '../../src/domain/import/plan.js';
import type { Candidate } from '../../src/domain/import/rows.js';
import { emptyDb } from '../../src/domain/types.js';
import { candidate } from '../helpers/records.js';
import { businessZone } from '../helpers/zone.js';

businessZone('UTC');

const NOW = new Date('2026-11-27T10:00:00.000Z');
const LATER = new Date('2026-11-28T10:00:00.000Z');

// Small pools, so rows collide in every way: shared phones and emails, one name twice.
const NAMES = ['Ana Souza', 'ana souza', 'Li Wei', 'Maria Garcia', 'Bo Lind'];
const EMAILS = ['ana@acme.io', 'li@globex.example', 'family@home.example', 'maria@x.example'];
const PHONES = ['+1 555 0100', '+1 555 0101', '+351 21 555 0101'];
const COMPANIES = ['Acme', 'Acme Inc.', 'Globex'];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 2 });
// A row as toCandidate gives it: the first email and phone are the primary ones; a row with no
// name is named by its email.
const rowArb = fc
  .record({
    name: maybe(fc.constantFrom(...NAMES)),
    emails: fc.uniqueArray(fc.constantFrom(...EMAILS), { maxLength: 3 }),
    phones: fc.uniqueArray(fc.constantFrom(...PHONES), { maxLength: 3 }),
    company: maybe(fc.constantFrom(...COMPANIES)),
    tag: maybe(fc.constantFrom('vip', 'lead')),
    notes: maybe(fc.constantFrom('met at the expo', 'call back in May')),
    extra: maybe(fc.constantFrom('Lisbon', 'Porto')),
  })
  .filter((r) => r.name !== null || r.emails.length > 0)
  .map((r) => ({
    name: r.name ?? r.emails[0]!,
    email: r.emails[0] ?? null,
    otherEmails: r.emails.slice(1),
    phone: r.phones[0] ?? null,
    otherPhones: r.phones.slice(1),
    company: r.company,
    tags: r.tag ? [r.tag] : [],
    notes: r.notes,
    fields: r.extra ? { City: r.extra } : ({} as Record<string, string>),
  }));

function rowsOf(specs: Array<Partial<Candidate> & { name: string }>): Candidate[] {
  return specs.map((s, i) => candidate({ line: i + 2, ...s }));
}

describe('importing any file twice', () => {
  it.each(['skip', 'update'] as const)(
    'adds nobody and changes nothing the second time (--on-duplicate %s)',
    (onDuplicate) => {
      fc.assert(
        fc.property(
          fc.array(rowArb, { maxLength: 4 }),
          fc.array(rowArb, { minLength: 1, maxLength: 8 }),
          (seed, specs) => {
            const rows = rowsOf(specs);
            const db = emptyDb();
            const options: PlanOptions = { onDuplicate, campaignId: null, tags: [], fileName: 'list.csv', now: NOW };
            // People already on file, from an earlier list.
            applyImportPlan(
              db,
              planImport(db, rowsOf(seed), [], { ...options, now: new Date('2026-11-01T10:00:00Z') }),
              NOW,
            );
            applyImportPlan(db, planImport(db, rows, [], options), NOW);
            const again = planImport(db, rows, [], { ...options, now: LATER });
            expect(again.counts.added).toBe(0);
            expect(planChangesSomething(again)).toBe(false);
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});

describe('the better value wins when rows merge', () => {
  const options: PlanOptions = { onDuplicate: 'skip', campaignId: null, tags: [], fileName: 'list.csv', now: NOW };

  it('names a person by the real name of a later row, not by the email an earlier row gave as a name', () => {
    const rows = rowsOf([
      { name: 'ana@acme.io', email: 'ana@acme.io' },
      { name: 'Ana Souza', email: 'ana@acme.io', company: 'Acme' },
      { name: 'ana@acme.io', email: 'ana@acme.io' },
    ]);
    const plan = planImport(emptyDb(), rows, [], options);
    expect(plan.additions.map((p) => p.name)).toEqual(['Ana Souza']);
  });

  it('gives a prospect on file named by their email the real name with --on-duplicate update only', () => {
    const db = emptyDb();
    applyImportPlan(
      db,
      planImport(db, rowsOf([{ name: 'li@globex.example', email: 'li@globex.example' }]), [], options),
      NOW,
    );
    const rows = rowsOf([{ name: 'Li Wei', email: 'li@globex.example' }]);
    expect(planChangesSomething(planImport(db, rows, [], { ...options, now: LATER }))).toBe(false);
    const update = planImport(db, rows, [], { ...options, onDuplicate: 'update', now: LATER });
    expect(update.rows[0]?.detail).toBe('same email as #1: filled name');
    applyImportPlan(db, update, LATER);
    expect(db.prospects[0]?.name).toBe('Li Wei');
  });
});

describe('shared phones', () => {
  it('a family line: two people of one number are found again, each', () => {
    const rows = rowsOf([
      { name: 'Bo Lind', phone: '+1 555 0100' },
      { name: 'Ana Souza', phone: '+1 555 0101' },
      { name: 'Bo Lind', phone: '+1 555 0101' },
    ]);
    const db = emptyDb();
    const options: PlanOptions = { onDuplicate: 'skip', campaignId: null, tags: [], fileName: 'f.csv', now: NOW };
    applyImportPlan(db, planImport(db, rows, [], options), NOW);
    expect(db.prospects.map((p) => [p.name, p.phone])).toEqual([
      ['Bo Lind', '+1 555 0100'],
      ['Ana Souza', '+1 555 0101'],
      ['Bo Lind', '+1 555 0101'],
    ]);
    expect(planImport(db, rows, [], { ...options, now: LATER }).counts.added).toBe(0);
  });
});
