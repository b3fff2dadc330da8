import { describe, expect, it } from 'vitest';
import { detectSource, findHeaderRow, mapColumns, type Target } from '../../src/domain/import/columns.js';
import { readTable, toCandidate, type Candidate, type SourceRow } from '../../src/domain/import/rows.js';
import {
  decodeText,
  detectDelimiter,
  excelSepLine,
  formatTags,
  parseImportedDate,
  parseTags,
  splitEmails,
  unguard,
} from '../../src/domain/import/text.js';

const LINKEDIN = ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'];
const HUBSPOT = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Company Name',
  'Job Title',
  'Lifecycle Stage',
  'Create Date',
];
const GOOGLE = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Organization Name',
  'Organization Title',
  'Notes',
  'Labels',
  'E-mail 1 - Label',
  'E-mail 1 - Value',
  'Phone 1 - Label',
  'Phone 1 - Value',
];
const GOOGLE_LEGACY = [
  'Name',
  'Given Name',
  'Family Name',
  'Group Membership',
  'E-mail 1 - Type',
  'E-mail 1 - Value',
  'Organization 1 - Name',
  'Organization 1 - Title',
];
const MAILCHIMP = [
  'Email Address',
  'First Name',
  'Last Name',
  'Address',
  'Phone Number',
  'MEMBER_RATING',
  'OPTIN_TIME',
  'LEID',
  'EUID',
  'NOTES',
  'TAGS',
];
const OUTLOOK = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Title',
  'E-mail Address',
  'E-mail 2 Address',
  'Business Phone',
  'Mobile Phone',
  'Job Title',
  'Company',
  'Notes',
  'Categories',
];

/** Which header each field reads, by name, for readable expectations. */
function fieldsOf(headers: string[], source = detectSource(headers), maps = new Map<string, Target>()) {
  const columns = mapColumns(headers, source, maps);
  return {
    fields: Object.fromEntries([...columns.fields].map(([t, idx]) => [t, idx.map((i) => headers[i])])),
    extras: columns.extras.map((e) => e.key),
  };
}

function candidate(headers: string[], cells: string[]): Candidate {
  const rows: SourceRow[] = [
    { line: 1, cells: headers },
    { line: 2, cells },
  ];
  const result = toCandidate(rows[1]!, readTable(rows));
  if (!result.ok) throw new Error(result.rejection.reason);
  return result.candidate;
}

describe('recognising exports by their headers', () => {
  it('tells which tool wrote a file from the columns only that tool writes', () => {
    expect(detectSource(LINKEDIN)).toBe('linkedin');
    expect(detectSource(HUBSPOT)).toBe('hubspot');
    expect(detectSource(GOOGLE)).toBe('google');
    expect(detectSource(GOOGLE_LEGACY)).toBe('google');
    expect(detectSource(MAILCHIMP)).toBe('mailchimp');
    expect(detectSource(OUTLOOK)).toBe('outlook');
    expect(detectSource(['name', 'email', 'company'])).toBe('spreadsheet');
    expect(detectSource(['id', 'name', 'campaign_id', 'campaign_name', 'stage', 'created_at'])).toBe('meld');
  });

  it('maps LinkedIn columns, reads Connected On as the day first seen and keeps URL as an extra field', () => {
    expect(fieldsOf(LINKEDIN)).toEqual({
      fields: {
        first_name: ['First Name'],
        last_name: ['Last Name'],
        email: ['Email Address'],
        company: ['Company'],
        title: ['Position'],
        first_seen: ['Connected On'],
      },
      extras: ['URL'],
    });
  });

  it('reads Outlook "Job Title" as the title and its salutation "Title" as an extra', () => {
    const { fields, extras } = fieldsOf(OUTLOOK);
    expect(fields.title).toEqual(['Job Title']);
    expect(fields.email).toEqual(['E-mail Address']);
    expect(fields.other_emails).toEqual(['E-mail 2 Address']);
    expect(fields.phone).toEqual(['Mobile Phone', 'Business Phone']);
    expect(fields.tags).toEqual(['Categories']);
    expect(extras).toContain('Title');
  });

  it('maps Google Contacts, new and legacy, including numbered email and organisation columns', () => {
    expect(fieldsOf(GOOGLE).fields).toMatchObject({
      email: ['E-mail 1 - Value'],
      phone: ['Phone 1 - Value'],
      company: ['Organization Name'],
      title: ['Organization Title'],
      tags: ['Labels'],
      notes: ['Notes'],
    });
    expect(fieldsOf(GOOGLE_LEGACY).fields).toMatchObject({
      name: ['Name'],
      first_name: ['Given Name'],
      last_name: ['Family Name'],
      email: ['E-mail 1 - Value'],
      company: ['Organization 1 - Name'],
      title: ['Organization 1 - Title'],
      tags: ['Group Membership'],
    });
  });

  it('maps HubSpot and Mailchimp columns (lifecycle stage, create date) and keeps their own ones as extras', () => {
    expect(fieldsOf(HUBSPOT)).toEqual({
      fields: {
        first_name: ['First Name'],
        last_name: ['Last Name'],
        email: ['Email'],
        company: ['Company Name'],
        title: ['Job Title'],
        phone: ['Phone Number'],
        stage: ['Lifecycle Stage'],
        first_seen: ['Create Date'],
      },
      extras: ['Record ID'],
    });
    expect(fieldsOf(MAILCHIMP).fields).toMatchObject({
      email: ['Email Address'],
      notes: ['NOTES'],
      tags: ['TAGS'],
      phone: ['Phone Number'],
    });
  });

  it('reads "id" and "history" as meld fields only in meld\'s own export', () => {
    expect(fieldsOf(['ID', 'Name', 'History']).extras).toEqual(['ID', 'History']);
    expect(
      fieldsOf(['id', 'name', 'campaign_id', 'stage', 'created_at', 'history', 'fields.URL']).fields,
    ).toMatchObject({ id: ['id'], history: ['history'] });
  });

  it('reads a "Referred by" column, however spelled, as the referrer, kept as written', () => {
    for (const header of ['Referred by', 'Referred By', 'referred_by', 'Referrer'])
      expect(fieldsOf(['Name', header]).fields).toEqual({ name: ['Name'], referred_by: [header] });
    expect(candidate(['Name', 'Referred By'], ['Sam', '  Ana   Souza ']).referredBy).toEqual({
      text: 'Ana Souza',
      column: 'Referred By',
    });
    expect(candidate(['Name', 'Referred By'], ['Sam', '']).referredBy).toBeNull();
  });

  it('reads "Referral source" as the source (a channel such as Google), not a person', () => {
    expect(fieldsOf(['Name', 'Referral Source']).fields).toEqual({ name: ['Name'], source: ['Referral Source'] });
  });

  it('lets --map name a column the aliases do not know, or ignore one', () => {
    const maps = new Map<string, Target>([
      ['attendee', 'name'],
      ['mail', 'email'],
      ['stage', 'ignore'],
    ]);
    expect(fieldsOf(['Attendee', 'Mail', 'Stage'], 'spreadsheet', maps)).toEqual({
      fields: { name: ['Attendee'], email: ['Mail'] },
      extras: [],
    });
  });

  it('finds the header row after LinkedIn\'s "Notes:" preamble', () => {
    const rows = [['Notes:'], ['When exporting your connection data, you may notice...'], LINKEDIN, ['Ana', 'Souza']];
    expect(findHeaderRow(rows)).toBe(2);
    expect(findHeaderRow([['email'], ['a@b.io']])).toBe(0);
    expect(
      findHeaderRow([
        ['foo', 'bar'],
        ['1', '2'],
      ]),
    ).toBe(-1);
  });
});

describe('reading the text of a file', () => {
  it('drops a UTF-8 BOM and turns CRLF and CR into LF', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a;b\r\nc;d\re')]);
    expect(decodeText(bytes)).toEqual({ text: 'a;b\nc;d\ne', encoding: 'utf-8' });
  });

  it('keeps a CR or CRLF inside a quoted cell, and ends records at CR, CRLF or LF outside quotes', () => {
    const text = 'id,company\r\n1,"Co\rX"\r\n2,"a\r\nb ""q""\r"\r3,x"y\r\n4,"z"';
    expect(decodeText(new TextEncoder().encode(text))?.text).toBe(
      'id,company\n1,"Co\rX"\n2,"a\r\nb ""q""\r"\n3,x"y\n4,"z"',
    );
  });

  it('reads UTF-16 with or without a BOM, and leaves bytes that are not Unicode to the encoding detector', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('Zoë,x', 'utf16le')]);
    expect(decodeText(utf16)?.text).toBe('Zoë,x');
    expect(decodeText(new Uint8Array(Buffer.from('name,email\r\nZoë,z@x.io', 'utf16le')))).toEqual({
      text: 'name,email\nZoë,z@x.io',
      encoding: 'utf-16le',
    });
    expect(decodeText(new Uint8Array([0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e]))).toBeNull();
  });

  it('detects comma, semicolon and tab delimiters, ignoring those inside quotes', () => {
    expect(detectDelimiter('name,email\nAna,a@b.io\n')).toBe(',');
    expect(detectDelimiter('Name;E-Mail;Firma\n"Weiß, J.";j@w.de;"A, B"\n')).toBe(';');
    expect(detectDelimiter('Full Name\tEmail\n"Hopper, Grace"\tg@n.io\n')).toBe('\t');
    expect(
      detectDelimiter(
        'Notes:\n"a long note, with commas; and semicolons"\n\nFirst Name,Last Name,Email Address\nAna,Souza,\n',
      ),
    ).toBe(',');
    expect(detectDelimiter('email\na@b.io\n')).toBe(',');
  });

  it('takes the delimiter from Excel\'s "sep=" first line, keeping line numbers', () => {
    expect(excelSepLine('sep=;\nname;email\n')).toEqual({ text: '\nname;email\n', delimiter: ';' });
    expect(excelSepLine('name,email\n')).toEqual({ text: 'name,email\n', delimiter: null });
  });

  it('removes the formula guard meld adds on export, and nothing else', () => {
    expect(unguard("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unguard("'+44 20 7946 0000")).toBe('+44 20 7946 0000');
    expect(unguard("'-")).toBe('-');
    expect(unguard("O'Brien")).toBe("O'Brien");
    expect(unguard("'quoted'")).toBe("'quoted'");
    expect(unguard("''=x")).toBe("'=x");
  });

  it('reads the date formats exports use and refuses impossible or ambiguous ones', () => {
    expect(parseImportedDate('2026-12-03')).toEqual({ day: '2026-12-03', instant: null });
    expect(parseImportedDate('2026-11-27T10:00:00.000Z')).toEqual({
      day: '2026-11-27',
      instant: '2026-11-27T10:00:00.000Z',
    });
    expect(parseImportedDate('2026-10-02 09:15')).toEqual({ day: '2026-10-02', instant: '2026-10-02T09:15:00.000Z' });
    expect(parseImportedDate('12 Nov 2026')).toEqual({ day: '2026-11-12', instant: null });
    expect(parseImportedDate('Nov 3, 2026')).toEqual({ day: '2026-11-03', instant: null });
    expect(parseImportedDate('27/11/2026')).toEqual({ day: '2026-11-27', instant: null });
    expect(parseImportedDate('2026-02-30')).toEqual({ error: 'no such day' });
    expect(parseImportedDate('03/04/2026')).toEqual({ error: 'ambiguous day and month, use YYYY-MM-DD' });
    expect(parseImportedDate('soon')).toEqual({ error: 'not a date' });
  });

  it('splits tags the way each tool writes them', () => {
    expect(parseTags('* myContacts ::: Clients ::: VIP', true)).toEqual(['Clients', 'VIP']);
    expect(parseTags('*vip', false)).toEqual(['*vip']);
    expect(parseTags('"Webinar Nov","VIP"')).toEqual(['Webinar Nov', 'VIP']);
    expect(parseTags('Prospects;Security')).toEqual(['Prospects', 'Security']);
    expect(parseTags('vip, warm')).toEqual(['vip', 'warm']);
    expect(parseTags(formatTags(['a, b', 'c']))).toEqual(['a, b', 'c']);
  });

  it('takes the first of several emails in a Google cell, and the address out of "Name <address>"', () => {
    expect(splitEmails('olivia@x.example ::: liv@y.example')).toEqual({
      first: 'olivia@x.example',
      rest: ['liv@y.example'],
    });
    expect(splitEmails('Ana Souza <ana@acme.io>')).toEqual({ first: 'ana@acme.io', rest: [] });
    expect(splitEmails('mailto:Bob@B.io')).toEqual({ first: 'Bob@B.io', rest: [] });
  });
});

describe('reading a row into prospect fields', () => {
  it('joins first, middle and last names, normalises the email and keeps unknown columns', () => {
    const c = candidate(
      ['First Name', 'Middle Name', 'Last Name', 'Email', 'Company', 'Favourite colour'],
      ['Olivia', 'Grace', 'Bennett', ' Olivia@Bennett.Example ', 'Bennett Design', 'teal'],
    );
    expect(c).toMatchObject({
      name: 'Olivia Grace Bennett',
      email: 'olivia@bennett.example',
      company: 'Bennett Design',
      fields: { 'Favourite colour': 'teal' },
    });
  });

  it('keeps cells beyond the last header as numbered fields', () => {
    expect(candidate(['name', 'email'], ['Ana', 'ana@acme.io', '', 'stray note']).fields).toEqual({
      'column 4': 'stray note',
    });
  });

  it('names a prospect by the email when the row has no name', () => {
    expect(candidate(['Email', 'Company'], ['ana@acme.io', 'Acme']).name).toBe('ana@acme.io');
  });

  it('takes the second email column when the first is empty, and keeps the others as other emails', () => {
    const headers = ['First Name', 'E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address'];
    expect(candidate(headers, ['David', '', 'dkim@personal.example', '']).email).toBe('dkim@personal.example');
    expect(candidate(headers, ['David', 'd@work.example', 'dkim@personal.example', ''])).toMatchObject({
      email: 'd@work.example',
      otherEmails: ['dkim@personal.example'],
      fields: {},
    });
  });

  it('rejects the header row repeated inside the file', () => {
    const rows: SourceRow[] = [
      { line: 1, cells: ['name', 'email'] },
      { line: 9, cells: ['name', 'email'] },
    ];
    const result = toCandidate(rows[1]!, readTable(rows));
    expect(result).toEqual({
      ok: false,
      rejection: { line: 9, reason: 'the header row again (two exports pasted together?)', who: null },
    });
  });

  it('rejects only rows with no person in them, and says why', () => {
    const rows: SourceRow[] = [
      { line: 1, cells: ['name', 'email', 'stage'] },
      { line: 2, cells: ['', '', ''] },
      { line: 3, cells: ['', ' ', 'new'] },
      { line: 4, cells: ['', 'urn:li:member:123', ''] },
    ];
    const table = readTable(rows);
    expect(
      rows
        .slice(1)
        .map((r) => toCandidate(r, table))
        .map((r) => (r.ok ? 'ok' : r.rejection.reason)),
    ).toEqual(['empty row', 'no name and no email', 'no name and no valid email ("urn:li:member:123")']);
  });

  it('keeps the person when a cell cannot be read: the text stays in their fields, a warning names the column', () => {
    const headers = ['name', 'email', 'phone', 'stage', 'value', 'follow up', 'Create Date'];
    const c = candidate(headers, ['Bob', 'urn:li:member:9', 'ask reception', 'qualifed', '-5', '2026-13-01', 'soon']);
    expect(c).toMatchObject({
      name: 'Bob',
      email: null,
      phone: null,
      stage: null,
      valueCents: null,
      followUp: null,
      firstSeen: null,
      fields: {
        email: 'urn:li:member:9',
        phone: 'ask reception',
        stage: 'qualifed',
        value: '-5',
        'follow up': '2026-13-01',
        'Create Date': 'soon',
      },
    });
    expect(c.warnings.map((w) => `${w.column}: ${w.message}`)).toEqual([
      'email: not an email: "urn:li:member:9", kept as text',
      'phone: not a phone number: "ask reception", kept as text',
      'stage: unknown stage "qualifed": kept as text, the person starts at new',
      'value: not an amount: "-5", kept as text',
      'Create Date: not a date: "soon" (not a date), kept as text',
      'follow up: not a date: "2026-13-01" (no such day), kept as text',
    ]);
  });

  it('splits several phones or emails in a cell (Google " ::: ", ";", ",", line breaks) and drops spreadsheet apostrophes', () => {
    const c = candidate(
      ['Name', 'E-mail 1 - Value', 'Phone 1 - Value', 'Home Phone'],
      ['Manu', 'manu@a.example ::: manu@b.example', "'+91 98113 42484 ::: +1 555 0102", '+1 555 0103;\n+1 555 0104'],
    );
    expect(c).toMatchObject({
      email: 'manu@a.example',
      otherEmails: ['manu@b.example'],
      phone: '+91 98113 42484',
      otherPhones: ['+1 555 0102', '+1 555 0103', '+1 555 0104'],
    });
  });

  it("maps source stage words onto meld's stages", () => {
    const stage = (word: string) => candidate(['name', 'stage'], ['Ana', word]).stage;
    expect(
      ['Cold', 'Warm', 'Lead', 'MQL', 'SQL', 'Opportunity', 'Customer', 'Closed Won', 'closedlost'].map(stage),
    ).toEqual(['new', 'contacted', 'new', 'qualified', 'qualified', 'proposal', 'won', 'won', 'lost']);
  });
});

describe("Outlook's localized exports", () => {
  const OUTLOOK_IN = {
    de: [
      'Anrede',
      'Vorname',
      'Weitere Vornamen',
      'Nachname',
      'Firma',
      'Abteilung',
      'Position',
      'Telefon geschäftlich',
      'Mobiltelefon',
      'E-Mail-Adresse',
      'E-Mail-Typ',
      'E-Mail 2: Adresse',
      'Notizen',
      'Kategorien',
    ],
    fr: [
      'Titre',
      'Prénom',
      'Deuxième prénom',
      'Nom',
      'Société',
      'Service',
      'Fonction',
      'Téléphone bureau',
      'Tél. mobile',
      'Adresse de messagerie',
      'Type de messagerie',
      'Adresse de messagerie 2',
      'Notes',
      'Catégories',
    ],
    es: [
      'Tratamiento',
      'Nombre',
      'Segundo nombre',
      'Apellidos',
      'Compañía',
      'Departamento',
      'Puesto',
      'Teléfono del trabajo',
      'Teléfono móvil',
      'Dirección de correo electrónico',
      'Tipo de correo electrónico',
      'Dirección de correo electrónico 2',
      'Notas',
      'Categorías',
    ],
    pt: [
      'Tratamento',
      'Nome',
      'Segundo Nome',
      'Sobrenome',
      'Empresa',
      'Departamento',
      'Cargo',
      'Telefone comercial',
      'Telefone celular',
      'Endereço de email',
      'Tipo de email',
      'Endereço de email 2',
      'Anotações',
      'Categorias',
    ],
    it: [
      'Titolo',
      'Nome',
      'Secondo nome',
      'Cognome',
      'Società',
      'Reparto',
      'Posizione',
      'Telefono ufficio',
      'Cellulare',
      'Indirizzo e-mail',
      'Tipo e-mail',
      'Indirizzo e-mail 2',
      'Note',
      'Categorie',
    ],
  };

  it.each(Object.entries(OUTLOOK_IN))('maps the %s headers and recognises Outlook', (_lang, headers) => {
    expect(detectSource(headers)).toBe('outlook');
    const { fields } = mapColumns(headers, detectSource(headers));
    const named = (target: Target) => (fields.get(target) ?? []).map((i) => headers[i]);
    expect(named('first_name')).toEqual([headers[1]]);
    expect(named('middle_name')).toEqual([headers[2]]);
    expect(named('last_name')).toEqual([headers[3]]);
    expect(named('company')).toEqual([headers[4]]);
    expect(named('title')).toEqual([headers[6]]);
    expect([...named('phone')].sort()).toEqual([headers[7], headers[8]].sort());
    expect(named('email')).toEqual([headers[9]]);
    expect(named('other_emails')).toEqual([headers[11]]);
    expect(named('notes')).toEqual([headers[12]]);
    expect(named('tags')).toEqual([headers[13]]);
  });
});
