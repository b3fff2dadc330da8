import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Prospect } from '../../src/domain/types.js';
import { standing } from '../helpers/records.js';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

const byName = <P extends Prospect>(prospects: P[] | undefined, name: string) =>
  prospects?.find((p) => p.name === name);

describe('meld import', () => {
  it("finds the header after LinkedIn's Notes preamble and imports every connection into one batch", async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'LinkedIn outreach', '--channel', 'social']]);
    const r = await runMeld(
      ['import', fixture('linkedin-connections.csv'), '--campaign', 'linkedin outreach', '--tag', 'LinkedIn'],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Imported linkedin-connections.csv (LinkedIn connections): 5 added, 0 updated, 0 skipped as duplicates, 0 rejected\n' +
        '  batch import-2026-11-27T10:00:00Z: `meld undo` removes this import as a whole\n',
    );
    expect(r.db?.prospects.map((p) => p.name)).toEqual([
      'Ana Souza',
      'Li Wei',
      'José Álvarez',
      'Priya Natarajan',
      "Tom O'Brien",
    ]);
    expect(byName(r.db?.prospects, 'Li Wei')).toMatchObject({
      email: null,
      company: 'Globex',
      title: 'Head of Sales, EMEA',
      campaign: 'linkedin-outreach',
      tags: ['linkedin'],
      batch: 'import-2026-11-27T10:00:00Z',
      fields: { URL: 'https://www.linkedin.com/in/liwei' },
      firstSeen: '2025-10-03',
      createdAt: '2026-11-27T10:00:00.000Z',
    });
    expect(byName(r.db?.prospects, 'Ana Souza')?.createdAt).toBe('2026-11-27T10:00:00.000Z');
  });

  it('reads a ;-delimited file with a BOM and CRLF line endings, keeping accents and notes', async () => {
    const r = await runMeld(['import', fixture('europe-semicolon-bom.csv')]);
    expect(r.exitCode).toBe(0);
    expect(r.db?.prospects.map((p) => [p.name, p.email, p.company, p.phone, p.title])).toEqual([
      ['Jürgen Weiß', 'juergen.weiss@beispiel.de', 'Müller & Söhne GmbH', '+49 30 1234567', 'Einkauf'],
      ['Zoë Ørsted', 'zoe@nordlys.dk', 'Nordlys ApS', '+45 12 34 56 78', 'CEO'],
      ['Émilie Durand', 'emilie.durand@exemple.fr', 'Société Générale de Test', '+33 1 23 45 67 89', 'Directrice'],
    ]);
    expect(r.db?.activities.map((a) => [a.prospectId, a.type, a.text])).toEqual([
      [1, 'note', 'Messe Köln; sehr interessiert'],
      [3, 'note', 'rappeler après le 15'],
    ]);
  });

  it("imports a HubSpot contacts export, normalising emails and keeping HubSpot's own columns", async () => {
    const r = await runMeld(['import', fixture('hubspot-contacts.csv')]);
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported hubspot-contacts.csv (HubSpot contacts): 3 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(byName(standing(r.db), 'Kenji Watanabe')).toMatchObject({
      email: 'kenji@contoso.example',
      company: 'Contoso',
      title: 'CFO',
      phone: null,
      stage: 'qualified',
      firstSeen: '2026-09-14',
      fields: { 'Record ID': '51234002' },
    });
    expect(byName(r.db?.prospects, 'Aisha Bello')?.company).toBe('Fabrikam');
  });

  it('imports Google Contacts, new and legacy: labels become tags, a second address is kept', async () => {
    const db = tempDbPath();
    const r = await runMeld(['import', fixture('google-contacts.csv')], { db });
    expect(r.stderr.split('\n')[0]).toContain('(Google Contacts): 2 added');
    expect(byName(r.db?.prospects, 'Olivia Grace Bennett')).toMatchObject({
      email: 'olivia@bennettdesign.example',
      company: 'Bennett Design Studio',
      title: 'Creative Director',
      phone: '+351 912 345 678',
      tags: ['clients'],
      otherEmails: ['liv.bennett@gmail.example'],
      fields: expect.objectContaining({ Nickname: 'Liv' }),
    });
    expect(r.db?.activities[0]?.text).toBe('Met at the Lisbon web summit');
    const legacy = await runMeld(['import', fixture('google-contacts-legacy.csv')], { db });
    expect(byName(legacy.db?.prospects, 'Hannah Schmidt')).toMatchObject({
      email: 'hannah@schmidt-partner.example',
      company: 'Schmidt & Partner',
      title: 'Managing Partner',
      tags: ['partners'],
    });
  });

  it('imports a Mailchimp audience with its quoted tags and notes', async () => {
    const r = await runMeld(['import', fixture('mailchimp-audience.csv')]);
    expect(r.stderr.split('\n')[0]).toContain('(Mailchimp audience): 2 added');
    expect(byName(r.db?.prospects, 'Noor Haddad')).toMatchObject({
      email: 'noor@sunrise.example',
      company: 'Sunrise Trading',
      phone: '+971 4 555 0101',
      tags: ['webinar nov', 'vip', 'subscribed'],
      firstSeen: '2026-09-01',
      fields: expect.objectContaining({ MEMBER_RATING: '4' }),
    });
    expect(r.db?.activities.map((a) => a.text)).toEqual(['Asked for pricing']);
  });

  it('imports Outlook contacts, reading "Job Title" as the title and falling back to the second email', async () => {
    const r = await runMeld(['import', fixture('outlook-contacts.csv')]);
    expect(r.stderr.split('\n')[0]).toContain('(Outlook contacts): 2 added');
    expect(byName(r.db?.prospects, 'Sarah Connor')).toMatchObject({
      email: 'sarah.connor@cyberdyne.example',
      title: 'Security Consultant',
      company: 'Cyberdyne Systems',
      phone: '+1 213 555 0147',
      tags: ['prospects', 'security'],
      fields: { Title: 'Ms.', 'Business City': 'Los Angeles' },
    });
    expect(byName(r.db?.prospects, 'David Kim')).toMatchObject({
      email: 'dkim@personal.example',
      title: null,
      phone: '+1 646 555 0199',
    });
  });

  it('reads tab-separated quoted cells holding commas, doubled quotes and line breaks', async () => {
    const r = await runMeld(['import', fixture('webinar-multiline.tsv')]);
    expect(r.exitCode).toBe(0);
    expect(r.db?.prospects.map((p) => [p.name, p.company])).toEqual([
      ['Grace "Gracie" Hopper', 'US Navy, Research'],
      ['Alan Turing', 'Bletchley Park'],
      ['Ada Lovelace', 'Analytical Engines'],
    ]);
    expect(r.db?.prospects[0]?.fields).toEqual({
      source: 'Webinar Q4',
      'Question asked': 'How do I import\nfrom two tools\nat once?',
    });
  });

  it('keeps non-Latin names exactly and finds them by name afterwards', async () => {
    const db = tempDbPath();
    const r = await runMeld(['import', fixture('non-latin.csv')], { db });
    expect(r.db?.prospects.map((p) => p.name)).toEqual([
      '李伟',
      'Анна Иванова',
      'محمد علي',
      'Ελένη Παπαδοπούλου',
      '田中 花子',
    ]);
    expect(byName(r.db?.prospects, '李伟')).toMatchObject({ company: '北京科技有限公司', title: '销售总监' });
    const again = await runMeld(['import', fixture('non-latin.csv')], { db });
    expect(again.stderr.split('\n')[0]).toContain('0 added, 0 updated, 5 skipped as duplicates');
  });

  it('skips duplicates inside the file and against the data file, naming what each duplicates', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--company', 'Acme'],
      ['add-prospect', 'Li Wei', '--company', 'Globex'],
    ]);
    const r = await runMeld(['import', fixture('duplicates.csv'), '--dry-run'], { db });
    expect(r.stdout).toBe(
      [
        'COLUMN      READ AS     WHY',
        'First Name  first_name  known header',
        'Last Name   last_name   known header',
        'Email       email       known header',
        'Company     company     known header',
        'Phone       phone       known header',
        'Job Title   title       known header',
        '',
        'LINE  ACTION  ID  NAME           EMAIL           DETAIL',
        '   2  skip    #1  Ana Souza      ana@acme.io     same email as #1',
        '   3  add     #3  Ben Okafor     ben@okafor.ex…',
        '   4  skip    #3  Ben Okafor     ben@okafor.ex…  same email as line 3',
        '   5  skip    #2  Li Wei                         same name and company as #2',
        '   6  add     #4  Carla Mendes',
        '   7  skip    #4  carla MENDES                   same name and company as line 6',
        '   8  add     #5  Dmitri Petrov  dmitri@petrov…',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe(
      'dry run of duplicates.csv (spreadsheet): would add 3, update 0, skip 4 as duplicates, reject 0; nothing was written\n',
    );
  });

  it('with --on-duplicate update, fills empty fields without overwriting any', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--company', 'Acme Logistics'],
      ['add-prospect', 'Li Wei', '--company', 'Globex', '--title', 'Sales'],
    ]);
    const r = await runMeld(['import', fixture('duplicates.csv'), '--on-duplicate', 'update'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported duplicates.csv (spreadsheet): 3 added, 1 updated, 3 skipped as duplicates, 0 rejected',
    );
    expect(byName(r.db?.prospects, 'Li Wei')).toMatchObject({ phone: '+86 10 5555 0000', title: 'Sales', batch: null });
    expect(byName(r.db?.prospects, 'Ana Souza')).toMatchObject({ company: 'Acme Logistics' });
    expect(byName(r.db?.prospects, 'Ben Okafor')).toMatchObject({ phone: '+234 1 555 0000', title: 'Owner' });
    expect(byName(r.db?.prospects, 'Carla Mendes')).toMatchObject({ phone: '+351 21 555 0000', title: 'Partner' });
  });

  it('is idempotent: the same file a second time adds nothing and leaves the data file byte-for-byte alone', async () => {
    const db = tempDbPath();
    const first = await runMeld(['import', fixture('linkedin-connections.csv')], { db });
    expect(first.exitCode).toBe(0);
    const before = readFileSync(db);
    for (const mode of ['skip', 'update']) {
      const again = await runMeld(['import', fixture('linkedin-connections.csv'), '--on-duplicate', mode], {
        db,
        now: '2026-11-27T11:00:00Z',
      });
      expect(again.exitCode).toBe(0);
      expect(again.stderr).toBe(
        '✓ Imported linkedin-connections.csv (LinkedIn connections): 0 added, 0 updated, 5 skipped as duplicates, 0 rejected\n' +
          '  nothing new: the data file was not changed\n',
      );
      expect(readFileSync(db).equals(before)).toBe(true);
    }
  });

  it('with --dry-run writes nothing, not even a new data file', async () => {
    const db = tempDbPath();
    const r = await runMeld(['import', fixture('hubspot-contacts.csv'), '--dry-run'], { db });
    expect(r.exitCode).toBe(0);
    expect(existsSync(db)).toBe(false);
    expect(r.stdout.split('\n').slice(16, 18)).toEqual([
      'LINE  ACTION  ID  NAME            EMAIL                           DETAIL',
      '   2  add     #1  Maria Garcia    maria.garcia@northwind.example',
    ]);
    await seed(db, [['add-prospect', 'Someone']]);
    const before = readFileSync(db);
    await runMeld(['import', fixture('hubspot-contacts.csv'), '--dry-run', '--on-duplicate', 'update'], { db });
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('lists every row of a 20,000-row dry run', async () => {
    const file = join(tempDir(), 'big.csv');
    const lines = ['name,email'];
    for (let i = 0; i < 20_000; i++) lines.push(`Person ${i},p${i}@example.com`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runMeld(['import', file, '--dry-run']);
    // The columns (a header line and one per column, then a blank line), then one line per row.
    const out = r.stdout.split('\n').slice(4);
    expect(out).toHaveLength(20_002);
    expect(out[20_000]).toBe('20001  add     #20000  Person 19999  p19999@example.com');
  });

  it('rejects only rows with no one in them, keeps people whose cells it cannot read, and names line and column', async () => {
    const r = await runMeld(['import', fixture('rejects.csv')]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      [
        '✓ Imported rejects.csv (spreadsheet): 6 added, 0 updated, 0 skipped as duplicates, 1 rejected',
        'warning: line 3: no name and no email',
        'warning: line 4, column "email": not an email: "not-an-email", kept as text (Bad Email)',
        'warning: line 5, column "next follow-up": not a date: "2026-02-30" (no such day), kept as text (Bad Date)',
        'warning: line 8, column "value": not an amount: "twelve", kept as text (Bad Value)',
        '  batch import-2026-11-27T10:00:00Z: `meld undo` removes this import as a whole',
        '',
      ].join('\n'),
    );
    expect(r.db?.prospects.map((p) => p.name)).toEqual([
      'Good One',
      'Bad Email',
      'Bad Date',
      'Multi Line',
      'Bad Value',
      'Good Two',
    ]);
    expect(r.db?.prospects[1]).toMatchObject({ email: null, fields: { email: 'not-an-email' } });
    expect(r.db?.deals[0]?.valueCents).toBe(120000);
    expect(r.db?.followUps.map((f) => [f.prospectId, f.due])).toEqual([[1, '2026-12-03']]);
  });

  it('reads a "Referred By" column: someone on file or a row of the file, a later one too; the rest kept as text', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--email', 'ana@acme.io']]);
    const file = join(tempDir(), 'referrals.csv');
    writeFileSync(
      file,
      [
        'Name,Email,Referred By',
        'Sam Reed,sam@x.io,ANA@acme.io',
        'Kim Lee,kim@x.io,priya natarajan',
        'Priya Natarajan,priya@x.io,#1',
        'Bo,bo@x.io,Google',
        'Cy,cy@x.io,cy@x.io',
        '',
      ].join('\n'),
    );
    const r = await runMeld(['import', file], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      [
        '✓ Imported referrals.csv (spreadsheet): 5 added, 0 updated, 0 skipped as duplicates, 0 rejected',
        'warning: line 5, column "Referred By": referrer "Google" names no one on file or in this file, kept as text (Bo)',
        'warning: line 6, column "Referred By": referrer "cy@x.io" is this person, ignored (Cy)',
        '  batch import-2026-11-27T10:00:00Z: `meld undo` removes this import as a whole',
        '',
      ].join('\n'),
    );
    expect(r.db?.prospects.map((p) => [p.id, p.name, p.referredBy, p.fields])).toEqual([
      [1, 'Ana Souza', null, {}],
      [2, 'Sam Reed', 1, {}],
      [3, 'Kim Lee', 4, {}],
      [4, 'Priya Natarajan', 1, {}],
      [5, 'Bo', null, { 'Referred By': 'Google' }],
      [6, 'Cy', null, {}],
    ]);
    const again = await runMeld(['import', file, '--on-duplicate', 'update', '--json'], { db });
    expect(JSON.parse(again.stdout).rows.map((row: { action: string }) => row.action)).toEqual([
      'skip',
      'skip',
      'skip',
      'skip',
      'skip',
    ]);
  });

  it('keeps a date added as the day first seen (one in the future as text), and starts a created campaign at its oldest prospect', async () => {
    const file = join(tempDir(), 'dated.csv');
    writeFileSync(
      file,
      'name,email,campaign,date added\nAna,ana@acme.io,Expo,2025-06-02\nBo,bo@b.io,Expo,2027-01-01\nCy,cy@c.io,Expo,2025-09-15\n',
    );
    const r = await runMeld(['import', file]);
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      '✓ Imported dated.csv (spreadsheet): 3 added, 0 updated, 0 skipped as duplicates, 0 rejected',
      '✓ Created campaign Expo (expo)',
      'warning: line 3, column "date added": date "2027-01-01" is in the future, kept as text (Bo)',
    ]);
    expect(r.db?.campaigns[0]?.start).toBe('2025-06-02');
    expect(r.db?.prospects.map((p) => [p.firstSeen, p.createdAt])).toEqual([
      ['2025-06-02', '2026-11-27T10:00:00.000Z'],
      [null, '2026-11-27T10:00:00.000Z'],
      ['2025-09-15', '2026-11-27T10:00:00.000Z'],
    ]);
  });

  it('gives a lost row the reason from its "reason" column, else "not given (imported)", as the stage command would need', async () => {
    const file = join(tempDir(), 'lost.csv');
    writeFileSync(file, 'name,stage,reason\nAna,lost,went with a competitor\nBo,lost,\nCy,won,great fit\n');
    const r = await runMeld(['import', file]);
    expect(r.exitCode).toBe(0);
    expect(
      standing(r.db).map((p) => [p.name, p.stage, p.lostReason, p.deals[0]!.history.at(-1)?.reason, p.fields]),
    ).toEqual([
      ['Ana', 'lost', 'went with a competitor', 'went with a competitor', {}],
      ['Bo', 'lost', 'not given (imported)', 'not given (imported)', {}],
      ['Cy', 'won', null, undefined, { 'lost reason': 'great fit' }],
    ]);
  });

  it('reads German "Wert" and "Phase" columns as value and stage, checking them like any other', async () => {
    const file = join(tempDir(), 'kunden.csv');
    writeFileSync(
      file,
      'Vorname;Nachname;E-Mail;Firma;Wert;Phase\nJürgen;Weiß;j@x.de;Müller;-5;won\nAna;Souza;a@x.de;X;1.200,50 €;proposal\nBo;Berg;b@x.de;Y;300;wonn\n',
    );
    const r = await runMeld(['import', file]);
    expect(r.stderr.split('\n').slice(0, 3)).toEqual([
      '✓ Imported kunden.csv (spreadsheet): 3 added, 0 updated, 0 skipped as duplicates, 0 rejected',
      'warning: line 2, column "Wert": not an amount: "-5", kept as text (Jürgen Weiß)',
      'warning: line 4, column "Phase": unknown stage "wonn": kept as text, the person starts at new (Bo Berg)',
    ]);
    expect(standing(r.db).map((p) => [p.name, p.stage, p.valueCents, p.fields])).toEqual([
      ['Jürgen Weiß', 'won', null, { Wert: '-5' }],
      ['Ana Souza', 'proposal', 120050, {}],
      ['Bo Berg', 'new', 30000, { Phase: 'wonn' }],
    ]);
  });

  it('prints the outcome as JSON with every row', async () => {
    const r = await runMeld(['import', fixture('rejects.csv'), '--json']);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      file: 'rejects.csv',
      source: 'spreadsheet',
      dryRun: false,
      written: true,
      batch: 'import-2026-11-27T10:00:00Z',
      added: 6,
      updated: 0,
      skipped: 0,
      rejected: 1,
      campaignsCreated: [],
    });
    expect(json.rows[1]).toEqual({
      line: 3,
      action: 'reject',
      id: null,
      name: null,
      email: null,
      detail: 'no name and no email',
      warnings: [],
    });
    expect(json.rows[2].warnings).toEqual([{ column: 'email', message: 'not an email: "not-an-email", kept as text' }]);
    expect(json.rows).toHaveLength(7);
  });

  it('reads columns it does not know through --map, and refuses a --map naming a missing column', async () => {
    const dir = tempDir();
    const file = join(dir, 'attendees.csv');
    writeFileSync(file, 'Attendee,Mail,Stage\nAna Souza,ana@acme.io,Lead\n');
    const r = await runMeld(['import', file, '--map', 'Attendee=name', '--map', 'Mail=email', '--map', 'Stage=ignore']);
    expect(r.exitCode).toBe(0);
    expect(standing(r.db)[0]).toMatchObject({ name: 'Ana Souza', email: 'ana@acme.io', stage: 'new', fields: {} });
    const missing = await runMeld(['import', file, '--map', 'Nope=email']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe('error: --map: the file has no column "nope"');
    const bad = await runMeld(['import', file, '--map', 'Mail=mobile']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('error: --map: unknown field "mobile"');
  });

  it('names in a dry run the campaigns the file would create', async () => {
    const file = join(tempDir(), 'by-campaign.csv');
    writeFileSync(file, 'name,email,campaign\nAna,ana@acme.io,Expo 2026\nBo,bo@b.io,expo 2026\n');
    const r = await runMeld(['import', file, '--dry-run']);
    expect(r.stderr).toBe(
      '  would create campaign Expo 2026 (expo-2026)\n' +
        'dry run of by-campaign.csv (spreadsheet): would add 2, update 0, skip 0 as duplicates, reject 0; nothing was written\n',
    );
    expect(r.db).toBeUndefined();
  });

  it('refuses an unknown --campaign before writing anything', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Someone']]);
    const before = readFileSync(db);
    const r = await runMeld(['import', fixture('hubspot-contacts.csv'), '--campaign', 'nope'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: no campaign "nope"');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('says how to create a --campaign that does not exist yet, even in a dry run on a fresh file', async () => {
    const r = await runMeld([
      'import',
      fixture('linkedin-connections.csv'),
      '--campaign',
      'LinkedIn outreach',
      '--dry-run',
    ]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: no campaign "LinkedIn outreach"\n  hint: create it first: meld campaign add "LinkedIn outreach" --channel <channel>\n',
    );
    expect(r.db).toBeUndefined();
  });

  it('takes --campaign none as no campaign, never hinting to create a campaign called none', async () => {
    // The hint said `meld campaign add "none"`, which refuses that name: a dead end.
    const r = await runMeld(['import', fixture('linkedin-connections.csv'), '--campaign', 'none']);
    expect(r.exitCode).toBe(0);
    expect(r.db?.prospects.every((p) => p.campaign === null)).toBe(true);
  });

  it('explains a missing file and a file without a recognisable header', async () => {
    const missing = await runMeld(['import', '/nonexistent/list.csv']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe('error: cannot read "/nonexistent/list.csv": no such file or folder');
    const file = join(tempDir(), 'numbers.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const unknown = await runMeld(['import', file]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr.split('\n')[0]).toBe(
      'error: no header row found: expected columns such as name, email or company',
    );
  });

  it('asks for .xlsx or CSV when given another workbook, and says when an .xlsx cannot be read', async () => {
    const dir = tempDir();
    const ods = join(dir, 'contacts.ods');
    writeFileSync(ods, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    const r = await runMeld(['import', ods]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      `error: "${ods}" is a spreadsheet workbook (.ods or .numbers), which meld cannot read\n  hint: save it as .xlsx or as CSV (File > Save As > CSV UTF-8) and import that\n`,
    );
    const xlsx = join(dir, 'contacts.xlsx');
    writeFileSync(xlsx, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    const broken = await runMeld(['import', xlsx]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr.startsWith(`error: cannot read "${xlsx}" as an Excel workbook: `)).toBe(true);
  });

  it('reports an unclosed quote by the line it opens on and imports the rows before it', async () => {
    const file = join(tempDir(), 'broken.csv');
    writeFileSync(file, 'name,email\nAna,ana@acme.io\n"Bob,bob@b.io\nCy,cy@c.io\n');
    const r = await runMeld(['import', file]);
    expect(r.exitCode).toBe(0);
    expect(r.db?.prospects.map((p) => p.name)).toEqual(['Ana']);
    expect(r.stderr).toContain(
      'warning: line 3: a quote opened on line 3 is never closed, so lines 3-4 could not be read',
    );
  });

  it('reads Excel\'s "sep=;" line and rejects a header pasted in again, by line', async () => {
    const file = join(tempDir(), 'pasted.csv');
    writeFileSync(file, 'sep=;\r\nName;Email\r\nAna;ana@acme.io\r\nName;Email\r\nBo;bo@b.io\r\n');
    const r = await runMeld(['import', file]);
    expect(r.db?.prospects.map((p) => p.email)).toEqual(['ana@acme.io', 'bo@b.io']);
    expect(r.stderr).toContain('warning: line 4: the header row again (two exports pasted together?)\n');
  });

  it('is removed whole by `meld undo`', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Before Import']]);
    await runMeld(['import', fixture('linkedin-connections.csv')], { db });
    const undo = await runMeld(['undo'], { db });
    expect(undo.exitCode).toBe(0);
    expect(undo.db?.prospects.map((p) => p.name)).toEqual(['Before Import']);
  });
});

describe('export then import', () => {
  async function richDb(): Promise<string> {
    const db = tempDbPath();
    await seed(db, [
      ['campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200'],
      ['campaign', 'add', 'Cold, "direct" mail', '--channel', 'outreach'],
      [
        'add-prospect',
        'Ana Souza',
        '--email',
        'ana@acme.io',
        '--company',
        'Acme, Inc.',
        '--phone',
        '+1 555 0100',
        '--title',
        'CTO',
        '--campaign',
        'spring-webinar',
        '--stage',
        'proposal',
        '--value',
        '4000.50',
        '--tag',
        'vip',
        '--tag',
        'warm',
        '--follow-up',
        '2026-12-03',
      ],
      ['add-prospect', "=cmd|' /C calc'!A0", '--company', '@evil', '--title', '-1+2', '--campaign', 'cold-direct-mail'],
      ['add-prospect', '李伟', '--email', 'li@bj.example', '--stage', 'contacted'],
      ['add-prospect', 'Lost Larry', '--email', 'larry@l.example', '--value', '99'],
      ['prospect', 'stage', 'larry', 'lost', '--reason', 'went with a competitor; "cheaper"'],
    ]);
    await runMeld(['import', fixture('linkedin-connections.csv')], { db });
    return db;
  }

  const withoutBatch = (csv: string) =>
    csv
      .split('\n')
      .map((line) => line.replace(/,import-[^,]*Z(?=,|$)/, ','))
      .join('\n');

  it('round-trips every field of every prospect through CSV, creating the campaigns named in the file', async () => {
    const source = await richDb();
    const dir = tempDir();
    const out = join(dir, 'prospects.csv');
    expect((await runMeld(['export', 'prospects', '--out', out], { db: source })).exitCode).toBe(0);
    const target = join(dir, 'copy.json');
    const imported = await runMeld(['import', out], { db: target, now: '2026-11-28T09:00:00Z' });
    expect(imported.stderr.split('\n')[0]).toBe(
      '✓ Imported prospects.csv (meld export): 9 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(imported.stderr).toContain('✓ Created campaign Spring Webinar (spring-webinar)');
    expect(imported.stderr).toContain('✓ Created campaign Cold, "direct" mail (cold-direct-mail)');

    const original = (await runMeld(['export', 'prospects'], { db: source })).stdout;
    const copy = (await runMeld(['export', 'prospects'], { db: target })).stdout;
    expect(withoutBatch(copy)).toBe(withoutBatch(original));

    const a = (await runMeld(['export', 'prospects', '--format', 'json'], { db: source })).stdout;
    const b = (await runMeld(['export', 'prospects', '--format', 'json'], { db: target })).stdout;
    const strip = (json: string) =>
      (JSON.parse(json) as Array<Record<string, unknown>>).map(({ batch: _batch, ...rest }) => rest);
    expect(strip(b)).toEqual(strip(a));
    expect(JSON.parse(b)[0].batch).toBe('import-2026-11-28T09:00:00Z');
  });

  it('round-trips a cell holding a bare CR, CRLF or an escape sequence exactly through CSV on stdout', async () => {
    const source = tempDbPath();
    await seed(source, [
      ['add-prospect', 'Evil\u001b[31mRed', '--company', 'Co\rX', '--email', 'evil@x.io', '--title', 'a\r\nb'],
    ]);
    const csv = (await runMeld(['export', 'prospects'], { db: source })).stdout;
    expect(csv).toContain(',"Co\rX",,"a\r\nb",');
    const file = join(tempDir(), 'b.csv');
    writeFileSync(file, csv);
    const imported = await runMeld(['import', file], { db: join(tempDir(), 'new.json') });
    expect(imported.stderr.split('\n')[0]).toBe(
      '✓ Imported b.csv (meld export): 1 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    const [before] = JSON.parse((await runMeld(['export', 'prospects', '--format', 'json'], { db: source })).stdout);
    const [after] = JSON.parse(
      (await runMeld(['export', 'prospects', '--format', 'json'], { db: imported.dbPath })).stdout,
    );
    expect({ ...after, batch: null }).toEqual(before);
  });

  it('imports a whole meld data file: campaigns with all their settings, prospects, and their follow-ups and activities under new ids', async () => {
    const source = tempDbPath();
    await seed(source, [
      [
        'campaign',
        'add',
        'Spring Webinar',
        '--channel',
        'event',
        '--cost',
        '1200',
        '--start',
        '2026-03-02',
        '--end',
        '2026-04-30',
        '--goal',
        '40',
      ],
      ['campaign', 'adjust', 'spring-webinar', '--cost', '1500', '--note', 'more ads'],
      ['campaign', 'add', 'Unused Fair', '--channel', 'ads', '--cost', '99'],
      [
        'add-prospect',
        'Ana Souza',
        '--email',
        'ana@acme.io',
        '--campaign',
        'spring-webinar',
        '--follow-up',
        '2026-12-03',
      ],
      ['add-prospect', 'Bo Berg', '--email', 'bo@b.io'],
      ['followup', 'add', 'bo', '2026-12-10', 'send the deck'],
      ['followup', 'done', '2', '--note', 'sent'],
      ['log', 'ana', 'called: interested'],
      ['log', 'bo', 'met at the fair'],
    ]);
    const target = tempDbPath();
    await seed(target, [
      ['add-prospect', 'Already Here'],
      ['add-prospect', 'Bo Berg', '--email', 'bo@b.io'],
      ['log', 'already', 'hello'],
    ]);
    const r = await runMeld(['import', source], { db: target, now: '2026-11-28T09:00:00Z' });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n').slice(0, 4)).toEqual([
      '✓ Imported meld.json (meld data file): 1 added, 0 updated, 1 skipped as duplicates, 0 rejected',
      '✓ Created campaign Spring Webinar (spring-webinar)',
      '✓ Created campaign Unused Fair (unused-fair)',
      '✓ Brought along 1 follow-up and 1 activity of the added prospects',
    ]);
    const from = JSON.parse(readFileSync(source, 'utf8'));
    const db = r.db!;
    expect(db.campaigns).toEqual(from.campaigns);
    const ana = db.prospects.find((p) => p.name === 'Ana Souza')!;
    expect(ana.id).toBe(3);
    expect(db.followUps.filter((f) => f.prospectId === ana.id)).toEqual([
      { ...from.followUps[0], id: 1, prospectId: 3 },
    ]);
    expect(db.activities.filter((a) => a.prospectId === ana.id)).toEqual([
      { ...from.activities[0], id: 2, prospectId: 3 },
    ]);
    expect(db.lastIds).toMatchObject({ prospect: 3, followUp: 1, activity: 2 });
    const again = await runMeld(['import', source], { db: target });
    expect(again.stderr.split('\n')[0]).toBe(
      '✓ Imported meld.json (meld data file): 0 added, 0 updated, 2 skipped as duplicates, 0 rejected',
    );
    expect(again.db).toEqual(db);
  });

  it("round-trips through meld's JSON export too", async () => {
    const source = await richDb();
    const dir = tempDir();
    const out = join(dir, 'prospects.json');
    await runMeld(['export', 'prospects', '--out', out], { db: source });
    const target = join(dir, 'copy.json');
    const imported = await runMeld(['import', out], { db: target });
    expect(imported.stderr.split('\n')[0]).toBe(
      '✓ Imported prospects.json (meld JSON export): 9 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    const strip = (json: string) =>
      (JSON.parse(json) as Array<Record<string, unknown>>).map(({ batch: _batch, ...rest }) => rest);
    const a = (await runMeld(['export', 'prospects', '--format', 'json'], { db: source })).stdout;
    const b = (await runMeld(['export', 'prospects', '--format', 'json'], { db: target })).stdout;
    expect(strip(b)).toEqual(strip(a));
  });
});
