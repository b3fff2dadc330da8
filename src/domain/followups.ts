import { MeldError } from '../errors.js';
import { daysBetween, shiftDay } from './dates.js';
import { prospectIndex } from './lookup.js';
import type { Db, FollowUp, IsoDay, Prospect } from './types.js';

/**
 * Which open follow-ups a list shows:
 * - `today`: due today or earlier (what to do now; overdue ones included);
 * - `overdue`: due before today;
 * - `week`: due from today up to 7 days from today (the week ahead; overdue ones are in `today`);
 * - `all`: every open follow-up, whatever its date.
 */
export const FOLLOW_UP_WINDOWS = ['today', 'overdue', 'week', 'all'] as const;
export type FollowUpWindow = (typeof FOLLOW_UP_WINDOWS)[number];

export interface DueFollowUp {
  followUp: FollowUp;
  prospect: Prospect;
  /** Whole days past the due date; 0 when due today or later. */
  overdueDays: number;
}

export function overdueDays(due: IsoDay, today: IsoDay): number {
  return Math.max(0, daysBetween(due, today));
}

export function inWindow(due: IsoDay, today: IsoDay, window: FollowUpWindow): boolean {
  switch (window) {
    case 'today':
      return due <= today;
    case 'overdue':
      return due < today;
    case 'week':
      return due >= today && due <= shiftDay(today, 7);
    case 'all':
      return true;
  }
}

/**
 * Open follow-ups in a window, oldest due date first (then by id). `meld followups today`
 * and the agenda re-rank the `today` window by urgency (see agenda.ts).
 */
export function dueFollowUps(
  db: Pick<Db, 'followUps' | 'prospects'>,
  today: IsoDay,
  window: FollowUpWindow = 'today',
): DueFollowUp[] {
  const prospects = prospectIndex(db);
  const items: DueFollowUp[] = [];
  for (const followUp of db.followUps) {
    if (followUp.status !== 'open' || !inWindow(followUp.due, today, window)) continue;
    const prospect = prospects.get(followUp.prospectId);
    if (!prospect) continue;
    items.push({ followUp, prospect, overdueDays: overdueDays(followUp.due, today) });
  }
  return items.sort((a, b) => a.followUp.due.localeCompare(b.followUp.due) || a.followUp.id - b.followUp.id);
}

/** A follow-up by its id ("7" or "#7"). */
export function findFollowUp(db: Pick<Db, 'followUps'>, ref: string): FollowUp {
  const text = ref.trim().replace(/^(#|f)/i, ''); // f20 is how the agenda labels follow-up 20
  const hit = /^\d+$/.test(text) ? db.followUps.find((f) => f.id === Number(text)) : undefined;
  if (hit) return hit;
  throw new MeldError(`no follow-up #${text.replace(/[^\w-]/g, '')}`, {
    hint: 'follow-ups are named by their number; run `meld followups all` to see them',
  });
}

/** The open follow-ups of a prospect, soonest first. */
export function openFollowUpsOf(db: Pick<Db, 'followUps'>, prospectId: number): FollowUp[] {
  return db.followUps
    .filter((f) => f.prospectId === prospectId && f.status === 'open')
    .sort((a, b) => a.due.localeCompare(b.due) || a.id - b.id);
}

function requireOpen(followUp: FollowUp): void {
  if (followUp.status !== 'open') {
    throw new MeldError(`follow-up #${followUp.id} is already done (${followUp.doneAt?.slice(0, 10) ?? 'earlier'})`);
  }
}

/** Marks a follow-up done, keeping what came of it. */
export function completeFollowUp(followUp: FollowUp, outcome: string | null, now: Date): void {
  requireOpen(followUp);
  followUp.status = 'done';
  followUp.doneAt = now.toISOString();
  followUp.outcome = outcome?.trim() || null;
}

/** Moves an open follow-up to a later day (today counts: "not now, later today"). */
export function snoozeFollowUp(followUp: FollowUp, due: IsoDay, today: IsoDay): IsoDay {
  requireOpen(followUp);
  if (due < today) throw new MeldError(`cannot snooze to ${due}: that is in the past (today is ${today})`);
  if (due === followUp.due) throw new MeldError(`follow-up #${followUp.id} is already due ${due}`);
  const from = followUp.due;
  followUp.due = due;
  return from;
}

/** Closes a prospect's open follow-ups due today or earlier: the touch just logged did them. */
export function closeDueFollowUps(
  db: Pick<Db, 'followUps'>,
  prospectId: number,
  today: IsoDay,
  outcome: string | null,
  now: Date,
): FollowUp[] {
  const due = openFollowUpsOf(db, prospectId).filter((f) => f.due <= today);
  for (const f of due) completeFollowUp(f, outcome, now);
  return due;
}
