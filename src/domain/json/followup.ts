import type { RankedFollowUp } from '../agenda.js';
import type { DueFollowUp } from '../followups.js';
import type { FollowUp } from '../types.js';
import type { Refs } from './refs.js';

// docs/json.md, FollowUp and DueFollowUp.

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
    every: f.every,
  };
}

type Item = { followUp: FollowUp };

/**
 * `followup done --json`: `{done, next, repeat}`, each one follow-up (or null) when one was
 * given (`single`), else arrays.
 */
export function followUpDoneJson(
  done: { closed: readonly Item[]; planned: readonly Item[]; repeated: readonly Item[] },
  single: boolean,
  refs: Refs,
) {
  const closed = done.closed.map((c) => followUpJson(c.followUp, refs));
  const planned = done.planned.map((c) => followUpJson(c.followUp, refs));
  const repeated = done.repeated.map((c) => followUpJson(c.followUp, refs));
  return single
    ? { done: closed[0], next: planned[0] ?? null, repeat: repeated[0] ?? null }
    : { done: closed, next: planned, repeat: repeated };
}

/** One item of `meld followups --json` (and, plus `urgency`, of `meld today --json`'s `due`). */
export function dueFollowUpJson(item: DueFollowUp, refs: Refs) {
  return {
    id: item.followUp.id,
    prospect: refs.prospect(item.prospect.id),
    company: item.prospect.company,
    campaign: refs.campaign(item.prospect.campaign),
    due: item.followUp.due,
    note: item.followUp.note,
    status: item.followUp.status,
    every: item.followUp.every,
    overdueDays: item.overdueDays,
  };
}

export function rankedFollowUpJson(item: RankedFollowUp, refs: Refs) {
  return { ...dueFollowUpJson(item, refs), urgency: item.urgency.score };
}
