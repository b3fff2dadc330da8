import { describe, expect, it } from 'vitest';
import { centsToMajor, isCurrencyCode, parseMoney } from '../../src/domain/money.js';
import { isValidEmail, normaliseEmail, searchKey, slugify } from '../../src/domain/text.js';
import { findCampaign, findProspect, nearest } from '../../src/domain/lookup.js';
import { formatMoney } from '../../src/ui/format.js';
import { emptyDb, type Prospect } from '../../src/domain/types.js';
import { addProspect } from '../../src/domain/prospects.js';
import { addCampaign } from '../../src/domain/campaigns.js';

const now = new Date('2026-11-27T10:00:00Z');

describe('money', () => {
  it.each([
    ['1200', 120000],
    ['1200.5', 120050],
    ['1,200.50', 120050],
    ['$99.99', 9999],
    ['0', 0],
  ])('reads %j as %d cents', (input, cents) => {
    expect(parseMoney(input, '--cost')).toBe(cents);
  });

  it.each(['-5', '12.345', 'abc', '1e5', '', '99999999999999', 'NaN', 'Infinity'])('refuses %j', (input) => {
    expect(() => parseMoney(input, '--cost')).toThrow(/--cost/);
  });

  it('says a negative amount is negative', () => {
    expect(() => parseMoney('-5', '--cost')).toThrow('--cost cannot be negative: "-5"');
  });

  it('prints cents in the configured currency and JSON in major units', () => {
    expect(formatMoney(120050, 'USD')).toBe('$1,200.50');
    expect(formatMoney(120000, 'EUR')).toBe('€1,200');
    expect(centsToMajor(120050)).toBe(1200.5);
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('EUX')).toBe(false);
    expect(isCurrencyCode('eur')).toBe(false);
  });
});

describe('text', () => {
  it('slugs campaign names in any script', () => {
    expect(slugify('Spring Webinar')).toBe('spring-webinar');
    expect(slugify('  Café — Lisboa 2026! ')).toBe('cafe-lisboa-2026');
    expect(slugify('春のキャンペーン')).toBe('春のキャンペーン');
  });

  it('normalises and checks emails', () => {
    expect(normaliseEmail('  Ana@Acme.IO ')).toBe('ana@acme.io');
    expect(isValidEmail('ana@acme.io')).toBe(true);
    expect(isValidEmail('ana@acme')).toBe(false);
    expect(isValidEmail('ana acme.io')).toBe(false);
    expect(searchKey('José')).toBe('jose');
  });
});

describe('finding records from what the user typed', () => {
  const db = emptyDb();
  const make = (name: string, email?: string): Prospect => addProspect(db, { name, email: email ?? null }, now);
  make('Ana Souza', 'ana@acme.io');
  make('Anabel Lee');
  make('José Silva');
  addCampaign(
    db,
    { name: 'Spring Webinar', channel: 'event', costCents: 0, start: '2026-11-01', end: null, goal: null, note: null },
    now,
  );

  it('finds a prospect by id, email, exact or partial name', () => {
    expect(findProspect(db.prospects, '3')).toMatchObject({ kind: 'one', item: { name: 'José Silva' } });
    expect(findProspect(db.prospects, '#1')).toMatchObject({ kind: 'one', item: { name: 'Ana Souza' } });
    expect(findProspect(db.prospects, 'ANA@acme.io')).toMatchObject({ kind: 'one', item: { id: 1 } });
    expect(findProspect(db.prospects, 'jose')).toMatchObject({ kind: 'one', item: { id: 3 } });
    expect(findProspect(db.prospects, 'ana souza')).toMatchObject({ kind: 'one', item: { id: 1 } });
  });

  it('finds a name with a curly apostrophe or dash from the plain one typed, and back', () => {
    // LinkedIn writes O’Brien; a keyboard types O'Brien.
    const curly = emptyDb();
    addProspect(curly, { name: 'Ken O’Brien', email: null }, now);
    addProspect(curly, { name: 'Marie-Claire Dupont', email: null }, now);
    expect(findProspect(curly.prospects, "o'brien")).toMatchObject({ kind: 'one', item: { id: 1 } });
    expect(findProspect(curly.prospects, 'Marie–Claire')).toMatchObject({ kind: 'one', item: { id: 2 } });
    expect(searchKey('O’Brien “Ken”')).toBe(`o'brien "ken"`);
  });

  it('reports an ambiguous name with all its matches, and an unknown one as none', () => {
    const result = findProspect(db.prospects, 'ana');
    expect(result.kind).toBe('many');
    expect(result.kind === 'many' && result.matches.map((p) => p.id)).toEqual([1, 2]);
    expect(findProspect(db.prospects, '99')).toEqual({ kind: 'none' });
    expect(findProspect(db.prospects, 'zed')).toEqual({ kind: 'none' });
  });

  it('finds a campaign by slug or name, any case', () => {
    expect(findCampaign(db.campaigns, 'spring-webinar')?.id).toBe('spring-webinar');
    expect(findCampaign(db.campaigns, 'SPRING WEBINAR')?.id).toBe('spring-webinar');
    expect(findCampaign(db.campaigns, 'autumn')).toBeUndefined();
  });

  it('suggests the nearest words for typos', () => {
    expect(nearest('qualifed', ['new', 'qualified', 'won'])).toEqual(['qualified']);
    expect(nearest('xyz', ['new', 'qualified'])).toEqual([]);
  });
});
