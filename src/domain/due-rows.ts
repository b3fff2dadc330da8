import { rankedDue } from './agenda.js';
import { dueFollowUps, type DueFollowUp, type FollowUpWindow } from './followups.js';
import type { Db, FollowUp, IsoDay, Prospect } from './types.js';

/**
 * A due follow-up as the follow-up table shows it, and no more: what `meld followups` keeps
 * between runs (Store.answer) holds only these fields, so the table can read no other (the
 * renderer takes this type).
 */
export interface DueRow {
  followUp: Pick<FollowUp, 'id' | 'due' | 'note' | 'every'>;
  prospect: Pick<Prospect, 'id' | 'name' | 'company' | 'campaign'>;
}

export const dueRow = ({ followUp: f, prospect: p }: Pick<DueFollowUp, 'followUp' | 'prospect'>): DueRow => ({
  followUp: { id: f.id, due: f.due, note: f.note, every: f.every },
  prospect: { id: p.id, name: p.name, company: p.company, campaign: p.campaign },
});

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
  const rows = dueItems(db, window, today).map(dueRow);
  const soonest = rows.length === 0 ? dueFollowUps(db, today, 'all')[0] : undefined;
  return { rows, next: soonest ? dueRow(soonest) : null };
}
