import { rankedDue } from './agenda.js';
import { dueFollowUps, type FollowUpWindow } from './followups.js';
import type { Db, FollowUp, IsoDay, Prospect } from './types.js';

/**
 * A due follow-up as the follow-up table shows it: the fields the renderer reads, and the type it
 * takes, so what it prints is plainly a function of these.
 */
export interface DueRow {
  followUp: Pick<FollowUp, 'id' | 'due' | 'note' | 'every'>;
  prospect: Pick<Prospect, 'id' | 'name' | 'company' | 'campaign'>;
}

/** What `meld followups <window>` shows: the rows, and when there are none the next one due. */
export interface DueList {
  rows: DueRow[];
  /** The soonest open follow-up of all, when the window has none (null: no open follow-up at all). */
  next: DueRow | null;
}

/** The follow-ups of a window as `meld followups` lists them: `today` ranked like the agenda. */
export function dueItems(db: Pick<Db, 'followUps' | 'prospects' | 'deals'>, window: FollowUpWindow, today: IsoDay) {
  return window === 'today' ? rankedDue(db, today) : dueFollowUps(db, today, window);
}

export function dueList(
  db: Pick<Db, 'followUps' | 'prospects' | 'deals'>,
  window: FollowUpWindow,
  today: IsoDay,
): DueList {
  const rows = dueItems(db, window, today);
  return { rows, next: rows.length === 0 ? (dueFollowUps(db, today, 'all')[0] ?? null) : null };
}
