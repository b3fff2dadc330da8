import type { DealWatch, TodayAgenda } from '../agenda.js';
import { fractionValue } from '../forecast/rates.js';
import { centsToMajor } from '../money.js';
import { round } from '../ratio.js';
import { rankedFollowUpJson } from './followup.js';
import type { Refs } from './refs.js';

// docs/json.md, Other answers: `today`.

/** `meld today --json`. A deal's `reason` is the agenda's words for it (ui/agenda.ts dealReasons). */
export function agendaJson(agenda: TodayAgenda, refs: Refs, reasonOf: (w: DealWatch) => string) {
  return {
    today: agenda.today,
    due: agenda.due.map((item) => ({
      ...rankedFollowUpJson(item, refs),
      replied: agenda.replies.get(item.followUp.id) ?? null,
    })),
    customers: agenda.customers.map(({ customer: c, urgency }) => ({
      id: c.prospect.id,
      name: c.prospect.name,
      lifetimeValue: centsToMajor(c.lifetimeValueCents),
      lastTouch: c.lastTouch,
      checkIn: c.overdueCheckIn
        ? {
            id: c.overdueCheckIn.id,
            due: c.overdueCheckIn.due,
            note: c.overdueCheckIn.note,
            every: c.overdueCheckIn.every,
          }
        : null,
      risk: c.risk,
      urgency: urgency.score,
    })),
    deals: agenda.deals.map((w) => dealWatchJson(w, reasonOf(w))),
    noNextStep: agenda.noNextStep.map((p) => ({ id: p.id, name: p.name, stage: p.stage })),
    stale: agenda.stale.map((s) => ({
      id: s.prospect.id,
      name: s.prospect.name,
      lastActivity: s.lastActivity,
      idleDays: s.idleDays,
    })),
    campaigns: agenda.campaigns.map((m) => ({
      id: m.campaign.id,
      name: m.campaign.name,
      adjustedAt: m.adjustedAt,
      before: m.before,
      after: m.after,
      change: m.change,
      status: m.status,
      verdict: m.verdict,
      pValue: m.pValue,
      cost: centsToMajor(m.costCents),
    })),
  };
}

/** One item of `meld today --json`'s `deals`. */
export function dealWatchJson(w: DealWatch, reason: string) {
  const { deal } = w.open;
  return {
    deal: { id: deal.id, title: deal.title },
    prospect: w.prospect,
    stage: w.stage,
    value: centsToMajor(deal.valueCents),
    probability: round(fractionValue(w.open.rate) * 100, 1),
    closeDay: w.open.closeDay,
    late: w.late,
    pushed: w.pushed,
    reason,
    urgency: w.urgency.score,
  };
}
