import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, followUpsCalendar, followUpUid } from '../../src/domain/export/ics.js';
import { exportJson, exportSheet, guardCell } from '../../src/domain/export/records.js';
import { addActivity, addFollowUp, addProspect } from '../../src/domain/prospects.js';
import { emptyDb, type Db } from '../../src/domain/types.js';
import { campaign } from '../helpers/records.js';

const NOW = new Date('2026-11-27T10:00:00.000Z');
const TODAY = '2026-11-27';

function sampleDb(): Db {
  const db = emptyDb();
  db.campaigns.push(
    campaign({
      id: 'spring-webinar',
      name: 'Spring Webinar',
      channel: 'event',
      spend: [{ day: '2026-11-01', cents: 120050, note: null, at: '2026-11-01T09:00:00.000Z' }],
      goal: 40,
      createdAt: '2026-11-01T09:00:00.000Z',
    }),
  );
  const ana = addProspect(
    db,
    {
      name: 'Ana Souza',
      email: 'ana@acme.io',
      company: 'Acme, Inc.',
      phone: '+1 555 0100',
      campaign: 'spring-webinar',
      valueCents: 400050,
      tags: ['vip', 'warm'],
    },
    new Date('2026-11-02T09:00:00.000Z'),
  );
  ana.fields = { 'Connected On': '12 Nov 2026' };
  const evil = addProspect(
    db,
    { name: '=HYPERLINK("http://evil.example","click")', email: null, company: '@risk', title: '-2+3' },
    new Date('2026-11-03T09:00:00.000Z'),
  );
  addFollowUp(db, ana, '2026-12-03', 'send the proposal; ask about Q1, budget', new Date('2026-11-20T08:30:00.000Z'));
  const done = addFollowUp(db, evil, '2026-11-20', null, NOW);
  done.status = 'done';
  addActivity(db, ana, 'call', 'talked about pricing', new Date('2026-11-21T15:00:00.000Z'));
  return db;
}

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(
      ['=1+1', '+44 20', '-2', '@SUM(A1)', '\tx', '\rx', 'plain', '', "O'Brien", "'=x", "'quoted"].map(guardCell),
    ).toEqual(["'=1+1", "'+44 20", "'-2", "'@SUM(A1)", "'\tx", "'\rx", 'plain', '', "O'Brien", "''=x", "'quoted"]);
  });

  it('writes prospects with campaign id and name, money in major units, ISO dates and extra fields as columns', () => {
    const sheet = exportSheet(sampleDb(), 'prospects', TODAY);
    expect(sheet.columns).toEqual([
      'id',
      'name',
      'email',
      'company',
      'phone',
      'title',
      'campaign_id',
      'campaign_name',
      'stage',
      'value',
      'tags',
      'created_at',
      'lost_reason',
      'next_follow_up',
      'history',
      'batch',
      'other_emails',
      'other_phones',
      'first_seen',
      'referred_by',
      'lifetime_value',
      'customer_since',
      'fields.Connected On',
    ]);
    expect(sheet.rows[0]).toEqual([
      '1',
      'Ana Souza',
      'ana@acme.io',
      'Acme, Inc.',
      "'+1 555 0100",
      '',
      'spring-webinar',
      'Spring Webinar',
      'new',
      '4000.5',
      'vip, warm',
      '2026-11-02T09:00:00.000Z',
      '',
      '2026-12-03',
      '[{"stage":"new","at":"2026-11-02T09:00:00.000Z"}]',
      '',
      '',
      '',
      '',
      '',
      '0',
      '',
      '12 Nov 2026',
    ]);
    expect(sheet.rows[1]!.slice(1, 6)).toEqual([
      '\'=HYPERLINK("http://evil.example","click")',
      '',
      "'@risk",
      '',
      "'-2+3",
    ]);
  });

  it("writes follow-ups and activities with the prospect's id and name", () => {
    const db = sampleDb();
    expect(exportSheet(db, 'followups', TODAY).rows[0]).toEqual([
      '1',
      '1',
      'Ana Souza',
      'ana@acme.io',
      'Acme, Inc.',
      'spring-webinar',
      'Spring Webinar',
      '2026-12-03',
      'open',
      'send the proposal; ask about Q1, budget',
      '2026-11-20T08:30:00.000Z',
      '',
      '',
    ]);
    expect(exportSheet(db, 'activities', TODAY)).toEqual({
      columns: ['id', 'prospect_id', 'prospect_name', 'prospect_email', 'type', 'at', 'text'],
      rows: [['1', '1', 'Ana Souza', 'ana@acme.io', 'call', '2026-11-21T15:00:00.000Z', 'talked about pricing']],
    });
    expect(exportSheet(db, 'campaigns', TODAY).rows[0]!.slice(0, 8)).toEqual([
      'spring-webinar',
      'Spring Webinar',
      'event',
      'active',
      '1200.5',
      '2026-11-01',
      '',
      '40',
    ]);
  });

  it('gives relations as {id, name} in JSON', () => {
    const [first] = exportJson(sampleDb(), 'prospects', TODAY) as Array<Record<string, unknown>>;
    expect(first).toMatchObject({
      id: 1,
      campaign: { id: 'spring-webinar', name: 'Spring Webinar' },
      value: 4000.5,
      nextFollowUp: '2026-12-03',
    });
    const [followUp] = exportJson(sampleDb(), 'followups', TODAY) as Array<Record<string, unknown>>;
    expect(followUp).toMatchObject({
      prospect: { id: 1, name: 'Ana Souza' },
      campaign: { id: 'spring-webinar', name: 'Spring Webinar' },
      due: '2026-12-03',
    });
  });
});

describe('iCalendar export', () => {
  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b; c, d\r\ne\u0007')).toBe('a\\\\b\\; c\\, d\\ne');
  });

  it('folds lines longer than 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('writes one all-day event per open follow-up that a parser reads back exactly', () => {
    const text = followUpsCalendar(sampleDb(), NOW);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//meld//meld follow-ups//EN');
    const events = calendar.getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const event = new ICAL.Event(events[0]!);
    expect(event.uid).toBe('followup-1-20261120T083000Z@meld');
    expect(event.summary).toBe('Follow up: Ana Souza (Acme, Inc.) — send the proposal; ask about Q1, budget');
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-12-03');
    expect(event.endDate.toString()).toBe('2026-12-04');
    expect(events[0]!.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-11-27T10:00:00Z');
    expect(event.description).toBe(
      [
        'send the proposal; ask about Q1, budget',
        'Prospect: Ana Souza (#1)',
        'Company: Acme, Inc.',
        'Email: ana@acme.io',
        'Phone: +1 555 0100',
        'Stage: new',
        'Campaign: Spring Webinar',
        'meld follow-up f1: meld followup done f1',
      ].join('\n'),
    );
  });

  it('keeps the UID of a follow-up the same from one export to the next', () => {
    const f = { id: 7, createdAt: '2026-11-20T08:30:00.123Z' };
    expect(followUpUid(f)).toBe(followUpUid({ ...f }));
    const a = followUpsCalendar(sampleDb(), NOW);
    const b = followUpsCalendar(sampleDb(), new Date('2026-12-01T00:00:00Z'));
    const uids = (t: string) => t.split('\r\n').filter((l) => l.startsWith('UID:'));
    expect(uids(a)).toEqual(uids(b));
  });

  it('carries any name and note through escaping and folding unchanged', () => {
    const text = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 120 })
      .map((s) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim());
    fc.assert(
      fc.property(
        text.filter((s) => s !== ''),
        text.filter((s) => s !== ''),
        (name, note) => {
          const db = emptyDb();
          const p = addProspect(db, { name, email: null }, NOW);
          addFollowUp(db, p, '2026-12-03', note, NOW);
          const ics = followUpsCalendar(db, NOW);
          for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
          const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
          expect(event.description.split('\n').slice(0, note.split('\n').length).join('\n')).toBe(note);
          expect(event.summary.startsWith(`Follow up: ${p.name} — `)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes a valid empty calendar when nothing is open', () => {
    expect(followUpsCalendar(emptyDb(), NOW)).toBe(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//meld//meld follow-ups//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:meld follow-ups\r\nEND:VCALENDAR\r\n',
    );
  });
});
