import { describe, expect, it } from 'vitest';
import { companyMatchKey, nameMatchKey, personMatchKey, phoneMatchKey } from '../../src/domain/import/dedupe.js';
import { planImport, type PlanOptions } from '../../src/domain/import/plan.js';
import type { Candidate } from '../../src/domain/import/rows.js';
import { emptyDb } from '../../src/domain/types.js';
import { candidate } from '../helpers/records.js';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const OPTIONS: PlanOptions = { onDuplicate: 'skip', campaignId: null, tags: [], fileName: 'list.csv', now: NOW };

function row(line: number, fields: Partial<Candidate> & { name: string }): Candidate {
  return candidate({ line, ...fields });
}

describe('dedupe keys', () => {
  it('folds curly quotes, dashes, accents, case and spacing out of names', () => {
    expect(nameMatchKey('Ken O’Brien')).toBe("ken o'brien");
    expect(nameMatchKey("KEN  O'BRIEN")).toBe("ken o'brien");
    expect(nameMatchKey('Anne‐Marie Dubois')).toBe(nameMatchKey('anne-marie dubois'));
    expect(nameMatchKey('José Álvarez')).toBe('jose alvarez');
    expect(nameMatchKey('ＡＮＡ')).toBe('ana');
  });

  it('folds company suffixes and punctuation, but never the whole name', () => {
    const same = ['CivicMinds, Inc', 'CivicMinds Inc.', 'CivicMinds Inc', 'civicminds', 'CivicMinds LLC'];
    expect(new Set(same.map(companyMatchKey))).toEqual(new Set(['civicminds']));
    expect(companyMatchKey('Acme GmbH')).toBe('acme');
    expect(companyMatchKey('Acme S.L.')).toBe('acme');
    expect(companyMatchKey('Nordisk Försäljning AB')).toBe('nordisk forsaljning');
    expect(companyMatchKey('Widgets Ltd.')).toBe('widgets');
    expect(companyMatchKey('Limited')).toBe('limited');
    expect(companyMatchKey('AT&T')).toBe('at and t');
    expect(companyMatchKey(null)).toBe('');
  });

  it('compares phones by their digits, and ignores numbers too short to tell people apart', () => {
    expect(phoneMatchKey('+1 (555) 010-1234')).toBe(phoneMatchKey('001 555 010 1234'));
    expect(phoneMatchKey("'+91 98113 42484")).toBe('919811342484');
    expect(phoneMatchKey('x123')).toBe('');
  });

  it('joins name and company into one key', () => {
    expect(personMatchKey('Ken O’Brien', 'CivicMinds, Inc')).toBe(personMatchKey("ken o'brien", 'CivicMinds Inc.'));
  });
});

describe('dedupe in an import plan', () => {
  const actions = (rows: Candidate[], onDuplicate: PlanOptions['onDuplicate'] = 'skip') =>
    planImport(emptyDb(), rows, [], { ...OPTIONS, onDuplicate }).rows.map(
      (r) => `${r.line} ${r.action}${r.detail ? `: ${r.detail}` : ''}`,
    );

  it('takes curly and straight apostrophes, and company suffixes, as the same person', () => {
    expect(
      actions([
        row(2, { name: 'Ken O’Brien', company: 'CivicMinds, Inc' }),
        row(3, { name: "Ken O'Brien", company: 'CivicMinds Inc' }),
      ]),
    ).toEqual(['2 add', '3 skip: same name and company as line 2']);
  });

  it('keeps two people of the same name and no company apart when their phones or emails differ', () => {
    expect(
      actions(
        [
          row(2, { name: 'Manu', phone: '+34 600 000 001' }),
          row(3, { name: 'Manu', phone: '+34 600 000 002' }),
          row(4, { name: 'Manu', phone: '+34 600 000 002' }),
          row(5, { name: 'Manu', email: 'manu@a.example' }),
          row(6, { name: 'Manu', email: 'manu@b.example' }),
        ],
        'update',
      ),
    ).toEqual([
      '2 add',
      '3 add',
      '4 skip: same name and phone as line 3, nothing new',
      '5 skip: same name and company as line 2, merged: email',
      '6 add',
    ]);
  });

  it('matches email first, then name and phone, then name and company', () => {
    expect(
      actions([
        row(2, { name: 'Ana Souza', email: 'ana@acme.io', company: 'Acme', phone: '+1 555 0100 22' }),
        row(3, { name: 'A. Souza', email: 'ANA@acme.io' }),
        row(4, { name: 'ana souza', company: 'Other Co', phone: '+1 (555) 0100-22' }),
        row(5, { name: 'Ana Souza', company: 'Acme Inc.' }),
      ]),
    ).toEqual([
      '2 add',
      '3 skip: same email as line 2',
      '4 skip: same name and phone as line 2',
      '5 skip: same name and company as line 2',
    ]);
  });
});
