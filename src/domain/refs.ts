import { MeldError } from '../errors.js';

// One notation for references everywhere: prospect `#12` (a bare `12` is a prospect where a
// prospect is expected), deal `d3`, follow-up `f20`, activity `a7`. Messages, tables and hints use these
// helpers so the notation cannot drift.

export const prospectRef = (id: number): string => `#${id}`;
export const dealRef = (id: number): string => `d${id}`;
export const followUpRef = (id: number): string => `f${id}`;
export const activityRef = (id: number): string => `a${id}`;

export type RefKind = 'deal' | 'follow-up' | 'activity';

const article = (kind: RefKind) => (kind === 'activity' ? 'an' : 'a');
const LETTER: Record<RefKind, string> = { deal: 'd', 'follow-up': 'f', activity: 'a' };
const LIST: Record<RefKind, string> = {
  deal: 'meld deal list',
  'follow-up': 'meld followups all',
  activity: 'meld prospect show <prospect>',
};

/**
 * The number in a follow-up or activity reference: `f20` or a bare `20` (what scripts and old
 * habits pass). `#20` names a prospect, never a follow-up: refused, so a prospect's number can
 * never close someone else's follow-up.
 */
export function parseRef(kind: RefKind, ref: string): number {
  const text = ref.trim();
  const letter = LETTER[kind];
  const m = new RegExp(`^${letter}?(\\d{1,15})$`, 'i').exec(text);
  if (m) return Number(m[1]);
  // Quoted as typed (never as another, valid-looking reference), safe for a terminal, cut short.
  const safe = [...text.replace(/[\p{Cc}\p{Cf}]/gu, '?')];
  const shown = safe.length > 20 ? `${safe.slice(0, 19).join('')}…` : safe.join('');
  if (/^#\d+$/.test(text)) {
    throw new MeldError(
      `${shown} is a prospect; a ${kind} is named ${letter}<number>, e.g. ${letter}${text.slice(1)}`,
      {
        hint: `run \`${LIST[kind]}\` to see the ${kind} numbers`,
      },
    );
  }
  throw new MeldError(`"${shown}" is not ${article(kind)} ${kind} reference: use ${letter}<number>, e.g. ${letter}12`, {
    hint: `run \`${LIST[kind]}\` to see them`,
  });
}
