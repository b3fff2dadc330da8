import * as z from 'zod';
import { tryCompile, type Checker } from './fastcheck.js';
import {
  ACTIVITY_TYPES,
  CHANNELS,
  FOLLOW_UP_STATUSES,
  MAIL_DIRECTIONS,
  RATE_UNITS,
  RECURRENCE_UNITS,
  SCHEMA_VERSION,
  STAGES,
  type Db,
} from '../domain/types.js';

// Validation of the whole file on load. zod's compiled parser checks a 20,000-prospect file in
// ~100 ms, and its issues carry the exact path, which the error message quotes.

// The building blocks are shared with the v1 schema in migrations.ts.
export const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: (issue) => `unknown ${what} ${JSON.stringify(issue.input)}` });

/**
 * A real calendar date: months 01-12, days that month has, 29 February only in leap years
 * (the Gregorian rule, as zod's own ISO date pattern). A regex, not a refine, so the fast
 * checker compiled from this schema understands it.
 */
const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))';
/** A real time of day (00:00-23:59, seconds 00-59), optional fraction, `Z` or an offset. */
const TIME = '(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,9})?)?(?:Z|[+-](?:[01]\\d|2[0-3]):?[0-5]\\d)?';
export const DAY_PATTERN = new RegExp(`^${DATE}$`);
export const INSTANT_PATTERN = new RegExp(`^${DATE}T${TIME}$`);

export const day = z.string().regex(DAY_PATTERN, { error: 'expected a real calendar date as YYYY-MM-DD' });
export const instant = z
  .string()
  .regex(INSTANT_PATTERN, { error: 'expected a real ISO date and time (YYYY-MM-DDThh:mm:ss.sssZ)' });
export const id = z.number().int().positive();
/**
 * Money in cents. At most 10^13 cents (100 billion in the currency) per amount, so that sums
 * over thousands of records stay exact integers in a JavaScript number (below 2^53).
 */
export const MAX_CENTS = 10 ** 13;
const cents = z
  .number()
  .int()
  .nonnegative()
  .max(MAX_CENTS, { error: `expected at most ${MAX_CENTS} cents` });
const signedCents = z
  .number()
  .int()
  .min(-MAX_CENTS, { error: `expected at least -${MAX_CENTS} cents` })
  .max(MAX_CENTS, { error: `expected at most ${MAX_CENTS} cents` });
/** A name must hold something visible: not empty, not only spaces. */
const name = z.string().regex(/\S/, { error: 'expected a name (not empty, not only spaces)' });
const text = z.string();

export const fieldValue = z.union([z.string(), z.number(), z.null()]);

const campaign = z.looseObject({
  id: z.string().min(1),
  name,
  channel: oneOf(CHANNELS, 'channel'),
  spend: z.array(z.looseObject({ day, cents: signedCents, note: text.nullable(), at: instant })),
  rates: z.array(z.looseObject({ from: day, cents, per: oneOf(RATE_UNITS, 'rate unit'), at: instant })),
  pauses: z.array(z.looseObject({ from: day, to: day.nullable() })),
  budgetCents: cents.nullable(),
  start: day,
  end: day.nullable(),
  goal: z.number().int().positive().nullable(),
  note: text.nullable(),
  createdAt: instant,
  adjustments: z.array(
    z.looseObject({
      at: instant,
      changes: z.record(z.string(), z.looseObject({ from: fieldValue, to: fieldValue })),
      note: text.nullable(),
    }),
  ),
  updatedAt: instant,
});

const prospect = z.looseObject({
  id,
  name,
  email: text.nullable(),
  company: text.nullable(),
  phone: text.nullable(),
  title: text.nullable(),
  campaign: text.nullable(),
  tags: z.array(text),
  createdAt: instant,
  fields: z.record(z.string(), z.string()),
  batch: text.nullable(),
  otherEmails: z.array(text),
  otherPhones: z.array(text),
  firstSeen: day.nullable(),
  referredBy: id.nullable(),
  updatedAt: instant,
});

const percent = z.number().min(0).max(100);

const deal = z.looseObject({
  id,
  prospectId: id,
  title: name,
  valueCents: cents.nullable(),
  stage: oneOf(STAGES, 'stage'),
  history: z
    .array(z.looseObject({ stage: oneOf(STAGES, 'stage'), at: instant, reason: text.optional() }))
    .min(1, { error: 'expected at least one stage change (the stage the deal started in)' }),
  lostReason: text.nullable(),
  campaign: text.nullable(),
  probability: percent.nullable(),
  closeBy: day.nullable(),
  closeByChanges: z.array(z.looseObject({ at: instant, from: day.nullable(), to: day.nullable() })),
  createdAt: instant,
  updatedAt: instant,
});

const followUp = z.looseObject({
  id,
  prospectId: id,
  due: day,
  note: text.nullable(),
  status: oneOf(FOLLOW_UP_STATUSES, 'follow-up status'),
  createdAt: instant,
  doneAt: instant.nullable(),
  outcome: text.nullable(),
  every: z.looseObject({ count: z.number().int().min(1), unit: oneOf(RECURRENCE_UNITS, 'interval unit') }).nullable(),
  updatedAt: instant,
});

const activity = z.looseObject({
  id,
  prospectId: id,
  type: oneOf(ACTIVITY_TYPES, 'activity type'),
  text,
  at: instant,
  campaign: text.nullable(),
  topics: z.array(text),
  mail: z
    .looseObject({
      direction: oneOf(MAIL_DIRECTIONS, 'mail direction'),
      messageId: text.nullable(),
      subject: text.nullable(),
      body: text.nullable(),
    })
    .nullable(),
  updatedAt: instant,
});

export const dbSchema = z.looseObject({
  version: z.literal(SCHEMA_VERSION),
  lastIds: z.looseObject({
    prospect: z.number().int().nonnegative(),
    deal: z.number().int().nonnegative(),
    followUp: z.number().int().nonnegative(),
    activity: z.number().int().nonnegative(),
  }),
  config: z.looseObject({
    currency: z.string().regex(/^[A-Z]{3}$/),
    staleDays: z.number().int().positive(),
    timezone: z.string().min(1),
    customerDays: z.number().int().positive(),
    forecastMinClosed: z.number().int().nonnegative(),
    stageProbability: z.looseObject({ new: percent, contacted: percent, qualified: percent, proposal: percent }),
    myEmails: z.array(text),
  }),
  campaigns: z.array(campaign),
  prospects: z.array(prospect),
  deals: z.array(deal),
  followUps: z.array(followUp),
  activities: z.array(activity),
});

/** `prospects[12].stage` from zod's path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(top level)';
}

export type SchemaResult = { ok: true; db: Db } | { ok: false; problems: string[] };

let fast: Checker | null | undefined;

/**
 * Validates the whole file against `dbSchema`. A valid file (the usual case) is recognised by a
 * checker compiled from the same zod schema, ~10× faster than zod's own parse; only a file that
 * fails it goes through `safeParse`, for the exact path and message of every problem.
 */
export function checkSchema(data: unknown): SchemaResult {
  if (fast === undefined) fast = tryCompile(dbSchema);
  if (fast?.(data)) return { ok: true, db: data as Db };
  const result = dbSchema.safeParse(data);
  if (result.success) return { ok: true, db: result.data as unknown as Db };
  return { ok: false, problems: result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`) };
}
