// Real lists from real tools (issue 12): encodings, headers in any script, people kept whole,
// honest results, presets, vCard and Excel. Each fixture is in the tool's own layout and bytes.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Prospect } from '../../src/domain/types.js';
import type { ProspectView } from '../../src/domain/deals.js';
import { standing } from '../helpers/records.js';
import { runMeld, tempDbPath, tempDir } from '../helpers/harness.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const people = (prospects: Prospect[] | undefined) =>
  (prospects ?? []).map((p) => [p.name, p.email, p.company, p.phone, p.title]);

describe('import: encodings', () => {
  it('reads a Russian Outlook export in Windows-1251, headers and names intact', async () => {
    const r = await runMeld(['import', fixture('outlook-ru-windows-1251.csv')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported outlook-ru-windows-1251.csv (Outlook contacts): 3 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(people(r.db?.prospects)).toEqual([
      [
        'Иван Сергеевич Петров',
        'ivan.petrov@romashka.example',
        'ООО «Ромашка»',
        '+7 495 555-01-01',
        'Директор по продажам',
      ],
      [
        'Анна Смирнова',
        'anna.smirnova@severtrade.example',
        'Северсталь Трейд',
        '+7 921 555-03-03',
        'Менеджер по закупкам',
      ],
      ['Ольга Кузнецова', null, null, '+7 812 555-04-04', null],
    ]);
    expect(r.db?.prospects[0]).toMatchObject({
      otherEmails: ['ivan@home.example'],
      otherPhones: ['+7 916 555-01-02'],
      tags: ['клиенты'],
    });
    expect(r.db?.activities.map((a) => a.text)).toEqual(['Встреча на выставке', 'Перезвонить в понедельник']);
  });

  it('reads Chinese (GBK) and Japanese (Shift_JIS) Outlook exports, family name first', async () => {
    const zh = await runMeld(['import', fixture('outlook-zh-gbk.csv')]);
    expect(people(zh.db?.prospects)).toEqual([
      ['李伟', 'li.wei@beijing-tech.example', '北京科技有限公司', '+86 10 5555 0101', '销售总监'],
      ['周凯', 'zhou.kai@shanghai-trade.example', '上海贸易有限公司', '+86 139 0013 9000', '采购经理'],
    ]);
    const ja = await runMeld(['import', fixture('outlook-ja-shift_jis.csv')]);
    expect(ja.stderr.split('\n')[0]).toContain('(Outlook contacts): 2 added');
    expect(people(ja.db?.prospects)).toEqual([
      ['山田太郎', 'taro.yamada@sample.example', '株式会社サンプル', '03-5555-0101', '部長'],
      ['佐藤花子', 'hanako.sato@test.example', '有限会社テスト', '080-5555-0103', '課長'],
    ]);
  });

  it('reads a German Excel semicolon file in Windows-1252', async () => {
    const r = await runMeld(['import', fixture('excel-de-windows-1252.csv')]);
    expect(people(r.db?.prospects)).toEqual([
      ['Jürgen Weiß', 'juergen.weiss@mueller.example', 'Müller & Söhne GmbH', '+49 30 5555 0101', null],
      ['Renée Lefèvre', 'renee@societe.example', 'Société Générale Frères', '+33 1 55 55 01 02', null],
      ['Björn Ångström', 'bjorn@nordic.example', 'Nordisk Försäljning AB', null, null],
    ]);
  });

  it('refuses a file whose encoding it cannot tell, naming --encoding, and writes nothing', async () => {
    const db = tempDbPath();
    const r = await runMeld(['import', fixture('ambiguous-encoding.csv')], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: cannot tell the encoding of "ambiguous-encoding.csv": it is not UTF-8, and too little of it is text to tell windows-1252 from big5 from euc-jp\n' +
        '  hint: name it with --encoding, e.g. --encoding windows-1252 (or save the file as UTF-8)\n',
    );
    expect(existsSync(db)).toBe(false);
    const told = await runMeld(['import', fixture('ambiguous-encoding.csv'), '--encoding', 'windows-1252'], { db });
    expect(told.exitCode).toBe(0);
    expect(told.db?.prospects[0]?.name).toBe('Éé');
    const wrong = await runMeld(['import', fixture('ambiguous-encoding.csv'), '--encoding', 'klingon']);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe('error: --encoding: unknown encoding "klingon"');
  });

  it('refuses a short Windows-1251 file rather than import the name garbled as ISO-8859-2', async () => {
    // "Юля" in Windows-1251 is DE EB FF; chardet guesses only Latin tables for so little text,
    // and ISO-8859-2 reads it as "Ţë˙", which no check called garbled.
    const file = join(tempDir(), 'short-1251.csv');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('Name,Email\r\n'), Buffer.from([0xde, 0xeb, 0xff]), Buffer.from(',yu@x.example\r\n')]),
    );
    const db = tempDbPath();
    const r = await runMeld(['import', file], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^error: cannot tell the encoding of "short-1251.csv": .*windows-1251/);
    expect(existsSync(db)).toBe(false);
    const told = await runMeld(['import', file, '--encoding', 'windows-1251'], { db });
    expect(told.db?.prospects[0]?.name).toBe('Юля');
  });

  it('reads UTF-16 without a byte-order mark', async () => {
    const file = join(tempDir(), 'utf16.csv');
    writeFileSync(file, Buffer.from('name\temail\r\nZoë Ærø\tzoe@x.example\r\n', 'utf16le'));
    const r = await runMeld(['import', file]);
    expect(people(r.db?.prospects)).toEqual([['Zoë Ærø', 'zoe@x.example', null, null, null]]);
  });
});

describe('import: headers in any script', () => {
  it('--map names a column exactly as written in any script, and warns when a mapped column is empty', async () => {
    const file = join(tempDir(), 'names.csv');
    writeFileSync(file, 'Имя,Фамилия,Почта,Заметка\nИван,Петров,ivan@x.example,\nАнна,Смирнова,anna@x.example,\n');
    const r = await runMeld([
      'import',
      file,
      '--map',
      'Фамилия=last_name',
      '--map',
      'Почта=email',
      '--map',
      'Заметка=notes',
    ]);
    expect(r.exitCode).toBe(0);
    expect(people(r.db?.prospects)).toEqual([
      ['Иван Петров', 'ivan@x.example', null, null, null],
      ['Анна Смирнова', 'anna@x.example', null, null, null],
    ]);
    expect(r.stderr.split('\n')[0]).toBe(
      'warning: --map: column "Заметка" is empty in every row, so nothing was read from it',
    );
  });
});

describe('import: honest results', () => {
  it('exits 1 and writes nothing when every row is rejected', async () => {
    const db = tempDbPath();
    const file = join(tempDir(), 'nobody.csv');
    writeFileSync(file, 'name,email,company\n,,Acme\n,not-an-email,Globex\n');
    const r = await runMeld(['import', file], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      [
        'warning: line 2: no name and no email',
        'warning: line 3: no name and no valid email ("not-an-email") (not-an-email)',
        'error: nothing imported from nobody.csv (spreadsheet): all 2 rows were rejected',
        '  hint: see the reasons above; name the columns with --map "<column>=<field>" if meld misread them',
        '',
      ].join('\n'),
    );
    expect(existsSync(db)).toBe(false);
  });

  it('gives the line an editor shows, after a preamble, a quoted cell over several lines and CRLF ends', async () => {
    const file = join(tempDir(), 'lines.csv');
    writeFileSync(
      file,
      'Exported by Tool\r\n\r\nname,email,note\r\nAna,ana@x.example,"one\r\ntwo\r\nthree"\r\n,,\r\nBo,bo@@x,\r\n',
    );
    const r = await runMeld(['import', file, '--json']);
    const rows = JSON.parse(r.stdout).rows as Array<{ line: number; action: string; warnings: unknown[] }>;
    expect(rows.map((row) => [row.line, row.action, row.warnings.length])).toEqual([
      [4, 'add', 0],
      [7, 'reject', 0],
      [8, 'add', 1],
    ]);
  });
});

describe('import: people kept whole', () => {
  it('splits Google\'s " ::: " cells, keeps the others beside the primary, and shows them in prospect show', async () => {
    const db = tempDbPath();
    const file = join(tempDir(), 'google.csv');
    writeFileSync(
      file,
      'First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n' +
        'Manu,Rivera,* Work ::: Home,manu@work.example ::: manu@home.example,Mobile ::: Work,+1 555 0101 ::: +1 555 0102\n',
    );
    await runMeld(['import', file], { db });
    const r = await runMeld(['prospect', 'show', '1'], { db });
    expect(
      r.stdout
        .split('\n')
        .slice(1, 7)
        .map((line) => line.trim().replace(/\s+/g, ' ')),
    ).toEqual([
      'email manu@work.example',
      'emails manu@home.example',
      'company —',
      'title —',
      'phone +1 555 0101',
      'phones +1 555 0102',
    ]);
  });

  it('keeps a LinkedIn connection whose email cell holds a member URN, and the day they connected', async () => {
    const db = tempDbPath();
    const file = join(tempDir(), 'Connections.csv');
    writeFileSync(
      file,
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On\n' +
        'Priya,Natarajan,https://www.linkedin.com/in/priya,urn:li:member:12345,Initech,CTO,05 Mar 2024\n',
    );
    const r = await runMeld(['import', file], { db });
    expect(r.stderr.split('\n')[1]).toBe(
      'warning: line 2, column "Email Address": not an email: "urn:li:member:12345", kept as text (Priya Natarajan)',
    );
    expect(r.db?.prospects[0]).toMatchObject({
      name: 'Priya Natarajan',
      email: null,
      company: 'Initech',
      firstSeen: '2024-03-05',
      fields: { URL: 'https://www.linkedin.com/in/priya', 'Email Address': 'urn:li:member:12345' },
    });
    const show = await runMeld(['prospect', 'show', '1'], { db });
    expect(show.stdout).toMatch(/\n {2}first seen +2024-03-05\n/);
  });
});

describe('import: presets for the tools people export from', () => {
  const summary = (p: ProspectView) => ({
    name: p.name,
    email: p.email,
    company: p.company,
    phone: p.phone,
    otherPhones: p.otherPhones,
    title: p.title,
    stage: p.stage,
    firstSeen: p.firstSeen,
    tags: p.tags,
  });
  const run = async (file: string) => {
    const r = await runMeld(['import', fixture(file)]);
    return { line: r.stderr.split('\n')[0], people: standing(r.db).map(summary), r };
  };

  it('Apollo: its stage words, spreadsheet-apostrophe phones and lists, not mistaken for HubSpot', async () => {
    const { line, people } = await run('apollo-contacts.csv');
    expect(line).toBe(
      '✓ Imported apollo-contacts.csv (Apollo contacts): 4 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(people[0]).toEqual({
      name: 'Rohan Mehta',
      email: 'rohan@lumen-analytics.example',
      company: 'Lumen Analytics',
      phone: '+91 98113 42484',
      otherPhones: ['+91 98113 42485', '+91 22 5555 0100'],
      title: 'Head of Growth',
      stage: 'new',
      firstSeen: null,
      tags: ['q4 india', 'analytics'],
    });
    expect(people.map((p) => [p.name, p.stage])).toEqual([
      ['Rohan Mehta', 'new'],
      ['Clara Jensen', 'qualified'],
      ['Tomás Ruiz', 'new'],
      ['Nadia Haddad', 'won'],
    ]);
  });

  it('Pipedrive: "Person - …" columns, several emails and phones, labels as tags, add time as first seen', async () => {
    const { line, people } = await run('pipedrive-people.csv');
    expect(line).toContain('(Pipedrive people): 3 added');
    expect(people[0]).toEqual({
      name: 'Greta Lindqvist',
      email: 'greta@nordlys.example',
      company: 'Nordlys AB',
      phone: '+46 8 555 010 10',
      otherPhones: ['+46 70 555 01 11'],
      title: null,
      stage: 'new',
      firstSeen: '2026-10-01',
      tags: ['hot lead'],
    });
  });

  it("Salesforce: the report's footer is not a person, lead statuses map, month-first dates read by their column", async () => {
    const { line, people } = await run('salesforce-leads-report.csv');
    expect(line).toBe(
      '✓ Imported salesforce-leads-report.csv (Salesforce report): 3 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(people.map((p) => [p.name, p.company, p.stage, p.firstSeen, p.otherPhones])).toEqual([
      ['Olivia Brown', 'Harbor Freight Co.', 'contacted', '2026-11-03', ['(415) 555-0199']],
      ['Marcus Lee', 'Pinecrest Schools', 'new', '2026-10-28', []],
      ['Sofia Rossi', 'Rossi & Figli S.p.A.', 'won', '2026-09-02', []],
    ]);
  });

  it("Zoom: the attendees after the report's preamble and host section, one person per attendee", async () => {
    const { line, people, r } = await run('zoom-webinar-attendees.csv');
    expect(line).toBe(
      '✓ Imported zoom-webinar-attendees.csv (Zoom webinar report): 3 added, 0 updated, 1 skipped as duplicates, 0 rejected',
    );
    expect(people.map((p) => [p.name, p.email, p.company, p.firstSeen])).toEqual([
      ['Ana Souza', 'ana.souza@acme-logistics.example', 'Acme Logistics', '2026-11-18'],
      ['Kofi Boateng', 'kofi@sankofa.example', 'Sankofa Media', '2026-11-19'],
      ['Li Wei', 'li.wei@globex.example', 'Globex', '2026-11-19'],
    ]);
    expect(r.db?.prospects[2]?.fields.Attended).toBe('No');
    expect(r.db?.activities.map((a) => a.text)).toEqual(['How do you price, per seat?']);
  });

  it('Eventbrite: each attendee, not the buyer who paid for them', async () => {
    const { people } = await run('eventbrite-attendees.csv');
    expect(people.map((p) => [p.name, p.email, p.company, p.title, p.firstSeen])).toEqual([
      ['Hannah Schmidt', 'hannah@schmidt-partner.example', 'Schmidt & Partner', 'Managing Partner', '2026-11-10'],
      ['Diego Fernández', 'diego@andes.example', 'Andes Coffee', 'Founder', '2026-11-12'],
      ['Lucía Pérez', 'lucia@andes.example', 'Andes Coffee', 'Head Roaster', '2026-11-12'],
    ]);
  });

  it("Shopify and Stripe customers: Shopify's apostrophe phones and address company, Stripe's created date and description", async () => {
    const shopify = await run('shopify-customers.csv');
    expect(shopify.people[0]).toMatchObject({
      name: 'Emma Wilson',
      company: 'Wilson Bakery',
      phone: '+14165550102',
      otherPhones: ['+14165550101'],
      tags: ['wholesale', 'vip'],
    });
    expect(shopify.r.db?.activities.map((a) => a.text)).toEqual(['Wholesale enquiry in October']);
    const stripe = await run('stripe-customers.csv');
    expect(stripe.line).toContain('(Stripe customers): 2 added');
    expect(stripe.people.map((p) => [p.name, p.email, p.phone, p.firstSeen])).toEqual([
      ['BrightPath Tutoring', 'finance@brightpath.example', '+44 20 5555 0101', '2026-03-14'],
      ['Kitefield Ltd', 'ops@kitefield.example', null, '2026-07-01'],
    ]);
    expect(stripe.r.db?.activities.map((a) => a.text)).toEqual(['Annual plan since launch']);
  });

  it('Mailchimp: the member status is kept as a tag', async () => {
    const { people } = await run('mailchimp-unsubscribed.csv');
    expect(people.map((p) => [p.name, p.tags, p.firstSeen])).toEqual([['Omar Khalil', ['unsubscribed'], '2026-02-10']]);
  });
});

describe('import: vCard and Excel', () => {
  it('reads vCard 3.0 and 4.0, folded lines, several EMAIL/TEL, ORG, TITLE, NOTE, and 2.1 quoted-printable', async () => {
    const r = await runMeld(['import', fixture('contacts.vcf')]);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      '✓ Imported contacts.vcf (vCard contacts): 4 added, 0 updated, 0 skipped as duplicates, 1 rejected',
      'warning: line 46: empty row',
    ]);
    expect(
      r.db?.prospects.map((p) => [p.name, p.email, p.otherEmails, p.phone, p.otherPhones, p.company, p.title, p.tags]),
    ).toEqual([
      [
        'Ana Souza',
        'ana.souza@acme-logistics.example',
        ['ana@home.example'],
        '+351 912 345 678',
        ['+351 21 555 0101'],
        'Acme Logistics',
        'Chief Technology Officer',
        ['clients', 'lisbon'],
      ],
      ['Kenji Watanabe', 'kenji@contoso.example', [], '+81 90 5555 0101', [], 'Contoso', 'CFO', ['investors']],
      ['Иван Петров', 'ivan.petrov@romashka.example', [], '+7 495 555-01-01', ['+7 916 555-01-02'], null, null, []],
      ['Li Wei', 'li.wei@globex.example', [], '+86-10-5555-0101', [], 'Globex', null, []],
    ]);
    expect(r.db?.prospects[0]?.fields).toEqual({
      Department: 'Operations',
      Address: 'Rua Augusta 100, Lisboa, 1100-053, Portugal',
    });
    expect(r.db?.activities.map((a) => a.text)).toEqual([
      'Met at the Lisbon summit, keen on the pilot.\nCall back in Q1 about pricing.',
      'Встреча на выставке',
    ]);
  });

  it('reads the first sheet of an .xlsx after its title rows, or the sheet --sheet names', async () => {
    const r = await runMeld(['import', fixture('leads.xlsx')]);
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported leads.xlsx (spreadsheet): 3 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(standing(r.db).map((p) => [p.name, p.email, p.company, p.phone, p.valueCents, p.firstSeen])).toEqual([
      ['Carla Mendes', 'carla@verde.example', 'Verde Lda', '+351 21 555 0101', 120050, '2026-10-05'],
      ['Ken O’Brien', 'ken@obrien.example', 'O’Brien Consulting', '35155501020', 80000, '2026-09-12'],
      ['Sara Nyberg', 'sara@nyberg.example', 'Nyberg AB', null, null, null],
    ]);
    const partners = await runMeld(['import', fixture('leads.xlsx'), '--sheet', 'partners', '--dry-run']);
    expect(partners.stderr).toContain('would add 1,');
    const missing = await runMeld(['import', fixture('leads.xlsx'), '--sheet', 'Nope']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      `error: "${fixture('leads.xlsx')}" has no sheet "Nope"\n  hint: its sheets: Leads, Partners\n`,
    );
  });
});

describe('export filters, vCard out, and round trips of follow-ups and activities', () => {
  const seedDb = async () => {
    const db = tempDbPath();
    await runMeld(['import', fixture('contacts.vcf')], { db });
    await runMeld(['campaign', 'add', 'Summit', '--channel', 'event'], { db });
    await runMeld(['prospect', 'edit', '1', '--campaign', 'summit'], { db });
    await runMeld(['prospect', 'stage', '2', 'qualified'], { db });
    await runMeld(['followup', 'add', '1', '2026-12-03', 'send the pilot plan'], { db });
    await runMeld(['followup', 'add', '2', '2026-12-10', 'intro call'], { db });
    await runMeld(['log', '2', 'asked about pricing', '--type', 'call'], { db });
    return db;
  };

  it('keeps only the prospects, follow-ups and activities the filters name', async () => {
    const db = await seedDb();
    const ids = async (args: string[]) =>
      (
        JSON.parse((await runMeld(['export', ...args, '--format', 'json'], { db })).stdout) as Array<{ id: number }>
      ).map((x) => x.id);
    expect(await ids(['prospects', '--campaign', 'summit'])).toEqual([1]);
    expect(await ids(['prospects', '--stage', 'qualified'])).toEqual([2]);
    expect(await ids(['prospects', '--tag', 'Lisbon'])).toEqual([1]);
    expect(await ids(['followups', '--stage', 'qualified'])).toEqual([2]);
    expect(await ids(['followups', '--since', '2026-12-05'])).toEqual([2]);
    expect(await ids(['followups', '--until', '2026-12-05'])).toEqual([1]);
    expect(await ids(['activities', '--campaign', 'summit'])).toEqual([1]);
    expect(await ids(['prospects', '--since', '2026-11-28'])).toEqual([]);
    const bad = await runMeld(['export', 'prospects', '--stage', 'wonn'], { db });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('error: unknown stage "wonn"');
  });

  it('writes prospects as vCard 3.0 that ical.js reads back, and imports it back to the same people', async () => {
    const db = await seedDb();
    const r = await runMeld(['export', 'prospects', '--format', 'vcf'], { db });
    expect(r.exitCode).toBe(0);
    const ICAL = (await import('ical.js')).default;
    const cards = ICAL.parse(r.stdout) as unknown as Array<[string, Array<[string, unknown, string, unknown]>]>;
    expect(cards).toHaveLength(4);
    const ana = cards[0]![1];
    const values = (name: string) => ana.filter((p) => p[0] === name).map((p) => p[3]);
    expect(values('fn')).toEqual(['Ana Souza']);
    expect(values('email')).toEqual(['ana.souza@acme-logistics.example', 'ana@home.example']);
    expect(values('tel')).toEqual(['+351 912 345 678', '+351 21 555 0101']);
    expect(values('org')).toEqual(['Acme Logistics']);
    expect(values('note')).toEqual(['meld #1, stage new, campaign Summit']);
    const file = join(tempDir(), 'out.vcf');
    writeFileSync(file, r.stdout);
    const back = await runMeld(['import', file]);
    const person = (p: Prospect) => [p.name, p.email, p.otherEmails, p.phone, p.otherPhones, p.company, p.tags];
    const original = (await runMeld(['prospect', 'list'], { db })).db;
    expect(back.db?.prospects.map(person)).toEqual(original?.prospects.map(person));
  });

  it('reads back its own vCard note as the stage and campaign, not as a note on every person', async () => {
    const db = await seedDb();
    const file = join(tempDir(), 'out.vcf');
    await runMeld(['export', 'prospects', '--format', 'vcf', '--out', file], { db });
    const back = await runMeld(['import', file]);
    expect(back.exitCode).toBe(0);
    expect(back.db?.activities.filter((a) => a.text.startsWith('meld #'))).toEqual([]);
    const where = (p: ProspectView) => [p.name, p.stage, p.campaign];
    const original = (await runMeld(['prospect', 'list'], { db })).db;
    expect(standing(back.db).map(where)).toEqual(standing(original).map(where));
  });

  it('writes vCards that Python vobject reads (skipped when python3-vobject is not installed)', async (t) => {
    const { spawnSync } = await import('node:child_process');
    const python = ['/usr/bin/python3', 'python3'].find(
      (bin) => spawnSync(bin, ['-c', 'import vobject'], { stdio: 'ignore' }).status === 0,
    );
    if (!python) {
      t.skip('python3-vobject is not installed (apt-get install python3-vobject)');
      return;
    }
    const db = await seedDb();
    const out = join(tempDir(), 'contacts.vcf');
    await runMeld(['export', 'prospects', '--format', 'vcf', '--out', out], { db });
    const read = spawnSync(
      python,
      [
        '-c',
        'import sys, vobject\nfor c in vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()):\n  print(c.fn.value, "|", ",".join(e.value for e in c.contents.get("email", [])), "|", ",".join(t.value for t in c.contents.get("tel", [])))',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(read.stderr).toBe('');
    expect(read.stdout.split('\n')).toEqual([
      'Ana Souza | ana.souza@acme-logistics.example,ana@home.example | +351 912 345 678,+351 21 555 0101',
      'Kenji Watanabe | kenji@contoso.example | +81 90 5555 0101',
      'Иван Петров | ivan.petrov@romashka.example | +7 495 555-01-01,+7 916 555-01-02',
      'Li Wei | li.wei@globex.example | +86-10-5555-0101',
      '',
    ]);
  });

  it("imports meld's follow-up and activity exports (CSV and JSON) back onto their prospects, once", async () => {
    const db = await seedDb();
    const dir = tempDir();
    for (const [what, format] of [
      ['prospects', 'csv'],
      ['followups', 'csv'],
      ['activities', 'json'],
    ] as const)
      await runMeld(['export', what, '--format', format, '--out', join(dir, `${what}.${format}`)], { db });
    const copy = tempDbPath();
    await runMeld(['import', join(dir, 'prospects.csv')], { db: copy });
    const followups = await runMeld(['import', join(dir, 'followups.csv')], { db: copy });
    expect(followups.stderr.split('\n')[0]).toBe(
      '✓ Imported followups.csv (meld follow-up export): 0 added, 2 updated, 0 skipped as duplicates, 0 rejected',
    );
    const activities = await runMeld(['import', join(dir, 'activities.json')], { db: copy });
    expect(activities.stderr.split('\n')[0]).toBe(
      '✓ Imported activities.json (meld activity export): 3 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    const again = await runMeld(['import', join(dir, 'activities.json')], { db: copy });
    expect(again.stderr.split('\n')[0]).toContain('0 added, 0 updated, 3 skipped as duplicates');
    const shape = (d: typeof again.db) => ({
      followUps: d?.followUps.map((f) => [f.prospectId, f.due, f.status, f.note]),
      activities: d?.activities.map((a) => [a.prospectId, a.type, a.at, a.text]),
    });
    const original = (await runMeld(['export', 'prospects'], { db })).db;
    expect(shape(again.db)).toEqual(shape(original));
  });
});

describe('import: columns by what they mean (issue 20)', () => {
  it('reads a Zoom meeting report: the participants after the meeting section, by the words of their headers', async () => {
    const r = await runMeld(['import', fixture('zoom-meeting-participants.csv')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported zoom-meeting-participants.csv (spreadsheet): 3 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(r.db?.prospects.map((p) => [p.name, p.email, p.firstSeen])).toEqual([
      ['Ana Souza', 'ana.souza@acme-logistics.example', '2026-11-20'],
      ['Kofi B (Kofi Boateng)', 'kofi@sankofa.example', '2026-11-20'],
      ['Li Wei', 'li.wei@globex.example', '2026-11-20'],
    ]);
  });

  it('reads Calendly invitees and a French sign-up sheet by the words of their headers', async () => {
    const calendly = await runMeld(['import', fixture('calendly-events.csv')]);
    expect(people(calendly.db?.prospects)).toEqual([
      ['Priya Natarajan', 'priya@lotus-analytics.example', null, null, null],
      ['Tomás Herrera', 'tomas@andes-foods.example', null, null, null],
    ]);
    const fr = await runMeld(['import', fixture('fr-salon-inscriptions.csv')]);
    expect(people(fr.db?.prospects)).toEqual([
      [
        'Camille Lefèvre',
        'camille.lefevre@atelier-nord.example',
        'Atelier Nord',
        '06 12 34 56 78',
        'Directrice commerciale',
      ],
      ['Julien Moreau', 'j.moreau@boulangerie-moreau.example', 'Boulangerie Moreau', '07 98 76 54 32', 'Gérant'],
    ]);
    expect(fr.db?.prospects.map((p) => p.firstSeen)).toEqual(['2026-03-15', '2026-04-02']);
  });

  it('shows in a dry run how each column is read and why; a column of emails is the email whatever its header', async () => {
    const r = await runMeld(['import', fixture('workshop-signups.csv'), '--dry-run']);
    expect(r.stdout.split('\n').slice(0, 6)).toEqual([
      'COLUMN         READ AS     WHY',
      'Attendee Name  name        known header',
      'Login          email       by its values: 3 of 3 values are emails',
      'Organisation   company     known header',
      'Signed up      kept as is  by its words: "signed up", but no value is a date',
      '',
    ]);
    const json = await runMeld(['import', fixture('workshop-signups.csv'), '--dry-run', '--json']);
    expect(JSON.parse(json.stdout).columns[1]).toEqual({
      column: 'Login',
      field: 'email',
      why: 'by its values: 3 of 3 values are emails',
    });
    const mapped = await runMeld([
      'import',
      fixture('workshop-signups.csv'),
      '--dry-run',
      '--json',
      '--map',
      'Login=ignore',
    ]);
    expect(JSON.parse(mapped.stdout).columns[1]).toEqual({ column: 'Login', field: null, why: '--map: ignored' });
  });
});

describe('import: dates read by column (issue 20)', () => {
  const seen = (prospects: Prospect[] | undefined) => (prospects ?? []).map((p) => [p.name, p.firstSeen]);

  it('reads LinkedIn 2018 "1/8/18, 6:14 PM" month first, as the column shows', async () => {
    const r = await runMeld(['import', fixture('linkedin-connections-2018.csv')]);
    expect(r.stderr.split('\n')[0]).toContain('3 added');
    expect(seen(r.db?.prospects)).toEqual([
      ['Amara Okonkwo', '2018-01-08'],
      ['Jonas Lindqvist', '2017-12-21'],
      ['Mei Tanaka', '2018-03-14'],
    ]);
  });

  it('reads HubSpot "2/5/24 1:51" and keeps its two Create Date columns apart', async () => {
    const r = await runMeld(['import', fixture('hubspot-contacts-2024.csv')]);
    expect(r.stderr).not.toContain('warning');
    expect(seen(r.db?.prospects)).toEqual([
      ['Rosa Delgado', '2024-02-05'],
      ['Felix Wagner', '2023-11-23'],
      ['Nadia Haddad', '2024-01-12'],
    ]);
    expect(r.db?.prospects[0]?.fields).toEqual({ 'Record ID': '71002001', 'Create Date (2)': '3/9/21 10:02' });
  });

  it('reads a Salesforce "28-6-2018" column day first, the ambiguous 3-7-2018 with it', async () => {
    const r = await runMeld(['import', fixture('salesforce-contacts-2018.csv')]);
    expect(seen(r.db?.prospects)).toEqual([
      ['Lucía Romero', '2018-06-28'],
      ['Pieter de Vries', '2018-07-03'],
      ['Chiara Bianchi', '2018-05-04'],
    ]);
  });

  it('refuses once for a column whose every date could be either, keeps them as text, and takes --date-order', async () => {
    const r = await runMeld(['import', fixture('ambiguous-dates.csv')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('warning'))).toEqual([
      'warning: column "signup date": 2 dates like "03/04/2026" could be day or month first, and no value of the column tells which: kept as text; say which with --date-order dmy or --date-order mdy',
    ]);
    expect(r.db?.prospects.map((p) => [p.firstSeen, p.fields])).toEqual([
      [null, { 'signup date': '03/04/2026' }],
      [null, { 'signup date': '05/06/2026' }],
      ['2026-07-07', {}],
    ]);
    const dmy = await runMeld(['import', fixture('ambiguous-dates.csv'), '--date-order', 'dmy']);
    expect(dmy.stderr).not.toContain('warning');
    expect(seen(dmy.db?.prospects).map(([, d]) => d)).toEqual(['2026-04-03', '2026-06-05', '2026-07-07']);
  });
});

describe('import: encodings with language evidence (issue 20)', () => {
  it('reads Gmail\'s "Outlook CSV": a UTF-8 BOM before a Windows-1252 body, every first name and accent intact', async () => {
    const r = await runMeld(['import', fixture('gmail-outlook-csv-bom-1252.csv')]);
    expect(r.exitCode).toBe(0);
    expect(people(r.db?.prospects)).toEqual([
      ['Hélène Lemière', 'helene.lemiere@atelier-lumiere.example', 'Atelier Lumière', '+33 6 12 34 56 78', 'Gérante'],
      ['François Bézier', 'f.bezier@creperie-bretonne.example', 'Crêperie Bretonne', null, 'Propriétaire'],
      ['Aurélie Noël', 'aurelie.noel@chateau-vignes.example', 'Château des Vignes', '+33 5 56 78 90 12', 'Directrice'],
    ]);
  });

  it('reads a French Windows-1252 file its letters settle (è à ç), and drops a false BOM with --encoding too', async () => {
    const fr = await runMeld(['import', fixture('fr-windows-1252.csv')]);
    expect(fr.exitCode).toBe(0);
    expect(fr.db?.prospects.map((p) => [p.name, p.company])).toEqual([
      ['Gaëlle Lefèvre', 'Crème à la carte'],
      ['François Mathè', 'Brasserie du Lac'],
      ['Léa Sèvre', 'Fromagerie'],
    ]);
    const named = await runMeld(['import', fixture('gmail-outlook-csv-bom-1252.csv'), '--encoding', 'windows-1252']);
    expect(named.db?.prospects[0]?.name).toBe('Hélène Lemière');
  });
});

describe('import: people kept whole (issue 20)', () => {
  it('reads vCards with CR CR LF line ends and a folded photo, and skips a broken photo with a warning naming the card', async () => {
    const r = await runMeld(['import', fixture('phone-contacts.vcf')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual([
      '✓ Imported phone-contacts.vcf (vCard contacts): 4 added, 0 updated, 0 skipped as duplicates, 0 rejected',
      'warning: line 18, column "vCard": skipped a broken PHOTO property of this card (Piotr Kowalski)',
    ]);
    expect(r.db?.prospects.map((p) => [p.name, p.email, p.phone])).toEqual([
      ['Chidi Okafor', 'chidi@lagos-freight.example', '+234 803 555 0147'],
      ['Marta Ferreira', 'marta.ferreira@porto-mail.example', null],
      ['Piotr Kowalski', 'piotr.kowalski@wisla.example', '+48 601 555 123'],
      ['Sunita Rao', 'sunita@rao-textiles.example', '+91 22 5555 0199'],
    ]);
  });

  it('takes a section heading merged across an Excel sheet for a heading, not a person', async () => {
    const r = await runMeld(['import', fixture('team-directory.xlsx')]);
    expect(r.db?.prospects.map((p) => p.name)).toEqual(['Ingrid Solberg', 'Tomasz Wójcik', 'Amina Diallo']);
    expect(r.stderr).toContain(
      'warning: line 3: a section heading (one cell merged across the sheet), not a person (Sales partners)',
    );
  });

  it('takes a heading row a CSV repeats across every column for a heading too', async () => {
    const file = join(tempDir(), 'teams.csv');
    writeFileSync(file, 'Name,Email,Company\nSales,Sales,Sales\nAna Souza,ana@acme.io,Acme\n');
    const r = await runMeld(['import', file]);
    expect(r.db?.prospects.map((p) => p.name)).toEqual(['Ana Souza']);
  });
});

describe('import: phones as people write them (issue 20)', () => {
  it('reads all six numbered Google phone slots, strips direction marks and splits two numbers run together', async () => {
    const r = await runMeld(['import', fixture('google-contacts-phones.csv')]);
    expect(r.stderr).not.toContain('warning');
    expect(r.db?.prospects.map((p) => [p.name, p.phone, p.otherPhones])).toEqual([
      [
        'Grace Abernathy',
        '+1 (406) 555-0110',
        ['+1 (406) 555-0111', '+1 (406) 555-0112', '+1 (406) 555-0113', '+1 (406) 555-0114', '+1 (406) 555-0115'],
      ],
      ['יעל כהן', '+972 52-555-0123', []],
      ['Desmond Clarke', '(800) 555-0191', ['(800) 555-0192']],
    ]);
  });
});

describe('import: matching that is idempotent (issue 20)', () => {
  it.each(['skip', 'update'])(
    'a family sharing one phone and one email: the same vCards imported again add nobody (--on-duplicate %s)',
    async (onDuplicate) => {
      const db = tempDbPath();
      const first = await runMeld(['import', fixture('family-contacts.vcf'), '--on-duplicate', onDuplicate], { db });
      expect(first.stderr.split('\n')[0]).toContain('4 added');
      const again = await runMeld(['import', fixture('family-contacts.vcf'), '--on-duplicate', onDuplicate], { db });
      expect(again.stderr).toBe(
        '✓ Imported family-contacts.vcf (vCard contacts): 0 added, 0 updated, 5 skipped as duplicates, 0 rejected\n' +
          '  nothing new: the data file was not changed\n',
      );
    },
  );
});
