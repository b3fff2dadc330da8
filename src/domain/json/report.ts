import { centsToMajor } from '../money.js';
import type { Period } from '../periods.js';
import type { Influence, PeriodReport, ReportRow } from '../report.js';
import { adjustmentJson } from './adjustment.js';

// The `--json` shapes of the campaign reports: issue 2's row plus the deeper fields, money in
// major units, ratios as fractions (0.25 = 25%), null where a divisor is zero.

export function periodJson(p: Period) {
  return {
    from: p.from,
    to: p.to,
    days: p.days,
    prospects: p.prospects,
    perWeek: p.perWeek,
    outside: p.outside,
    cost: centsToMajor(p.costCents),
    costPerProspect: centsToMajor(p.costPerProspectCents),
    qualified: p.qualified,
    won: p.won,
    expectedValue: centsToMajor(p.expectedValueCents),
    expectedPerProspect: centsToMajor(p.expectedPerProspectCents),
    adjustment: p.adjustment ? adjustmentJson(p.adjustment) : null,
    verdict: p.verdict,
    pValue: p.pValue,
    compare: p.compare
      ? {
          before: p.compare.before,
          after: p.compare.after,
          costPerProspectBefore: centsToMajor(p.compare.costPerProspectBeforeCents),
          costPerProspectAfter: centsToMajor(p.compare.costPerProspectAfterCents),
        }
      : null,
  };
}

function influenceJson(i: Influence) {
  return { prospects: i.prospects, won: i.won, wonValue: centsToMajor(i.wonValueCents) };
}

export function reportRowJson(row: ReportRow) {
  return {
    campaign: row.campaign,
    prospects: row.prospects,
    stages: row.stages,
    conversionRate: row.conversionRate,
    cost: centsToMajor(row.costCents),
    budget: centsToMajor(row.budgetCents),
    planned: centsToMajor(row.plannedCents),
    rate: row.rate ? { amount: centsToMajor(row.rate.cents), per: row.rate.per } : null,
    status: row.status,
    verdict: row.verdict,
    pValue: row.pValue,
    influenced: influenceJson(row.influenced),
    referrals: influenceJson(row.referrals),
    costPerProspect: centsToMajor(row.costPerProspectCents),
    costPerWin: centsToMajor(row.costPerWinCents),
    wonValue: centsToMajor(row.wonValueCents),
    pipelineValue: centsToMajor(row.pipelineValueCents),
    roi: row.roi,
    overdueFollowUps: row.overdueFollowUps,
    funnel: row.funnel,
    funnelRates: row.funnelRates,
    periods: row.periods.map(periodJson),
    lostReasons: row.lostReasons,
    topics: row.topics,
    customers: {
      count: row.customers.count,
      repeat: row.customers.repeat,
      repeatRate: row.customers.repeatRate,
      lifetimeValue: centsToMajor(row.customers.lifetimeValueCents),
      ltvToCost: row.customers.ltvToCost,
    },
    medianDaysToFirstTouch: row.medianDaysToFirstTouch,
    medianDaysToWin: row.medianDaysToWin,
    weekly: row.weekly,
    forecast: {
      expectedValue: centsToMajor(row.forecast.expectedValueCents),
      low: centsToMajor(row.forecast.lowCents),
      high: centsToMajor(row.forecast.highCents),
      openDeals: row.forecast.openDeals,
      undatedDeals: row.forecast.undatedDeals,
      noValueDeals: row.forecast.noValueDeals,
      expectedRoi: row.forecast.expectedRoi,
    },
  };
}

export function periodReportJson(p: PeriodReport) {
  return { from: p.from, to: p.to, label: p.label, rows: p.rows.map(reportRowJson) };
}
