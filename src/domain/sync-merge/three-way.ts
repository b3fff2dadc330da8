import { type CollectionSpec, collectionsOf, type Rec } from './collections.js';
import { formatValue, noteActivity } from './words.js';
import type { Conflict, Db, Kept, MergeReport, MergeResult, Side } from './types.js';
import { changeTime, isObject, mergeList, same } from './values.js';

/*
 * The record merge of two devices' data files from the version they both started from (git's
 * three-way merge, a synced folder's conflict copy). Pure: the three versions and `now` in, the
 * merged file and what was decided out. The rules:
 *
 *  - Records are matched by id. One added on both sides under the same id is two records (unless
 *    it is the very same record: same creation time): theirs gets the next free id, and every
 *    reference to it in their records moves with it.
 *  - A field changed on one side only is taken. Changed on both to different values: the later
 *    change wins (the record's `updatedAt`, else the latest time inside it), the other value is
 *    written down where the owner sees it (a note on the person, a campaign adjustment) and
 *    listed. Fields that belong together (stage and lost reason) move as one.
 *  - Lists inside records (history, spend, rates, pauses, adjustments, tags, emails) are merged as
 *    sets ordered by time: never duplicated, an element removed on one side stays removed.
 *  - Removed on one side and changed on the other: kept, and listed. A removed record that a
 *    kept record still points at comes back too, and so do the follow-ups and activities that
 *    were removed with a person who is kept.
 *  - Settings: the later side's value per key.
 */

export type { Conflict, Db, Kept, MergeReport, MergeResult, Renumbered, Side } from './types.js';

const list = (db: Db, key: string): Rec[] => (Array.isArray(db[key]) ? (db[key] as Rec[]) : []);
const counters = (db: Db): Record<string, number> =>
  isObject(db.lastIds) ? (db.lastIds as Record<string, number>) : {};

function maxId(records: Rec[]): number {
  let max = 0;
  for (const r of records) if (typeof r.id === 'number' && r.id > max) max = r.id;
  return max;
}

interface PendingConflict {
  spec: CollectionSpec;
  record: Rec;
  field: string;
  kept: unknown;
  other: unknown;
  keptFrom: Side;
  later: boolean;
}

interface Removal {
  record: Rec;
  removedOn: Side;
}

/** Merges `ours` and `theirs`, which both started from `base` (an empty file when none is known). */
export function mergeDbs(base: Db, ours: Db, theirs: Db, now: Date): MergeResult {
  const specs = collectionsOf(base, ours, theirs);
  const report: MergeReport = { conflicts: [], renumbered: [], kept: [], notes: [] };
  const pending: PendingConflict[] = [];
  const latest: Record<Side, string> = { ours: '', theirs: '' };
  const oursIds = counters(ours);
  const theirsIds = counters(theirs);

  // 1. Records both sides added under one id: theirs are numbered on from the highest id either side used.
  const moves = new Map<string, Map<number, number>>();
  const nextIds: Record<string, number> = {};
  for (const spec of specs) {
    if (!spec.counter) continue;
    const inBase = new Set(list(base, spec.key).map((r) => r.id));
    const oursById = new Map(list(ours, spec.key).map((r) => [r.id, r]));
    const theirList = list(theirs, spec.key);
    let next = Math.max(
      oursIds[spec.counter] ?? 0,
      theirsIds[spec.counter] ?? 0,
      maxId(list(ours, spec.key)),
      maxId(theirList),
    );
    const map = new Map<number, number>();
    for (const t of [...theirList].sort((a, b) => Number(a.id) - Number(b.id))) {
      if (inBase.has(t.id) || typeof t.id !== 'number') continue;
      const o = oursById.get(t.id);
      if (!o || same(o, t) || spec.identity(o) === spec.identity(t)) continue;
      next += 1;
      map.set(t.id, next);
      report.renumbered.push({
        collection: spec.key,
        from: t.id,
        to: next,
        title: spec.title(t),
        text: `${spec.title(t)} (theirs) → ${spec.ref(next)}`,
      });
    }
    nextIds[spec.counter] = next;
    if (map.size > 0) moves.set(spec.key, map);
  }
  const theirsMoved = new Map<string, Rec[]>();
  for (const spec of specs) {
    const own = moves.get(spec.key);
    const refs = spec.refs.filter((r) => moves.has(r.to));
    theirsMoved.set(
      spec.key,
      list(theirs, spec.key).map((r) => {
        let out = r;
        const id = own?.get(r.id as number);
        if (id !== undefined) out = { ...out, id };
        for (const ref of refs) {
          const to = moves.get(ref.to)!.get(r[ref.field] as number);
          if (to !== undefined) out = { ...out, [ref.field]: to };
        }
        return out;
      }),
    );
  }

  // 2. Collection by collection, record by record.
  const merged = new Map<string, Map<number | string, Rec>>();
  const removals = new Map<string, Map<number | string, Removal>>();
  const keptAgainst = new Map<string, Map<number | string, Side>>();
  for (const spec of specs) {
    const b = new Map(list(base, spec.key).map((r) => [r.id, r]));
    const o = new Map(list(ours, spec.key).map((r) => [r.id, r]));
    const t = new Map(theirsMoved.get(spec.key)!.map((r) => [r.id, r]));
    const out = new Map<number | string, Rec>();
    const removed = new Map<number | string, Removal>();
    const kept = new Map<number | string, Side>();
    const ids: Array<number | string> = [...o.keys()];
    for (const id of t.keys()) if (!o.has(id)) ids.push(id);
    for (const id of b.keys()) if (!o.has(id) && !t.has(id)) ids.push(id);
    for (const id of ids) {
      const bv = b.get(id);
      const ov = o.get(id);
      const tv = t.get(id);
      if (ov && bv && !same(ov, bv)) latest.ours = max(latest.ours, changeTime(ov));
      if (tv && bv && !same(tv, bv)) latest.theirs = max(latest.theirs, changeTime(tv));
      if (ov && !bv) latest.ours = max(latest.ours, changeTime(ov));
      if (tv && !bv) latest.theirs = max(latest.theirs, changeTime(tv));
      if (ov && tv) {
        out.set(id, mergeRecord(spec, bv, ov, tv, pending));
      } else if (ov || tv) {
        const present = (ov ?? tv)!;
        const side: Side = ov ? 'theirs' : 'ours'; // the side it is missing on
        if (!bv) out.set(id, present);
        else if (same(bv, present)) removed.set(id, { record: present, removedOn: side });
        else {
          out.set(id, present);
          kept.set(id, side);
          report.kept.push(keptText(spec, present, side, 'changed'));
        }
      }
    }
    merged.set(spec.key, out);
    removals.set(spec.key, removed);
    keptAgainst.set(spec.key, kept);
  }

  // 3. Removed records that kept ones still need: what points at them, and what belongs to a kept person.
  for (let again = true; again; ) {
    again = false;
    for (const spec of specs) {
      for (const r of merged.get(spec.key)!.values()) {
        for (const ref of spec.refs) {
          const target = r[ref.field];
          if (target === null || target === undefined) continue;
          const gone = removals.get(ref.to)?.get(target as number | string);
          if (!gone || merged.get(ref.to)!.has(target as number | string)) continue;
          const toSpec = specs.find((s) => s.key === ref.to)!;
          merged.get(ref.to)!.set(target as number | string, gone.record);
          keptAgainst.get(ref.to)!.set(target as number | string, gone.removedOn);
          report.kept.push(keptText(toSpec, gone.record, gone.removedOn, 'referenced', spec.ref(r.id)));
          again = true;
        }
      }
      for (const [id, gone] of removals.get(spec.key)!) {
        if (merged.get(spec.key)!.has(id)) continue;
        const owner = spec.refs.find(
          (ref) => ref.owner && keptAgainst.get(ref.to)?.get(gone.record[ref.field] as number) === gone.removedOn,
        );
        if (!owner) continue;
        merged.get(spec.key)!.set(id, gone.record);
        keptAgainst.get(spec.key)!.set(id, gone.removedOn);
        report.kept.push(keptText(spec, gone.record, gone.removedOn, 'with-owner'));
        again = true;
      }
    }
  }

  // 4. The file around the records: settings per key (the side that changed something later wins).
  const laterSide: Side = latest.theirs > latest.ours ? 'theirs' : 'ours';
  const db: Db = {};
  const known = new Set(specs.map((s) => s.key));
  for (const key of unionKeys(ours, theirs, base)) {
    if (known.has(key)) {
      db[key] = [...merged.get(key)!.values()].sort(byId);
      continue;
    }
    if (key === 'lastIds') continue;
    if (key === 'config' && isObject(ours.config) && isObject(theirs.config)) {
      const conflicts: Array<{ field: string; kept: unknown; other: unknown }> = [];
      db.config = mergeFields(
        isObject(base.config) ? base.config : undefined,
        ours.config,
        theirs.config,
        laterSide,
        CONFIG_MAPS,
        conflicts,
        '',
      );
      for (const c of conflicts) {
        const currency = String((db.config as Record<string, unknown>).currency ?? 'USD');
        report.conflicts.push({
          collection: 'config',
          ref: 'config',
          title: 'settings',
          field: c.field,
          kept: c.kept,
          other: c.other,
          keptFrom: laterSide,
          later: latest.theirs !== latest.ours,
          noted: null,
          text: `setting ${c.field}: kept ${formatValue(c.field, c.kept, currency)} (${latest.theirs !== latest.ours ? 'changed later' : 'same time: this side kept'}), ${formatValue(c.field, c.other, currency)} listed here only`,
        });
      }
      continue;
    }
    const value = pick(base[key], ours[key], theirs[key], laterSide);
    if (value !== undefined) db[key] = value;
  }

  // 5. Id counters: never behind an id in use or handed out on either side.
  const lastIds: Record<string, number> = { ...oursIds };
  for (const [k, v] of Object.entries(theirsIds)) lastIds[k] = Math.max(lastIds[k] ?? 0, v);
  for (const spec of specs) {
    if (!spec.counter) continue;
    lastIds[spec.counter] = Math.max(
      lastIds[spec.counter] ?? 0,
      nextIds[spec.counter] ?? 0,
      maxId(db[spec.key] as Rec[]),
    );
  }
  db.lastIds = lastIds;

  // 6. The values that lost: written down for the owner.
  writeDownConflicts(db, pending, report, now);
  return { db: ordered(db, ours), report };
}

/** Records in id order, as the file keeps them. */
const byId = (a: Rec, b: Rec) =>
  typeof a.id === 'number' && typeof b.id === 'number' ? a.id - b.id : String(a.id).localeCompare(String(b.id));

/** Settings that are objects merged key by key (a win rate per stage). */
const CONFIG_MAPS = ['stageProbability'];

const max = (a: string, b: string) => (b > a ? b : a);

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);

function unionKeys(...objects: Db[]): string[] {
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) keys.add(k);
  return [...keys];
}

/** The top-level keys in ours' order (version, lastIds, config first), so the file diffs well. */
function ordered(db: Db, ours: Db): Db {
  const out: Db = {};
  for (const k of Object.keys(ours)) if (k in db) out[k] = db[k];
  for (const k of Object.keys(db)) if (!(k in out)) out[k] = db[k];
  return out;
}

/** Three-way choice of one value: the side that changed it; both: the later side. */
function pick(b: unknown, o: unknown, t: unknown, later: Side): unknown {
  if (same(o, t)) return o;
  if (same(b, o)) return t;
  if (same(b, t)) return o;
  return later === 'ours' ? o : t;
}

/** The field-level merge of two objects from their base; conflicts are pushed (field paths with `prefix`). */
function mergeFields(
  b: Record<string, unknown> | undefined,
  o: Record<string, unknown>,
  t: Record<string, unknown>,
  later: Side,
  maps: string[],
  conflicts: Array<{ field: string; kept: unknown; other: unknown }>,
  prefix: string,
  groups: string[][] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const done = new Set<string>();
  // With no common version (a record both added, two files with no shared history), an empty
  // value is taken as never set: a value beats no value.
  const changedO = (k: string) => (b ? !same(b[k], o[k]) : !isEmpty(o[k]));
  const changedT = (k: string) => (b ? !same(b[k], t[k]) : !isEmpty(t[k]));
  const keys = [...new Set([...Object.keys(o), ...Object.keys(t), ...Object.keys(b ?? {})])];
  for (const group of groups) {
    if (!group.some(changedO) || !group.some(changedT) || group.every((k) => same(o[k], t[k]))) continue;
    const win = later === 'ours' ? o : t;
    const lose = later === 'ours' ? t : o;
    for (const k of group) {
      done.add(k);
      if (win[k] !== undefined) out[k] = win[k];
      if (!same(win[k], lose[k])) conflicts.push({ field: prefix + k, kept: win[k] ?? null, other: lose[k] ?? null });
    }
  }
  for (const k of keys) {
    if (done.has(k)) continue;
    const ov = o[k];
    const tv = t[k];
    let v: unknown;
    if (same(ov, tv)) v = ov;
    else if (!changedO(k)) v = tv;
    else if (!changedT(k)) v = ov;
    else if (k === 'updatedAt' && typeof ov === 'string' && typeof tv === 'string') v = max(ov, tv);
    else if (Array.isArray(ov) && Array.isArray(tv)) {
      const bv = b?.[k];
      v = mergeList(Array.isArray(bv) ? bv : undefined, ov, tv);
    } else if (maps.includes(k) && isObject(ov) && isObject(tv)) {
      const bv = b?.[k];
      v = mergeFields(isObject(bv) ? bv : undefined, ov, tv, later, [], conflicts, `${prefix}${k}.`);
    } else {
      v = later === 'ours' ? ov : tv;
      conflicts.push({ field: prefix + k, kept: v ?? null, other: (later === 'ours' ? tv : ov) ?? null });
    }
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function mergeRecord(spec: CollectionSpec, b: Rec | undefined, o: Rec, t: Rec, pending: PendingConflict[]): Rec {
  if (same(o, t)) return o;
  const ot = changeTime(o);
  const tt = changeTime(t);
  const later: Side = tt > ot ? 'theirs' : 'ours';
  const conflicts: Array<{ field: string; kept: unknown; other: unknown }> = [];
  const record = mergeFields(b, o, t, later, spec.maps, conflicts, '', spec.groups) as Rec;
  for (const c of conflicts) {
    if (c.field === 'updatedAt') continue;
    pending.push({ spec, record, ...c, keptFrom: later, later: ot !== tt });
  }
  return record;
}

function keptText(spec: CollectionSpec, r: Rec, removedOn: Side, why: Kept['why'], by?: string): Kept {
  const reason =
    why === 'changed'
      ? `changed on ${removedOn === 'ours' ? 'theirs' : 'ours'}`
      : why === 'referenced'
        ? `${by} still refers to it`
        : 'its person was kept';
  return {
    collection: spec.key,
    ref: spec.ref(r.id),
    title: spec.title(r),
    removedOn,
    why,
    text: `${spec.title(r)} removed on ${removedOn} but kept: ${reason}`,
  };
}

/** Each conflict's losing value goes into a note on the person (one note per person) or the campaign's adjustments. */
function writeDownConflicts(db: Db, pending: PendingConflict[], report: MergeReport, now: Date): void {
  const currency = String((isObject(db.config) && db.config.currency) || 'USD');
  const at = now.toISOString();
  const perPerson = new Map<number, Conflict[]>();
  for (const p of pending) {
    const reason = p.later ? 'changed later' : 'same time: this side kept';
    const conflict: Conflict = {
      collection: p.spec.key,
      ref: p.spec.ref(p.record.id),
      title: p.spec.title(p.record),
      field: p.field,
      kept: p.kept,
      other: p.other,
      keptFrom: p.keptFrom,
      later: p.later,
      noted: null,
      text: `${p.field} of ${p.spec.ref(p.record.id)}: kept ${formatValue(p.field, p.kept, currency)} (${reason}), ${formatValue(p.field, p.other, currency)} noted`,
    };
    report.conflicts.push(conflict);
    if (p.spec.notedIn === 'adjustments') {
      const adjustments = Array.isArray(p.record.adjustments) ? (p.record.adjustments as unknown[]) : [];
      p.record.adjustments = [
        ...adjustments,
        {
          at,
          changes: { [p.field]: { from: asChangeValue(p.other), to: asChangeValue(p.kept) } },
          note: `merged from two devices: ${p.field} ${formatValue(p.field, p.other, currency)} from the other version was replaced by the later change`,
        },
      ];
      conflict.noted = `${p.spec.ref(p.record.id)} adjustments`;
      continue;
    }
    const person = p.record[p.spec.notedIn.activityFor];
    if (typeof person !== 'number') continue;
    perPerson.set(person, [...(perPerson.get(person) ?? []), conflict]);
  }
  if (perPerson.size === 0) return;
  const activities = (Array.isArray(db.activities) ? db.activities : []) as Rec[];
  const lastIds = db.lastIds as Record<string, number>;
  for (const [person, conflicts] of perPerson) {
    lastIds.activity = (lastIds.activity ?? 0) + 1;
    const id = lastIds.activity;
    const text = `Merged two versions from different devices: ${conflicts.map((c) => c.text).join('; ')}.`;
    activities.push(noteActivity(db, id, person, text, at));
    report.notes.push(id);
    for (const c of conflicts) c.noted = `a${id}`;
  }
  db.activities = activities;
}

/** An adjustment records strings, numbers or null; anything else as its JSON text. */
function asChangeValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  return JSON.stringify(v);
}
