/** The shape of the data file (schema version 4; see store/migrations.ts for what changed). Money is integer cents; dates are local
 * calendar days as `YYYY-MM-DD`; instants are ISO-8601 UTC strings. */

export const STAGES = ['new', 'contacted', 'qualified', 'proposal', 'won', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

/** The forward path of the pipeline; `lost` can happen from any open stage. */
export const PIPELINE = ['new', 'contacted', 'qualified', 'proposal', 'won'] as const;
export type PipelineStage = (typeof PIPELINE)[number];

export const CHANNELS = ['email', 'social', 'ads', 'content', 'event', 'referral', 'outreach', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What `campaign adjust --status` took in schema versions 1-3 (kept for reading old files and
 * adjustments; version 4 has no stored status: it follows from the dates and pauses). */
export const CAMPAIGN_STATUSES = ['active', 'paused', 'ended'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** `cancelled`: closed without being done (it does not count as a touch). */
export const FOLLOW_UP_STATUSES = ['open', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export type IsoDay = string; // YYYY-MM-DD
export type Instant = string; // ISO-8601 with Z

export interface FieldChange {
  from: string | number | null;
  to: string | number | null;
}

export interface Adjustment {
  at: Instant;
  changes: Record<string, FieldChange>;
  note: string | null;
}

/** How often a rate accrues. */
export const RATE_UNITS = ['day', 'week', 'month'] as const;
export type RateUnit = (typeof RATE_UNITS)[number];

/** Money spent on one day: a one-off (a booth, a list) or a correction (negative cents). */
export interface SpendEntry {
  day: IsoDay;
  cents: number;
  note: string | null;
  /** When it was recorded. */
  at: Instant;
}

/** A running rate from `from` on, until the next rate, a pause or the campaign's end.
 * `cents` per `per`; 0 stops the rate. */
export interface RateEntry {
  from: IsoDay;
  cents: number;
  per: RateUnit;
  at: Instant;
}

/** Days a campaign was paused (no rate accrues): `from` up to the day before `to`;
 * `to` null while it is still paused. */
export interface Pause {
  from: IsoDay;
  to: IsoDay | null;
}

export interface Campaign {
  id: string;
  name: string;
  channel: Channel;
  /** One-off spend, dated. */
  spend: SpendEntry[];
  /** Running rates, in the order they were set. */
  rates: RateEntry[];
  pauses: Pause[];
  /** The planned total, shown beside spent and remaining; null when none was set. */
  budgetCents: number | null;
  start: IsoDay;
  end: IsoDay | null;
  goal: number | null;
  note: string | null;
  createdAt: Instant;
  adjustments: Adjustment[];
  /** The last time the record was changed (the merge of two devices' files keeps the later). */
  updatedAt: Instant;
}

export interface StageChange {
  stage: Stage;
  at: Instant;
  reason?: string;
}

/** A person. Their pipeline is in their deals (`Deal.prospectId`); what stage a person "is at"
 * is derived from those (domain/deals.ts `standingOf`). */
export interface Prospect {
  id: number;
  name: string;
  email: string | null;
  company: string | null;
  phone: string | null;
  title: string | null;
  /** The SOURCE campaign: the one that brought the person in. */
  campaign: string | null;
  tags: string[];
  createdAt: Instant;
  /** Columns an import did not recognise, kept rather than dropped. */
  fields: Record<string, string>;
  /** The import batch that created this prospect, if any. */
  batch: string | null;
  /** Further emails and phones beyond the primary `email`/`phone` (imports split them). */
  otherEmails: string[];
  otherPhones: string[];
  /** The day the source first saw this person (an export's `Created`, `Connected On`), when
   * known; `createdAt` stays the day meld added them. */
  firstSeen: IsoDay | null;
  /** The prospect who referred this one. */
  referredBy: number | null;
  updatedAt: Instant;
}

/** A push of a deal's expected close day (`deal edit --close-by`). */
export interface CloseByChange {
  at: Instant;
  from: IsoDay | null;
  to: IsoDay | null;
}

/** One piece of business with a person: a first sale, a renewal, an upsell. Referenced as `d3`. */
export interface Deal {
  id: number;
  prospectId: number;
  title: string;
  valueCents: number | null;
  stage: Stage;
  /** Every stage the deal was moved to, the first one included, oldest first. */
  history: StageChange[];
  lostReason: string | null;
  /** The campaign the deal is credited to (default: the person's source campaign); null: none. */
  campaign: string | null;
  /** Percent 0-100: overrides the learned or set win rate of its stage (forecast). */
  probability: number | null;
  /** The day it is expected to close. */
  closeBy: IsoDay | null;
  /** Every change of closeBy, oldest first. */
  closeByChanges: CloseByChange[];
  createdAt: Instant;
  updatedAt: Instant;
}

export interface FollowUp {
  id: number;
  prospectId: number;
  due: IsoDay;
  note: string | null;
  status: FollowUpStatus;
  createdAt: Instant;
  /** When it was closed: done or cancelled. */
  doneAt: Instant | null;
  /** What came of it when done; the reason when cancelled. */
  outcome: string | null;
  /** A recurring follow-up: the next one is planned this long after the day one is done. */
  every: Recurrence | null;
  updatedAt: Instant;
}

export const RECURRENCE_UNITS = ['day', 'week', 'month'] as const;
export type RecurrenceUnit = (typeof RECURRENCE_UNITS)[number];

export interface Recurrence {
  /** An integer, 1 or more. */
  count: number;
  unit: RecurrenceUnit;
}

export const MAIL_DIRECTIONS = ['sent', 'received'] as const;
export type MailDirection = (typeof MAIL_DIRECTIONS)[number];

/** What an activity logged from a mailbox keeps of the message. */
export interface ActivityMail {
  direction: MailDirection;
  messageId: string | null;
  subject: string | null;
  body: string | null;
}

export interface Activity {
  id: number;
  prospectId: number;
  type: ActivityType;
  text: string;
  at: Instant;
  /** The campaign that touched the prospect here (came to the webinar, answered the
   * newsletter): influence, whatever the prospect's source. */
  campaign: string | null;
  /** What the prospect said about (lower-case words: "pricing", "team size"). */
  topics: string[];
  /** Set for an email imported from a mailbox. */
  mail: ActivityMail | null;
  updatedAt: Instant;
}

/** The open stages a forecast gives a set probability. */
export const OPEN_STAGES = ['new', 'contacted', 'qualified', 'proposal'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];

export interface Config {
  currency: string;
  staleDays: number;
  /** The business time zone (IANA name): every "day" is a day there. */
  timezone: string;
  /** A customer with no touch for this many days is at risk. */
  customerDays: number;
  /** Closed deals a stage needs before its learned win rate replaces the set one. */
  forecastMinClosed: number;
  /** Set win rates per open stage, in percent. */
  stageProbability: Record<OpenStage, number>;
  /** The owner's own email addresses (mail import). */
  myEmails: string[];
}

export interface Counters {
  prospect: number;
  deal: number;
  followUp: number;
  activity: number;
}

export const SCHEMA_VERSION = 4;

export interface Db {
  version: typeof SCHEMA_VERSION;
  /** Last id handed out per kind, so a removed record's id is never reused. */
  lastIds: Counters;
  config: Config;
  campaigns: Campaign[];
  prospects: Prospect[];
  deals: Deal[];
  followUps: FollowUp[];
  activities: Activity[];
}

export const DEFAULT_STAGE_PROBABILITY: Readonly<Record<OpenStage, number>> = {
  new: 10,
  contacted: 20,
  qualified: 40,
  proposal: 60,
};

/** The defaults of a new file (its `timezone` is the zone it is made in: see emptyDb). */
export const DEFAULT_CONFIG: Readonly<Config> = {
  currency: 'USD',
  staleDays: 14,
  timezone: 'UTC',
  customerDays: 90,
  forecastMinClosed: 10,
  stageProbability: DEFAULT_STAGE_PROBABILITY,
  myEmails: [],
};

/** A fresh config: nothing shared with DEFAULT_CONFIG (its object and array are copied). */
export function defaultConfig(timezone = DEFAULT_CONFIG.timezone): Config {
  return { ...DEFAULT_CONFIG, timezone, stageProbability: { ...DEFAULT_STAGE_PROBABILITY }, myEmails: [] };
}

/** An empty file; `timezone` is the business time zone it records (the store passes the machine's). */
export function emptyDb(timezone?: string): Db {
  return {
    version: SCHEMA_VERSION,
    lastIds: { prospect: 0, deal: 0, followUp: 0, activity: 0 },
    config: defaultConfig(timezone),
    campaigns: [],
    prospects: [],
    deals: [],
    followUps: [],
    activities: [],
  };
}

/** Not won or lost. A person with no deals (stage null) is not open. */
export function isOpenStage(stage: Stage | null): boolean {
  return stage !== null && stage !== 'won' && stage !== 'lost';
}
