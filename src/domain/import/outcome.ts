// What a planned row did, as the import report says it: shared by the planner (./plan.ts) and
// the referrals it resolves once every row is planned (./referrals.ts).

export type RowAction = 'add' | 'update' | 'skip' | 'reject';

export type Counts = { added: number; updated: number; skipped: number; rejected: number };

/** Which count a row's action adds to. */
export const COUNT: Record<RowAction, keyof Counts> = {
  add: 'added',
  update: 'updated',
  skip: 'skipped',
  reject: 'rejected',
};

/** What a duplicate row did, and the report line for it. */
export interface Duplicate {
  what: string;
  /** What it filled; null with `--on-duplicate skip`. */
  filled: string[] | null;
  /** The line that planned the prospect, when it is one this file adds. */
  earlierLine: number | undefined;
}

export function duplicateOutcome({ what, filled, earlierLine }: Duplicate): { action: RowAction; detail: string } {
  if (filled === null) return { action: 'skip', detail: what };
  if (filled.length === 0) return { action: 'skip', detail: `${what}, nothing new` };
  if (earlierLine !== undefined) return { action: 'skip', detail: `${what}, merged: ${filled.join(', ')}` };
  return { action: 'update', detail: `${what}: filled ${filled.join(', ')}` };
}
