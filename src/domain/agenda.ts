import { prospectsByCampaign } from './lookup.js';
import { daysBetween, toDay } from './dates.js';
import { adjustmentPeriods, type Period } from './periods.js';
import { round } from './ratio.js';
import { campaignState, spentToDate, type CampaignState } from './spend.js';
import { MIN_DAYS, type Verdict } from './verdict.js';
import { dueFollowUps, type DueFollowUp } from './followups.js';
import { dealsByProspect, viewOf, viewProspects, type ProspectView } from './deals.js';
import { isOpenStage, type Campaign, type Db, type IsoDay, type Stage } from './types.js';

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
export function urgency(item: { due: IsoDay; stage: Stage | null; valueCents: number | null }, today: IsoDay): Urgency {
  const days = Math.max(0, daysBetween(item.due, today));
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

/** Follow-ups due today or earlier, most urgent first (ties: older due date, then lower id). */
export function rankedDue(db: Pick<Db, 'followUps' | 'prospects' | 'deals'>, today: IsoDay): RankedFollowUp[] {
  const deals = dealsByProspect(db.deals);
  return dueFollowUps(db, today, 'today')
    .map((item) => {
      const prospect = viewOf(item.prospect, deals.get(item.prospect.id) ?? []);
      return {
        ...item,
        prospect,
        urgency: urgency({ due: item.followUp.due, stage: prospect.stage, valueCents: prospect.valueCents }, today),
      };
    })
    .sort(
      (a, b) =>
        b.urgency.score - a.urgency.score ||
        a.followUp.due.localeCompare(b.followUp.due) ||
        a.followUp.id - b.followUp.id,
    );
}

/**
 * Open prospects (not won or lost) with no open follow-up: nothing will remind you of them.
 * Furthest along the pipeline first, then the biggest deal, then the oldest id.
 */
export function noNextStep(db: Pick<Db, 'followUps' | 'prospects' | 'deals'>): ProspectView[] {
  const planned = new Set(db.followUps.filter((f) => f.status === 'open').map((f) => f.prospectId));
  const weight = (p: ProspectView) => (p.stage === null ? 0 : STAGE_WEIGHT[p.stage]);
  return viewProspects(db)
    .filter((p) => isOpenStage(p.stage) && !planned.has(p.id))
    .sort((a, b) => weight(b) - weight(a) || (b.valueCents ?? 0) - (a.valueCents ?? 0) || a.id - b.id);
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
    if (seen === undefined || at > seen) last.set(id, at);
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
): StaleProspect[] {
  const last = lastActivityIndex(db);
  const stale: StaleProspect[] = [];
  for (const prospect of viewProspects(db)) {
    if (!isOpenStage(prospect.stage)) continue;
    const lastActivity = toDay(new Date(last.get(prospect.id) ?? prospect.createdAt));
    const idleDays = daysBetween(lastActivity, today);
    if (idleDays >= staleDays) stale.push({ prospect, lastActivity, idleDays });
  }
  return stale.sort((a, b) => b.idleDays - a.idleDays || a.prospect.id - b.prospect.id);
}

export interface PeriodPace {
  from: IsoDay;
  to: IsoDay;
  days: number;
  prospects: number;
  /** Prospects per 7 days; null when the period is shorter than three days. */
  perWeek: number | null;
}

export interface CampaignMovement {
  campaign: Campaign;
  /** Its status today (only active and paused campaigns are on the agenda). */
  status: CampaignState;
  /** Spent up to today. */
  costCents: number;
  /** The last adjustment's verdict, like with like (see periods.ts); null when never adjusted. */
  verdict: Verdict | null;
  pValue: number | null;
  /** When the last adjustment was made; null when the campaign was never adjusted. */
  adjustedAt: string | null;
  adjustmentNote: string | null;
  /** From the start (or the adjustment before) to the last adjustment; null when never adjusted. */
  before: PeriodPace | null;
  /** Since the last adjustment (or since the start when never adjusted). */
  after: PeriodPace;
  /** after.perWeek ÷ before.perWeek − 1; null when either is unknown or before is 0. */
  change: number | null;
}

const DAY_MS = 86_400_000;

/** Prospects per 7 days, exact; null when the period is shorter than three days (too early
 * for a pace, as in the report). */
function exactPerWeek(period: Period): number | null {
  const days = period.ms / DAY_MS;
  return days >= MIN_DAYS ? (period.prospects / days) * 7 : null;
}

function pace(period: Period): PeriodPace {
  const perWeek = exactPerWeek(period);
  return {
    from: period.from,
    to: period.to,
    days: round(period.ms / DAY_MS, 1),
    prospects: period.prospects,
    perWeek: perWeek === null ? null : round(perWeek, 1),
  };
}

/**
 * For each active campaign, prospects per week before and since its last adjustment: the last
 * two of its report periods (`adjustmentPeriods`, split at the adjustment's exact time), so the
 * agenda and the report can never disagree. A campaign never adjusted gets its pace since it
 * started. The change is computed from the exact paces, not the rounded ones shown.
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
      const last = periods.at(-1)!;
      const previous = periods.length > 1 ? periods.at(-2)! : null;
      const after = pace(last);
      const common = { campaign, status, costCents: spentToDate(campaign, today) };
      if (!previous || !last.adjustment) {
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
      const [was, is] = [exactPerWeek(previous), exactPerWeek(last)];
      const change = was !== null && is !== null && was > 0 ? round(is / was - 1, 2) : null;
      return {
        ...common,
        verdict: last.verdict,
        pValue: last.pValue,
        adjustedAt: last.adjustment.at,
        adjustmentNote: last.adjustment.note,
        before: pace(previous),
        after,
        change,
      };
    });
}

export interface TodayAgenda {
  today: IsoDay;
  due: RankedFollowUp[];
  noNextStep: ProspectView[];
  stale: StaleProspect[];
  campaigns: CampaignMovement[];
  staleDays: number;
  /** Nothing on file at all: the agenda shows a way in instead. */
  empty: boolean;
  hasProspects: boolean;
}

export function todayAgenda(db: Db, today: IsoDay, now: Date): TodayAgenda {
  return {
    today,
    due: rankedDue(db, today),
    noNextStep: noNextStep(db),
    stale: staleProspects(db, today, db.config.staleDays),
    campaigns: campaignMovement(db, now),
    staleDays: db.config.staleDays,
    empty: db.prospects.length === 0 && db.campaigns.length === 0,
    hasProspects: db.prospects.length > 0,
  };
}
