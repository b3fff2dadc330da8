import { MeldError, UsageError } from '../errors.js';
import { slugify } from './text.js';
import type { Adjustment, Campaign, CampaignStatus, Channel, Db, FieldChange, IsoDay } from './types.js';

/** Words that mean "no campaign" where a campaign is expected (`--campaign none`). */
export const RESERVED_CAMPAIGN_NAMES = ['none', '-'];

export interface NewCampaign {
  name: string;
  channel: Channel;
  costCents: number;
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

export function addCampaign(db: Db, input: NewCampaign, now: Date): Campaign {
  const name = input.name.trim();
  if (name === '') throw new MeldError('a campaign needs a name');
  const clash = db.campaigns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (clash) throw new MeldError(`a campaign named "${clash.name}" already exists (${clash.id})`);
  if (RESERVED_CAMPAIGN_NAMES.includes(name.toLowerCase())) {
    throw new MeldError(`"${name}" cannot be a campaign's name: --campaign ${name.toLowerCase()} means no campaign`, {
      hint: 'choose another name',
    });
  }
  // A <campaign> argument is an id or a name: a name that is another campaign's id would find that one.
  const idClash = db.campaigns.find((c) => c.id === name.toLowerCase());
  if (idClash) {
    throw new MeldError(`"${name}" is already the id of the campaign "${idClash.name}"`, {
      hint: 'choose a name no other campaign answers to',
    });
  }
  if (input.end !== null && input.end < input.start) {
    throw new MeldError(`--end ${input.end} is before --start ${input.start}`);
  }
  const campaign: Campaign = {
    id: uniqueCampaignId(db, name),
    name,
    channel: input.channel,
    costCents: input.costCents,
    spend:
      input.costCents === 0 ? [] : [{ day: input.start, cents: input.costCents, note: null, at: now.toISOString() }],
    rates: [],
    pauses: [],
    budgetCents: null,
    start: input.start,
    end: input.end,
    goal: input.goal,
    status: 'active',
    note: input.note,
    createdAt: now.toISOString(),
    adjustments: [],
  };
  db.campaigns.push(campaign);
  return campaign;
}

export interface CampaignChanges {
  costCents?: number;
  channel?: Channel;
  end?: IsoDay | null;
  goal?: number | null;
  status?: CampaignStatus;
}

/**
 * Applies changes and records them as an adjustment {at, changes: {field: {from, to}}, note},
 * so the campaign's history is data: reports split the campaign at each adjustment.
 * Fields whose value does not change are left out; an adjustment with neither a change nor a
 * note is refused.
 */
export function adjustCampaign(
  campaign: Campaign,
  changes: CampaignChanges,
  note: string | null,
  now: Date,
): Adjustment {
  const recorded: Record<string, FieldChange> = {};
  const apply = <K extends keyof CampaignChanges & keyof Campaign>(field: K, label: string) => {
    const to = changes[field];
    if (to === undefined || to === campaign[field]) return;
    recorded[label] = { from: campaign[field] as FieldChange['from'], to: to as FieldChange['to'] };
    (campaign as unknown as Record<string, unknown>)[field] = to;
  };
  apply('costCents', 'cost');
  apply('channel', 'channel');
  apply('end', 'end');
  apply('goal', 'goal');
  apply('status', 'status');
  if (campaign.end !== null && campaign.end < campaign.start) {
    throw new MeldError(`--end ${campaign.end} is before the campaign's start ${campaign.start}`);
  }
  if (Object.keys(recorded).length === 0 && !note) {
    throw new UsageError('nothing to adjust: every value is already set that way', {
      hint: 'pass --note <why> to record an adjustment without changing a value',
    });
  }
  const adjustment: Adjustment = { at: now.toISOString(), changes: recorded, note };
  campaign.adjustments.push(adjustment);
  return adjustment;
}
