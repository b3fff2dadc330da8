import type { Deal, Prospect } from '../types.js';
import { prospectJson } from './prospect.js';
import type { Refs } from './refs.js';

// docs/json.md, Other answers: `prospect merge`.

export interface MergeMoves {
  activities: number;
  followUps: number;
  stageChanges: number;
  referrals: number;
  deals: number;
}

/** `prospect merge --json`: the merged person, the record removed and what moved over. */
export function mergeJson(
  merged: Prospect,
  other: { id: number; name: string },
  moves: MergeMoves,
  refs: Refs,
  dryRun: boolean,
  /** The merged person's deals when not yet saved (a dry run). */
  deals?: readonly Deal[],
) {
  return {
    dryRun,
    prospect: prospectJson(merged, refs, deals),
    removed: { id: other.id, name: other.name },
    moved: moves,
  };
}
