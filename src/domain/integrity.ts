import { campaignRecord } from './campaigns.js';
import type { Activity, Db, Deal, FollowUp } from './types.js';

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
  code:
    | 'missing-prospect'
    | 'missing-campaign'
    | 'missing-referrer'
    | 'duplicate-id'
    | 'duplicate-email'
    | 'last-id-behind'
    | 'lost-reason-not-lost'
    | 'unknown-timezone';
  /** What would repair it, in words. */
  fix: string;
}

type Kind = 'prospects' | 'deals' | 'followUps' | 'activities' | 'campaigns';

/** Whether numeric ids only grow along the list (as meld writes every kind but campaigns). */
function increasing(list: ReadonlyArray<{ id: string | number }>): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1]!.id;
    const b = list[i]!.id;
    if (typeof a !== 'number' || typeof b !== 'number' || !(a < b)) return false;
  }
  return list.length === 0 || typeof list[0]!.id === 'number';
}

/**
 * Which prospect ids exist: the list itself searched by halves when its ids only grow, else a
 * Set. The check before every save runs this: on a 500,000-person file a Set of every id is
 * ~40 MB of a big import's peak (#22).
 */
function idLookup(list: ReadonlyArray<{ id: number }>): (id: number) => boolean {
  if (!increasing(list)) {
    const ids = new Set(list.map((r) => r.id));
    return (id) => ids.has(id);
  }
  return (id) => {
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = list[mid]!.id;
      if (at === id) return true;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  };
}

function duplicateIds(db: Db, kind: Kind, problems: Problem[]): void {
  const list = db[kind] as Array<{ id: string | number }>;
  // Ids that only grow hold no duplicate: no map of every id needed.
  if (increasing(list)) return;
  const seen = new Map<string | number, number>();
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
      fix: '`meld doctor --fix` gives the second one a new id (references keep pointing at the first)',
    });
  });
}

/**
 * Every integrity problem in the database, errors first, in file order within each kind.
 * `errorsOnly`: the errors alone (the check before every save, which only refuses on an error,
 * skips the warnings' work: the email map, the referrers, the counters).
 */
export function checkIntegrity(db: Db, { errorsOnly = false }: { errorsOnly?: boolean } = {}): Problem[] {
  const problems: Problem[] = [];
  for (const kind of ['campaigns', 'prospects', 'deals', 'followUps', 'activities'] as const)
    duplicateIds(db, kind, problems);
  if (!isTimeZone(db.config.timezone)) {
    problems.push({
      severity: 'error',
      where: 'config.timezone',
      message: `unknown time zone ${JSON.stringify(db.config.timezone)}`,
      code: 'unknown-timezone',
      fix: 'set it by hand to an IANA zone name such as "Europe/Berlin" or "UTC"',
    });
  }

  const isProspect = idLookup(db.prospects);
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
  // Meld itself never leaves these dangling, but a hand edit can: warnings, so no command refuses the file.
  if (!errorsOnly) warnReferrers(db, isProspect, problems);
  db.deals.forEach((d, i) => {
    if (d.campaign !== null && !campaignIds.has(d.campaign)) {
      problems.push({
        severity: 'error',
        where: `deals[${i}].campaign`,
        message: `no campaign ${JSON.stringify(d.campaign)}`,
        code: 'missing-campaign',
        fix: '`meld doctor --fix` adds a placeholder campaign with that id (or set the field to null by hand)',
      });
    }
  });
  for (const kind of ['deals', 'followUps', 'activities'] as const) {
    db[kind].forEach((record, i) => {
      if (!isProspect(record.prospectId)) {
        problems.push({
          severity: 'error',
          where: `${kind}[${i}].prospectId`,
          message: `no prospect #${record.prospectId}`,
          code: 'missing-prospect',
          fix: `\`meld doctor --fix\` moves the orphaned ${KIND_LABEL[kind]} to a quarantine file in the data folder, or put the prospect back`,
        });
      }
    });
  }
  if (!errorsOnly) warnings(db, campaignIds, problems);
  return problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

function warnReferrers(db: Db, isProspect: (id: number) => boolean, problems: Problem[]): void {
  db.prospects.forEach((p, i) => {
    if (p.referredBy !== null && !isProspect(p.referredBy)) {
      problems.push({
        severity: 'warning',
        where: `prospects[${i}].referredBy`,
        message: `no prospect #${p.referredBy}`,
        code: 'missing-referrer',
        fix: '`meld doctor --fix` sets it to null (nobody)',
      });
    }
  });
}

/** The warnings but the referrers': campaigns of activities, lost reasons, emails, counters. */
function warnings(db: Db, campaignIds: Set<string>, problems: Problem[]): void {
  db.activities.forEach((a, i) => {
    if (a.campaign !== null && !campaignIds.has(a.campaign)) {
      problems.push({
        severity: 'warning',
        where: `activities[${i}].campaign`,
        message: `no campaign ${JSON.stringify(a.campaign)}`,
        code: 'missing-campaign',
        fix: '`meld doctor --fix` adds a placeholder campaign with that id (or set the field to null by hand)',
      });
    }
  });
  db.deals.forEach((d, i) => {
    if (d.lostReason !== null && d.stage !== 'lost') {
      problems.push({
        severity: 'warning',
        where: `deals[${i}].lostReason`,
        message: `d${d.id} is ${d.stage} but has a lost reason (${JSON.stringify(d.lostReason)})`,
        code: 'lost-reason-not-lost',
        fix: `set it to null by hand, or move the deal to lost: \`meld deal stage d${d.id} lost\``,
      });
    }
  });

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

  const counters = { prospect: 'prospects', deal: 'deals', followUp: 'followUps', activity: 'activities' } as const;
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
}

let supported: Set<string> | undefined;

const KIND_LABEL = { deals: 'deal', followUps: 'follow-up', activities: 'activity' } as const;

/**
 * Whether the runtime knows this IANA time zone name. The first DateTimeFormat of a process
 * costs ~15 ms (ICU's locale data), a tenth of a save: "UTC" (which ECMA-402 requires every
 * runtime to know) and the zones Intl lists as supported (~1 ms to list) are known without one;
 * any other spelling (an alias, another case) is asked of a DateTimeFormat as before.
 */
export function isTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  supported ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  if (supported.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
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
    ['deal', db.deals],
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

/** What `doctor --fix` did, one line each, and the records it took out of the file. */
export interface Repairs {
  done: string[];
  /** Records that belong to no prospect: kept in a quarantine file, never just deleted. */
  quarantined: { deals: Deal[]; followUps: FollowUp[]; activities: Activity[] };
}

/**
 * Repairs the problems that can be repaired without guessing or losing anything: counters,
 * duplicate ids (the second record gets a fresh id; references keep pointing at the first),
 * references to a missing campaign (a placeholder is added) and orphaned follow-ups/activities
 * (taken out and returned, for the caller to keep in a quarantine file). Duplicate emails stay
 * for a human.
 */
export function repairIntegrity(db: Db, now: Date): Repairs {
  const done: string[] = [];
  if (healCounters(db)) done.push('moved the id counters (lastIds) up to the largest ids in use');

  for (const [kind, counter, label, letter] of [
    ['prospects', 'prospect', 'prospect', '#'],
    ['deals', 'deal', 'deal', 'd'],
    ['followUps', 'followUp', 'follow-up', 'f'],
    ['activities', 'activity', 'activity', 'a'],
  ] as const) {
    const seen = new Set<number>();
    for (const record of db[kind] as Array<{ id: number; name?: string }>) {
      if (!seen.has(record.id)) {
        seen.add(record.id);
        continue;
      }
      db.lastIds[counter] += 1;
      const who = record.name !== undefined ? ` (${record.name})` : '';
      done.push(`gave the second ${label} ${letter}${record.id}${who} the new id ${letter}${db.lastIds[counter]}`);
      record.id = db.lastIds[counter];
      seen.add(record.id);
    }
  }
  const slugs = new Set<string>();
  for (const c of db.campaigns) {
    if (!slugs.has(c.id)) {
      slugs.add(c.id);
      continue;
    }
    let n = 2;
    while (slugs.has(`${c.id}-${n}`)) n++;
    done.push(`gave the second campaign "${c.id}" (${c.name}) the new id "${c.id}-${n}"`);
    c.id = `${c.id}-${n}`;
    slugs.add(c.id);
  }

  const campaignIds = new Set(db.campaigns.map((c) => c.id));
  const refs = [
    ...db.prospects.map((p) => ({ id: p.campaign, day: p.createdAt.slice(0, 10), by: 'prospects' })),
    ...db.deals.map((d) => ({ id: d.campaign, day: d.createdAt.slice(0, 10), by: 'deals' })),
    ...db.activities.map((a) => ({ id: a.campaign, day: a.at.slice(0, 10), by: 'activities' })),
  ];
  for (const ref of refs) {
    if (ref.id === null || campaignIds.has(ref.id)) continue;
    campaignIds.add(ref.id);
    db.campaigns.push(
      campaignRecord(
        {
          id: ref.id,
          name: ref.id,
          start: ref.day,
          // Ended on the day it starts: a placeholder is not a running campaign (status follows the dates).
          end: ref.day,
          note: `placeholder added by meld doctor --fix: ${ref.by} referred to this campaign but it was missing`,
        },
        now,
      ),
    );
    done.push(`added a placeholder campaign "${ref.id}" that ${ref.by} referred to`);
  }

  const known = new Set(db.prospects.map((p) => p.id));
  for (const p of db.prospects) {
    if (p.referredBy === null || known.has(p.referredBy)) continue;
    done.push(`set #${p.id} referred by missing prospect #${p.referredBy} to nobody`);
    p.referredBy = null;
    p.updatedAt = now.toISOString();
  }

  const prospectIds = new Set(db.prospects.map((p) => p.id));
  const quarantined: Repairs['quarantined'] = { deals: [], followUps: [], activities: [] };
  quarantined.deals = db.deals.filter((r) => !prospectIds.has(r.prospectId));
  db.deals = db.deals.filter((r) => prospectIds.has(r.prospectId));
  quarantined.followUps = db.followUps.filter((r) => !prospectIds.has(r.prospectId));
  quarantined.activities = db.activities.filter((r) => !prospectIds.has(r.prospectId));
  db.followUps = db.followUps.filter((r) => prospectIds.has(r.prospectId));
  db.activities = db.activities.filter((r) => prospectIds.has(r.prospectId));
  for (const o of quarantined.deals)
    done.push(`moved deal d${o.id} of missing prospect #${o.prospectId} to the quarantine file`);
  for (const o of quarantined.followUps)
    done.push(`moved follow-up f${o.id} of missing prospect #${o.prospectId} to the quarantine file`);
  for (const o of quarantined.activities)
    done.push(`moved activity a${o.id} of missing prospect #${o.prospectId} to the quarantine file`);
  return { done, quarantined };
}
