// Writing a mailbox import's plan into the data (inside the store's write, under the lock):
// the plan was made from the file as it was read before the mailbox; anyone removed since is
// left out, and a touch logged meanwhile (another import) is not logged twice.
import { addActivity, addProspect } from '../prospects.js';
import type { Activity, Db, Prospect } from '../types.js';
import { addressKey } from './addresses.js';
import { type MailPlan, type MailTouch, mailKey } from './plan.js';

/** The mailKey()s of the mail activities on file. */
export function existingMailKeys(activities: readonly Activity[]): Set<string> {
  const keys = new Set<string>();
  for (const a of activities) {
    if (!a.mail) continue;
    keys.add(
      mailKey({
        prospectId: a.prospectId,
        messageId: a.mail.messageId,
        at: a.at,
        direction: a.mail.direction,
        subject: a.mail.subject,
      }),
    );
  }
  return keys;
}

/** The text an email activity shows: its subject. */
export function mailText(subject: string | null): string {
  const text = (subject ?? '').replace(/\s+/g, ' ').trim();
  return text === '' ? '(no subject)' : text;
}

export interface MailApplied {
  /** Activities logged. */
  activities: number;
  /** People added by --add-people, with how many emails each got. */
  added: Array<{ prospect: Prospect; activities: number }>;
  /** Touches not logged: already on file, or their person was removed meanwhile. */
  dropped: number;
}

export function applyMailPlan(db: Db, plan: MailPlan, now: Date, batch: string): MailApplied {
  const keys = existingMailKeys(db.activities);
  const byId = new Map(db.prospects.map((p) => [p.id, p]));
  const applied: MailApplied = { activities: 0, added: [], dropped: 0 };
  const log = (prospect: Prospect, t: MailTouch): boolean => {
    const key = mailKey(t);
    if (keys.has(key)) return false;
    keys.add(key);
    const activity = addActivity(db, prospect, 'email', mailText(t.subject), new Date(t.at));
    activity.mail = { direction: t.direction, messageId: t.messageId, subject: t.subject, body: t.body };
    applied.activities++;
    return true;
  };
  for (const t of plan.touches) {
    const prospect = byId.get(t.prospectId);
    if (!prospect || !log(prospect, t)) applied.dropped++;
  }
  if (plan.people.length > 0) {
    const byAddress = new Map<string, Prospect>();
    for (const p of db.prospects) for (const e of [p.email, ...p.otherEmails]) if (e) byAddress.set(addressKey(e), p);
    for (const person of plan.people) {
      let prospect = byAddress.get(addressKey(person.address));
      const isNew = !prospect;
      if (!prospect) {
        prospect = addProspect(
          db,
          { name: person.name, email: person.address, batch, fields: { source: 'email' } },
          now,
        );
        prospect.firstSeen = person.firstSeen;
        byAddress.set(addressKey(person.address), prospect);
      }
      let logged = 0;
      for (const t of person.touches) {
        if (log(prospect, { ...t, prospectId: prospect.id })) logged++;
        else applied.dropped++;
      }
      if (isNew) applied.added.push({ prospect, activities: logged });
    }
  }
  return applied;
}
