// What one message means for the touch log: skipped (and why), or a touch between the owner
// and the people on file it names. Pure: the message and an index of addresses in, a verdict out.
import type { Prospect } from '../types.js';
import { addressKey } from './addresses.js';
import type { MailAddress, MailMessage } from './message.js';

export const SKIP_REASONS = [
  'chat',
  'spam',
  'trash',
  'draft',
  'no-date',
  'auto-reply',
  'mailing-list',
  'unreadable',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** How each reason reads in the summary. */
export const SKIP_LABEL: Readonly<Record<SkipReason, string>> = {
  chat: 'chat transcripts',
  spam: 'spam',
  trash: 'trash',
  draft: 'drafts',
  'no-date': 'no readable date',
  'auto-reply': 'auto-replies (out of office, calendar)',
  'mailing-list': 'mailing lists and newsletters',
  unreadable: 'unreadable',
};

export type Direction = 'sent' | 'received';

/** Who is who: the owner's addresses and the people on file, by address key. */
export interface MailIndex {
  owner: ReadonlySet<string>;
  /** Address key -> the prospects with that address (usually one). */
  people: ReadonlyMap<string, readonly number[]>;
}

export function mailIndex(prospects: readonly Prospect[], myEmails: readonly string[]): MailIndex {
  const people = new Map<string, number[]>();
  for (const p of prospects) {
    const keys = new Set<string>();
    for (const e of [p.email, ...p.otherEmails]) if (e) keys.add(addressKey(e));
    for (const key of keys) {
      const ids = people.get(key);
      if (ids) ids.push(p.id);
      else people.set(key, [p.id]);
    }
  }
  return { owner: new Set(myEmails.map(addressKey)), people };
}

const FOLDER_SKIP: ReadonlyMap<string, SkipReason> = new Map([
  ['drafts', 'draft'],
  ['draft', 'draft'],
  ['templates', 'draft'],
  ['spam', 'spam'],
  ['junk', 'spam'],
  ['junk e-mail', 'spam'],
  ['junk email', 'spam'],
  ['bulk mail', 'spam'],
  ['trash', 'trash'],
  ['bin', 'trash'],
  ['deleted', 'trash'],
  ['deleted items', 'trash'],
  ['deleted messages', 'trash'],
]);

const LABEL_SKIP: ReadonlyMap<string, SkipReason> = new Map([
  ['chat', 'chat'],
  ['chats', 'chat'],
  ['spam', 'spam'],
  ['trash', 'trash'],
  ['draft', 'draft'],
  ['drafts', 'draft'],
]);

/** Thunderbird's X-Mozilla-Status bit for a message deleted but not yet compacted away. */
const MOZILLA_EXPUNGED = 0x0008;

/** Why the message is not a touch at all, whoever it is from; null when it may be one. */
export function skipReason(msg: MailMessage): SkipReason | null {
  if (msg.unreadable !== null) return 'unreadable';
  for (const label of msg.labels) {
    const reason = LABEL_SKIP.get(label.toLowerCase());
    if (reason) return reason;
  }
  const folder = msg.folder ? FOLDER_SKIP.get(msg.folder.toLowerCase()) : undefined;
  if (folder) return folder;
  const f = msg.flags;
  const mozilla = f['x-mozilla-status'] ? Number.parseInt(f['x-mozilla-status'], 16) : 0;
  if (Number.isFinite(mozilla) && mozilla & MOZILLA_EXPUNGED) return 'trash';
  if (f['x-uniform-type-identifier']?.toLowerCase() === 'com.apple.mail-draft' || f['x-apple-mail-draft'] !== undefined)
    return 'draft';
  const auto = f['auto-submitted']?.trim().toLowerCase();
  if ((auto && !auto.startsWith('no')) || f['x-autoreply'] !== undefined || f['x-autorespond'] !== undefined)
    return 'auto-reply';
  if (/^auto[-_]?reply$/i.test(f.precedence?.trim() ?? '')) return 'auto-reply';
  if (/^text\/calendar\b[\s\S]*\bmethod="?reply/i.test(f['content-type'] ?? '')) return 'auto-reply';
  if (msg.date === null) return 'no-date';
  return null;
}

/** A message from a mailing list or a bulk sender (newsletters have List-Unsubscribe). */
export function isListMail(msg: MailMessage): boolean {
  const f = msg.flags;
  return (
    f['list-id'] !== undefined ||
    f['list-unsubscribe'] !== undefined ||
    /^(?:bulk|list|junk)$/i.test(f.precedence?.trim() ?? '')
  );
}

export type Reading =
  | { kind: 'skip'; reason: SkipReason }
  | {
      kind: 'mail';
      direction: Direction;
      /** The people on file it touches (sent: its known recipients; received: its sender). */
      people: number[];
      /** The addresses it names that are neither the owner nor anyone on file. */
      unknown: MailAddress[];
    };

/**
 * What the message is: sent by the owner to the people it names in To/Cc/Bcc, or received by
 * the owner from its sender. Mail from a list or a newsletter is no touch, unless the owner
 * sent it. Every message reads as one or the other: a mailbox holds the owner's mail.
 */
export function readMessage(msg: MailMessage, index: MailIndex): Reading {
  const reason = skipReason(msg);
  if (reason) return { kind: 'skip', reason };
  const fromKey = msg.from ? addressKey(msg.from.address) : null;
  if (fromKey !== null && index.owner.has(fromKey)) {
    const people = new Set<number>();
    const unknown: MailAddress[] = [];
    const seen = new Set<string>();
    for (const a of [...msg.to, ...msg.cc, ...msg.bcc]) {
      const key = addressKey(a.address);
      if (index.owner.has(key) || seen.has(key)) continue;
      seen.add(key);
      const ids = index.people.get(key);
      if (ids) for (const id of ids) people.add(id);
      else unknown.push(a);
    }
    return { kind: 'mail', direction: 'sent', people: [...people], unknown };
  }
  if (isListMail(msg)) return { kind: 'skip', reason: 'mailing-list' };
  if (fromKey === null || msg.from === null) return { kind: 'mail', direction: 'received', people: [], unknown: [] };
  const ids = index.people.get(fromKey);
  return {
    kind: 'mail',
    direction: 'received',
    people: ids ? [...ids] : [],
    unknown: ids ? [] : [msg.from],
  };
}
