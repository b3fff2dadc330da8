import { MeldError, UsageError } from '../errors.js';
import { hasVisible } from './names.js';
import { slugify } from './text.js';
import { shiftDay, toDay } from './dates.js';
import { belowZero, campaignState, isPausedOn, rateOn, rateText, spentToDate } from './spend.js';
import type { Adjustment, Campaign, CampaignStatus, Channel, Db, FieldChange, IsoDay, RateUnit } from './types.js';

/** Words that mean "no campaign" where a campaign is expected (`--campaign none`). */
export const RESERVED_CAMPAIGN_NAMES = ['none', '-'];

/** `--campaign none` (or `-`) means "no campaign" wherever a campaign is expected. */
export function meansNoCampaign(ref: string): boolean {
  return RESERVED_CAMPAIGN_NAMES.includes(ref.trim().toLowerCase());
}

export interface NewRate {
  cents: number;
  per: RateUnit;
}

export interface NewCampaign {
  name: string;
  channel: Channel;
  /** A one-off spent on the start day. */
  costCents: number;
  rate?: NewRate | null;
  budgetCents?: number | null;
  start: IsoDay;
  end: IsoDay | null;
  goal: number | null;
  note: string | null;
}

/** A unique slug: "spring-webinar", then "spring-webinar-2" if taken. */
export function uniqueCampaignId(db: Pick<Db, 'campaigns'>, name: string): string {
  const base = slugify(name) || 'campaign';
  // An id that is another campaign's name would make that name resolve to two campaigns.
  const taken = new Set([...db.campaigns.map((c) => c.id), ...db.campaigns.map((c) => c.name.toLowerCase())]);
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** What a campaign starts as, however it is made (`campaign add`, an import, `doctor --fix`):
 * nothing spent, no rates, pauses or adjustments; the rest from `fields`. */
export function campaignRecord(
  fields: Pick<Campaign, 'id' | 'name' | 'start'> &
    Partial<Pick<Campaign, 'channel' | 'end' | 'goal' | 'note' | 'budgetCents'>>,
  now: Date,
): Campaign {
  const at = now.toISOString();
  return {
    id: fields.id,
    name: fields.name,
    channel: fields.channel ?? 'other',
    spend: [],
    rates: [],
    pauses: [],
    budgetCents: fields.budgetCents ?? null,
    start: fields.start,
    end: fields.end ?? null,
    goal: fields.goal ?? null,
    note: fields.note ?? null,
    createdAt: at,
    adjustments: [],
    updatedAt: at,
  };
}

export function addCampaign(db: Db, input: NewCampaign, now: Date): Campaign {
  const name = input.name.trim();
  const problem = nameProblem(db, name);
  if (problem) throw problem;
  if (input.end !== null && input.end < input.start) {
    throw new MeldError(`--end ${input.end} is before --start ${input.start}`);
  }
  const campaign = campaignRecord(
    {
      id: uniqueCampaignId(db, name),
      name,
      channel: input.channel,
      budgetCents: input.budgetCents ?? null,
      start: input.start,
      end: input.end,
      goal: input.goal,
      note: input.note,
    },
    now,
  );
  const at = now.toISOString();
  if (input.costCents !== 0) campaign.spend.push({ day: input.start, cents: input.costCents, note: null, at });
  if (input.rate && input.rate.cents > 0)
    campaign.rates.push({ from: input.start, cents: input.rate.cents, per: input.rate.per, at });
  db.campaigns.push(campaign);
  return campaign;
}

export interface CampaignChanges {
  /** The new total cost to date: the difference is spent on the adjustment day. */
  costCents?: number;
  /** A new rate from the adjustment day on (cents 0 stops it). */
  rate?: NewRate;
  budgetCents?: number | null;
  channel?: Channel;
  end?: IsoDay | null;
  goal?: number | null;
  status?: CampaignStatus;
}

/** What a campaign counts as spent when `adjust --cost` sets a new total at `now`, and on which
 * day the difference goes: before the start nothing has accrued, so it is the one-off money up
 * to the start day, set on the start day. */
export function costBase(campaign: Campaign, now: Date): { spent: number; day: IsoDay } {
  const today = toDay(now);
  if (today < campaign.start) {
    const day = campaign.start;
    return { spent: campaign.spend.reduce((sum, s) => (s.day <= day ? sum + s.cents : sum), 0), day };
  }
  return { spent: spentToDate(campaign, today), day: today };
}

/**
 * The refund `adjust --cost <total>` would record: a total below what is already spent takes
 * money back (a typo, 100 for 1000, would make a period cost less than nothing). Null when the
 * new total is not below it.
 */
export function costRefund(
  campaign: Campaign,
  costCents: number,
  now: Date,
): { spentCents: number; refundCents: number; day: IsoDay } | null {
  const { spent, day } = costBase(campaign, now);
  return costCents < spent ? { spentCents: spent, refundCents: spent - costCents, day } : null;
}

/**
 * Applies changes and records them as an adjustment {at, changes: {field: {from, to}}, note},
 * so the campaign's history is data: reports split the campaign at each adjustment.
 * Money is dated on the adjustment's day: a new total cost puts the difference there, a new
 * rate runs from there, `paused` opens a pause from the next day (the day it is set on ran)
 * and `active` closes it; `ended` makes today the last day (a campaign ends after its end day). Fields whose value does not
 * change are left out; an adjustment with neither a change nor a note is refused.
 */
export function adjustCampaign(
  campaign: Campaign,
  changes: CampaignChanges,
  note: string | null,
  now: Date,
): Adjustment {
  const today = toDay(now);
  const at = now.toISOString();
  const recorded: Record<string, FieldChange> = {};
  const record = (label: string, from: FieldChange['from'], to: FieldChange['to']) => {
    if (from !== to) recorded[label] = { from, to };
  };
  // A file whose money already dips below zero (written before this was checked) can still be adjusted.
  const alreadyLow = belowZero(campaign) !== null;
  // Money changed before the start takes effect on the start day: a new total replaces the
  // one-off planned there, a new rate replaces the one planned from there.
  const moneyDay = today < campaign.start ? campaign.start : today;
  if (changes.costCents !== undefined) {
    const { spent } = costBase(campaign, now);
    if (changes.costCents !== spent) {
      campaign.spend.push({ day: moneyDay, cents: changes.costCents - spent, note, at });
      record('cost', spent, changes.costCents);
    }
  }
  if (changes.rate !== undefined) {
    const was = rateOn(campaign, moneyDay);
    const from = was ? rateText(was) : null;
    const to = changes.rate.cents > 0 ? rateText(changes.rate) : null;
    const lastDay = changes.end !== undefined ? changes.end : campaign.end;
    if (to !== null && lastDay !== null && lastDay < moneyDay) {
      throw new MeldError(`${campaign.name} ended on ${lastDay}: a rate from today would never run`, {
        hint: `give it a new last day too: meld campaign adjust ${campaign.id} --end <date> --rate ${to}`,
      });
    }
    if (from !== to) {
      campaign.rates.push({ from: moneyDay, ...changes.rate, at });
      record('rate', from, to);
    }
  }
  if (changes.budgetCents !== undefined) {
    record('budget', campaign.budgetCents, changes.budgetCents);
    campaign.budgetCents = changes.budgetCents;
  }
  if (changes.channel !== undefined) {
    record('channel', campaign.channel, changes.channel);
    campaign.channel = changes.channel;
  }
  let end = changes.end;
  if (changes.status !== undefined) {
    const state = campaignState(campaign, today);
    if (changes.status === 'ended' && state !== 'ended') {
      if (today < campaign.start) {
        throw new MeldError(`${campaign.name} has not run a day yet: it cannot end before it starts`, {
          hint: 'set the last day with --end <date>',
        });
      }
      if (end !== undefined && (end === null || end > today)) {
        const runs = end === null ? 'would run with no end day' : 'would run until that day';
        throw new MeldError(`--status ended with --end ${end ?? 'none'}: ${campaign.name} ${runs}`, {
          hint: `--status ended alone makes today its last day; --end ${end ?? 'none'} alone plans its end`,
        });
      }
      // A day spent is spent: today ran (and cost), so it is the last day.
      end ??= today;
    }
    if (changes.status === 'paused' && state === 'ended' && (end === undefined || (end !== null && end < today))) {
      throw new MeldError(`${campaign.name} ended on ${campaign.end}: there is nothing to pause`, {
        hint: `meld campaign adjust ${campaign.id} --end <date> runs it again`,
      });
    }
    // A day spent is spent: the ads ran today, so the pause starts tomorrow.
    const tomorrow = shiftDay(today, 1);
    if (changes.status === 'paused' && !isPausedOn(campaign, tomorrow)) {
      campaign.pauses.push({ from: tomorrow, to: null });
    }
    // A pause set before the start (it would begin paused) can be lifted before the start.
    const pausePending = campaign.pauses.some((p) => p.to === null || p.to > today);
    if (changes.status === 'active') {
      if (state === 'scheduled' && !pausePending) {
        throw new MeldError(`${campaign.name} starts on ${campaign.start}: it is active from that day on`);
      }
      if (state === 'ended' && (end === undefined || (end !== null && end < today))) {
        throw new MeldError(`${campaign.name} ended on ${campaign.end}: give it a new last day to run again`, {
          hint: `meld campaign adjust ${campaign.id} --end <date> (or --end none)`,
        });
      }
      for (const p of campaign.pauses) if (p.to === null || p.to > today) p.to = p.from > today ? p.from : today;
      campaign.pauses = campaign.pauses.filter((p) => p.to === null || p.to > p.from);
    }
    const was = state === 'scheduled' && changes.status === 'active' ? 'paused' : state;
    if (was !== changes.status) record('status', was, changes.status);
  }
  if (end !== undefined) {
    // Run again after it ended: the days it stood ended cost nothing (a pause up to today), so
    // a rate does not charge them when the end day moves past them.
    if (campaign.end !== null && campaign.end < today && (end === null || end >= today)) {
      if (campaign.end < shiftDay(today, -1)) campaign.pauses.push({ from: shiftDay(campaign.end, 1), to: today });
      // A pause still open when it ended ends with it: brought back, the campaign runs (and
      // its rate accrues) again from today.
      for (const p of campaign.pauses) if (p.to === null) p.to = p.from < today ? today : p.from;
      campaign.pauses = campaign.pauses.filter((p) => p.to === null || p.to > p.from);
    }
    record('end', campaign.end, end);
    campaign.end = end;
  }
  if (changes.goal !== undefined) {
    record('goal', campaign.goal, changes.goal);
    campaign.goal = changes.goal;
  }
  if (campaign.end !== null && campaign.end < campaign.start) {
    throw new MeldError(`--end ${campaign.end} is before the campaign's start ${campaign.start}`);
  }
  if (!alreadyLow) checkNotBelowZero(campaign);
  if (Object.keys(recorded).length === 0 && !note) {
    throw new UsageError('nothing to adjust: every value is already set that way', {
      hint: 'pass --note <why> to record an adjustment without changing a value',
    });
  }
  const adjustment: Adjustment = { at, changes: recorded, note };
  campaign.adjustments.push(adjustment);
  campaign.updatedAt = at;
  return adjustment;
}

/**
 * `campaign spend`: one-off money on a day. A negative amount corrects what was recorded, but
 * never takes the campaign's cost below zero.
 */
export function addSpend(campaign: Campaign, day: IsoDay, cents: number, note: string | null, now: Date): void {
  if (cents === 0) throw new MeldError('the amount is 0: nothing to record');
  const entry = { day, cents, note, at: now.toISOString() };
  // The running total must stay at or above zero on every day: a correction cannot take back
  // money spent after it. (Money added can only lift it.)
  if (cents < 0) checkNotBelowZero({ ...campaign, spend: [...campaign.spend, entry] });
  campaign.spend.push(entry);
  campaign.updatedAt = entry.at;
}

/** Refuses money whose running total would fall below zero on some day. */
function checkNotBelowZero(campaign: Campaign): void {
  const low = belowZero(campaign);
  if (low) {
    throw new MeldError(
      `that takes ${campaign.name}'s cost below zero (${(low.cents / 100).toFixed(2)} by ${low.day})`,
      { hint: 'a negative amount corrects what was recorded: at most what was spent by its day' },
    );
  }
}

/** Why `name` cannot be a name of a campaign in `db` (other than `self`), or null when it can. */
export function nameProblem(db: Pick<Db, 'campaigns'>, name: string, self?: Campaign): MeldError | null {
  if (name === '') return new MeldError('a campaign needs a name');
  if (!hasVisible(name))
    return new MeldError('a campaign needs a name that shows: this one has only invisible characters');
  const others = db.campaigns.filter((c) => c !== self);
  const clash = others.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (clash) return new MeldError(`a campaign named "${clash.name}" already exists (${clash.id})`);
  if (RESERVED_CAMPAIGN_NAMES.includes(name.toLowerCase())) {
    return new MeldError(`"${name}" cannot be a campaign's name: --campaign ${name.toLowerCase()} means no campaign`, {
      hint: 'choose another name',
    });
  }
  const idClash = others.find((c) => c.id === name.toLowerCase());
  if (idClash) {
    return new MeldError(`"${name}" is already the id of the campaign "${idClash.name}"`, {
      hint: 'choose a name no other campaign answers to',
    });
  }
  return null;
}

/**
 * Gives a campaign a new name; its id stays, so exports, calendars, scripts and every
 * prospect's reference keep working. Returns the old name.
 */
export function renameCampaign(db: Pick<Db, 'campaigns'>, campaign: Campaign, newName: string, now: Date): string {
  const name = newName.trim();
  const problem = nameProblem(db, name, campaign);
  if (problem) throw problem;
  if (name === campaign.name) throw new UsageError(`${campaign.id} is already called "${campaign.name}"`);
  const old = campaign.name;
  campaign.name = name;
  campaign.updatedAt = now.toISOString();
  return old;
}

/** What refers to a campaign: the prospects it brought in, the activities it influenced and the
 * deals credited to it of people it did not bring in (`deals`; its own people's deals go with them). */
export function campaignUses(
  db: Pick<Db, 'prospects' | 'activities' | 'deals'>,
  id: string,
): { prospects: number; activities: number; deals: number } {
  const own = new Set(db.prospects.filter((p) => p.campaign === id).map((p) => p.id));
  return {
    prospects: own.size,
    activities: db.activities.filter((a) => a.campaign === id).length,
    deals: db.deals.filter((d) => d.campaign === id && !own.has(d.prospectId)).length,
  };
}

/** Throws when removing `campaign` the way `how` says would leave records pointing nowhere. */
export function checkCampaignRemoval(
  db: Pick<Db, 'prospects' | 'activities' | 'deals'>,
  campaign: Campaign,
  how: { moveTo: Campaign | null; detach: boolean },
): { prospects: number; activities: number; deals: number } {
  const uses = campaignUses(db, campaign.id);
  if (how.moveTo?.id === campaign.id) throw new MeldError(`cannot move ${campaign.id}'s prospects to itself`);
  if ((uses.prospects > 0 || uses.activities > 0 || uses.deals > 0) && !how.moveTo && !how.detach) {
    const what = [
      uses.prospects > 0 ? `${uses.prospects} prospect${uses.prospects === 1 ? '' : 's'}` : '',
      uses.deals > 0 ? `${uses.deals} deal${uses.deals === 1 ? '' : 's'} of other prospects` : '',
      uses.activities > 0 ? `${uses.activities} activit${uses.activities === 1 ? 'y' : 'ies'}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new MeldError(`campaign ${campaign.name} (${campaign.id}) still has ${what}`, {
      hint: `pass --move-to <campaign> to move them, or --detach to leave them without a campaign`,
    });
  }
  return uses;
}

/**
 * Removes a campaign. Its prospects, credited deals and influenced activities move to `moveTo`,
 * or lose their campaign when `moveTo` is null and `detach` is set; with neither, a campaign
 * still in use is refused. Returns how many records were moved or detached.
 */
export function removeCampaign(
  db: Pick<Db, 'campaigns' | 'prospects' | 'activities' | 'deals'>,
  campaign: Campaign,
  how: { moveTo: Campaign | null; detach: boolean },
  now: Date,
): { prospects: number; activities: number; deals: number } {
  const uses = checkCampaignRemoval(db, campaign, how);
  const to = how.moveTo ? how.moveTo.id : null;
  const at = now.toISOString();
  for (const list of [db.prospects, db.deals, db.activities])
    for (const r of list as Array<{ campaign: string | null; updatedAt: string }>)
      if (r.campaign === campaign.id) {
        r.campaign = to;
        r.updatedAt = at;
      }
  db.campaigns.splice(db.campaigns.indexOf(campaign), 1);
  return uses;
}
