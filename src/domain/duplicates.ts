import { normaliseEmail } from './text.js';
import { companyMatchKey, personMatchKey, phoneMatchKey } from './import/dedupe.js';
import type { Db, Prospect } from './types.js';

export interface Duplicate {
  prospect: Prospect;
  /** What matched, in words. */
  by: 'name and company' | 'name and phone' | 'name' | 'phone';
}

/**
 * The prospect already on file that a new one would duplicate, by import's own keys
 * (import/dedupe.ts): the same name and company (personMatchKey), unless the two have different
 * emails (two addresses are two people) or, with no company, different phones; else the same
 * phone (phoneMatchKey, against any phone on file). Undefined when there is none. (The same email is refused on its own.)
 */
export function findDuplicate(
  db: Pick<Db, 'prospects'>,
  candidate: { name: string; email?: string | null; company?: string | null; phone?: string | null },
): Duplicate | undefined {
  const email = candidate.email ? normaliseEmail(candidate.email) : null;
  const key = personMatchKey(candidate.name, candidate.company);
  const phone = phoneMatchKey(candidate.phone);
  const phonesOf = (p: Prospect) => [p.phone, ...p.otherPhones].map(phoneMatchKey).filter((k) => k !== '');
  const noCompany = companyMatchKey(candidate.company) === '';
  const byName = db.prospects.find((p) => {
    if (email !== null && p.email !== null && normaliseEmail(p.email) !== email) return false;
    if (personMatchKey(p.name, p.company) !== key) return false;
    // With no company to tell them apart, a different phone is a different person (as import has it).
    const theirs = phonesOf(p);
    return !(noCompany && phone !== '' && theirs.length > 0 && !theirs.includes(phone));
  });
  if (byName) {
    const by = !noCompany
      ? 'name and company'
      : phone !== '' && phonesOf(byName).includes(phone)
        ? 'name and phone'
        : 'name';
    return { prospect: byName, by };
  }
  if (phone !== '') {
    const byPhone = db.prospects.find((p) => phonesOf(p).includes(phone));
    if (byPhone) return { prospect: byPhone, by: 'phone' };
  }
  return undefined;
}
