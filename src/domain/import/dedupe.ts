// How two records are recognised as the same person, however people typed them. Pure, and
// shared: import's dedupe uses it, and so may `prospect add`'s duplicate check.

/** Curly quotes, primes, dashes and odd spaces people's tools write, as plain ASCII. */
const PLAIN: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u02BC': "'",
  '\u0060': "'",
  '\u00B4': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
};
const PLAIN_RE = new RegExp(`[${Object.keys(PLAIN).join('')}]`, 'g');

/** NFKC, accents folded (Latin only: Japanese voicing marks stay), lower case, plain quotes. */
function fold(text: string): string {
  // Plain ASCII (most names and companies) needs none of the Unicode work.
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().replace(/`/g, "'");
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .replace(PLAIN_RE, (ch) => PLAIN[ch]!)
    .toLowerCase();
}

/**
 * A person's name as compared for duplicates: `Ken O’Brien`, `ken o'brien` and `KEN  O'BRIEN`
 * are one key; `José` and `Jose` too. Punctuation other than inner apostrophes and hyphens
 * is dropped, spaces are collapsed.
 */
export function nameMatchKey(name: string): string {
  const folded = fold(name);
  if (/^[\x00-\x7f]*$/.test(folded))
    return folded
      .replace(/[^a-z0-9'-]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  return folded
    .replace(/[^\p{L}\p{N}'-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Legal-form words dropped from the end of a company name (after punctuation is folded). */
const COMPANY_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'ug',
  'sa',
  'sas',
  'sarl',
  'sl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'as',
  'asa',
  'oy',
  'oyj',
  'aps',
  'pty',
  'pte',
  'kk',
  'ooo',
  'ооо',
  'ltda',
  'sapi',
  'cv',
  'de',
]);

/**
 * A company as compared for duplicates: `CivicMinds, Inc`, `CivicMinds Inc.` and `civicminds`
 * are one key, as are `Acme GmbH`, `Acme S.L.`, `Acme AB` and `Acme`. Dotted abbreviations are
 * joined first (`S.L.` -> `sl`), then legal-form words at the end are dropped (never the whole
 * name: a company called `Limited` keeps its name).
 */
export function companyMatchKey(company: string | null | undefined): string {
  if (!company) return '';
  let key = companyKeys.get(company);
  if (key === undefined) {
    key = companyKey(company);
    // Lists repeat their companies: remember a bounded number of them.
    if (companyKeys.size > 10_000) companyKeys.clear();
    companyKeys.set(company, key);
  }
  return key;
}

const companyKeys = new Map<string, string>();

function companyKey(company: string): string {
  const words = fold(company)
    .replace(/&/g, ' and ')
    .replace(/\b(\p{L})\.(?=\p{L}\.?)/gu, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  while (words.length > 1 && COMPANY_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/** The name + company key import dedupes on (rows without an email or phone match). */
export function personMatchKey(name: string, company: string | null | undefined): string {
  return `${nameMatchKey(name)}\u0000${companyMatchKey(company)}`;
}

/**
 * A phone as compared for duplicates: its digits, without a leading `00` or `+`. Numbers with
 * fewer than 6 digits are no key at all (an extension, a typo) and match nothing.
 */
export function phoneMatchKey(phone: string | null | undefined): string {
  if (!phone) return '';
  const digits = phone.normalize('NFKC').replace(/\D+/g, '').replace(/^00/, '');
  return digits.length >= 6 ? digits : '';
}
