import { centsToMajor } from './money.js';
import { campaignState, rateOn, spentToDate } from './spend.js';
import { dealsByProspect, standingOf } from './deals.js';
import type { Activity, Adjustment, Campaign, Db, Deal, FollowUp, IsoDay, Prospect } from './types.js';

// The public `--json` shapes (also what `meld export` writes): stable field names, money in
// major units, documented in docs/json.md. Pure data, so the domain exporters share them.
// A reference to another record is `{id, name}` (or null): never a bare id.

export interface Ref<Id> {
  id: Id;
  name: string | null;
}

/** Looks up the names references carry; build one per output (`jsonRefs(db)`), after any change. */
export interface Refs {
  campaign(id: string | null): Ref<string> | null;
  prospect(id: number): Ref<number>;
  /** A person's deals, in id order. */
  dealsOf(prospectId: number): Deal[];
}

/** References into `db`, its name maps built on first use (a list of 20,000 looks each up once). */
export function jsonRefs(db: Pick<Db, 'campaigns' | 'prospects' | 'deals'>): Refs {
  let campaigns: Map<string, string> | undefined;
  let prospects: Map<number, string> | undefined;
  let deals: Map<number, Deal[]> | undefined;
  return {
    dealsOf: (prospectId) => {
      deals ??= dealsByProspect(db.deals);
      return deals.get(prospectId) ?? [];
    },
    campaign: (id) => {
      if (id === null) return null;
      campaigns ??= new Map(db.campaigns.map((c) => [c.id, c.name]));
      return { id, name: campaigns.get(id) ?? null };
    },
    prospect: (id) => {
      prospects ??= new Map(db.prospects.map((p) => [p.id, p.name]));
      return { id, name: prospects.get(id) ?? null };
    },
  };
}

/** A person as JSON. `stage`, `value`, `lostReason` and `history` are where their `deals` leave
 * them (deals.ts standingOf: the history is that of the deal giving the stage). */
export function prospectJson(p: Prospect, refs: Refs, deals: readonly Deal[] = refs.dealsOf(p.id)) {
  const s = standingOf(deals);
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    otherEmails: p.otherEmails,
    company: p.company,
    phone: p.phone,
    otherPhones: p.otherPhones,
    title: p.title,
    campaign: refs.campaign(p.campaign),
    stage: s.stage,
    value: centsToMajor(s.valueCents),
    tags: p.tags,
    createdAt: p.createdAt,
    firstSeen: p.firstSeen,
    lostReason: s.lostReason,
    history: s.lead?.history ?? [],
    fields: p.fields,
    batch: p.batch,
    referredBy: p.referredBy === null ? null : refs.prospect(p.referredBy),
  };
}

/** A deal: `prospect` is the person, `campaign` the one it is credited to, money in major units. */
export function dealJson(d: Deal, refs: Refs) {
  return {
    id: d.id,
    prospect: refs.prospect(d.prospectId),
    title: d.title,
    stage: d.stage,
    value: centsToMajor(d.valueCents),
    campaign: refs.campaign(d.campaign),
    lostReason: d.lostReason,
    history: d.history,
    probability: d.probability,
    closeBy: d.closeBy,
    closeByChanges: d.closeByChanges,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** A campaign as of `today`: `cost` is what it spent up to today, `status` follows its days
 * (scheduled, active, paused, ended), `rate` is the one in force today; `spend`, `rates` and
 * `pauses` are the dated money as stored (amounts in major units). */
export function campaignJson(c: Campaign, today: IsoDay) {
  const rate = rateOn(c, today);
  return {
    id: c.id,
    name: c.name,
    channel: c.channel,
    cost: centsToMajor(spentToDate(c, today)),
    budget: centsToMajor(c.budgetCents),
    rate: rate ? { amount: centsToMajor(rate.cents), per: rate.per } : null,
    start: c.start,
    end: c.end,
    goal: c.goal,
    status: campaignState(c, today),
    spend: c.spend.map((s) => ({ day: s.day, amount: centsToMajor(s.cents), note: s.note, at: s.at })),
    rates: c.rates.map((r) => ({ from: r.from, amount: centsToMajor(r.cents), per: r.per, at: r.at })),
    pauses: c.pauses,
    note: c.note,
    createdAt: c.createdAt,
    adjustments: c.adjustments.map(adjustmentJson),
  };
}

/** A recorded campaign adjustment; a cost change in major units like every amount. */
export function adjustmentJson(a: Adjustment) {
  return {
    at: a.at,
    changes: Object.fromEntries(
      Object.entries(a.changes).map(([field, { from, to }]) =>
        field === 'cost' || field === 'budget'
          ? [field, { from: centsToMajor(from as number | null), to: centsToMajor(to as number | null) }]
          : [field, { from, to }],
      ),
    ),
    note: a.note,
  };
}

export function followUpJson(f: FollowUp, refs: Refs) {
  return {
    id: f.id,
    prospect: refs.prospect(f.prospectId),
    due: f.due,
    note: f.note,
    status: f.status,
    createdAt: f.createdAt,
    doneAt: f.doneAt,
    outcome: f.outcome,
  };
}

export function activityJson(a: Activity, refs: Refs) {
  return {
    id: a.id,
    prospect: refs.prospect(a.prospectId),
    type: a.type,
    text: a.text,
    at: a.at,
    campaign: refs.campaign(a.campaign),
    mail: a.mail ?? null,
  };
}
