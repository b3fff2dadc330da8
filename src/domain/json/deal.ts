import { centsToMajor } from '../money.js';
import type { Deal } from '../types.js';
import type { Refs } from './refs.js';

// docs/json.md, Deal.

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
