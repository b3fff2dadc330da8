// Who a row is: someone on file or someone an earlier row of the file plans. A step of the
// import planner (./plan.ts): email, then name + phone, then name alone or name + company,
// each normalised as in ./dedupe.ts and looked up in ./people.ts, all in Maps (20,000 rows
// plan in milliseconds). It also answers what the plan makes of a person so far: their name
// and fields once planned fills are applied. Pure: `db` is only read.
import { dealsByProspect, standingOf } from '../deals.js';
import type { Db, Prospect } from '../types.js';
import { companyMatchKey, nameMatchKey, phoneMatchKey } from './dedupe.js';
import { PeopleIndex } from './people.js';
import type { FirstDeal, Fillable, ImportPlan } from './import-plan.js';
import type { Candidate } from './rows.js';

/** How a row was found to be someone already on file or planned. */
export interface Match {
  prospect: Prospect;
  how: 'email' | 'phone' | 'name' | 'nameOnly';
  /** The line of this file that planned the prospect; undefined for one on file. */
  earlierLine: number | undefined;
}

/** A row's dedupe keys: name + company, name, and its phones. */
export interface RowKeys {
  key: string;
  names: string;
  phones: string[];
}

export class Known {
  /** Where an existing or planned prospect is found. */
  readonly people = new PeopleIndex((p) => this.nameOf(p));
  /** The line that planned each addition, by its place in plan.additions. */
  private readonly lines: number[] = [];
  // Rows of meld's own export carry ids: two rows with different ids were two people there.
  private readonly sourceId = new Map<Prospect, number>();
  private readonly bySourceId = new Map<string, Prospect>();
  private values: Map<number, number | null> | undefined;
  private lastKeys: { c: Candidate; keys: RowKeys } | undefined;

  constructor(
    private readonly db: Pick<Db, 'prospects' | 'deals'>,
    private readonly plan: ImportPlan,
  ) {
    for (const p of db.prospects) this.people.add(p);
  }

  /** Makes the prospect just added to the plan (the last of plan.additions) findable, as row `c` gave it. */
  addPlanned(p: Prospect, c: Candidate): void {
    this.lines[this.plan.additions.length - 1] = c.line;
    if (c.id !== null) {
      this.sourceId.set(p, c.id);
      this.bySourceId.set(`${this.keysOf(c).key}\u0000${c.id}`, p);
    }
    this.people.add(p, this.keysOf(c));
  }

  /** Whether the plan adds this prospect (else they are on file): theirs is the plan's batch,
   * which no one on file has (batchId). */
  isPlanned(p: Prospect): boolean {
    return p.batch === this.plan.batch;
  }

  /**
   * Where a prospect the import adds is in plan.additions; undefined for one on file. Found by
   * id, not kept in a map of half a million: each addition's id is above every one before
   * (./addition.ts), so the additions are in id order.
   */
  private placeOf(p: Prospect): number | undefined {
    if (!this.isPlanned(p)) return undefined;
    const { additions } = this.plan;
    let lo = 0;
    let hi = additions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const id = additions[mid]!.id;
      if (id === p.id) return mid;
      if (id < p.id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The line of the file that planned a prospect the import adds; undefined for one on file. */
  lineOf(p: Prospect): number | undefined {
    const at = this.placeOf(p);
    return at === undefined ? undefined : this.lines[at];
  }

  /** The first deal a prospect the import adds opens. */
  firstDealOf(p: Prospect): FirstDeal | undefined {
    const at = this.placeOf(p);
    return at === undefined ? undefined : this.plan.firstDeals[at];
  }

  /** The id a row of meld's own export gave a prospect the import adds. */
  sourceIdOf(p: Prospect): number | undefined {
    return this.sourceId.get(p);
  }

  /**
   * Who a row is, if anyone already on file or planned: the same email; else the same name and
   * phone; else the same name and company, unless the two have different emails, or (with no
   * company to tell them apart) different phones. Two rows of meld's own export with different
   * ids were different people in the file they came from, so they stay two.
   */
  match(c: Candidate): Match | undefined {
    const found = (prospect: Prospect, how: Match['how']): Match => ({
      prospect,
      how,
      earlierLine: this.lineOf(prospect),
    });
    const byEmail = c.email ? this.people.emailHolder(c.email) : undefined;
    if (byEmail) return found(byEmail, 'email');
    const { key, names, phones } = this.keysOf(c);
    for (const phone of phones) {
      const hit = this.people.firstWithPhoneAndName(phone, names, (q) => !this.emailsDiffer(q, c));
      if (hit) return found(hit, 'phone');
    }
    // A row that gives nothing but a name is the person of that name on file or planned (the
    // first of several), whatever company they have: a company another row filled in later must
    // not make the same row someone new when the file comes again.
    if (c.id === null && companyMatchKey(c.company) === '' && c.email === null && phones.length === 0)
      for (const hit of this.people.named(names)) return found(hit, 'nameOnly');
    const sameSourceRow = c.id !== null ? this.bySourceId.get(`${key}\u0000${c.id}`) : undefined;
    // The first person of that name and company (several are told apart by email or phone).
    const hit = sameSourceRow ?? this.people.firstWith(key);
    if (!hit) return undefined;
    if (c.id !== null && this.sourceId.has(hit) && this.sourceId.get(hit) !== c.id) return undefined;
    if (this.emailsDiffer(hit, c)) return undefined;
    if (companyMatchKey(c.company) === '' && phones.length > 0) {
      const theirs = phoneMatchKey(this.current(hit, 'phone') as string | null);
      if (theirs !== '' && !phones.includes(theirs)) return undefined;
    }
    return found(hit, 'name');
  }

  /** A prospect's name as it will be once planned fills are applied. */
  nameOf(p: Prospect): string {
    return this.plan.updates.get(p.id)?.name ?? p.name;
  }

  /** A field of a prospect as it will be once planned fills are applied. A value on file is
   * that of the deals where the person stands (deals.ts standingOf); a planned one, that of
   * their first deal. */
  current(p: Prospect, field: Fillable): unknown {
    const own =
      field !== 'valueCents'
        ? p[field]
        : this.isPlanned(p)
          ? this.firstDealOf(p)!.valueCents
          : (this.values ??= new Map(
              [...dealsByProspect(this.db.deals)].map(([id, deals]) => [id, standingOf(deals).valueCents]),
            )).get(p.id);
    return own ?? this.plan.updates.get(p.id)?.[field] ?? null;
  }

  /** Both have an email, and they differ: two people, whatever else they share. */
  private emailsDiffer(p: Prospect, c: Candidate): boolean {
    const theirs = this.current(p, 'email');
    return c.email !== null && theirs !== null && theirs !== c.email;
  }

  /** A row's dedupe keys, worked out once (matching and adding both need them). */
  keysOf(c: Candidate): RowKeys {
    if (this.lastKeys?.c === c) return this.lastKeys.keys;
    const names = nameMatchKey(c.name);
    const phones: string[] = [];
    for (const phone of [c.phone, ...c.otherPhones]) {
      const k = phoneMatchKey(phone);
      if (k !== '') phones.push(k);
    }
    const keys = { key: `${names}\u0000${companyMatchKey(c.company)}`, names, phones };
    this.lastKeys = { c, keys };
    return keys;
  }
}
