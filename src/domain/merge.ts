import { MeldError } from '../errors.js';
import { compareIso, toDay } from './dates.js';
import { phoneMatchKey } from './import/dedupe.js';
import { normaliseEmail } from './text.js';
import { ownValue, setOwn } from './own.js';
import { dealsOf, standingOf } from './deals.js';
import type { Db, Deal, FollowUp, Activity, Prospect, Stage, StageChange } from './types.js';

/**
 * Merging two prospects into one, losing nothing: `keep`'s values win, its empty ones are
 * filled from `other`; `other`'s differing email and phone join `otherEmails`/`otherPhones`,
 * its other differing values (name, company, title, campaign, value, fields of its own) are
 * written into a note on the merged prospect; tags join; activities, follow-ups and deals move
 * over; `other` goes. Two people with one deal each (the usual duplicate: the same lead added
 * twice) end with one deal: keep's, its stage the furthest along of the two, the stage history
 * of both in time order, its value filled from other's (a differing one goes into the note).
 * Otherwise other's deals move over as they are. Pure: planMerge only reads, applyMerge changes
 * the db it is given.
 */

/** A phone as import compares them (short numbers, which import ignores, by their digits). */
const phoneKey = (phone: string) => phoneMatchKey(phone) || phone.replace(/\D/g, '');

/** How far along a stage is, for "the furthest along": a closed deal beats an open one, won beats lost. */
const RANK: Record<Stage, number> = { new: 0, contacted: 1, qualified: 2, proposal: 3, lost: 4, won: 5 };

export interface FieldOutcome {
  field: string;
  /** keep's value as shown, null when empty. */
  keep: string | null;
  other: string | null;
  /** What happens: filled from other, other's value kept aside (where), or nothing to do. */
  outcome: 'filled' | 'kept-aside' | 'same' | 'kept';
  /** Where a differing value of other's goes: "other emails", "other phones" or "note". */
  aside?: string;
}

export interface MergePlan {
  keepId: number;
  otherId: number;
  /** The merged prospect, as it will be. */
  merged: Prospect;
  fields: FieldOutcome[];
  /** The note recording other's differing values; null when there are none. */
  note: string | null;
  /** Where each stands (deals.ts standingOf): before, and after the merge. */
  stage: { keep: Stage | null; other: Stage | null; merged: Stage | null };
  /** keep's one deal with other's one deal merged in (it replaces keep's; other's goes); null
   * when other's deals move over as they are. */
  mergedDeal: Deal | null;
  /** other's deal merged into mergedDeal, removed; null when none. */
  dropsDeal: number | null;
  /** The merged person's deals, as they will be. */
  deals: Deal[];
  tagsAdded: string[];
  moves: { activities: number; followUps: number; stageChanges: number; referrals: number; deals: number };
}

type Shown = (value: unknown) => string | null;
const text: Shown = (v) => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * What merging `other` into `keep` does. `money` shows a value in cents; `now` stamps the
 * stage change when the furthest stage is not the last one in time.
 */
export function planMerge(
  db: Pick<Db, 'prospects' | 'deals' | 'activities' | 'followUps'>,
  keep: Prospect,
  other: Prospect,
  now: Date,
  money: (cents: number) => string,
): MergePlan {
  if (keep.id === other.id) throw new MeldError(`cannot merge #${keep.id} ${keep.name} with itself`);
  const merged: Prospect = structuredClone(keep);
  const fields: FieldOutcome[] = [];
  const aside: string[] = [];
  const record = (
    field: string,
    k: string | null,
    o: string | null,
    outcome: FieldOutcome['outcome'],
    where?: string,
  ) => fields.push(where ? { field, keep: k, other: o, outcome, aside: where } : { field, keep: k, other: o, outcome });

  // name: keep's always; a different one of other's goes into the note
  if (other.name.trim().toLowerCase() !== keep.name.trim().toLowerCase()) {
    record('name', keep.name, other.name, 'kept-aside', 'note');
    aside.push(`name: ${other.name}`);
  }

  // email and phone: a differing one joins the other emails/phones
  const emails = new Set([keep.email, ...keep.otherEmails].filter((e): e is string => e !== null).map(normaliseEmail));
  if (keep.email === null && other.email !== null) {
    merged.email = other.email;
    record('email', null, other.email, 'filled');
  } else if (other.email !== null) {
    const same = normaliseEmail(other.email) === normaliseEmail(keep.email!);
    if (!same && !emails.has(normaliseEmail(other.email))) merged.otherEmails.push(other.email);
    record('email', keep.email, other.email, same ? 'same' : 'kept-aside', same ? undefined : 'other emails');
  }
  for (const e of [other.email, ...other.otherEmails]) {
    if (e === null || merged.email === e) continue;
    const n = normaliseEmail(e);
    if (n !== normaliseEmail(merged.email ?? '') && !merged.otherEmails.some((x) => normaliseEmail(x) === n))
      merged.otherEmails.push(e);
  }
  if (keep.phone === null && other.phone !== null) {
    merged.phone = other.phone;
    record('phone', null, other.phone, 'filled');
  } else if (other.phone !== null) {
    const same = phoneKey(other.phone) === phoneKey(keep.phone!);
    record('phone', keep.phone, other.phone, same ? 'same' : 'kept-aside', same ? undefined : 'other phones');
  }
  for (const p of [other.phone, ...other.otherPhones]) {
    if (p === null) continue;
    const n = phoneKey(p);
    if (n !== phoneKey(merged.phone ?? '') && !merged.otherPhones.some((x) => phoneKey(x) === n))
      merged.otherPhones.push(p);
  }

  // company, title, campaign, value: fill the empty ones; other's differing ones go into the note
  const simple: Array<['company' | 'title' | 'campaign', string, Shown]> = [
    ['company', 'company', text],
    ['title', 'title', text],
    ['campaign', 'campaign', text],
  ];
  for (const [key, label, show] of simple) {
    const k = keep[key];
    const o = other[key];
    if (o === null) continue;
    if (k === null) {
      (merged as unknown as Record<string, unknown>)[key] = o;
      record(label, null, show(o), 'filled');
    } else if (String(k).trim().toLowerCase() === String(o).trim().toLowerCase()) {
      record(label, show(k), show(o), 'same');
    } else {
      record(label, show(k), show(o), 'kept-aside', 'note');
      aside.push(`${label}: ${show(o)}`);
    }
  }

  // fields of the user's own (import columns): fill, or note a differing value
  for (const [key, value] of Object.entries(other.fields)) {
    const mine = ownValue(keep.fields, key);
    if (mine === undefined || mine === '') {
      setOwn(merged.fields, key, value);
      record(key, null, value, 'filled');
    } else if (mine !== value) {
      record(key, mine, value, 'kept-aside', 'note');
      aside.push(`${key}: ${value}`);
    }
  }

  // tags join
  const tagsAdded = other.tags.filter((t) => !keep.tags.includes(t));
  merged.tags = [...keep.tags, ...tagsAdded];

  // deals: one each merge into keep's (value filled or kept aside, stage history in time order,
  // the second "added" entry dropped, the furthest stage); otherwise other's move over
  const keepDeals = dealsOf(db, keep.id);
  const otherDeals = dealsOf(db, other.id);
  let mergedDeal: Deal | null = null;
  let stageChanges = 0;
  if (keepDeals.length === 1 && otherDeals.length === 1) {
    const [k, o] = [keepDeals[0]!, otherDeals[0]!];
    mergedDeal = structuredClone(k);
    const showMoney = (v: number | null) => (v === null ? null : money(v));
    if (o.valueCents !== null) {
      if (k.valueCents === null) {
        mergedDeal.valueCents = o.valueCents;
        record('value', null, showMoney(o.valueCents), 'filled');
      } else if (k.valueCents === o.valueCents) {
        record('value', showMoney(k.valueCents), showMoney(o.valueCents), 'same');
      } else {
        record('value', showMoney(k.valueCents), showMoney(o.valueCents), 'kept-aside', 'note');
        aside.push(`value: ${showMoney(o.valueCents)}`);
      }
    }
    mergedDeal.campaign = k.campaign ?? o.campaign;
    const stage = RANK[o.stage] > RANK[k.stage] ? o.stage : k.stage;
    const firstNew = (h: StageChange[]) => (h[0]?.stage === 'new' ? h[0] : undefined);
    const added = [firstNew(k.history), firstNew(o.history)]
      .filter((h): h is StageChange => h !== undefined)
      .sort((a, b) => compareIso(a.at, b.at));
    const later = [
      ...k.history.filter((h) => h !== firstNew(k.history)),
      ...o.history.filter((h) => h !== firstNew(o.history)),
    ].sort((a, b) => compareIso(a.at, b.at));
    const history = [...added.slice(0, 1), ...later].map((h) => ({ ...h }));
    if (history.at(-1)?.stage !== stage)
      history.push({ stage, at: now.toISOString(), reason: `merged with #${other.id}` });
    mergedDeal.history = history;
    mergedDeal.stage = stage;
    mergedDeal.lostReason = stage !== 'lost' ? null : k.stage === 'lost' ? k.lostReason : o.lostReason;
    mergedDeal.createdAt = o.createdAt < k.createdAt ? o.createdAt : k.createdAt;
    mergedDeal.updatedAt = now.toISOString();
    stageChanges = o.history.length - (o.history[0]?.stage === 'new' ? 1 : 0);
  }
  const deals = mergedDeal
    ? [mergedDeal]
    : [...keepDeals, ...otherDeals.map((d) => ({ ...d, prospectId: keep.id }))].sort((a, b) => a.id - b.id);
  merged.updatedAt = now.toISOString();

  // when the source first saw them: the earlier of what either knows
  const seen = [
    keep.firstSeen,
    other.firstSeen,
    other.createdAt < keep.createdAt ? toDay(new Date(other.createdAt)) : null,
  ]
    .filter((d): d is string => d !== null)
    .sort();
  merged.firstSeen = seen[0] ?? null;
  merged.batch = keep.batch ?? other.batch;
  if (merged.referredBy === null && other.referredBy !== null && other.referredBy !== keep.id) {
    merged.referredBy = other.referredBy;
    record('referred by', null, `#${other.referredBy}`, 'filled');
  }

  const note =
    aside.length > 0 ? `Merged from #${other.id} ${other.name}; its values that differed: ${aside.join('; ')}` : null;
  return {
    keepId: keep.id,
    otherId: other.id,
    merged,
    fields,
    note,
    stage: {
      keep: standingOf(keepDeals).stage,
      other: standingOf(otherDeals).stage,
      merged: standingOf(deals).stage,
    },
    mergedDeal,
    dropsDeal: mergedDeal ? otherDeals[0]!.id : null,
    deals,
    tagsAdded,
    moves: {
      activities: db.activities.filter((a: Activity) => a.prospectId === other.id).length,
      followUps: db.followUps.filter((f: FollowUp) => f.prospectId === other.id).length,
      stageChanges,
      referrals: db.prospects.filter((p) => p.referredBy === other.id).length,
      deals: mergedDeal ? 0 : otherDeals.length,
    },
  };
}

/** Carries out a plan made on this same db: keep becomes the merged prospect, other is removed. */
export function applyMerge(db: Db, plan: MergePlan, now: Date): void {
  const index = db.prospects.findIndex((p) => p.id === plan.keepId);
  if (index < 0 || !db.prospects.some((p) => p.id === plan.otherId)) {
    throw new MeldError(`#${plan.keepId} or #${plan.otherId} is no longer on file`);
  }
  db.prospects[index] = structuredClone(plan.merged);
  const at = now.toISOString();
  if (plan.mergedDeal) {
    const merged = structuredClone(plan.mergedDeal);
    db.deals = db.deals.filter((d) => d.id !== plan.dropsDeal).map((d) => (d.id === merged.id ? merged : d));
  }
  for (const list of [db.deals, db.activities, db.followUps] as Array<Array<{ prospectId: number; updatedAt: string }>>)
    for (const r of list)
      if (r.prospectId === plan.otherId) {
        r.prospectId = plan.keepId;
        r.updatedAt = at;
      }
  for (const p of db.prospects)
    if (p.referredBy === plan.otherId) {
      p.referredBy = p.id === plan.keepId ? null : plan.keepId;
      p.updatedAt = at;
    }
  db.prospects = db.prospects.filter((p) => p.id !== plan.otherId);
  if (plan.note) {
    db.lastIds.activity += 1;
    db.activities.push({
      id: db.lastIds.activity,
      prospectId: plan.keepId,
      type: 'note',
      text: plan.note,
      at: now.toISOString(),
      campaign: null,
      topics: [],
      mail: null,
      updatedAt: now.toISOString(),
    });
  }
}

/**
 * What a merge preview shows of the two prospects: each record with its activities and
 * follow-ups; undefined when either is gone. Its fingerprint (domain/fingerprint.ts) taken
 * before the preview must match the one under the lock, or the merge is refused.
 */
export function mergeView(db: Pick<Db, 'prospects' | 'deals' | 'activities' | 'followUps'>, ids: number[]): unknown {
  const records = ids.map((id) => db.prospects.find((p) => p.id === id));
  if (records.some((p) => p === undefined)) return undefined;
  return ids.map((id, i) => [
    records[i],
    db.deals.filter((d) => d.prospectId === id),
    db.activities.filter((a) => a.prospectId === id),
    db.followUps.filter((f) => f.prospectId === id),
  ]);
}
