import { centsToMajor } from './money.js';
import type { Adjustment, Campaign, FollowUp, Prospect } from './types.js';

// The public `--json` shapes (also what `meld export` writes): stable field names, money in
// major units, documented in the README. Pure data, so the domain exporters share them.

export function prospectJson(p: Prospect) {
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    company: p.company,
    phone: p.phone,
    title: p.title,
    campaign: p.campaign,
    stage: p.stage,
    value: centsToMajor(p.valueCents),
    tags: p.tags,
    createdAt: p.createdAt,
    lostReason: p.lostReason,
    history: p.history,
    fields: p.fields,
    batch: p.batch,
  };
}

export function campaignJson(c: Campaign) {
  return {
    id: c.id,
    name: c.name,
    channel: c.channel,
    cost: centsToMajor(c.costCents),
    start: c.start,
    end: c.end,
    goal: c.goal,
    status: c.status,
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
        field === 'cost'
          ? [field, { from: centsToMajor(from as number | null), to: centsToMajor(to as number | null) }]
          : [field, { from, to }],
      ),
    ),
    note: a.note,
  };
}

export function followUpJson(f: FollowUp) {
  return {
    id: f.id,
    prospectId: f.prospectId,
    due: f.due,
    note: f.note,
    status: f.status,
    createdAt: f.createdAt,
    doneAt: f.doneAt,
    outcome: f.outcome,
  };
}
