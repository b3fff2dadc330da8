// Reading the value cells of other tools' exports: stage words, several phones or emails in a
// cell, spreadsheet apostrophes. Pure.
import { isValidEmail, normaliseEmail } from '../text.js';
import type { Stage } from '../types.js';

/**
 * The stage words of CRMs and spreadsheets (HubSpot lifecycle stages and lead statuses,
 * Salesforce and Pipedrive deal stages, Apollo's contact stages, plain German, French,
 * Spanish, Portuguese and Italian), by their folded form. A word not here keeps the person at
 * `new`, with the word kept in their fields.
 */
const STAGE_WORDS: Record<Stage, readonly string[]> = {
  new: [
    'new',
    'lead',
    'cold',
    'subscriber',
    'prospect',
    'open',
    'raw',
    'not contacted',
    'new lead',
    'open not contacted',
    'unresponsive',
    'approaching',
    'neu',
    'nouveau',
    'nuevo',
    'novo',
    'nuovo',
  ],
  contacted: [
    'contacted',
    'warm',
    'attempted to contact',
    'attempting contact',
    'in progress',
    'working',
    'working contacted',
    'replied',
    'engaged',
    'replied',
    'connected',
    'contact made',
    'kontaktiert',
    'contacte',
    'contactado',
    'contatado',
    'contattato',
  ],
  qualified: [
    'qualified',
    'hot',
    'mql',
    'sql',
    'marketing qualified lead',
    'sales qualified lead',
    'qualified lead',
    'qualified to buy',
    'interested',
    'meeting booked',
    'appointment scheduled',
    'demo scheduled',
    'needs analysis',
    'qualification',
    'qualifiziert',
    'qualifie',
    'calificado',
    'cualificado',
    'qualificado',
    'qualificato',
  ],
  proposal: [
    'proposal',
    'opportunity',
    'proposal sent',
    'proposal made',
    'open deal',
    'proposal price quote',
    'presentation scheduled',
    'decision maker bought in',
    'contract sent',
    'negotiation',
    'negotiation review',
    'negotiations started',
    'value proposition',
    'id decision makers',
    'perception analysis',
    'angebot',
    'proposition',
    'propuesta',
    'proposta',
  ],
  won: [
    'won',
    'closed converted',
    'customer',
    'client',
    'closed won',
    'closedwon',
    'evangelist',
    'deal won',
    'gewonnen',
    'kunde',
    'gagne',
    'ganado',
    'ganho',
    'vinto',
  ],
  lost: [
    'lost',
    'closed not converted',
    'not interested',
    'bad timing',
    'do not contact',
    'closed lost',
    'closedlost',
    'disqualified',
    'unqualified',
    'deal lost',
    'verloren',
    'perdu',
    'perdido',
    'perso',
  ],
};

const stageKey = (word: string) =>
  word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]+/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const BY_WORD = new Map<string, Stage>();
for (const [stage, words] of Object.entries(STAGE_WORDS) as Array<[Stage, readonly string[]]>)
  for (const word of words) BY_WORD.set(stageKey(word), stage);

/** meld's stage for a source's stage word (`Cold`, `Closed Won`, `MQL`), or null when unknown. */
export function stageFromWord(word: string): Stage | null {
  return BY_WORD.get(stageKey(word)) ?? null;
}

/** Separators between several values in one cell: Google's ` ::: `, `;`, `,`, line breaks. */
const SEVERAL = /\s*:::\s*|\s*[;\n\r]\s*|\s*,\s+|,(?=\s*[+(\d])/;

/** Marks no one sees that tools wrap numbers in: direction marks (a number in a right-to-left
 * name's row), zero-width spaces and joiners, the BOM, word joiners. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]/g;
const HAS_INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad\u00a0\u202f]/;

/** Spreadsheet apostrophe (`'+91 98113 42484`), `tel:`, invisible marks and surrounding spaces removed. */
export function cleanPhone(text: string): string {
  if (HAS_INVISIBLE.test(text)) text = text.replace(INVISIBLE, '').replace(/[\u00a0\u202f]/g, ' ');
  const first = text.charCodeAt(0);
  // Most cells start with a digit, + or (: nothing to remove but spaces.
  if (first !== 39 /* ' */ && first !== 116 /* t */ && first !== 84 /* T */ && first !== 32) return text.trim();
  return text.trim().replace(/^'+/, '').replace(/^tel:/i, '').trim();
}

/** A phone as people write it: digits with spaces, dashes, dots, brackets, a +, an extension. */
const PHONE = /^\+?[\d\s().\-/]{6,}(?:\s*(?:x|ext\.?|#)\s*\d{1,6})?$/i;

export function isPhone(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length && digits < 6; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) digits++;
  }
  return digits >= 6 && PHONE.test(text);
}

/** The phones of a cell, split where a cell holds several; the texts that are no phone apart. */
export function splitPhones(cell: string): { phones: string[]; bad: string[] } {
  const phones: string[] = [];
  const bad: string[] = [];
  // Most cells hold one number: no need to split.
  const parts = /[;:\n\r,]/.test(cell) ? cell.split(SEVERAL) : [cell];
  for (const part of parts) {
    const phone = cleanPhone(part);
    if (phone === '') continue;
    const ones = runTogether(phone);
    if (ones.length > 1 || isPhone(phone)) {
      for (const one of ones) if (!phones.includes(one)) phones.push(one);
    } else bad.push(phone);
  }
  return { phones, bad };
}

/** Two numbers run together with nothing between them (`(800) 555-0191(800) 555-0192`,
 * `+1 555 0100+1 555 0101`): split where a new number starts right after a digit, when each
 * part is a phone on its own. */
function runTogether(phone: string): string[] {
  if (!/\d\s*[(+]/.test(phone)) return [phone];
  const parts = phone.split(/(?<=\d)\s*(?=[(+])/).map((p) => p.trim());
  if (parts.length < 2 || !parts.every((p) => digitCount(p) >= 7 && isPhone(p))) return [phone];
  return parts;
}

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) n++;
  }
  return n;
}

/**
 * The emails of a cell: Google joins several with ` ::: `, others with `;` or `,`; Outlook may
 * write `Ana Souza <ana@acme.io>`, some tools `mailto:`. Valid addresses come normalised, in
 * order; anything else (a LinkedIn `urn:li:member:…`) apart, as written.
 */
export function splitEmailCell(cell: string): { emails: string[]; bad: string[] } {
  const emails: string[] = [];
  const bad: string[] = [];
  const parts = /[;:,\n\r]/.test(cell) ? cell.split(/\s*:::\s*|\s*[;,\n\r]\s*/) : [cell];
  for (const part of parts) {
    const text = (HAS_INVISIBLE.test(part) ? part.replace(INVISIBLE, '') : part).trim();
    if (text === '') continue;
    const address = normaliseEmail(
      text.includes('<') || text.includes(':')
        ? (/<([^<>]+)>\s*$/.exec(text)?.[1] ?? text).replace(/^mailto:/i, '')
        : text,
    );
    if (isValidEmail(address)) {
      if (!emails.includes(address)) emails.push(address);
    } else bad.push(text);
  }
  return { emails, bad };
}
