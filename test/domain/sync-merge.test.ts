import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIntegrity } from '../../src/domain/integrity.js';
import { mergeDbs } from '../../src/domain/sync-merge/three-way.js';
import { describeIncoming } from '../../src/domain/sync-merge/words.js';
import { emptyDb, type Db, type Prospect } from '../../src/domain/types.js';
import { checkSchema } from '../../src/store/schema.js';
import { activity, campaign, followUp, prospect } from '../helpers/records.js';

const NOW = new Date('2026-12-02T09:00:00.000Z');
type AnyDb = Record<string, unknown>;
const merge = (base: Db, ours: Db, theirs: Db) =>
  mergeDbs(base as unknown as AnyDb, ours as unknown as AnyDb, theirs as unknown as AnyDb, NOW);
const asDb = (db: AnyDb) => db as unknown as Db;

/** Stamps a record as changed at `at` (schema 4 records carry updatedAt; older ones are judged by their times). */
function touch(r: object, at: string): void {
  if ('updatedAt' in r) (r as { updatedAt: string }).updatedAt = at;
}

function baseDb(): Db {
  const db = emptyDb();
  db.campaigns.push(campaign({ id: 'webinar', name: 'Webinar' }));
  for (let id = 1; id <= 3; id++) db.prospects.push(prospect({ id, name: `Person ${id}`, campaign: 'webinar' }));
  db.followUps.push(followUp({ id: 1, prospectId: 1 }), followUp({ id: 2, prospectId: 2 }));
  db.activities.push(activity({ id: 1, prospectId: 1 }));
  db.lastIds = { ...db.lastIds, prospect: 3, followUp: 2, activity: 1 };
  return db;
}

function addProspect(db: Db, name: string, at: string): Prospect {
  db.lastIds.prospect += 1;
  const p = prospect({ id: db.lastIds.prospect, name, createdAt: at });
  touch(p, at);
  db.prospects.push(p);
  return p;
}

function valid(db: AnyDb): string[] {
  const schema = checkSchema(db);
  if (!schema.ok) return schema.problems;
  return checkIntegrity(schema.db)
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.where}: ${p.message}`);
}

describe('the record merge of two devices', () => {
  it('gives a person both sides added under the same id the next free id, and moves their follow-ups and activities with them', () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    const ana = addProspect(ours, 'Ana', '2026-12-01T10:00:00.000Z');
    ours.followUps.push(followUp({ id: 3, prospectId: ana.id, createdAt: '2026-12-01T10:00:01.000Z' }));
    ours.lastIds.followUp = 3;
    const bob = addProspect(theirs, 'Bob', '2026-12-01T11:00:00.000Z');
    const bobRef = addProspect(theirs, 'Carla', '2026-12-01T11:00:01.000Z');
    bobRef.referredBy = bob.id;
    theirs.followUps.push(followUp({ id: 3, prospectId: bob.id, createdAt: '2026-12-01T11:00:02.000Z' }));
    theirs.activities.push(activity({ id: 2, prospectId: bob.id, at: '2026-12-01T11:00:03.000Z', text: 'called' }));
    theirs.lastIds = { ...theirs.lastIds, followUp: 3, activity: 2 };

    const { db, report } = merge(base, ours, theirs);
    const m = asDb(db);
    expect(report.renumbered.map((r) => r.text)).toEqual(['#4 Bob (theirs) → #6', 'f3 (theirs) → f4']);
    expect(m.prospects.map((p) => `${p.id} ${p.name}`)).toEqual([
      '1 Person 1',
      '2 Person 2',
      '3 Person 3',
      '4 Ana',
      '5 Carla',
      '6 Bob',
    ]);
    expect(m.prospects.find((p) => p.name === 'Carla')!.referredBy).toBe(6);
    expect(m.followUps.map((f) => `f${f.id}->#${f.prospectId}`)).toEqual(['f1->#1', 'f2->#2', 'f3->#4', 'f4->#6']);
    expect(m.activities.map((a) => `a${a.id}->#${a.prospectId}`)).toEqual(['a1->#1', 'a2->#6']);
    expect(m.lastIds).toMatchObject({ prospect: 6, followUp: 4, activity: 2 });
    expect(valid(db)).toEqual([]);
    expect(describeIncoming(ours as unknown as AnyDb, db, report).text).toBe(
      '2 prospects added, 1 follow-up added, 1 activity added',
    );
  });

  it('keeps a follow-up closed on one side with the day the other side snoozed it to', () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    Object.assign(ours.followUps[0]!, { status: 'done', doneAt: '2026-12-01T10:00:00.000Z', outcome: 'called' });
    Object.assign(theirs.followUps[0]!, { due: '2026-12-08' });
    const { db, report } = merge(base, ours, theirs);
    expect(asDb(db).followUps[0]).toMatchObject({ status: 'done', due: '2026-12-08', outcome: 'called' });
    expect(report.conflicts).toEqual([]);
    expect(describeIncoming(theirs as unknown as AnyDb, db, report).text).toBe('1 follow-up done');
  });

  it('takes different fields of one person from each side; the same field changed on both: one kept, the other written in a note on the person', () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    Object.assign(ours.prospects[0]!, { company: 'Acme', title: 'CEO' });
    touch(ours.prospects[0]!, '2026-12-01T10:00:00.000Z');
    Object.assign(theirs.prospects[0]!, { email: 'p1@example.com', title: 'CTO' });
    touch(theirs.prospects[0]!, '2026-12-01T11:00:00.000Z');
    const { db, report } = merge(base, ours, theirs);
    const m = asDb(db);
    expect(m.prospects[0]).toMatchObject({ company: 'Acme', email: 'p1@example.com' });
    expect(report.conflicts.map((c) => [c.ref, c.field, c.noted])).toEqual([['#1', 'title', 'a2']]);
    const [kept, other] = [report.conflicts[0]!.kept, report.conflicts[0]!.other];
    expect([kept, other].sort()).toEqual(['CEO', 'CTO']);
    expect(m.prospects[0]!.title).toBe(kept);
    const note = m.activities.at(-1)!;
    expect(note).toMatchObject({ id: 2, prospectId: 1, type: 'note', at: NOW.toISOString() });
    expect(note.text).toBe(`Merged two versions from different devices: ${report.conflicts[0]!.text}.`);
    expect(m.lastIds.activity).toBe(2);
    expect(valid(db)).toEqual([]);
  });

  it("keeps the later of two budgets (the time of each side's adjustment tells) and notes the other in the campaign's adjustments", () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    const adjust = (at: string, to: number) => ({ at, changes: { budgetCents: { from: null, to } }, note: null });
    Object.assign(ours.campaigns[0]!, { budgetCents: 10000, adjustments: [adjust('2026-12-01T10:00:00.000Z', 10000)] });
    touch(ours.campaigns[0]!, '2026-12-01T10:00:00.000Z');
    Object.assign(theirs.campaigns[0]!, {
      budgetCents: 20000,
      adjustments: [adjust('2026-12-01T11:00:00.000Z', 20000)],
    });
    touch(theirs.campaigns[0]!, '2026-12-01T11:00:00.000Z');
    const { db, report } = merge(base, ours, theirs);
    const c = asDb(db).campaigns[0]!;
    expect(c.budgetCents).toBe(20000);
    expect(report.conflicts.map((x) => x.text)).toEqual([
      'budgetCents of webinar: kept $200.00 (changed later), $100.00 noted',
    ]);
    expect(c.adjustments.map((a) => a.at)).toEqual([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T11:00:00.000Z',
      NOW.toISOString(),
    ]);
    expect(c.adjustments[2]).toEqual({
      at: NOW.toISOString(),
      changes: { budgetCents: { from: 10000, to: 20000 } },
      note: 'merged from two devices: budgetCents $100.00 from the other version was replaced by the later change',
    });
    expect(valid(db)).toEqual([]);
  });

  it('takes a campaign renamed on one side and adjusted on the other, with both adjustments', () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    ours.campaigns[0]!.name = 'Spring Webinar';
    const adj = { at: '2026-12-01T11:00:00.000Z', changes: { budgetCents: { from: null, to: 50000 } }, note: null };
    Object.assign(theirs.campaigns[0]!, { budgetCents: 50000, adjustments: [adj] });
    const { db, report } = merge(base, ours, theirs);
    expect(asDb(db).campaigns[0]).toMatchObject({ id: 'webinar', name: 'Spring Webinar', budgetCents: 50000 });
    expect(asDb(db).campaigns[0]!.adjustments).toEqual([adj]);
    expect(report.conflicts).toEqual([]);
  });

  it('keeps a person removed on one side and edited on the other, with their follow-ups and activities', () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    ours.prospects = ours.prospects.filter((p) => p.id !== 1);
    ours.followUps = ours.followUps.filter((f) => f.prospectId !== 1);
    ours.activities = ours.activities.filter((a) => a.prospectId !== 1);
    theirs.prospects[0]!.company = 'Acme';
    const { db, report } = merge(base, ours, theirs);
    const m = asDb(db);
    expect(m.prospects.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(m.followUps.map((f) => f.id).sort()).toEqual([1, 2]);
    expect(m.activities.map((a) => a.id)).toEqual([1]);
    expect(report.kept.map((k) => k.text)).toEqual([
      '#1 Person 1 removed on ours but kept: changed on theirs',
      'f1 removed on ours but kept: its person was kept',
      'a1 removed on ours but kept: its person was kept',
    ]);
    expect(valid(db)).toEqual([]);
  });

  it('removes a person removed on one side and left alone on the other, unless a new record refers to them', () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    ours.prospects = ours.prospects.filter((p) => p.id !== 3);
    expect(asDb(merge(base, ours, theirs).db).prospects.map((p) => p.id)).toEqual([1, 2]);
    theirs.followUps.push(followUp({ id: 3, prospectId: 3, createdAt: '2026-12-01T11:00:00.000Z' }));
    const { db, report } = merge(base, ours, theirs);
    expect(asDb(db).prospects.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(report.kept.map((k) => k.text)).toEqual(['#3 Person 3 removed on ours but kept: f3 still refers to it']);
  });

  it('merges a prospect merged on one side (the other one removed, records moved) with an edit of the removed one on the other', () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    // ours: `prospect merge 1 2`: #2 goes, its follow-up moves to #1
    ours.prospects = ours.prospects.filter((p) => p.id !== 2);
    ours.followUps[1]!.prospectId = 1;
    ours.prospects[0]!.otherEmails = ['p2@example.com'];
    theirs.prospects[1]!.phone = '+1 555 0100';
    const { db, report } = merge(base, ours, theirs);
    const m = asDb(db);
    expect(m.prospects.find((p) => p.id === 2)!.phone).toBe('+1 555 0100');
    expect(m.followUps[1]!.prospectId).toBe(1);
    expect(m.prospects[0]!.otherEmails).toEqual(['p2@example.com']);
    expect(report.kept.map((k) => k.text)).toEqual(['#2 Person 2 removed on ours but kept: changed on theirs']);
    expect(valid(db)).toEqual([]);
  });

  it('merges lists as sets ordered by time, never twice, and an element removed on one side stays removed', () => {
    const base = baseDb();
    base.prospects[0]!.tags = ['a', 'b'];
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    ours.prospects[0]!.tags = ['a', 'c'];
    theirs.prospects[0]!.tags = ['a', 'b', 'd', 'c'];
    const spend = (day: string, at: string) => ({ day, cents: 100, note: null, at });
    ours.campaigns[0]!.spend = [spend('2026-11-02', '2026-12-01T10:00:00.000Z')];
    theirs.campaigns[0]!.spend = [
      spend('2026-11-01', '2026-12-01T11:00:00.000Z'),
      spend('2026-11-02', '2026-12-01T10:00:00.000Z'),
    ];
    ours.campaigns[0]!.spend.unshift(spend('2026-11-03', '2026-12-01T09:00:00.000Z'));
    const { db } = merge(base, ours, theirs);
    expect(asDb(db).prospects[0]!.tags).toEqual(['a', 'c', 'd']);
    expect(asDb(db).campaigns[0]!.spend.map((s) => s.day)).toEqual(['2026-11-03', '2026-11-02', '2026-11-01']);
  });

  it('takes the same record from two files with no common version as one record, not two', () => {
    const ours = baseDb();
    const theirs = structuredClone(ours);
    theirs.prospects[0]!.company = 'Acme';
    const { db, report } = merge(emptyDb(), ours, theirs);
    expect(asDb(db).prospects).toHaveLength(3);
    expect(report.renumbered).toEqual([]);
    expect(asDb(db).prospects[0]!.company).toBe('Acme');
    expect(valid(db)).toEqual([]);
  });

  it('takes each setting from the side that changed it, the later side when both did', () => {
    const base = baseDb();
    const ours = structuredClone(base);
    const theirs = structuredClone(base);
    ours.config.currency = 'EUR';
    theirs.config.staleDays = 7;
    expect(asDb(merge(base, ours, theirs).db).config).toMatchObject({ currency: 'EUR', staleDays: 7 });
  });
});

// ---- property: any two edit sequences from one base lose no record and no one-sided change ----

type Op =
  | { kind: 'add'; name: string }
  | { kind: 'edit'; who: number; field: 'name' | 'company' | 'email'; value: string }
  | { kind: 'tag'; who: number; tag: string }
  | { kind: 'remove'; who: number }
  | { kind: 'followup'; who: number }
  | { kind: 'close'; which: number }
  | { kind: 'log'; who: number };

const word = fc.constantFrom('ana', 'bob', 'carla', 'dan', 'eve');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), name: word }),
  fc.record({
    kind: fc.constant('edit' as const),
    who: fc.nat(5),
    field: fc.constantFrom('name' as const, 'company' as const, 'email' as const),
    value: word,
  }),
  fc.record({ kind: fc.constant('tag' as const), who: fc.nat(5), tag: word }),
  fc.record({ kind: fc.constant('remove' as const), who: fc.nat(5) }),
  fc.record({ kind: fc.constant('followup' as const), who: fc.nat(5) }),
  fc.record({ kind: fc.constant('close' as const), which: fc.nat(5) }),
  fc.record({ kind: fc.constant('log' as const), who: fc.nat(5) }),
);

interface Track {
  /** createdAt (or at) of every record this side added: must all be in the merge. */
  added: Array<{ key: 'prospects' | 'followUps' | 'activities'; stamp: string }>;
  removed: Set<number>;
}

function apply(db: Db, ops: Op[], side: 'ours' | 'theirs'): Track {
  const track: Track = { added: [], removed: new Set() };
  ops.forEach((o, i) => {
    const at = `2026-12-01T${side === 'ours' ? '10' : '11'}:${String(i).padStart(2, '0')}:00.000Z`;
    const person = db.prospects[o.kind === 'close' || o.kind === 'add' ? 0 : o.who % Math.max(1, db.prospects.length)];
    switch (o.kind) {
      case 'add':
        addProspect(db, `${o.name} ${side}`, at);
        track.added.push({ key: 'prospects', stamp: at });
        return;
      case 'edit':
        if (!person) return;
        if (o.field === 'email') person.email = `${o.value}-${side}@example.com`;
        else person[o.field] = `${o.value} ${side}`;
        touch(person, at);
        return;
      case 'tag':
        if (!person || person.tags.includes(o.tag)) return;
        person.tags = [...person.tags, o.tag];
        touch(person, at);
        return;
      case 'remove':
        if (!person) return;
        db.prospects = db.prospects.filter((p) => p !== person);
        db.followUps = db.followUps.filter((f) => f.prospectId !== person.id);
        db.activities = db.activities.filter((a) => a.prospectId !== person.id);
        for (const p of db.prospects) if (p.referredBy === person.id) p.referredBy = null;
        track.removed.add(person.id);
        track.added = track.added.filter((a) => !(a.key === 'prospects' && a.stamp === person.createdAt));
        return;
      case 'followup': {
        if (!person) return;
        db.lastIds.followUp += 1;
        const f = followUp({ id: db.lastIds.followUp, prospectId: person.id, createdAt: at });
        touch(f, at);
        db.followUps.push(f);
        track.added.push({ key: 'followUps', stamp: at });
        return;
      }
      case 'close': {
        const f = db.followUps.filter((x) => x.status === 'open')[o.which % Math.max(1, db.followUps.length)];
        if (!f) return;
        Object.assign(f, { status: 'done', doneAt: at, outcome: side });
        touch(f, at);
        return;
      }
      case 'log': {
        if (!person) return;
        db.lastIds.activity += 1;
        const a = activity({ id: db.lastIds.activity, prospectId: person.id, at, text: side });
        touch(a, at);
        db.activities.push(a);
        track.added.push({ key: 'activities', stamp: at });
        return;
      }
    }
  });
  // Records added and later removed with their person are not expected back.
  const alive = (key: Track['added'][number]['key'], stamp: string) =>
    (db[key] as Array<{ createdAt?: string; at?: string }>).some((r) => (r.createdAt ?? r.at) === stamp);
  track.added = track.added.filter((a) => alive(a.key, a.stamp));
  return track;
}

const FIELDS = ['name', 'company', 'email', 'tags'] as const;

describe('the record merge, property-tested', () => {
  it('loses no record and no change that only one side made, and leaves a file a save accepts', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.array(op, { maxLength: 12 }), (oursOps, theirsOps) => {
        const base = baseDb();
        const ours = structuredClone(base);
        const theirs = structuredClone(base);
        const to = apply(ours, oursOps, 'ours');
        const tt = apply(theirs, theirsOps, 'theirs');
        const { db } = merge(base, ours, theirs);
        const m = asDb(db);
        expect(valid(db)).toEqual([]);
        for (const a of [...to.added, ...tt.added]) {
          const found = (m[a.key] as Array<{ createdAt?: string; at?: string }>).some(
            (r) => (r.createdAt ?? r.at) === a.stamp,
          );
          expect(found, `${a.key} added at ${a.stamp}`).toBe(true);
        }
        for (const b of base.prospects) {
          const o = ours.prospects.find((p) => p.id === b.id);
          const t = theirs.prospects.find((p) => p.id === b.id);
          const r = m.prospects.find((p) => p.id === b.id);
          if (o && t) expect(r, `#${b.id} kept by both`).toBeDefined();
          for (const side of [o, t]) {
            if (!side || !r) continue;
            const other = side === o ? t : o;
            for (const f of FIELDS) {
              const changed = JSON.stringify(side[f]) !== JSON.stringify(b[f]);
              const otherChanged = other && JSON.stringify(other[f]) !== JSON.stringify(b[f]);
              if (changed && !otherChanged) expect(r[f], `#${b.id}.${f}`).toEqual(side[f]);
              if (f === 'tags' && changed)
                for (const tag of side.tags) if (!b.tags.includes(tag)) expect(r.tags).toContain(tag);
            }
          }
          // edited on one side, removed on the other: kept
          if (
            (o && !t && JSON.stringify(o) !== JSON.stringify(b)) ||
            (t && !o && JSON.stringify(t) !== JSON.stringify(b))
          )
            expect(r, `#${b.id} edited and removed`).toBeDefined();
        }
        // never two records with one id, never an id behind the counters
        for (const key of ['prospects', 'followUps', 'activities'] as const) {
          const ids = m[key].map((r) => r.id);
          expect(new Set(ids).size).toBe(ids.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
