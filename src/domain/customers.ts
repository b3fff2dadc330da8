import { compareIso, daysBetween, shiftDay, toDay } from './dates.js';
import { customerSince, dealsByProspect, lifetimeValueCents, viewOf, type ProspectView } from './deals.js';
import { followUpRef } from './refs.js';
import type { Db, FollowUp, IsoDay } from './types.js';

// Customers (#16): the people with a won deal, and whether they are being looked after. A
// customer is at risk when a recurring check-in of theirs is overdue, or when nobody touched
// them for `config customer-days` days (90 by default).

export interface Customer {
  prospect: ProspectView;
  /** The sum of their won deals, in cents. */
  lifetimeValueCents: number;
  wonDeals: number;
  /** The day of their first win. */
  customerSince: IsoDay;
  /** The day they were last touched (see agenda.ts lastActivityIndex). */
  lastTouch: IsoDay;
  /** Whole days since lastTouch. */
  idleDays: number;
  /** Their soonest open follow-up, or null: nothing will remind you of them. */
  nextStep: FollowUp | null;
  /** Their most overdue recurring check-in (an open follow-up with an interval, due before today). */
  overdueCheckIn: FollowUp | null;
  /** The day they are (or were) at risk from: the overdue check-in's due day, else the day the
   * quiet spell reached customer-days; null when not at risk. */
  atRiskSince: IsoDay | null;
  /** Why they are at risk, in words ("check-in f4 12 days overdue", "no touch for 120 days"). */
  risk: string | null;
}

/**
 * Every customer, the biggest lifetime value first (then the earliest customer, then id).
 * `last` is each person's last touch (an instant), as agenda.ts `lastActivityIndex` builds it.
 */
export function customers(
  db: Pick<Db, 'prospects' | 'deals' | 'followUps'>,
  today: IsoDay,
  customerDays: number,
  last: ReadonlyMap<number, string>,
): Customer[] {
  const deals = dealsByProspect(db.deals);
  const open = new Map<number, FollowUp[]>();
  for (const f of db.followUps) {
    if (f.status !== 'open') continue;
    const list = open.get(f.prospectId);
    if (list) list.push(f);
    else open.set(f.prospectId, [f]);
  }
  const rows: Customer[] = [];
  for (const p of db.prospects) {
    const theirs = deals.get(p.id) ?? [];
    const since = customerSince(theirs);
    if (since === null) continue;
    const planned = (open.get(p.id) ?? []).sort((a, b) => compareIso(a.due, b.due) || a.id - b.id);
    const nextStep = planned[0] ?? null;
    const overdueCheckIn = planned.find((f) => f.every !== null && f.due < today) ?? null;
    const lastTouch = toDay(new Date(last.get(p.id) ?? p.createdAt));
    const idleDays = Math.max(0, daysBetween(lastTouch, today));
    let atRiskSince: IsoDay | null = null;
    let risk: string | null = null;
    if (overdueCheckIn) {
      atRiskSince = overdueCheckIn.due;
      risk = `check-in ${followUpRef(overdueCheckIn.id)} ${daysBetween(overdueCheckIn.due, today)} days overdue`;
    } else if (idleDays >= customerDays) {
      atRiskSince = shiftDay(lastTouch, customerDays);
      risk = `no touch for ${idleDays} days`;
    }
    rows.push({
      prospect: viewOf(p, theirs),
      lifetimeValueCents: lifetimeValueCents(theirs),
      wonDeals: theirs.filter((d) => d.stage === 'won').length,
      customerSince: since,
      lastTouch,
      idleDays,
      nextStep,
      overdueCheckIn,
      atRiskSince,
      risk,
    });
  }
  return rows.sort(
    (a, b) =>
      b.lifetimeValueCents - a.lifetimeValueCents ||
      compareIso(a.customerSince, b.customerSince) ||
      a.prospect.id - b.prospect.id,
  );
}
