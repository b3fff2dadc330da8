import { lifetimeValueCents } from './deals.js';
import { ratio } from './ratio.js';
import type { Deal } from './types.js';

// The report's loyalty view (#16): the customers a campaign BROUGHT (its people by source
// campaign), and what all their won deals are worth, whichever campaign a later deal is credited
// to. Beside it the row's won value counts the deals CREDITED to the campaign.

export interface CustomerBlock {
  /** The row's people with at least one won deal. */
  count: number;
  /** Of those, the ones with two or more won deals. */
  repeat: number;
  /** repeat / count; null with no customers. */
  repeatRate: number | null;
  /** All their won deals, in cents. */
  lifetimeValueCents: number;
  /** lifetimeValue / cost; null when nothing was spent. */
  ltvToCost: number | null;
}

export function customerBlock(
  people: Iterable<{ id: number }>,
  deals: ReadonlyMap<number, readonly Deal[]>,
  costCents: number,
): CustomerBlock {
  let count = 0;
  let repeat = 0;
  let value = 0;
  for (const p of people) {
    const theirs = deals.get(p.id) ?? [];
    const won = theirs.filter((d) => d.stage === 'won').length;
    if (won === 0) continue;
    count += 1;
    if (won >= 2) repeat += 1;
    value += lifetimeValueCents(theirs);
  }
  return {
    count,
    repeat,
    repeatRate: ratio(repeat, count),
    lifetimeValueCents: value,
    ltvToCost: ratio(value, costCents),
  };
}
