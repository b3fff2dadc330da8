import { prospectIndex, prospectsByCampaign } from './lookup.js';
import { compareIso, dayNumber, daysBetween, toDay } from './dates.js';
import { adjustmentPeriods, perWeekOver, type Side } from './periods.js';
import { exactRound } from './ratio.js';
import { isLater } from './instants.js';
import { campaignState, spentToDate, type CampaignState } from './spend.js';
import type { Verdict } from './verdict.js';
import { inWindow, type DueFollowUp } from './followups.js';
import { dealsByProspect, viewOf, viewProspects, type ProspectView } from './deals.js';
import { dueReplies, type Reply } from './mail/replies.js';
import { customers, type Customer } from './customers.js';
import { openDealsAt, type OpenDeal } from './forecast/forecast.js';
import { learnedRates } from './forecast/rates.js';
import { medianDaysToWin } from './forecast/timing.js';
import type { OpenStage } from './forecast/history.js';
import { isOpenStage, type Campaign, type Db, type Deal, type IsoDay, type Prospect, type Stage } from './types.js';

// Today's agenda: what to do now, which leads are going cold, and whether the last change to
// each running campaign helped. Pure: `today` and `now` come from the caller.

/** Points per stage: the closer to money, the more a missed follow-up costs. */
export const STAGE_WEIGHT: Readonly<Record<Stage, number>> = {
  new: 0,
  contacted: 2,
  qualified: 4,
  proposal: 6,
  won: 0,
  lost: 0,
};

/** Overdue follow-ups get a base of 10 plus 2 per day late (days counted up to 30). */
export const OVERDUE_BASE = 10;
export const OVERDUE_PER_DAY = 2;
export const OVERDUE_DAYS_CAP = 30;
/** Deal value: 1 point per power of ten above 100 in major units ($1,000 → 1, $10,000 → 2), at most 4. */
export const VALUE_POINTS_CAP = 4;

export interface Urgency {
  score: number;
  overdue: { days: number; points: number };
  /** The person's stage (deals.ts standingOf); null for a person with no deals. */
  stage: { stage: Stage | null; points: number };
  value: { cents: number | null; points: number };
}

/**
 * The urgency of a follow-up: overdue points + stage weight + value points. The largest score
 * a follow-up due today can get (6 + 4) is below the smallest overdue one (10 + 2), so every
 * overdue follow-up ranks above every one due today; within each group a proposal outranks a
 * new lead, a big deal a small one, and a week late a day late.
 */
export function urgency(
  item: { due: IsoDay; stage: Stage | null; valueCents: number | null },
  today: IsoDay,
  /** The whole days `due` is past `today` (0 when not), when the caller has counted them. */
  days = Math.max(0, daysBetween(item.due, today)),
): Urgency {
  const overduePoints = days > 0 ? OVERDUE_BASE + OVERDUE_PER_DAY * Math.min(days, OVERDUE_DAYS_CAP) : 0;
  const stagePoints = item.stage === null ? 0 : STAGE_WEIGHT[item.stage];
  const major = (item.valueCents ?? 0) / 100;
  const valuePoints = major >= 1000 ? Math.min(VALUE_POINTS_CAP, Math.floor(Math.log10(major / 100) + 1e-9)) : 0;
  return {
    score: overduePoints + stagePoints + valuePoints,
    overdue: { days, points: overduePoints },
    stage: { stage: item.stage, points: stagePoints },
    value: { cents: item.valueCents, points: valuePoints },
  };
}

export interface RankedFollowUp extends DueFollowUp {
  prospect: ProspectView;
  urgency: Urgency;
}

/**
 * Follow-ups due today or earlier, most urgent first (ties: older due date, then lower id).
 * `views`: every prospect's view by id when the caller has them already (the agenda); else
 * each due follow-up's person is viewed here, once per person.
 */
export function rankedDue(
  db: Pick<Db, 'followUps' | 'prospects' | 'deals'>,
  today: IsoDay,
  views?: ReadonlyMap<number, ProspectView>,
): RankedFollowUp[] {
  let deals: Map<number, Deal[]> | undefined;
  let people: Map<number, Prospect> | undefined;
  const viewed = new Map<number, ProspectView>();
  const ranked: RankedFollowUp[] = [];
  const todayNumber = dayNumber(today);
  // The follow-ups of dueFollowUps' `today` window, not dueFollowUps itself: its sort by due day
  // is undone by the ranking below, whose ties end on the follow-up's id.
  for (const followUp of db.followUps) {
    if (followUp.status !== 'open' || !inWindow(followUp.due, today, 'today')) continue;
    let prospect = views?.get(followUp.prospectId) ?? viewed.get(followUp.prospectId);
    if (!prospect) {
      people ??= prospectIndex(db);
      const person = people.get(followUp.prospectId);
      if (!person) continue;
      deals ??= dealsByProspect(db.deals);
      prospect = viewOf(person, deals.get(person.id) ?? []);
      viewed.set(prospect.id, prospect);
    }
    // The days late counted once, from today's day number worked out once (followups.ts overdueDays).
    const late = Math.max(0, todayNumber - dayNumber(followUp.due));
    // Field by field, not a spread: one shape, built once per due follow-up (#19).
    ranked.push({
      followUp,
      prospect,
      overdueDays: late,
      urgency: urgency({ due: followUp.due, stage: prospect.stage, valueCents: prospect.valueCents }, today, late),
    });
  }
  return ranked.sort(
    (a, b) =>
      b.urgency.score - a.urgency.score || compareIso(a.followUp.due, b.followUp.due) || a.followUp.id - b.followUp.id,
  );
}

/**
 * Open prospects (not won or lost) with no open follow-up: nothing will remind you of them.
 * Furthest along the pipeline first, then the biggest deal, then the oldest id.
 */
export function noNextStep(
  db: Pick<Db, 'followUps' | 'prospects' | 'deals'>,
  views: readonly ProspectView[] = viewProspects(db),
): ProspectView[] {
  const planned = new Set<number>();
  for (const f of db.followUps) if (f.status === 'open') planned.add(f.prospectId);
  const weight = (p: ProspectView) => (p.stage === null ? 0 : STAGE_WEIGHT[p.stage]);
  const found: ProspectView[] = [];
  for (const p of views) if (isOpenStage(p.stage) && !planned.has(p.id)) found.push(p);
  return found.sort((a, b) => weight(b) - weight(a) || (b.valueCents ?? 0) - (a.valueCents ?? 0) || a.id - b.id);
}

/**
 * The last time each prospect was touched. What counts as activity: being added, a stage
 * change of one of their deals, a logged activity (call, email, meeting, note) and a follow-up
 * marked done. Scheduling or snoozing a follow-up does not: planning to call is not calling.
 */
export function lastActivityIndex(
  db: Pick<Db, 'prospects' | 'deals' | 'activities' | 'followUps'>,
): Map<number, string> {
  const last = new Map<number, string>();
  const touch = (id: number, at: string) => {
    const seen = last.get(id);
    // As times: a typed activity, an imported mail and a hand edit may write offsets differently.
    if (seen === undefined || isLater(at, seen)) last.set(id, at);
  };
  for (const p of db.prospects) touch(p.id, p.createdAt);
  for (const d of db.deals) for (const h of d.history) touch(d.prospectId, h.at);
  for (const a of db.activities) touch(a.prospectId, a.at);
  for (const f of db.followUps) if (f.status === 'done' && f.doneAt) touch(f.prospectId, f.doneAt);
  return last;
}

export interface StaleProspect {
  prospect: ProspectView;
  /** The local day of the last activity. */
  lastActivity: IsoDay;
  idleDays: number;
}

/** Open prospects with no activity for `staleDays` days or more, the longest idle first. */
export function staleProspects(
  db: Pick<Db, 'prospects' | 'deals' | 'activities' | 'followUps'>,
  today: IsoDay,
  staleDays: number,
  views: readonly ProspectView[] = viewProspects(db),
  last: ReadonlyMap<number, string> = lastActivityIndex(db),
): StaleProspect[] {
  const stale: StaleProspect[] = [];
  for (const prospect of views) {
    if (!isOpenStage(prospect.stage)) continue;
    const lastActivity = toDay(new Date(last.get(prospect.id) ?? prospect.createdAt));
    const idleDays = daysBetween(lastActivity, today);
    if (idleDays >= staleDays) stale.push({ prospect, lastActivity, idleDays });
  }
  return stale.sort((a, b) => b.idleDays - a.idleDays || a.prospect.id - b.prospect.id);
}

/** A pace over whole days the campaign ran: the verdict's stretches (periods.ts `Side`). */
export type PeriodPace = Side;

export interface CampaignMovement {
  campaign: Campaign;
  /** Its status today (only active and paused campaigns are on the agenda). */
  status: CampaignState;
  /** Spent up to today. */
  costCents: number;
  /** The last judged adjustment's verdict, like with like (see periods.ts); null when none. */
  verdict: Verdict | null;
  pValue: number | null;
  /** When that adjustment was made; null when the campaign has none to judge. */
  adjustedAt: string | null;
  adjustmentNote: string | null;
  /** The verdict's stretch before the adjustment; null when there is none to judge. */
  before: PeriodPace | null;
  /** The verdict's stretch since the adjustment (or every day run, when there is none). */
  after: PeriodPace;
  /** after's pace ÷ before's − 1, from the exact counts, rounded once; null when either pace
   * is unknown or before is 0. */
  change: number | null;
}

/**
 * For each active or paused campaign, the pace since its last judged adjustment against the
 * pace before: the very stretches (and figures) of that adjustment's verdict in the report,
 * so the agenda and the report can never disagree. A pause is not judged (it changes whether
 * the campaign runs, not how); a campaign with nothing to judge gets its pace over every day
 * it ran.
 */
export function campaignMovement(db: Pick<Db, 'campaigns' | 'prospects'>, now: Date): CampaignMovement[] {
  const byCampaign = prospectsByCampaign(db.prospects);
  const today = toDay(now);
  return db.campaigns
    .map((campaign) => ({ campaign, status: campaignState(campaign, today) }))
    .filter(({ status }) => status === 'active' || status === 'paused')
    .map(({ campaign, status }) => {
      const prospects = byCampaign.get(campaign.id) ?? [];
      // The agenda shows paces only: no deals needed for them.
      const periods = adjustmentPeriods(campaign, prospects, [], now);
      const judged = periods.findLast((p) => p.compare !== null && p.adjustment !== null);
      const common = { campaign, status, costCents: spentToDate(campaign, today) };
      if (!judged?.compare || !judged.adjustment) {
        const days = periods.reduce((n, p) => n + p.days, 0);
        const count = periods.reduce((n, p) => n + p.prospects, 0);
        const after: PeriodPace = {
          from: periods[0]!.from,
          to: periods.at(-1)!.to,
          days,
          prospects: count,
          perWeek: perWeekOver(count, days),
        };
        return {
          ...common,
          verdict: null,
          pValue: null,
          adjustedAt: null,
          adjustmentNote: null,
          before: null,
          after,
          change: null,
        };
      }
      const { before, after } = judged.compare;
      const change =
        before.perWeek !== null && after.perWeek !== null && before.prospects > 0
          ? exactRound(after.prospects * before.days - before.prospects * after.days, before.prospects * after.days, 2)
          : null;
      return {
        ...common,
        verdict: judged.verdict,
        pValue: judged.pValue,
        adjustedAt: judged.adjustment.at,
        adjustmentNote: judged.adjustment.note,
        before,
        after,
        change,
      };
    });
}

/** A customer the agenda asks you to look after: an overdue recurring check-in, or at risk
 * (see customers.ts) with nothing planned. Ranked with the same urgency as follow-ups: the
 * check-in's due day (or the day the quiet spell reached customer-days) counts as the due day,
 * the stage as won, the lifetime value as the deal value. */
export interface CustomerCare {
  customer: Customer;
  urgency: Urgency;
}

export function customerCare(
  db: Db,
  today: IsoDay,
  last: ReadonlyMap<number, string> = lastActivityIndex(db),
): CustomerCare[] {
  return customers(db, today, db.config.customerDays, last)
    .filter((c) => c.overdueCheckIn !== null || (c.risk !== null && c.nextStep === null))
    .map((customer) => ({
      customer,
      urgency: urgency(
        { due: customer.atRiskSince ?? today, stage: 'won', valueCents: customer.lifetimeValueCents },
        today,
      ),
    }))
    .sort(
      (a, b) =>
        b.urgency.score - a.urgency.score ||
        compareIso(a.customer.atRiskSince ?? '', b.customer.atRiskSince ?? '') ||
        a.customer.prospect.id - b.customer.prospect.id,
    );
}

/** A deal pushed this many times (its close-by day moved later) is on the agenda. */
export const PUSHES_TO_FLAG = 3;

/**
 * An open deal the agenda asks you to look at, and why: its expected close day has passed (the
 * `--close-by` day, else the day learned from your history: forecast/timing.ts), or its close-by
 * day was moved later `PUSHES_TO_FLAG` times or more. Ranked with the same urgency as follow-ups:
 * the expected close day counts as the due day (today for a deal only pushed), its stage and
 * value as they are.
 */
export interface DealWatch {
  open: OpenDeal;
  prospect: { id: number; name: string };
  stage: OpenStage;
  /** Past its expected close day: that day, where it came from, and how many days ago. */
  late: { closeDay: IsoDay; source: 'set' | 'learned'; days: number } | null;
  /** Pushed often: how many times, and the close-by days it went through, oldest first. */
  pushed: { count: number; days: IsoDay[] } | null;
  urgency: Urgency;
}

/** The close-by days a deal went through, oldest first, ending with the one set now (a day set
 * again in a row counted once). Only pushes are recorded, so a day moved earlier since the last
 * push shows as the last one: "2026-12-20 → … → 2027-01-15 → 2026-12-28". */
export function closeByTrail(deal: OpenDeal['deal']): IsoDay[] {
  const changes = [...deal.closeByChanges].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const days: IsoDay[] = [];
  const add = (day: IsoDay | null) => {
    if (day !== null && days.at(-1) !== day) days.push(day);
  };
  add(changes[0]?.from ?? null);
  for (const c of changes) add(c.to);
  add(deal.closeBy);
  return days;
}

/** Open deals past their expected close day or pushed three times or more, most urgent first
 * (ties: the earlier close day, then the lower deal id). */
export function dealsToWatch(db: Pick<Db, 'deals' | 'prospects' | 'config'>, today: IsoDay, now: Date): DealWatch[] {
  if (db.deals.length === 0) return [];
  // The forecast's own steps (forecastAt without its monthly sums, which the agenda does not show).
  const at = now.getTime();
  const rates = learnedRates(db.deals, {
    set: db.config.stageProbability,
    minClosed: db.config.forecastMinClosed,
    asOf: at,
  });
  const open = openDealsAt(
    db.deals.filter((d) => isOpenStage(d.stage)),
    at,
    rates,
    medianDaysToWin(db.deals, at),
  );
  const names = new Map<number, string>();
  for (const p of db.prospects) names.set(p.id, p.name);
  const watch: DealWatch[] = [];
  for (const o of open) {
    const lateDays = o.closeDay !== null && o.closeDay < today ? daysBetween(o.closeDay, today) : 0;
    const late =
      lateDays > 0
        ? {
            closeDay: o.closeDay!,
            source: o.closeDaySource!,
            days: lateDays,
          }
        : null;
    const pushed = o.pushes >= PUSHES_TO_FLAG ? { count: o.pushes, days: closeByTrail(o.deal) } : null;
    if (!late && !pushed) continue;
    watch.push({
      open: o,
      prospect: { id: o.deal.prospectId, name: names.get(o.deal.prospectId) ?? `#${o.deal.prospectId}` },
      stage: o.stage,
      late,
      pushed,
      urgency: urgency({ due: late ? late.closeDay : today, stage: o.stage, valueCents: o.deal.valueCents }, today),
    });
  }
  return watch.sort(
    (a, b) =>
      b.urgency.score - a.urgency.score ||
      compareIso(a.late?.closeDay ?? today, b.late?.closeDay ?? today) ||
      a.open.deal.id - b.open.deal.id,
  );
}

export interface TodayAgenda {
  today: IsoDay;
  /** Customers to look after (customerCare), most urgent first. */
  customers: CustomerCare[];
  /** Open deals past their expected close day or pushed often (dealsToWatch), most urgent first. */
  deals: DealWatch[];
  due: RankedFollowUp[];
  noNextStep: ProspectView[];
  stale: StaleProspect[];
  campaigns: CampaignMovement[];
  staleDays: number;
  /** Follow-ups due whose person wrote (mail imported) since they were planned, by follow-up id. */
  replies: Map<number, Reply>;
  /** Nothing on file at all: the agenda shows a way in instead. */
  empty: boolean;
  hasProspects: boolean;
}

export function todayAgenda(db: Db, today: IsoDay, now: Date): TodayAgenda {
  // Built once and shared: several sections read every prospect's view and last touch (#19).
  const views = viewProspects(db);
  const byId = new Map<number, ProspectView>();
  for (const v of views) byId.set(v.id, v);
  const last = lastActivityIndex(db);
  return {
    today,
    due: rankedDue(db, today, byId),
    customers: customerCare(db, today, last),
    deals: dealsToWatch(db, today, now),
    noNextStep: noNextStep(db, views),
    stale: staleProspects(db, today, db.config.staleDays, views, last),
    campaigns: campaignMovement(db, now),
    staleDays: db.config.staleDays,
    replies: dueReplies(db, today),
    empty: db.prospects.length === 0 && db.campaigns.length === 0,
    hasProspects: db.prospects.length > 0,
  };
}
