import { centsToMajor } from '../money.js';
import type { ReportRow } from '../report.js';
import { campaignState, rateOn, spentToDate } from '../spend.js';
import type { Adjustment, Campaign, IsoDay, Prospect } from '../types.js';
import { adjustmentJson } from './adjustment.js';
import { prospectJson } from './prospect.js';
import type { Ref, Refs } from './refs.js';
import { reportRowJson } from './report.js';

// docs/json.md, Campaign, and what `campaign list|show|adjust|remove` answer.

/** A campaign as of `today`: `cost` is what it spent up to today, `status` follows its days
 * (scheduled, active, paused, ended), `rate` is the one in force today; `spend`, `rates` and
 * `pauses` are the dated money as stored (amounts in major units). */
export function campaignJson(c: Campaign, today: IsoDay) {
  const rate = rateOn(c, today);
  return {
    id: c.id,
    name: c.name,
    channel: c.channel,
    cost: centsToMajor(spentToDate(c, today)),
    budget: centsToMajor(c.budgetCents),
    rate: rate ? { amount: centsToMajor(rate.cents), per: rate.per } : null,
    start: c.start,
    end: c.end,
    goal: c.goal,
    status: campaignState(c, today),
    spend: c.spend.map((s) => ({ day: s.day, amount: centsToMajor(s.cents), note: s.note, at: s.at })),
    rates: c.rates.map((r) => ({ from: r.from, amount: centsToMajor(r.cents), per: r.per, at: r.at })),
    pauses: c.pauses,
    note: c.note,
    createdAt: c.createdAt,
    adjustments: c.adjustments.map(adjustmentJson),
  };
}

/** An item of `campaign list --json`: the campaign and how many prospects it brought in. */
export function campaignListItemJson(c: Campaign, prospects: number, today: IsoDay) {
  return { ...campaignJson(c, today), prospects };
}

/** `campaign show --json`: the campaign, its report row and the prospects it brought in. */
export function campaignShowJson(
  c: Campaign,
  row: ReportRow,
  prospects: readonly Prospect[],
  refs: Refs,
  today: IsoDay,
) {
  return {
    campaign: campaignListItemJson(c, prospects.length, today),
    report: reportRowJson(row),
    prospects: prospects.map((p) => prospectJson(p, refs)),
  };
}

/** `campaign adjust --json`: the campaign after the change and the adjustment recorded. */
export function campaignAdjustedJson(c: Campaign, adjustment: Adjustment, today: IsoDay) {
  return { campaign: campaignJson(c, today), adjustment: adjustmentJson(adjustment) };
}

/** `campaign remove --json`: what was removed, where its prospects went, and how many moved. */
export function campaignRemovedJson(removed: {
  id: string;
  name: string;
  movedTo: Ref<string> | null;
  prospects: number;
  activities: number;
}) {
  return {
    removed: { id: removed.id, name: removed.name },
    movedTo: removed.movedTo,
    prospects: removed.prospects,
    activities: removed.activities,
  };
}
