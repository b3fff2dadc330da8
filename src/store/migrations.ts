import * as z from 'zod';
import { day, fieldValue, id, instant, oneOf } from './schema.js';
import {
  ACTIVITY_TYPES,
  CAMPAIGN_STATUSES,
  CHANNELS,
  DEFAULT_CONFIG,
  SCHEMA_VERSION,
  STAGES,
  type Db,
  type FieldChange,
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
 * A migration is a pure function from one version's data to the next one's. `migrate` runs
 * them in order; the store keeps a copy of the original file beside it before saving the result.
 */

const money = z.number().nonnegative().finite();

export const v1Schema = z.looseObject({
  version: z.literal(1),
  config: z.looseObject({ currency: z.string().regex(/^[A-Z]{3}$/) }),
  campaigns: z.array(
    z.looseObject({
      id: z.string().min(1),
      name: z.string().min(1),
      channel: oneOf(CHANNELS, 'channel'),
      cost: money,
      start: day,
      end: day.nullable(),
      goal: z.number().int().positive().nullable(),
      status: oneOf(CAMPAIGN_STATUSES, 'status'),
      note: z.string().nullable(),
      createdAt: instant,
      adjustments: z.array(
        z.looseObject({
          at: instant,
          changes: z.record(z.string(), z.looseObject({ from: fieldValue, to: fieldValue })),
          note: z.string().nullable(),
        }),
      ),
    }),
  ),
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
      history: z.array(z.looseObject({ stage: oneOf(STAGES, 'stage'), at: instant, reason: z.string().optional() })),
      lostReason: z.string().nullable(),
    }),
  ),
  followUps: z.array(
    z.looseObject({
      id,
      prospectId: id,
      due: day,
      note: z.string().nullable(),
      done: z.boolean(),
      createdAt: instant,
      doneAt: instant.nullable(),
      outcome: z.string().nullable(),
    }),
  ),
  activities: z.array(
    z.looseObject({ id, prospectId: id, type: oneOf(ACTIVITY_TYPES, 'activity type'), text: z.string(), at: instant }),
  ),
});

export type DbV1 = z.infer<typeof v1Schema>;

/** Major units (a float) to integer cents, exactly: 19.99 -> 1999, never 1998. */
export function toCents(major: number): number {
  return Math.round(major * 100);
}

const maxId = (list: Array<{ id: number }>) => list.reduce((max, r) => Math.max(max, r.id), 0);

export function migrateV1toV2(v1: DbV1): Db {
  const moneyChange = (c: FieldChange): FieldChange => ({
    from: typeof c.from === 'number' ? toCents(c.from) : c.from,
    to: typeof c.to === 'number' ? toCents(c.to) : c.to,
  });
  return {
    version: 2,
    lastIds: { prospect: maxId(v1.prospects), followUp: maxId(v1.followUps), activity: maxId(v1.activities) },
    config: { ...DEFAULT_CONFIG, ...v1.config },
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
  } as Db;
}

export interface Migration {
  from: number;
  to: number;
  /** Validates the old shape; problems are `path: message` strings. */
  check(data: unknown): { ok: true; data: unknown } | { ok: false; problems: string[] };
  run(data: unknown): unknown;
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
    current = step.run(checked.data);
  }
  return { ok: true, data: current, from: version };
}
