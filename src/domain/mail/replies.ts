// "They replied": the agenda says so beside a follow-up due today when the person's last mail
// (imported from the mailbox) came after the follow-up was planned. Pure.
import { isLater } from '../instants.js';
import type { Activity, FollowUp } from '../types.js';

export interface Reply {
  /** The email activity: its ref, when and what. */
  activityId: number;
  at: string;
  subject: string | null;
}

/** The last mail received from each person, by prospect id. */
export function lastReceived(activities: readonly Activity[]): Map<number, Activity> {
  const last = new Map<number, Activity>();
  for (const a of activities) {
    if (a.mail?.direction !== 'received') continue;
    const seen = last.get(a.prospectId);
    if (!seen || isLater(a.at, seen.at)) last.set(a.prospectId, a);
  }
  return last;
}

/** The person's reply since the follow-up was planned, or null. */
export function replySince(
  last: ReadonlyMap<number, Activity>,
  followUp: Pick<FollowUp, 'prospectId' | 'createdAt'>,
): Reply | null {
  const a = last.get(followUp.prospectId);
  // As times: the mail is in UTC, the follow-up may carry an offset (a hand edit, an import).
  if (!a || !isLater(a.at, followUp.createdAt)) return null;
  return { activityId: a.id, at: a.at, subject: a.mail?.subject ?? null };
}

/** For each open follow-up due by `today`, the reply its person sent since it was planned. */
export function dueReplies(
  db: { activities: readonly Activity[]; followUps: readonly FollowUp[] },
  today: string,
): Map<number, Reply> {
  const last = lastReceived(db.activities);
  const replies = new Map<number, Reply>();
  if (last.size === 0) return replies;
  for (const f of db.followUps) {
    if (f.status !== 'open' || f.due > today) continue;
    const reply = replySince(last, f);
    if (reply) replies.set(f.id, reply);
  }
  return replies;
}
