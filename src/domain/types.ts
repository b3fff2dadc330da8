/** The shape of the data file (schema version 3; see store/migrations.ts for what changed). Money is integer cents; dates are local
 * calendar days as `YYYY-MM-DD`; instants are ISO-8601 UTC strings. */

export const STAGES = ['new', 'contacted', 'qualified', 'proposal', 'won', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

/** The forward path of the pipeline; `lost` can happen from any open stage. */
export const PIPELINE = ['new', 'contacted', 'qualified', 'proposal', 'won'] as const;
export type PipelineStage = (typeof PIPELINE)[number];

export const CHANNELS = ['email', 'social', 'ads', 'content', 'event', 'referral', 'outreach', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

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
  /** What `campaign adjust --status` last set. What a campaign IS on a day follows from its
   * dates and pauses instead (domain/spend.ts `campaignState`): scheduled, active, paused, ended. */
  status: CampaignStatus;
  note: string | null;
  createdAt: Instant;
  adjustments: Adjustment[];
}

export interface StageChange {
  stage: Stage;
  at: Instant;
  reason?: string;
}

export interface Prospect {
  id: number;
  name: string;
  email: string | null;
  company: string | null;
  phone: string | null;
  title: string | null;
  campaign: string | null;
  stage: Stage;
  valueCents: number | null;
  tags: string[];
  createdAt: Instant;
  history: StageChange[];
  lostReason: string | null;
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
  /** Set for an email imported from a mailbox (#26); every activity has it from schema v4. */
  mail?: ActivityMail | null;
}

export interface Config {
  currency: string;
  staleDays: number;
  /** The owner's own email addresses (mail import, #26); every file has it from schema v4. */
  myEmails?: string[];
}

export interface Counters {
  prospect: number;
  followUp: number;
  activity: number;
}

export const SCHEMA_VERSION = 3;

export interface Db {
  version: typeof SCHEMA_VERSION;
  /** Last id handed out per kind, so a removed record's id is never reused. */
  lastIds: Counters;
  config: Config;
  campaigns: Campaign[];
  prospects: Prospect[];
  followUps: FollowUp[];
  activities: Activity[];
}

export const DEFAULT_CONFIG: Readonly<Config> = { currency: 'USD', staleDays: 14 };

export function emptyDb(): Db {
  return {
    version: SCHEMA_VERSION,
    lastIds: { prospect: 0, followUp: 0, activity: 0 },
    config: { ...DEFAULT_CONFIG },
    campaigns: [],
    prospects: [],
    followUps: [],
    activities: [],
  };
}

export function isOpenStage(stage: Stage): boolean {
  return stage !== 'won' && stage !== 'lost';
}
