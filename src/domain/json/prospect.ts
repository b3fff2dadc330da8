import { customerSince, lifetimeValueCents, standingOf } from '../deals.js';
import type { ProspectRelations } from '../influence.js';
import { centsToMajor } from '../money.js';
import type { Activity, Deal, FollowUp, IsoDay, Prospect } from '../types.js';
import { activityJson } from './activity.js';
import { dealJson } from './deal.js';
import { followUpJson } from './followup.js';
import type { Refs } from './refs.js';

// docs/json.md, Prospect: the record, and what `prospect list` and `prospect show` add to it.

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

/** An item of `prospect list --json`: the record and its soonest open follow-up (the table's Next column). */
export function prospectListItemJson(p: Prospect, refs: Refs, nextFollowUp: { id: number; due: IsoDay } | null) {
  return { ...prospectJson(p, refs), nextFollowUp };
}

/** `prospect show --json`: the record with their deals, what they are worth, activities, follow-ups and relations. */
export function prospectShowJson(
  p: Prospect & { deals: readonly Deal[] },
  more: { activities: readonly Activity[]; followUps: readonly FollowUp[]; relations: ProspectRelations },
  refs: Refs,
) {
  return {
    ...prospectJson(p, refs),
    deals: p.deals.map((d) => dealJson(d, refs)),
    lifetimeValue: centsToMajor(lifetimeValueCents(p.deals)),
    customerSince: customerSince(p.deals),
    activities: more.activities.map((a) => activityJson(a, refs)),
    followUps: more.followUps.map((f) => followUpJson(f, refs)),
    touchedBy: more.relations.touchedBy,
    referrals: more.relations.referrals.map(({ valueCents, ...r }) => ({ ...r, value: centsToMajor(valueCents) })),
  };
}
