import * as z from 'zod';
import { day, fieldValue, id, instant, MAX_CENTS, oneOf } from './schema.js';
import { toDay } from '../domain/dates.js';
import { dealTitle } from '../domain/deals.js';
import { latestOf } from '../domain/instants.js';
import {
  ACTIVITY_TYPES,
  CAMPAIGN_STATUSES,
  CHANNELS,
  FOLLOW_UP_STATUSES,
  RATE_UNITS,
  SCHEMA_VERSION,
  STAGES,
  defaultConfig,
  type Db,
  type Deal,
  type FieldChange,
  type Pause,
  type SpendEntry,
} from '../domain/types.js';

/*
 * Schema versions of the data file.
 *
 * Version 1 (meld 0.x) differs from version 2 in five ways:
 *  - money was a float in major units: `campaigns[].cost`, `prospects[].value` (and cost
 *    changes in `campaigns[].adjustments[].changes.cost`); version 2 keeps integer cents
 *    (`costCents`, `valueCents`) because floats drift (0.1 + 0.2).
 *  - there was no `lastIds`: the next id was "largest id + 1", so a removed record's id came back.
 *  - prospects had no `title`, `fields` (unrecognised import columns) or `batch` (import batch).
 *  - follow-ups had `done: true|false` instead of `status: "open"|"done"`.
 *  - `config` had no `staleDays`.
 *
 * Version 3 (meld 1.1) adds, in one step, what the round after 1.0 needed:
 *  - campaigns: cost is dated money. `spend` (one-off amounts on a day), `rates` (per day, week or
 *    month from a day on), `pauses` (days no rate accrues) and `budgetCents` (the plan). A v2
 *    campaign's cost becomes spend on its start day, and each cost adjustment the difference on
 *    its own day, so every total stays the same (the v2 total `costCents` is dropped: the cost is
 *    the sum of the dated money up to a day); status changes to and from `paused` become pauses,
 *    and a campaign set to `ended` without an end day gets the day it was ended as its end day.
 *  - prospects: `otherEmails`, `otherPhones` (beyond the primary ones), `firstSeen` (the day the
 *    source first saw them), `referredBy` (the prospect who referred them).
 *  - follow-ups: status `cancelled` (closed without being done).
 *  - activities: `campaign` (the campaign that touched the prospect: influence).
 *
 * Version 4 (meld 1.2) adds, in one step, what the round after 1.1 needed:
 *  - deals (`deals`, `lastIds.deal`): a person has any number of deals, each with a title, value,
 *    stage and stage history, lost reason, the campaign it is credited to, a probability, an
 *    expected close day and the pushes of that day. Each v3 prospect's pipeline (`stage`,
 *    `history`, `valueCents`, `lostReason`, credited to its `campaign`) becomes its first deal,
 *    d1, d2 … in prospect order, titled with the prospect's company (its name when it has none),
 *    created when the prospect was; those four fields leave the prospect, whose `campaign` stays
 *    its source. Every report total is unchanged: a person had one pipeline, now one deal.
 *  - config: `timezone` (the business time zone: the migrating machine's zone, passed in, so the
 *    migration stays pure), `customerDays` 90, `forecastMinClosed` 10, `stageProbability`
 *    (new 10, contacted 20, qualified 40, proposal 60 percent), `myEmails` [].
 *  - campaigns: `status` is dropped (what a campaign is follows from its days and pauses; a v3
 *    `paused`/`ended` had already become pauses and an end day in the v2 -> v3 step).
 *  - follow-ups: `every` (a recurrence, null). activities: `topics` ([]), `mail` (null).
 *  - `updatedAt` on campaigns, prospects, deals, follow-ups and activities: the last time the record
 *    changed (the merge of two devices' files keeps the later change); migrated records get the
 *    latest time the record knows (created, adjusted, spent, moved, done, logged).
 *
 * A migration is a pure function from one version's data to the next one's. `migrate` runs
 * them in order; the store keeps a copy of the original file beside it before saving the result.
 */

const money = z.number().nonnegative().finite();

// The parts versions 1 and 2 have in common, frozen as those versions wrote them: the current
// schema (schema.ts) shares only its primitives (day, instant, id, oneOf, fieldValue) with them,
// so that it can change without changing what an old file must look like. Fields are listed in
// the order each version had them: a record is checked, and comes out, in that order.

const adjustmentV1V2 = z.looseObject({
  at: instant,
  changes: z.record(z.string(), z.looseObject({ from: fieldValue, to: fieldValue })),
  note: z.string().nullable(),
});

/** A campaign of version 1 or 2, with its total cost field (`cost` or `costCents`) after `channel`. */
const campaignV1V2 = <Cost extends z.core.$ZodShape>(cost: Cost) =>
  z.looseObject({
    id: z.string().min(1),
    name: z.string().min(1),
    channel: oneOf(CHANNELS, 'channel'),
    ...cost,
    start: day,
    end: day.nullable(),
    goal: z.number().int().positive().nullable(),
    status: oneOf(CAMPAIGN_STATUSES, 'status'),
    note: z.string().nullable(),
    createdAt: instant,
    adjustments: z.array(adjustmentV1V2),
  });

const historyV1V2 = z.array(
  z.looseObject({ stage: oneOf(STAGES, 'stage'), at: instant, reason: z.string().optional() }),
);

/** A follow-up of version 1 or 2, with its state (`done` or `status`) after `note`. */
const followUpV1V2 = <State extends z.core.$ZodShape>(state: State) =>
  z.looseObject({
    id,
    prospectId: id,
    due: day,
    note: z.string().nullable(),
    ...state,
    createdAt: instant,
    doneAt: instant.nullable(),
    outcome: z.string().nullable(),
  });

const activityV1V2 = z.looseObject({
  id,
  prospectId: id,
  type: oneOf(ACTIVITY_TYPES, 'activity type'),
  text: z.string(),
  at: instant,
});

export const v1Schema = z.looseObject({
  version: z.literal(1),
  config: z.looseObject({ currency: z.string().regex(/^[A-Z]{3}$/) }),
  campaigns: z.array(campaignV1V2({ cost: money })),
  prospects: z.array(
    z.looseObject({
      id,
      name: z.string().min(1),
      email: z.string().nullable(),
      company: z.string().nullable(),
      phone: z.string().nullable(),
      campaign: z.string().nullable(),
      stage: oneOf(STAGES, 'stage'),
      value: money.nullable(),
      tags: z.array(z.string()),
      createdAt: instant,
      history: historyV1V2,
      lostReason: z.string().nullable(),
    }),
  ),
  followUps: z.array(followUpV1V2({ done: z.boolean() })),
  activities: z.array(activityV1V2),
});

export type DbV1 = z.infer<typeof v1Schema>;

/** Major units (a float) to integer cents, exactly: 19.99 -> 1999, never 1998. */
export function toCents(major: number): number {
  return Math.round(major * 100);
}

const maxId = (list: Array<{ id: number }>) => list.reduce((max, r) => Math.max(max, r.id), 0);

export function migrateV1toV2(v1: DbV1): DbV2 {
  const moneyChange = (c: FieldChange): FieldChange => ({
    from: typeof c.from === 'number' ? toCents(c.from) : c.from,
    to: typeof c.to === 'number' ? toCents(c.to) : c.to,
  });
  return {
    version: 2,
    lastIds: { prospect: maxId(v1.prospects), followUp: maxId(v1.followUps), activity: maxId(v1.activities) },
    config: { staleDays: 14, ...v1.config },
    campaigns: v1.campaigns.map(({ cost, adjustments, ...rest }) => ({
      ...rest,
      costCents: toCents(cost),
      adjustments: adjustments.map((a) => ({
        ...a,
        changes: Object.fromEntries(
          Object.entries(a.changes).map(([field, change]) =>
            field === 'cost' ? [field, moneyChange(change)] : [field, change],
          ),
        ),
      })),
    })),
    prospects: v1.prospects.map(({ value, ...rest }) => ({
      ...rest,
      title: null,
      valueCents: value === null ? null : toCents(value),
      fields: {},
      batch: null,
    })),
    followUps: v1.followUps.map(({ done, ...rest }) => ({ ...rest, status: done ? 'done' : 'open' })),
    activities: v1.activities,
  } as DbV2;
}

// Version 2, as meld 1.0 wrote it: checked before it is migrated to version 3.
const cents = z.number().int().nonnegative();
export const v2Schema = z.looseObject({
  version: z.literal(2),
  lastIds: z.looseObject({
    prospect: z.number().int().nonnegative(),
    followUp: z.number().int().nonnegative(),
    activity: z.number().int().nonnegative(),
  }),
  config: z.looseObject({ currency: z.string().regex(/^[A-Z]{3}$/), staleDays: z.number().int().positive() }),
  campaigns: z.array(campaignV1V2({ costCents: cents })),
  prospects: z.array(
    z.looseObject({
      id,
      name: z.string().min(1),
      email: z.string().nullable(),
      company: z.string().nullable(),
      phone: z.string().nullable(),
      title: z.string().nullable(),
      campaign: z.string().nullable(),
      stage: oneOf(STAGES, 'stage'),
      valueCents: cents.nullable(),
      tags: z.array(z.string()),
      createdAt: instant,
      history: historyV1V2,
      lostReason: z.string().nullable(),
      fields: z.record(z.string(), z.string()),
      batch: z.string().nullable(),
    }),
  ),
  followUps: z.array(followUpV1V2({ status: oneOf(['open', 'done'] as const, 'follow-up status') })),
  activities: z.array(activityV1V2),
});

export type DbV2 = z.infer<typeof v2Schema>;
type CampaignV2 = DbV2['campaigns'][number];

/** The local day of a stored instant, never before the campaign's start. */
const dayOf = (at: string, start: string) => {
  const d = toDay(new Date(at));
  return d < start ? start : d;
};

/**
 * A v2 campaign's cost as dated spend: what it started with on its start day, each cost
 * adjustment's difference on the adjustment's day, and (for a hand-edited file whose total is
 * not the last change's) the rest on the start day, so the sum is always the stored total.
 */
export function spendFromV2(c: CampaignV2): SpendEntry[] {
  const costChanges = c.adjustments.filter((a) => a.changes.cost !== undefined);
  const first = costChanges[0]?.changes.cost?.from;
  const initial = typeof first === 'number' ? first : c.costCents;
  const spend: SpendEntry[] = [];
  if (initial !== 0) spend.push({ day: c.start, cents: initial, note: null, at: c.createdAt });
  let total = initial;
  for (const a of costChanges) {
    const from = typeof a.changes.cost?.from === 'number' ? a.changes.cost.from : total;
    const to = typeof a.changes.cost?.to === 'number' ? a.changes.cost.to : from;
    if (to !== from) spend.push({ day: dayOf(a.at, c.start), cents: to - from, note: a.note, at: a.at });
    total += to - from;
  }
  if (total !== c.costCents) {
    spend.push({ day: c.start, cents: c.costCents - total, note: 'difference to the stored total', at: c.createdAt });
  }
  return spend;
}

/** Status changes to `paused` and back, as the days a campaign was paused. */
export function pausesFromV2(c: CampaignV2): Pause[] {
  const pauses: Pause[] = [];
  for (const a of c.adjustments) {
    const to = a.changes.status?.to;
    const open = pauses.at(-1);
    if (to === 'paused' && (open === undefined || open.to !== null))
      pauses.push({ from: dayOf(a.at, c.start), to: null });
    else if (to !== undefined && to !== 'paused' && open !== undefined && open.to === null)
      open.to = dayOf(a.at, c.start);
  }
  return pauses;
}

/**
 * A v2 campaign set to `ended` with no end day ended when that was set: version 3 reads the
 * status from the days, so that day becomes its end day (the start day when no adjustment says).
 */
export function endFromV2(c: Pick<CampaignV2, 'end' | 'status' | 'start' | 'adjustments'>): string | null {
  if (c.end !== null || c.status !== 'ended') return c.end;
  const ended = [...c.adjustments].reverse().find((a) => a.changes.status?.to === 'ended');
  return ended ? dayOf(ended.at, c.start) : c.start;
}

export function migrateV2toV3(v2: DbV2): DbV3 {
  return {
    ...v2,
    version: 3,
    campaigns: v2.campaigns.map((c): DbV3['campaigns'][number] => {
      const { costCents: _total, ...rest } = c;
      return {
        ...rest,
        spend: spendFromV2(c) as DbV3['campaigns'][number]['spend'],
        rates: [],
        pauses: pausesFromV2(c) as DbV3['campaigns'][number]['pauses'],
        budgetCents: null,
        end: endFromV2(c),
      };
    }),
    prospects: v2.prospects.map((p) => ({
      ...p,
      otherEmails: [],
      otherPhones: [],
      firstSeen: null,
      referredBy: null,
    })),
    activities: v2.activities.map((a) => ({ ...a, campaign: null })),
  } as unknown as DbV3;
}

// Version 3, as meld 1.1 wrote it: checked before it is migrated to version 4.
const centsV3 = z.number().int().nonnegative().max(MAX_CENTS);
const historyV3 = z
  .array(z.looseObject({ stage: oneOf(STAGES, 'stage'), at: instant, reason: z.string().optional() }))
  .min(1, { error: 'expected at least one stage change (the stage the prospect started in)' });
const nameV3 = z.string().regex(/\S/, { error: 'expected a name (not empty, not only spaces)' });
export const v3Schema = z.looseObject({
  version: z.literal(3),
  lastIds: z.looseObject({
    prospect: z.number().int().nonnegative(),
    followUp: z.number().int().nonnegative(),
    activity: z.number().int().nonnegative(),
  }),
  config: z.looseObject({ currency: z.string().regex(/^[A-Z]{3}$/), staleDays: z.number().int().positive() }),
  campaigns: z.array(
    z.looseObject({
      id: z.string().min(1),
      name: nameV3,
      channel: oneOf(CHANNELS, 'channel'),
      spend: z.array(
        z.looseObject({
          day,
          cents: z.number().int().min(-MAX_CENTS).max(MAX_CENTS),
          note: z.string().nullable(),
          at: instant,
        }),
      ),
      rates: z.array(z.looseObject({ from: day, cents: centsV3, per: oneOf(RATE_UNITS, 'rate unit'), at: instant })),
      pauses: z.array(z.looseObject({ from: day, to: day.nullable() })),
      budgetCents: centsV3.nullable(),
      start: day,
      end: day.nullable(),
      goal: z.number().int().positive().nullable(),
      status: oneOf(CAMPAIGN_STATUSES, 'status'),
      note: z.string().nullable(),
      createdAt: instant,
      adjustments: z.array(adjustmentV1V2),
    }),
  ),
  prospects: z.array(
    z.looseObject({
      id,
      name: nameV3,
      email: z.string().nullable(),
      company: z.string().nullable(),
      phone: z.string().nullable(),
      title: z.string().nullable(),
      campaign: z.string().nullable(),
      stage: oneOf(STAGES, 'stage'),
      valueCents: centsV3.nullable(),
      tags: z.array(z.string()),
      createdAt: instant,
      history: historyV3,
      lostReason: z.string().nullable(),
      fields: z.record(z.string(), z.string()),
      batch: z.string().nullable(),
      otherEmails: z.array(z.string()),
      otherPhones: z.array(z.string()),
      firstSeen: day.nullable(),
      referredBy: id.nullable(),
    }),
  ),
  followUps: z.array(
    z.looseObject({
      id,
      prospectId: id,
      due: day,
      note: z.string().nullable(),
      status: oneOf(FOLLOW_UP_STATUSES, 'follow-up status'),
      createdAt: instant,
      doneAt: instant.nullable(),
      outcome: z.string().nullable(),
    }),
  ),
  activities: z.array(
    z.looseObject({
      id,
      prospectId: id,
      type: oneOf(ACTIVITY_TYPES, 'activity type'),
      text: z.string(),
      at: instant,
      campaign: z.string().nullable(),
    }),
  ),
});

export type DbV3 = z.infer<typeof v3Schema>;

/**
 * Version 3 to 4. `timezone` is the business time zone to record: the zone of the machine that
 * migrates (the store passes it in; this function reads no clock and no environment).
 */
export function migrateV3toV4(v3: DbV3, timezone: string): Db {
  const deals: Deal[] = [];
  const prospects = v3.prospects.map((p) => {
    const { stage, valueCents, history, lostReason, ...rest } = p;
    const updatedAt = latestOf(p.createdAt, ...history.map((h) => h.at));
    deals.push({
      id: deals.length + 1,
      prospectId: p.id,
      title: dealTitle(p),
      valueCents,
      stage,
      history,
      lostReason,
      campaign: p.campaign,
      probability: null,
      closeBy: null,
      closeByChanges: [],
      createdAt: p.createdAt,
      updatedAt,
    });
    return { ...rest, updatedAt };
  });
  return {
    ...v3,
    version: 4,
    lastIds: {
      prospect: v3.lastIds.prospect,
      deal: deals.length,
      followUp: v3.lastIds.followUp,
      activity: v3.lastIds.activity,
    },
    config: { ...defaultConfig(timezone), ...v3.config },
    campaigns: v3.campaigns.map(({ status: _status, ...c }) => ({
      ...c,
      updatedAt: latestOf(
        c.createdAt,
        ...c.adjustments.map((a) => a.at),
        ...c.spend.map((s) => s.at),
        ...c.rates.map((r) => r.at),
      ),
    })),
    prospects,
    deals,
    followUps: v3.followUps.map((f) => ({ ...f, every: null, updatedAt: latestOf(f.createdAt, f.doneAt) })),
    activities: v3.activities.map((a) => ({ ...a, topics: [], mail: null, updatedAt: a.at })),
  } as unknown as Db;
}

export interface Migration {
  from: number;
  to: number;
  /** Validates the old shape; problems are `path: message` strings. */
  check(data: unknown): { ok: true; data: unknown } | { ok: false; problems: string[] };
  run(data: unknown, env: MigrationEnv): unknown;
}

/** What a migration may need from the machine that runs it, passed in (migrations stay pure). */
export interface MigrationEnv {
  /** The IANA time zone of the machine that migrates. */
  timezone: string;
}

export const MIGRATIONS: Migration[] = [
  {
    from: 1,
    to: 2,
    check(data) {
      const r = v1Schema.safeParse(data);
      if (r.success) return { ok: true, data: r.data };
      return {
        ok: false,
        problems: r.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message} (schema version 1)`),
      };
    },
    run: (data) => migrateV1toV2(data as DbV1),
  },
  {
    from: 2,
    to: 3,
    check(data) {
      const r = v2Schema.safeParse(data);
      if (r.success) return { ok: true, data: r.data };
      return {
        ok: false,
        problems: r.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message} (schema version 2)`),
      };
    },
    run: (data) => migrateV2toV3(data as DbV2),
  },
  {
    from: 3,
    to: 4,
    check(data) {
      const r = v3Schema.safeParse(data);
      if (r.success) return { ok: true, data: r.data };
      return {
        ok: false,
        problems: r.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message} (schema version 3)`),
      };
    },
    run: (data, env) => migrateV3toV4(data as DbV3, env.timezone),
  },
];

export const OLDEST_VERSION = 1;

function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out || '(top level)';
}

/**
 * Brings data of schema `version` up to the current one. Returns the migrated data or the
 * problems that stop it (the old data did not match its own version's schema).
 */
export function migrate(
  data: unknown,
  version: number,
  env: MigrationEnv,
): { ok: true; data: unknown; from: number } | { ok: false; problems: string[] } {
  let current = data;
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (!step)
      return {
        ok: false,
        problems: [`version: schema version ${v} cannot be migrated (the oldest meld reads is ${OLDEST_VERSION})`],
      };
    const checked = step.check(current);
    if (!checked.ok) return checked;
    current = step.run(checked.data, env);
  }
  return { ok: true, data: current, from: version };
}
