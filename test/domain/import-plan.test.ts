import { describe, expect, it } from 'vitest';
import {
  applyImportPlan,
  batchId,
  planChangesSomething,
  planImport,
  type PlanOptions,
} from '../../src/domain/import/plan.js';
import type { Candidate } from '../../src/domain/import/rows.js';
import { addFollowUp, addProspect } from '../../src/domain/prospects.js';
import { emptyDb, type Db } from '../../src/domain/types.js';
import { candidate, campaign } from '../helpers/records.js';
import { businessZone } from '../helpers/zone.js';

// Days here are UTC days: the business time zone of these tests, whatever the reader's (MELD_TEST_TZ).
businessZone('UTC');

const NOW = new Date('2026-11-27T10:00:00.000Z');
const OPTIONS: PlanOptions = { onDuplicate: 'skip', campaignId: null, tags: [], fileName: 'list.csv', now: NOW };

function row(line: number, fields: Partial<Candidate> & { name: string }): Candidate {
  return candidate({ line, ...fields });
}

function dbWith(...people: Array<{ name: string; email?: string; company?: string; phone?: string }>): Db {
  const db = emptyDb();
  for (const p of people) addProspect(db, { ...p, email: p.email ?? null }, new Date('2026-11-01T09:00:00Z'));
  return db;
}

const actions = (db: Db, rows: Candidate[], options: Partial<PlanOptions> = {}) =>
  planImport(db, rows, [], { ...OPTIONS, ...options }).rows.map(
    (r) => `${r.line} ${r.action}${r.detail ? `: ${r.detail}` : ''}`,
  );

describe('planning an import', () => {
  it('adds new people with sequential ids, one batch, the import time and a "new" history', () => {
    const db = dbWith({ name: 'Existing', email: 'e@x.io' });
    const plan = planImport(
      db,
      [row(2, { name: 'Ana Souza', email: 'ana@acme.io' }), row(3, { name: 'Li Wei', company: 'Globex' })],
      [],
      OPTIONS,
    );
    expect(plan.additions.map((p) => [p.id, p.name, p.batch])).toEqual([
      [2, 'Ana Souza', 'import-2026-11-27T10:00:00Z'],
      [3, 'Li Wei', 'import-2026-11-27T10:00:00Z'],
    ]);
    expect(plan.additions[0]).toMatchObject({ createdAt: '2026-11-27T10:00:00.000Z' });
    expect(plan.firstDeals[0]).toMatchObject({
      stage: 'new',
      history: [{ stage: 'new', at: '2026-11-27T10:00:00.000Z' }],
    });
    expect(plan.counts).toEqual({ added: 2, updated: 0, skipped: 0, rejected: 0 });
    expect(db.prospects).toHaveLength(1);
  });

  it('skips a row whose email is on file, ignoring case and spaces', () => {
    const db = dbWith({ name: 'Ana Souza', email: 'ana@acme.io' });
    expect(actions(db, [row(2, { name: 'A. Souza', email: 'ana@acme.io' })])).toEqual(['2 skip: same email as #1']);
  });

  it('skips a later row of the same file with the same email or, without email, the same name and company', () => {
    const rows = [
      row(2, { name: 'Ben Okafor', email: 'ben@okafor.example' }),
      row(3, { name: 'Benjamin Okafor', email: 'ben@okafor.example' }),
      row(4, { name: 'Carla Mendes', company: 'Verde Lda' }),
      row(5, { name: 'carla  MENDES', company: 'verde lda' }),
      row(6, { name: 'Carla Mendes', company: 'Other Co' }),
    ];
    expect(actions(emptyDb(), rows)).toEqual([
      '2 add',
      '3 skip: same email as line 2',
      '4 add',
      '5 skip: same name and company as line 4',
      '6 add',
    ]);
  });

  it('matches a row without email to a prospect on file by name and company, accents and case aside', () => {
    const db = dbWith({ name: 'José Álvarez', company: 'Initech' });
    expect(actions(db, [row(2, { name: 'jose alvarez', company: 'INITECH' })])).toEqual([
      '2 skip: same name and company as #1',
    ]);
  });

  it('matches a row with a new email to a same-named prospect who has no email yet', () => {
    const db = dbWith({ name: 'Li Wei', company: 'Globex' });
    expect(
      actions(db, [row(2, { name: 'Li Wei', company: 'Globex', email: 'li@globex.example' })], {
        onDuplicate: 'update',
      }),
    ).toEqual(['2 update: same name and company as #1: filled email']);
    const other = dbWith({ name: 'Li Wei', company: 'Globex', email: 'li.wei@other.example' });
    expect(actions(other, [row(2, { name: 'Li Wei', company: 'Globex', email: 'li@globex.example' })])).toEqual([
      '2 add',
    ]);
  });

  it('with update, fills only the empty fields of a prospect on file and never overwrites', () => {
    const db = dbWith({ name: 'Ana Souza', email: 'ana@acme.io', company: 'Acme' });
    const plan = planImport(
      db,
      [
        row(2, {
          name: 'Ana S.',
          email: 'ANA@acme.io',
          company: 'Other Inc',
          phone: '+1 555 0100',
          title: 'CTO',
          tags: ['VIP'],
          fields: { URL: 'https://x' },
        }),
      ],
      [],
      { ...OPTIONS, onDuplicate: 'update' },
    );
    expect(plan.rows[0]).toMatchObject({
      action: 'update',
      id: 1,
      detail: 'same email as #1: filled phone, title, tags, URL',
    });
    applyImportPlan(db, plan, NOW);
    expect(db.prospects[0]).toMatchObject({
      name: 'Ana Souza',
      company: 'Acme',
      phone: '+1 555 0100',
      title: 'CTO',
      tags: ['vip'],
      fields: { URL: 'https://x' },
      batch: null,
      otherEmails: [],
      otherPhones: [],
      firstSeen: null,
      referredBy: null,
    });
  });

  it('with update, a duplicate that brings nothing new is counted as skipped', () => {
    const db = dbWith({ name: 'Ana Souza', email: 'ana@acme.io', phone: '+1 555 0100' });
    expect(
      actions(db, [row(2, { name: 'Ana S.', email: 'ana@acme.io', phone: '+1 555 0100' })], { onDuplicate: 'update' }),
    ).toEqual(['2 skip: same email as #1, nothing new']);
  });

  it('with update, keeps a second phone or email a duplicate brings beside the primary one', () => {
    const db = dbWith({ name: 'Ana Souza', email: 'ana@acme.io', phone: '+1 555 0100' });
    const plan = planImport(
      db,
      [row(2, { name: 'Ana Souza', email: 'ana@acme.io', phone: '+1 555 0199', otherEmails: ['ana@home.example'] })],
      [],
      { ...OPTIONS, onDuplicate: 'update' },
    );
    expect(plan.rows[0]!.detail).toBe('same email as #1: filled other emails, other phones');
    applyImportPlan(db, plan, NOW);
    expect(db.prospects[0]).toMatchObject({
      phone: '+1 555 0100',
      otherPhones: ['+1 555 0199'],
      otherEmails: ['ana@home.example'],
    });
    // The same row again brings nothing new.
    expect(
      actions(db, [row(2, { name: 'Ana Souza', email: 'ana@acme.io', phone: '+1 555 0199' })], {
        onDuplicate: 'update',
      }),
    ).toEqual(['2 skip: same email as #1, nothing new']);
  });

  it('with update, merges a later duplicate row into the prospect an earlier row adds', () => {
    const plan = planImport(
      emptyDb(),
      [
        row(2, { name: 'Ben Okafor', email: 'ben@okafor.example' }),
        row(3, { name: 'Ben Okafor', email: 'ben@okafor.example', title: 'Owner' }),
      ],
      [],
      { ...OPTIONS, onDuplicate: 'update' },
    );
    expect(plan.rows.map((r) => r.detail)).toEqual([null, 'same email as line 2, merged: title']);
    expect(plan.additions).toEqual([expect.objectContaining({ id: 1, title: 'Owner' })]);
    expect(plan.counts).toEqual({ added: 1, updated: 0, skipped: 1, rejected: 0 });
  });

  it('plans nothing when the same rows are imported a second time', () => {
    const db = emptyDb();
    const rows = [
      row(2, { name: 'Ana', email: 'ana@acme.io', notes: 'met at expo', followUp: '2026-12-01' }),
      row(3, { name: 'Li Wei', company: 'Globex' }),
    ];
    applyImportPlan(db, planImport(db, rows, [], OPTIONS), NOW);
    for (const onDuplicate of ['skip', 'update'] as const) {
      const again = planImport(db, rows, [], { ...OPTIONS, onDuplicate });
      expect(planChangesSomething(again)).toBe(false);
      expect(again.counts).toEqual({ added: 0, updated: 0, skipped: 2, rejected: 0 });
    }
  });

  it('adds notes as note activities and follow-up dates as open follow-ups', () => {
    const db = emptyDb();
    applyImportPlan(
      db,
      planImport(
        db,
        [row(2, { name: 'Ana', notes: 'met at expo\nwants pricing', followUp: '2026-12-01' })],
        [],
        OPTIONS,
      ),
      NOW,
    );
    expect(db.activities).toEqual([
      {
        id: 1,
        prospectId: 1,
        type: 'note',
        text: 'met at expo\nwants pricing',
        at: '2026-11-27T10:00:00.000Z',
        campaign: null,
        topics: [],
        mail: null,
        updatedAt: '2026-11-27T10:00:00.000Z',
      },
    ]);
    expect(db.followUps[0]).toMatchObject({ id: 1, prospectId: 1, due: '2026-12-01', status: 'open' });
  });

  it('gives an update a follow-up only when the prospect has no open one', () => {
    const db = dbWith({ name: 'Ana', email: 'ana@acme.io' }, { name: 'Bo', email: 'bo@b.io' });
    addFollowUp(db, db.prospects[0]!, '2026-11-30', null, NOW);
    const rows = [
      row(2, { name: 'Ana', email: 'ana@acme.io', followUp: '2026-12-05' }),
      row(3, { name: 'Bo', email: 'bo@b.io', followUp: '2026-12-05' }),
    ];
    expect(actions(db, rows, { onDuplicate: 'update' })).toEqual([
      '2 skip: same email as #1, nothing new',
      '3 update: same email as #2: filled follow-up',
    ]);
  });

  it('puts rejected rows in line order among the others, and counts every row once', () => {
    const plan = planImport(
      emptyDb(),
      [row(2, { name: 'A' }), row(5, { name: 'B' })],
      [{ line: 3, reason: 'invalid email "x"', who: 'X' }],
      OPTIONS,
    );
    expect(plan.rows.map((r) => [r.line, r.action, r.name])).toEqual([
      [2, 'add', 'A'],
      [3, 'reject', 'X'],
      [5, 'add', 'B'],
    ]);
    expect(plan.counts).toEqual({ added: 2, updated: 0, skipped: 0, rejected: 1 });
  });

  it('uses --campaign for rows that name none, and creates the campaigns rows name when missing', () => {
    const db = emptyDb();
    db.campaigns.push(campaign({ id: 'spring-webinar', name: 'Spring Webinar', createdAt: NOW.toISOString() }));
    const plan = planImport(
      db,
      [
        row(2, { name: 'A' }),
        row(3, { name: 'B', campaign: { id: null, name: 'spring webinar' } }),
        row(4, { name: 'C', campaign: { id: 'expo-2026', name: 'Expo 2026' } }),
        row(5, { name: 'D', campaign: { id: null, name: 'Expo 2026' } }),
      ],
      [],
      { ...OPTIONS, campaignId: 'spring-webinar' },
    );
    expect(plan.additions.map((p) => p.campaign)).toEqual([
      'spring-webinar',
      'spring-webinar',
      'expo-2026',
      'expo-2026',
    ]);
    expect(plan.campaigns).toEqual([
      expect.objectContaining({
        id: 'expo-2026',
        name: 'Expo 2026',
        channel: 'other',
        spend: [],
        rates: [],
        pauses: [],
        budgetCents: null,
        start: '2026-11-27',
        note: 'created by the import of list.csv',
      }),
    ]);
  });

  it('starts a campaign it creates on the day its earliest imported prospect was added, else today', () => {
    const plan = planImport(
      emptyDb(),
      [
        row(2, { name: 'A', campaign: { id: null, name: 'Expo' }, createdAt: '2025-03-10T15:00:00.000Z' }),
        row(3, { name: 'B', campaign: { id: null, name: 'Expo' }, createdAt: '2025-01-20T00:00:00.000Z' }),
        row(4, { name: 'C', campaign: { id: null, name: 'Expo' } }),
        row(5, { name: 'D', campaign: { id: null, name: 'Fair' } }),
      ],
      [],
      OPTIONS,
    );
    expect(plan.campaigns.map((c) => [c.id, c.start])).toEqual([
      ['expo', '2025-01-20'],
      ['fair', '2026-11-27'],
    ]);
  });

  it("keeps the ids of meld's own export when the file never handed them out", () => {
    const db = dbWith({ name: 'One' });
    const plan = planImport(
      db,
      [row(2, { name: 'Five', id: 5 }), row(3, { name: 'Again one', id: 1 }), row(4, { name: 'Nine', id: 9 })],
      [],
      OPTIONS,
    );
    expect(plan.additions.map((p) => p.id)).toEqual([5, 6, 9]);
    expect(plan.lastProspectId).toBe(9);
  });

  it("keeps two rows of meld's export with different ids apart even with the same name and company", () => {
    const rows = [row(2, { name: 'Ana', id: 1 }), row(3, { name: 'Ana', id: 2 }), row(4, { name: 'Ana', id: 2 })];
    expect(actions(emptyDb(), rows)).toEqual(['2 add', '3 add', '4 skip: same name and company as line 3']);
  });

  it("keeps stage, history, creation time and lost reason from meld's export", () => {
    const history = [
      { stage: 'new' as const, at: '2026-10-01T08:00:00.000Z' },
      { stage: 'lost' as const, at: '2026-10-09T08:00:00.000Z', reason: 'budget' },
    ];
    const plan = planImport(
      emptyDb(),
      [row(2, { name: 'A', stage: 'lost', history, createdAt: '2026-10-01T08:00:00.000Z', lostReason: 'budget' })],
      [],
      OPTIONS,
    );
    expect(plan.additions[0]).toMatchObject({ createdAt: '2026-10-01T08:00:00.000Z' });
    expect(plan.firstDeals[0]).toMatchObject({ stage: 'lost', history, lostReason: 'budget' });
  });

  it('records a stage edited in the spreadsheet after export as a move at import time', () => {
    const history = [{ stage: 'new' as const, at: '2026-10-01T08:00:00.000Z' }];
    const plan = planImport(emptyDb(), [row(2, { name: 'A', stage: 'won', history })], [], OPTIONS);
    expect(plan.firstDeals[0]?.history).toEqual([...history, { stage: 'won', at: '2026-11-27T10:00:00.000Z' }]);
  });

  it('makes the batch id unique when an import ran in the same second', () => {
    const db = emptyDb();
    applyImportPlan(db, planImport(db, [row(2, { name: 'A' })], [], OPTIONS), NOW);
    expect(batchId(db, NOW)).toBe('import-2026-11-27T10:00:00Z-2');
  });

  // How fast this is belongs to `npm run bench`; here, that 20,000 against 20,000 plans right.
  it('plans 20,000 rows against 20,000 prospects on file, matching duplicates by email', () => {
    const db = emptyDb();
    const existing = Array.from({ length: 20_000 }, (_, i) =>
      row(i + 2, { name: `Person ${i}`, email: `p${i}@example.com`, company: `Co ${i % 300}` }),
    );
    applyImportPlan(db, planImport(db, existing, [], OPTIONS), NOW);
    const incoming = Array.from({ length: 20_000 }, (_, i) =>
      row(i + 2, { name: `Person ${i + 10_000}`, email: `P${i + 10_000}@example.com `.trim().toLowerCase() }),
    );
    const plan = planImport(db, incoming, [], OPTIONS);
    expect(plan.counts).toEqual({ added: 10_000, updated: 0, skipped: 10_000, rejected: 0 });
  });
});

describe('planning the referrals an import names', () => {
  const ref = (text: string, column = 'Referred by') => ({ referredBy: { text, column } });
  const warningsOf = (plan: ReturnType<typeof planImport>) =>
    plan.rows.flatMap((r) => r.warnings.map((w) => `${r.line} ${w.column}: ${w.message}`));

  it('resolves a later row of the same file, by email, by name and by meld id', () => {
    const plan = planImport(
      emptyDb(),
      [
        row(2, { name: 'Sam Reed', ...ref('ana@acme.io') }),
        row(3, { name: 'Kim Lee', ...ref('Ana Souza') }),
        row(4, { name: 'Ana Souza', email: 'ana@acme.io' }),
      ],
      [],
      OPTIONS,
    );
    expect(plan.additions.map((p) => [p.id, p.name, p.referredBy])).toEqual([
      [1, 'Sam Reed', 3],
      [2, 'Kim Lee', 3],
      [3, 'Ana Souza', null],
    ]);
    expect(warningsOf(plan)).toEqual([]);
    // meld's own export: `#7` is the row with id 7 of the file, whatever id it gets here.
    const db = dbWith({ name: 'On File' });
    const meld = planImport(
      db,
      [row(2, { name: 'Sam Reed', id: 1, ...ref('#7') }), row(3, { name: 'Ana Souza', id: 7 })],
      [],
      OPTIONS,
    );
    expect(meld.additions.map((p) => [p.id, p.name, p.referredBy])).toEqual([
      [2, 'Sam Reed', 7],
      [7, 'Ana Souza', null],
    ]);
  });

  it('resolves a prospect on file by #id, bare id, email or exact name; a duplicate row stands for them', () => {
    const db = dbWith({ name: 'Ana Souza', email: 'ana@acme.io' }, { name: 'Li Wei', company: 'Globex' });
    const plan = planImport(
      db,
      [
        row(2, { name: 'A', ...ref('#2') }),
        row(3, { name: 'B', ...ref('1') }),
        row(4, { name: 'C', ...ref(' ANA@acme.io') }),
        row(5, { name: 'D', ...ref('li  wei') }),
        row(6, { name: 'E', ...ref('li@globex.io') }),
        // A row that is Li again, bringing his email: it names him too.
        row(7, { name: 'Li Wei', company: 'Globex', email: 'li@globex.io' }),
      ],
      [],
      { ...OPTIONS, onDuplicate: 'update' },
    );
    expect(plan.additions.map((p) => `${p.name}<-${p.referredBy}`)).toEqual(['A<-2', 'B<-1', 'C<-1', 'D<-2', 'E<-2']);
  });

  it('keeps a referrer it cannot find, or that names several people, as text with a warning', () => {
    const db = dbWith({ name: 'Ana Souza', email: 'ana@acme.io' });
    const plan = planImport(
      db,
      [
        row(2, { name: 'A', ...ref('Google') }),
        row(3, { name: 'B', ...ref('#99', 'Referrer') }),
        row(4, { name: 'C', ...ref('nobody@x.io') }),
        row(5, { name: 'D', ...ref('Ana Souza'), fields: { source: 'web' } }),
        row(6, { name: 'Ana Souza', email: 'ana.s@other.io' }),
      ],
      [],
      OPTIONS,
    );
    expect(plan.additions.map((p) => [p.name, p.referredBy, p.fields])).toEqual([
      ['A', null, { 'Referred by': 'Google' }],
      ['B', null, { Referrer: '#99' }],
      ['C', null, { 'Referred by': 'nobody@x.io' }],
      ['D', null, { source: 'web', 'Referred by': 'Ana Souza' }],
      ['Ana Souza', null, {}],
    ]);
    expect(warningsOf(plan)).toEqual([
      '2 Referred by: referrer "Google" names no one on file or in this file, kept as text',
      '3 Referrer: referrer #99 is not a prospect on file or in this file, kept as text',
      '4 Referred by: referrer "nobody@x.io" is no one\'s email on file or in this file, kept as text',
      '5 Referred by: referrer "Ana Souza" names 2 people (#1, line 6), kept as text',
    ]);
    expect(plan.counts).toEqual({ added: 5, updated: 0, skipped: 0, rejected: 0 });
  });

  it('plans the same rows alike twice: a referral kept as text changes neither the rows nor the next plan', () => {
    // The store plans again when another program saved meanwhile: the rows must be as read.
    const rows = [row(2, { name: 'A', ...ref('Google') }), row(3, { name: 'B', ...ref('#99', 'Referrer') })];
    const first = planImport(emptyDb(), rows, [], OPTIONS);
    const again = planImport(emptyDb(), rows, [], OPTIONS);
    expect(warningsOf(again)).toEqual(warningsOf(first));
    expect(warningsOf(again)).toHaveLength(2);
    expect(again.additions.map((p) => p.fields)).toEqual([{ 'Referred by': 'Google' }, { Referrer: '#99' }]);
    expect(rows.map((r) => [r.fields, r.warnings])).toEqual([
      [{}, []],
      [{}, []],
    ]);
  });

  it('ignores a person named as their own referrer, or one they referred, with a warning', () => {
    const plan = planImport(
      emptyDb(),
      [
        row(2, { name: 'Sam Reed', email: 'sam@x.io', ...ref('sam@x.io') }),
        row(3, { name: 'Ana', email: 'ana@x.io', ...ref('kim@x.io') }),
        row(4, { name: 'Kim', email: 'kim@x.io', ...ref('ana@x.io') }),
      ],
      [],
      OPTIONS,
    );
    expect(plan.additions.map((p) => `${p.name}<-${p.referredBy}`)).toEqual(['Sam Reed<-null', 'Ana<-3', 'Kim<-null']);
    expect(plan.additions[0]!.fields).toEqual({});
    expect(warningsOf(plan)).toEqual([
      '2 Referred by: referrer "sam@x.io" is this person, ignored',
      '4 Referred by: referrer "ana@x.io" was referred by this person, ignored',
    ]);
  });

  it('with --on-duplicate update fills a referrer only where there is none; skip leaves it', () => {
    const db = dbWith({ name: 'Ana Souza', email: 'ana@acme.io' }, { name: 'Li Wei', email: 'li@globex.io' });
    db.prospects[1]!.referredBy = 1;
    const rows = () => [
      row(2, { name: 'Ana Souza', email: 'ana@acme.io', ...ref('Kim Lee') }),
      row(3, { name: 'Li Wei', email: 'li@globex.io', ...ref('Kim Lee') }),
      row(4, { name: 'Kim Lee', email: 'kim@x.io' }),
    ];
    const plan = planImport(db, rows(), [], { ...OPTIONS, onDuplicate: 'update' });
    expect(plan.rows.map((r) => `${r.line} ${r.action}${r.detail ? `: ${r.detail}` : ''}`)).toEqual([
      '2 update: same email as #1: filled referred by',
      '3 skip: same email as #2, nothing new',
      '4 add',
    ]);
    expect(plan.counts).toEqual({ added: 1, updated: 1, skipped: 1, rejected: 0 });
    expect(plan.updates.get(1)).toEqual({ referredBy: 3 });
    applyImportPlan(db, plan, NOW);
    expect(db.prospects.map((p) => `${p.name}<-${p.referredBy}`)).toEqual([
      'Ana Souza<-3',
      'Li Wei<-1',
      'Kim Lee<-null',
    ]);
    // A referrer it cannot find is kept as text on the prospect on file, like any new column.
    const kept = planImport(
      dbWith({ name: 'Cy', email: 'cy@x.io' }),
      [row(2, { name: 'Cy', email: 'cy@x.io', ...ref('Nobody') })],
      [],
      { ...OPTIONS, onDuplicate: 'update' },
    );
    expect(kept.rows.map((r) => `${r.action}: ${r.detail}`)).toEqual(['update: same email as #1: filled Referred by']);
    expect(kept.updates.get(1)).toEqual({ fields: { 'Referred by': 'Nobody' } });
    expect(kept.counts).toEqual({ added: 0, updated: 1, skipped: 0, rejected: 0 });
    const skipDb = dbWith({ name: 'Ana Souza', email: 'ana@acme.io' });
    const skipped = planImport(skipDb, rows().slice(0, 1).concat(rows().slice(2)), [], OPTIONS);
    expect(skipped.updates.size).toBe(0);
    expect(warningsOf(skipped)).toEqual([]);
  });
});
