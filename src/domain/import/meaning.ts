// What a header means from its words (./words.ts), for the headers no tool preset or exact alias
// names: `Invitee Email` is an email, `Titre du poste` a job title, `Name (Original Name)` a
// name, `Phone 4 - Value` another phone, `E-mail Type` no email at all. Pure.
import type { Target } from './targets.js';
import { type Concept, WORDS } from './words.js';

/** Words that carry no meaning of their own in a header. */
const FILLER = new Set([
  'the',
  'of',
  'a',
  'an',
  'and',
  'or',
  'for',
  'your',
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'el',
  'del',
  'da',
  'do',
  'di',
  'dell',
  'der',
  'die',
  'das',
  'des',
  'e',
  'y',
  'et',
  'und',
  'и',
  'number',
  'no',
  'nr',
  'num',
  'n',
  'value',
  'primary',
  'work',
  'current',
  'main',
]);

interface Matcher {
  exact: Set<string>;
  prefixes: string[];
  /** Chinese and Japanese words, looked for anywhere in the header. */
  anywhere: string[];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const MATCHERS = new Map<Concept, Matcher>();
for (const [concept, words] of Object.entries(WORDS) as Array<[Concept, readonly string[]]>) {
  const m: Matcher = { exact: new Set(), prefixes: [], anywhere: [] };
  for (const word of words) {
    const w = fold(word);
    if (CJK.test(w)) m.anywhere.push(w);
    else if (w.endsWith('*')) m.prefixes.push(w.slice(0, -1));
    else m.exact.add(w);
  }
  MATCHERS.set(concept, m);
}

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .toLowerCase();
}

/** A header's words: camelCase split, accents and case folded, letters apart from digits,
 * and the words people write in two parts joined (`e-mail`, `sign up`, `opt-in`, `follow-up`). */
export function headerWords(header: string): { words: string[]; folded: string } {
  const folded = fold(header.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2'))
    .replace(/\be[\s._-]?mail/g, 'email')
    .replace(/\bsign[\s_-]?up\b/g, 'signup')
    .replace(/\bopt[\s_-]?in\b/g, 'optin')
    .replace(/\bfollow[\s_-]?up\b/g, 'followup')
    .replace(/\bjob[\s_-]?title\b/g, 'jobtitle');
  const words = folded.split(/[^\p{L}\p{N}]+|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u).filter((w) => w !== '');
  return { words, folded };
}

function matches(concept: Concept, word: string): boolean {
  const m = MATCHERS.get(concept)!;
  if (m.exact.has(word)) return true;
  for (const p of m.prefixes) if (word.startsWith(p)) return true;
  for (const a of m.anywhere) if (word.includes(a)) return true;
  return false;
}

/** A rule: the header has a word of each concept of `needs` (of one of them with `anyOf`), none
 * of `forbid`, and its other words are filler, of `allow`, or anything when `open`. */
interface Rule {
  target: Target | 'extra';
  needs?: Concept[];
  anyOf?: Concept[];
  forbid?: Concept[];
  allow?: Concept[];
  open?: boolean;
  /** Why a rule that keeps the column as an extra does so. */
  because?: string;
}

const NAME_PARTS: Concept[] = ['name', 'person'];

/** In order: the first rule that fits decides. */
const RULES: readonly Rule[] = [
  {
    target: 'extra',
    anyOf: ['email', 'phone', 'fax'],
    needs: ['notAValue'],
    open: true,
    because: 'about the address, not the address itself',
  },
  { target: 'extra', needs: ['fax'], open: true, because: 'a fax number' },
  { target: 'source', needs: ['referral', 'source'], allow: ['person'] },
  { target: 'referred_by', needs: ['referral'], open: true },
  { target: 'other_emails', needs: ['email', 'other'], forbid: ['name'], open: true },
  { target: 'email', needs: ['email'], forbid: ['name'], open: true },
  { target: 'other_phones', needs: ['phone', 'other'], forbid: ['name'], open: true },
  { target: 'other_phones', needs: ['phone', 'company'], forbid: ['name'], open: true },
  { target: 'phone', needs: ['phone'], forbid: ['name'], open: true },
  { target: 'middle_name', anyOf: ['middleName'], allow: NAME_PARTS },
  { target: 'middle_name', needs: ['middle', 'name'], allow: [...NAME_PARTS, 'firstName', 'first'] },
  { target: 'middle_name', needs: ['middle', 'firstName'], allow: NAME_PARTS },
  { target: 'first_name', anyOf: ['firstName'], allow: NAME_PARTS },
  { target: 'first_name', needs: ['first', 'name'], allow: NAME_PARTS },
  { target: 'last_name', anyOf: ['lastName'], allow: NAME_PARTS },
  { target: 'last_name', needs: ['last', 'name'], allow: NAME_PARTS },
  { target: 'lost_reason', needs: ['lost', 'reason'], open: true },
  { target: 'campaign', needs: ['campaign'], allow: ['name', 'source', 'person'] },
  { target: 'follow_up', needs: ['followup'], allow: ['when'], open: true },
  { target: 'title', needs: ['title'], allow: ['company', 'person'] },
  { target: 'company', needs: ['company'], allow: ['name', 'person'] },
  { target: 'name', needs: ['name'], forbid: ['notAPerson', 'email', 'phone'], allow: NAME_PARTS },
  { target: 'first_seen', needs: ['created'], forbid: ['notCreated'], open: true },
  { target: 'notes', needs: ['notes'], forbid: ['when', 'notAValue'], open: true },
  { target: 'tags', needs: ['tags'], allow: ['person'] },
  { target: 'stage', needs: ['stage'], forbid: ['when'], open: true },
  { target: 'value', needs: ['value'], allow: ['person'] },
  { target: 'source', needs: ['source'], allow: ['person'] },
];

export interface Meaning {
  target: Target | 'extra';
  /** The words that decided, as the header writes them folded: "invitee email". */
  words: string;
  because?: string;
}

const cache = new Map<string, Meaning | null>();

/** What a header means by its words, or null when its words say nothing meld has a field for. */
export function headerMeaning(header: string): Meaning | null {
  let hit = cache.get(header);
  if (hit !== undefined) return hit;
  hit = decide(header);
  if (cache.size > 5000) cache.clear();
  cache.set(header, hit);
  return hit;
}

function decide(header: string): Meaning | null {
  const { words } = headerWords(header);
  const meaningful = words.filter((w) => !FILLER.has(w) && !/^\d+$/.test(w));
  // A second, third... column of a field ("Phone 4 - Value", "E-mail 2 Address").
  const numbered = words.some((w) => /^\d+$/.test(w) && Number(w) >= 2 && Number(w) < 100);
  const concepts = meaningful.map((w) => {
    const found = new Set<Concept>();
    for (const c of MATCHERS.keys()) if (matches(c, w)) found.add(c);
    return found;
  });
  const has = (c: Concept) => concepts.some((set) => set.has(c));
  for (const rule of RULES) {
    if (rule.needs && !rule.needs.every(has)) continue;
    if (rule.anyOf && !rule.anyOf.some(has)) continue;
    if (rule.forbid?.some(has)) continue;
    const own = new Set<Concept>([...(rule.needs ?? []), ...(rule.anyOf ?? []), ...(rule.allow ?? [])]);
    if (!rule.open && !concepts.every((set) => [...set].some((c) => own.has(c)))) continue;
    const target =
      numbered && rule.target === 'email'
        ? 'other_emails'
        : numbered && rule.target === 'phone'
          ? 'other_phones'
          : rule.target;
    return { target, words: meaningful.join(' '), because: rule.because };
  }
  return null;
}
