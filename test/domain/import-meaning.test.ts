// Columns by meaning (issue 20, item 1): a header no tool preset or alias names is read by its
// words in the supported languages; words about an address (type, status) are not the address.
import { describe, expect, it } from 'vitest';
import { detectSource, mapColumns } from '../../src/domain/import/columns.js';
import { columnDates, parseImportedDate } from '../../src/domain/import/dates.js';
import { headerMeaning } from '../../src/domain/import/meaning.js';
import { SOURCES } from '../../src/domain/import/sources.js';
import { splitPhones } from '../../src/domain/import/values.js';

const target = (header: string) => headerMeaning(header)?.target ?? null;

describe('a header read by its words', () => {
  it.each([
    ['Invitee Email', 'email'],
    ['User Email', 'email'],
    ['From Email Address', 'email'],
    ['Correo electrónico del cliente', 'email'],
    ['Adresse courriel', 'email'],
    ['Почта', 'email'],
    ['联系人邮箱', 'email'],
    ['Name (Original Name)', 'name'],
    ['Invitee Name', 'name'],
    ['Полное имя', 'name'],
    ['Customer First Name', 'first_name'],
    ['Given name', 'first_name'],
    ['Familienname', 'last_name'],
    ['Apellidos del contacto', 'last_name'],
    ['Titre du poste', 'title'],
    ['Job Function', 'title'],
    ['Cargo actual', null],
    ['Arbeitgeber', 'company'],
    ['Nom de l’entreprise', 'company'],
    ['Company / Account', 'company'],
    ['Téléphone portable', 'phone'],
    ['Handynummer', 'phone'],
    ['Phone 4 - Value', 'other_phones'],
    ['Home phone', 'other_phones'],
    ['Date Joined', 'first_seen'],
    ['Fecha de creación', 'first_seen'],
    ['Registered On', 'first_seen'],
    ['Дата создания', 'first_seen'],
    ['Referral Source', 'source'],
    ['Referred by (email)', 'referred_by'],
    ['Deal Stage', 'stage'],
    ['Closed Lost Reason', 'lost_reason'],
  ])('%s -> %s', (header, expected) => {
    expect(target(header)).toBe(expected);
  });

  it.each([
    'E-mail Type',
    'Email Status',
    'Email Confidence',
    'Email Opt Out',
    'Phone 1 - Label',
    'E-mail Display Name',
    'Business Fax',
    "Assistant's Phone",
  ])('%s is about an address, not the address: kept as it is', (header) => {
    expect(target(header)).toBe('extra');
  });

  it.each([
    'Created By',
    'Last Modified Date',
    'Company Domain',
    'Company Address',
    'Event Type Name',
    'Phonetic First Name',
    'Country/Region Name',
    'Website 1 - Label',
    'Manager’s Name',
  ])('%s is no field of a person', (header) => {
    expect([null, 'extra']).toContain(target(header));
  });
});

describe('the layers of column recognition', () => {
  it('--map wins over the preset, the preset over the alias, the alias over the words', () => {
    const headers = ['Mobile', 'Stage', 'Email', 'Invitee Email'];
    const map = mapColumns(headers, 'salesforce', new Map([['stage', 'ignore']]));
    expect(map.choices?.map((c) => [c.header, c.target, c.why])).toEqual([
      ['Mobile', 'other_phones', 'Salesforce report column'],
      ['Stage', null, '--map: ignored'],
      ['Email', 'email', 'known header'],
      ['Invitee Email', 'email', 'by its words: "invitee email"'],
    ]);
    // The exact alias is the primary email, the column read by its words the next one.
    expect(map.fields.get('email')).toEqual([2, 3]);
  });

  it('reads a column of emails as the email whatever its header, and no other column', () => {
    const rows = [
      ['Ana', 'ana@acme.io', '12'],
      ['Bo', 'bo@b.io', '13'],
      ['Cy', 'cy@c.io', '14'],
    ];
    const map = mapColumns(['Attendee Name', 'Login', 'Seat'], 'spreadsheet', new Map(), rows);
    expect(map.fields.get('email')).toEqual([1]);
    expect(map.choices?.[1]?.why).toBe('by its values: 3 of 3 values are emails');
    expect(map.choices?.[2]?.target).toBeNull();
  });

  it('does not read a column by its words when none of its values could be that field', () => {
    const rows = [
      ['Ana', 'yes'],
      ['Bo', 'no'],
    ];
    const map = mapColumns(['Name', 'Signed up'], 'spreadsheet', new Map(), rows);
    expect(map.fields.has('first_seen')).toBe(false);
    expect(map.choices?.[1]?.why).toBe('by its words: "signed up", but no value is a date');
  });

  it('keeps two columns of the same name apart (HubSpot writes two "Create Date")', () => {
    const map = mapColumns(['Email', 'Create Date', 'Create Date'], 'hubspot');
    expect(map.names).toEqual(['Email', 'Create Date', 'Create Date (2)']);
  });

  it('holds one record per tool, each with a label, markers and only known fields in its presets', () => {
    const kinds = SOURCES.map((s) => s.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const s of SOURCES) expect(s.label).not.toBe('');
    expect(detectSource(['Person - Name', 'Person - Email - Work'])).toBe('pipedrive');
  });
});

describe('dates read by column (issue 20, item 2)', () => {
  it.each([
    ['1/8/18, 6:14 PM', 'mdy', '2018-01-08'],
    ['2/5/24 1:51', 'mdy', '2024-02-05'],
    ['28-6-2018', undefined, '2018-06-28'],
    ['28.06.2018', undefined, '2018-06-28'],
    ['3/4/2026 17:05:00', 'dmy', '2026-04-03'],
    ['2026/12/03', undefined, '2026-12-03'],
    ['3. Dezember 2026', undefined, '2026-12-03'],
    ['3 de diciembre de 2026', undefined, '2026-12-03'],
    ['Thursday, 3 December 2026 10:15 a.m.', undefined, '2026-12-03'],
    ['3 déc. 2026', undefined, '2026-12-03'],
    ['3 декабря 2026', undefined, '2026-12-03'],
    ['2026年12月3日', undefined, '2026-12-03'],
    ['Dec 3, 26', undefined, '2026-12-03'],
  ] as const)('%s (%s) is %s', (cell, order, day) => {
    expect(parseImportedDate(cell, order)).toEqual({ day, instant: null });
  });

  it('refuses a time that is none, and a date that could be either without its column', () => {
    expect(parseImportedDate('1/8/18, 13:14 PM')).toEqual({ error: 'no such time' });
    expect(parseImportedDate('1/8/18, 6:14 PM')).toEqual({ error: 'ambiguous day and month, use YYYY-MM-DD' });
  });

  it('settles a column by any of its values, and counts the values nothing settles', () => {
    expect(columnDates(['1/8/18, 6:14 PM', '12/21/17, 9:03 AM', ''])).toEqual({ order: 'mdy', undecided: 0 });
    expect(columnDates(['3/4/2018', '28-6-2018'])).toEqual({ order: 'dmy', undecided: 0 });
    expect(columnDates(['03/04/2026', '05/05/2026', '2026-01-02', '06/07/2026'])).toEqual({
      undecided: 2,
      example: '03/04/2026',
    });
  });
});

describe('phones as people write them (issue 20, item 6)', () => {
  it('strips invisible marks and splits numbers run together, but not a country code before a bracket', () => {
    expect(splitPhones('\u200f+972 52-555-0123\u200f')).toEqual({ phones: ['+972 52-555-0123'], bad: [] });
    expect(splitPhones('\u202a+44 20 5555 0101\u202c')).toEqual({ phones: ['+44 20 5555 0101'], bad: [] });
    expect(splitPhones('(800) 555-0191(800) 555-0192').phones).toEqual(['(800) 555-0191', '(800) 555-0192']);
    expect(splitPhones('+1 555 0100 123+1 555 0101 456').phones).toEqual(['+1 555 0100 123', '+1 555 0101 456']);
    expect(splitPhones('+1 (800) 555-0191').phones).toEqual(['+1 (800) 555-0191']);
    expect(splitPhones('+44 (0) 20 5555 0101').phones).toEqual(['+44 (0) 20 5555 0101']);
  });
});
