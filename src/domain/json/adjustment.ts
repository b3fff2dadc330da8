import { centsToMajor } from '../money.js';
import type { Adjustment } from '../types.js';

// docs/json.md, Campaign's `adjustments` (also `campaign adjust`'s answer and a report period's).

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
