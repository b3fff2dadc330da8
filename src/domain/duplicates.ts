import { nameKey } from './import/plan.js';
import type { Db, Prospect } from './types.js';

/** A phone number's digits, for comparing "+49 30 1234-5" with "+49 (30) 12345". */
export function phoneKey(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** Fewer digits than this is no phone number to match people by. */
const MIN_PHONE_DIGITS = 6;

export interface Duplicate {
  prospect: Prospect;
  /** What matched, in words: "name and company" or "phone". */
  by: 'name and company' | 'name' | 'phone';
}

/**
 * The prospect already on file that a new one would duplicate, as import decides it: the same
 * name and company by import's own key (nameKey) when one of the two has no email (two
 * different emails are two people); else the same phone number (its digits, against any
 * phone on file). Undefined when there is none. (The same email is refused on its own.)
 */
export function findDuplicate(
  db: Pick<Db, 'prospects'>,
  candidate: { name: string; email?: string | null; company?: string | null; phone?: string | null },
): Duplicate | undefined {
  const key = nameKey(candidate.name, candidate.company?.trim() || null);
  const byName = db.prospects.find((p) => (!candidate.email || p.email === null) && nameKey(p.name, p.company) === key);
  if (byName) return { prospect: byName, by: candidate.company?.trim() ? 'name and company' : 'name' };
  const digits = candidate.phone ? phoneKey(candidate.phone) : '';
  if (digits.length >= MIN_PHONE_DIGITS) {
    const byPhone = db.prospects.find((p) =>
      [p.phone, ...p.otherPhones].some((x) => x !== null && phoneKey(x) === digits),
    );
    if (byPhone) return { prospect: byPhone, by: 'phone' };
  }
  return undefined;
}
