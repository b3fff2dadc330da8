// The campaigns an import credits people to: found on file by id or name, else planned (made by
// the import, with no cost yet); a whole data file's campaigns come with all their settings. A
// step of the import planner (./plan.ts). Pure: `db` is only read.
import { campaignRecord } from '../campaigns.js';
import { toDay } from '../dates.js';
import { findCampaign } from '../lookup.js';
import { slugify } from '../text.js';
import type { Campaign, Db, IsoDay } from '../types.js';
import type { ImportPlan } from './import-plan.js';
import type { CampaignRef } from './rows.js';

/** A campaign a row names that the file has not: made by the import, with no cost yet. */
export function importedCampaign(id: string, name: string, now: Date, fileName: string): Campaign {
  return campaignRecord({ id, name, start: toDay(now), note: `created by the import of ${fileName}` }, now);
}

export class ImportCampaigns {
  // Campaign ids taken, and what each reference a row gave was resolved to (ids the import
  // creates included).
  private readonly ids: Set<string>;
  private readonly cache = new Map<string, string>();
  /** Campaigns a data file brings whole: their start is theirs. */
  private readonly whole = new Set<Campaign>();

  constructor(
    private readonly db: Pick<Db, 'campaigns'>,
    private readonly plan: ImportPlan,
    private readonly made: { now: Date; fileName: string },
  ) {
    this.ids = new Set(db.campaigns.map((c) => c.id));
  }

  /** The id of the campaign a row names: one on file or planned, else one planned now. */
  resolve(ref: CampaignRef): string {
    const cacheKey = `${ref.id ?? ''}\u0000${(ref.name ?? '').toLowerCase()}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const all = [...this.db.campaigns, ...this.plan.campaigns];
    const found =
      (ref.id ? all.find((c) => c.id === ref.id) : undefined) ??
      (ref.name ? all.find((c) => c.name.toLowerCase() === ref.name!.toLowerCase()) : undefined) ??
      (!ref.id && ref.name ? findCampaign(all, ref.name) : undefined);
    let id: string;
    if (found) id = found.id;
    else {
      const name = ref.name ?? ref.id!;
      const wanted =
        ref.id && /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u.test(ref.id) ? ref.id : slugify(name) || 'campaign';
      id = wanted;
      for (let n = 2; this.ids.has(id); n++) id = `${wanted}-${n}`;
      this.ids.add(id);
      this.plan.campaigns.push(importedCampaign(id, name, this.made.now, this.made.fileName));
    }
    this.cache.set(cacheKey, id);
    return id;
  }

  /** A data file's campaigns come whole (channel, cost, dates, goal, status, adjustments) when
   * the file being imported into has none of that id or name. */
  takeWhole(sc: Campaign): void {
    const before = this.plan.campaigns.length;
    this.resolve({ id: sc.id, name: sc.name });
    if (this.plan.campaigns.length === before) return;
    const created = this.plan.campaigns[this.plan.campaigns.length - 1]!;
    Object.assign(created, {
      channel: sc.channel,
      spend: structuredClone(sc.spend),
      rates: structuredClone(sc.rates),
      pauses: structuredClone(sc.pauses),
      budgetCents: sc.budgetCents,
      start: sc.start,
      end: sc.end,
      goal: sc.goal,
      note: sc.note,
      createdAt: sc.createdAt,
      adjustments: structuredClone(sc.adjustments),
      updatedAt: sc.updatedAt,
    });
    this.whole.add(created);
  }

  /** A campaign the import creates starts on the day its earliest prospect was added (or first
   * seen), not today: else a report of a year-old list shows a few hours' period at an absurd rate. */
  startAtTheirProspects(onFile: Db['prospects']): void {
    const { plan } = this;
    if (plan.campaigns.length === 0) return;
    // Compared as days (in the business time zone), not instants: a date column's day taken as
    // UTC midnight became the day before west of UTC.
    const earliest = new Map<string, IsoDay>();
    const consider = (campaign: string | null | undefined, day: IsoDay) => {
      if (!campaign) return;
      const current = earliest.get(campaign);
      if (current === undefined || day < current) earliest.set(campaign, day);
    };
    // The day a source first saw someone is when they came to the campaign, if the file says so.
    for (const p of plan.additions) consider(p.campaign, p.firstSeen ?? toDay(new Date(p.createdAt)));
    if (plan.updates.size > 0)
      for (const p of onFile) consider(plan.updates.get(p.id)?.campaign, toDay(new Date(p.createdAt)));
    for (const campaign of plan.campaigns) {
      if (this.whole.has(campaign)) continue;
      const day = earliest.get(campaign.id);
      if (day !== undefined && day < campaign.start) campaign.start = day;
    }
  }
}
