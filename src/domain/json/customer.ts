import type { Customer } from '../customers.js';
import { centsToMajor } from '../money.js';
import type { Refs } from './refs.js';

// docs/json.md, Other answers: `customer list`.

/** One item of `meld customer list --json`. */
export function customerJson(c: Customer, refs: Refs) {
  return {
    prospect: refs.prospect(c.prospect.id),
    company: c.prospect.company,
    campaign: refs.campaign(c.prospect.campaign),
    lifetimeValue: centsToMajor(c.lifetimeValueCents),
    wonDeals: c.wonDeals,
    customerSince: c.customerSince,
    lastTouch: c.lastTouch,
    idleDays: c.idleDays,
    nextStep: c.nextStep
      ? { id: c.nextStep.id, due: c.nextStep.due, note: c.nextStep.note, every: c.nextStep.every }
      : null,
    atRisk: c.risk !== null,
    risk: c.risk,
  };
}
