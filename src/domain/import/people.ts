// Where the import planner finds a person: by email, phone, name + company, or name alone. A
// step of its own so the rules that make an import idempotent live in one place:
//   - an email belongs to the prospect whose own email it is, else to one who has it among
//     other emails; of several, the lowest id;
//   - a phone, a name + company and a name may be shared (a family line, two people of one
//     name): every holder is kept, in id order,
// so the answer never depends on the order rows were planned in: the same file imported again
// finds the same people. Pure; plan.ts keeps it up to date as it plans.
import { normaliseEmail } from '../text.js';
import type { Prospect } from '../types.js';
import { nameMatchKey, personMatchKey, phoneMatchKey } from './dedupe.js';

const NONE: readonly Prospect[] = [];

/**
 * The prospects under each key: one prospect itself, an array (in id order) only once a key has
 * two. Nearly every key has one person, and half a million one-element arrays cost ~120 MB of a
 * big import's peak (#22).
 */
type Keyed = Map<string, Prospect | Prospect[]>;

/** Adds a prospect to the ones under a key, kept in id order. */
function listAdd(map: Keyed, key: string, p: Prospect): void {
  const held = map.get(key);
  if (held === undefined) map.set(key, p);
  else if (!Array.isArray(held)) {
    if (held !== p) map.set(key, held.id > p.id ? [p, held] : [held, p]);
  } else if (!held.includes(p)) {
    let i = held.length;
    while (i > 0 && held[i - 1]!.id > p.id) i--;
    held.splice(i, 0, p);
  }
}

function listAt(map: Keyed, key: string): readonly Prospect[] {
  const held = map.get(key);
  return held === undefined ? NONE : Array.isArray(held) ? held : [held];
}

function firstAt(map: Keyed, key: string): Prospect | undefined {
  const held = map.get(key);
  return Array.isArray(held) ? held[0] : held;
}

export class PeopleIndex {
  private readonly byEmail = new Map<string, Prospect | Prospect[]>();
  private readonly byOtherEmail = new Map<string, Prospect | Prospect[]>();
  private readonly byPhone = new Map<string, Prospect | Prospect[]>();
  private readonly byName = new Map<string, Prospect | Prospect[]>();
  private readonly byNameOnly = new Map<string, Prospect | Prospect[]>();

  /** `nameOf`: a prospect's name as it will be once planned fills are applied. */
  constructor(private readonly nameOf: (p: Prospect) => string = (p) => p.name) {}

  /** Makes a prospect findable by its emails, phones, name + company and name; `keys` are the
   * row's when the planner has worked them out already. */
  add(p: Prospect, keys?: { key: string; phones: string[] }): void {
    if (p.email !== null) this.addEmail(p.email, p);
    for (const email of p.otherEmails) this.addEmail(email, p, true);
    const phones = keys ? keys.phones : [p.phone, ...p.otherPhones].map(phoneMatchKey).filter((k) => k !== '');
    for (const key of phones) listAdd(this.byPhone, key, p);
    listAdd(this.byName, keys ? keys.key : personMatchKey(p.name, p.company), p);
    listAdd(this.byNameOnly, nameMatchKey(p.name), p);
  }

  addEmail(email: string, p: Prospect, other = false): void {
    listAdd(other ? this.byOtherEmail : this.byEmail, normaliseEmail(email), p);
  }

  addPhone(phone: string, p: Prospect): void {
    const key = phoneMatchKey(phone);
    if (key !== '') listAdd(this.byPhone, key, p);
  }

  /** A name or company filled in: findable by the new name + company (and name) too. */
  addName(name: string, company: string | null, p: Prospect): void {
    listAdd(this.byName, personMatchKey(name, company), p);
    listAdd(this.byNameOnly, nameMatchKey(name), p);
  }

  /** Who an email belongs to. */
  emailHolder(email: string): Prospect | undefined {
    const key = normaliseEmail(email);
    return firstAt(this.byEmail, key) ?? firstAt(this.byOtherEmail, key);
  }

  /** Everyone with a phone (by its phoneMatchKey). */
  withPhone(phoneKey: string): readonly Prospect[] {
    return listAt(this.byPhone, phoneKey);
  }

  /** The first person of a name + company key (personMatchKey). */
  firstWith(key: string): Prospect | undefined {
    return firstAt(this.byName, key);
  }

  /** Everyone of a name (nameMatchKey). */
  named(nameKey: string): readonly Prospect[] {
    return listAt(this.byNameOnly, nameKey);
  }

  /** Whether another prospect of the same name has this phone. */
  phoneTaken(phone: string, p: Prospect): boolean {
    const name = nameMatchKey(this.nameOf(p));
    return this.withPhone(phoneMatchKey(phone)).some((q) => q !== p && nameMatchKey(this.nameOf(q)) === name);
  }

  /** Whether another prospect holds a name + company key. */
  keyTaken(key: string, p: Prospect): boolean {
    return listAt(this.byName, key).some((q) => q !== p);
  }
}
