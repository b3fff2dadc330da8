import { normaliseEmail } from './text.js';
import { personMatchKey, phoneMatchKey } from './import/dedupe.js';
import type { Db, Prospect } from './types.js';

export interface Duplicate {
  prospect: Prospect;
  /** What matched, in words. */
  by: 'name and company' | 'name' | 'phone';
}

/**
 * The prospect already on file that a new one would duplicate, by import's own keys
 * (import/dedupe.ts): the same name and company (personMatchKey), unless the two have different
 * emails (two addresses are two people); else the same phone (phoneMatchKey, against any phone
 * on file). Undefined when there is none. (The same email is refused on its own.)
 */
export function findDuplicate(
  db: Pick<Db, 'prospects'>,
  candidate: { name: string; email?: string | null; company?: string | null; phone?: string | null },
): Duplicate | undefined {
  const email = candidate.email ? normaliseEmail(candidate.email) : null;
  const key = personMatchKey(candidate.name, candidate.company);
  const byName = db.prospects.find(
    (p) =>
      (email === null || p.email === null || normaliseEmail(p.email) === email) &&
      personMatchKey(p.name, p.company) === key,
  );
  if (byName) return { prospect: byName, by: candidate.company?.trim() ? 'name and company' : 'name' };
  const phone = phoneMatchKey(candidate.phone);
  if (phone !== '') {
    const byPhone = db.prospects.find((p) => [p.phone, ...p.otherPhones].some((x) => phoneMatchKey(x) === phone));
    if (byPhone) return { prospect: byPhone, by: 'phone' };
  }
  return undefined;
}
