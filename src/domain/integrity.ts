import type { Db } from './types.js';

/**
 * Checks that the records of a (schema-valid) database fit together: every reference points
 * at a record that exists, no id is used twice, and the id counters are ahead of the ids in use.
 *
 * `error` problems make the file unusable (meld refuses to load it: guessing would lose or
 * misattribute records); `warning` problems are reported by `meld doctor` and are safe to live
 * with or to repair (`lastIds` is healed in memory on every load).
 */
export interface Problem {
  severity: 'error' | 'warning';
  /** Where, as a path into the file: `followUps[3].prospectId`. */
  where: string;
  message: string;
  /** A short code for `--json` consumers and for `doctor --fix`. */
  code: 'missing-prospect' | 'missing-campaign' | 'duplicate-id' | 'duplicate-email' | 'last-id-behind';
  /** What would repair it, in words. */
  fix: string;
}

type Kind = 'prospects' | 'followUps' | 'activities' | 'campaigns';

function duplicateIds(db: Db, kind: Kind, problems: Problem[]): void {
  const seen = new Map<string | number, number>();
  const list = db[kind] as Array<{ id: string | number }>;
  list.forEach((record, index) => {
    const first = seen.get(record.id);
    if (first === undefined) {
      seen.set(record.id, index);
      return;
    }
    problems.push({
      severity: 'error',
      where: `${kind}[${index}].id`,
      message: `duplicate id ${JSON.stringify(record.id)} (also ${kind}[${first}])`,
      code: 'duplicate-id',
      fix:
        kind === 'followUps' || kind === 'activities'
          ? '`meld doctor --fix` gives the second one a new id'
          : `give one of the two a different id by hand (and move its ${kind === 'campaigns' ? 'prospects' : 'follow-ups and activities'} with it)`,
    });
  });
}

/** Every integrity problem in the database, errors first, in file order within each kind. */
export function checkIntegrity(db: Db): Problem[] {
  const problems: Problem[] = [];
  for (const kind of ['campaigns', 'prospects', 'followUps', 'activities'] as const) duplicateIds(db, kind, problems);

  const prospectIds = new Set(db.prospects.map((p) => p.id));
  const campaignIds = new Set(db.campaigns.map((c) => c.id));
  db.prospects.forEach((p, i) => {
    if (p.campaign !== null && !campaignIds.has(p.campaign)) {
      problems.push({
        severity: 'error',
        where: `prospects[${i}].campaign`,
        message: `no campaign ${JSON.stringify(p.campaign)}`,
        code: 'missing-campaign',
        fix: '`meld doctor --fix` adds a placeholder campaign with that id (or set the field to null by hand)',
      });
    }
  });
  for (const kind of ['followUps', 'activities'] as const) {
    db[kind].forEach((record, i) => {
      if (!prospectIds.has(record.prospectId)) {
        problems.push({
          severity: 'error',
          where: `${kind}[${i}].prospectId`,
          message: `no prospect #${record.prospectId}`,
          code: 'missing-prospect',
          fix: `\`meld doctor --fix\` removes the orphaned ${kind === 'followUps' ? 'follow-up' : 'activity'} (kept in the backup), or put the prospect back`,
        });
      }
    });
  }

  const emails = new Map<string, number>();
  db.prospects.forEach((p, i) => {
    if (p.email === null) return;
    const key = p.email.trim().toLowerCase();
    const first = emails.get(key);
    if (first === undefined) emails.set(key, i);
    else {
      problems.push({
        severity: 'warning',
        where: `prospects[${i}].email`,
        message: `${JSON.stringify(p.email)} is also the email of prospects[${first}] (#${db.prospects[first]!.id})`,
        code: 'duplicate-email',
        fix: `edit one of them: \`meld prospect edit ${p.id} --email <other>\``,
      });
    }
  });

  const counters = { prospect: 'prospects', followUp: 'followUps', activity: 'activities' } as const;
  for (const [counter, kind] of Object.entries(counters) as Array<[keyof typeof counters, Kind]>) {
    const max = maxId(db[kind] as Array<{ id: number }>);
    if (db.lastIds[counter] < max) {
      problems.push({
        severity: 'warning',
        where: `lastIds.${counter}`,
        message: `is ${db.lastIds[counter]} but ${kind} already uses id ${max}`,
        code: 'last-id-behind',
        fix: `\`meld doctor --fix\` sets it to ${max} so no id is handed out twice`,
      });
    }
  }
  return problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

function maxId(list: Array<{ id: number }>): number {
  let max = 0;
  for (const r of list) if (r.id > max) max = r.id;
  return max;
}

/** Moves every id counter up to the largest id in use (never down). Returns whether any moved. */
export function healCounters(db: Db): boolean {
  let moved = false;
  const pairs = [
    ['prospect', db.prospects],
    ['followUp', db.followUps],
    ['activity', db.activities],
  ] as const;
  for (const [counter, list] of pairs) {
    const max = maxId(list);
    if (db.lastIds[counter] < max) {
      db.lastIds[counter] = max;
      moved = true;
    }
  }
  return moved;
}

/** What `doctor --fix` did, one line each. */
export type Repair = string;

/**
 * Repairs the problems that can be repaired without guessing or deleting anything that cannot
 * be found again in the backup taken just before: counters, duplicate follow-up/activity ids,
 * references to a missing campaign (a placeholder is added) and orphaned follow-ups/activities
 * (removed). Returns what it did; duplicate prospect/campaign ids and emails stay for a human.
 */
export function repairIntegrity(db: Db, now: Date): Repair[] {
  const done: Repair[] = [];
  if (healCounters(db)) done.push('moved the id counters (lastIds) up to the largest ids in use');

  for (const [kind, counter, label, letter] of [
    ['followUps', 'followUp', 'follow-up', 'f'],
    ['activities', 'activity', 'activity', 'a'],
  ] as const) {
    const seen = new Set<number>();
    for (const record of db[kind]) {
      if (!seen.has(record.id)) {
        seen.add(record.id);
        continue;
      }
      db.lastIds[counter] += 1;
      done.push(`gave the second ${label} ${letter}${record.id} the new id ${letter}${db.lastIds[counter]}`);
      record.id = db.lastIds[counter];
      seen.add(record.id);
    }
  }

  const campaignIds = new Set(db.campaigns.map((c) => c.id));
  for (const p of db.prospects) {
    if (p.campaign === null || campaignIds.has(p.campaign)) continue;
    campaignIds.add(p.campaign);
    db.campaigns.push({
      id: p.campaign,
      name: p.campaign,
      channel: 'other',
      spend: [],
      rates: [],
      pauses: [],
      budgetCents: null,
      start: p.createdAt.slice(0, 10),
      // Ended on the day it starts: a placeholder is not a running campaign (status follows the dates).
      end: p.createdAt.slice(0, 10),
      goal: null,
      status: 'ended',
      note: 'placeholder added by meld doctor --fix: prospects referred to this campaign but it was missing',
      createdAt: now.toISOString(),
      adjustments: [],
    });
    done.push(`added a placeholder campaign "${p.campaign}" that prospects referred to`);
  }

  const prospectIds = new Set(db.prospects.map((p) => p.id));
  for (const [kind, label, letter] of [
    ['followUps', 'follow-up', 'f'],
    ['activities', 'activity', 'a'],
  ] as const) {
    const orphans = (db[kind] as Array<{ id: number; prospectId: number }>).filter(
      (r) => !prospectIds.has(r.prospectId),
    );
    if (orphans.length === 0) continue;
    (db as unknown as Record<string, unknown>)[kind] = (db[kind] as Array<{ prospectId: number }>).filter((r) =>
      prospectIds.has(r.prospectId),
    );
    for (const o of orphans) done.push(`removed ${label} ${letter}${o.id} of missing prospect #${o.prospectId}`);
  }
  return done;
}
