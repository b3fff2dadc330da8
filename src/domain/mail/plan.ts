// A mailbox import, message by message: what each message adds to the touch log, what is
// skipped and why, who wrote that nobody on file is. The tally keeps counts and the touches to
// log, never the messages, so it stays small whatever the mailbox. Pure.
import { isValidEmail } from '../text.js';
import type { IsoDay } from '../types.js';
import { addressKey, isMachineAddress } from './addresses.js';
import { type Direction, type MailIndex, readMessage, SKIP_REASONS, type SkipReason } from './classify.js';
import type { MailMessage } from './message.js';

/** One email activity to log. */
export interface MailTouch {
  prospectId: number;
  /** When it was written (ISO instant). */
  at: string;
  direction: Direction;
  messageId: string | null;
  subject: string | null;
  body: string | null;
}

/** What a mail activity on file is recognised by, so a re-import adds nothing. */
export function mailKey(t: Pick<MailTouch, 'prospectId' | 'messageId' | 'at' | 'direction' | 'subject'>): string {
  // Without a Message-ID, the same date, direction and subject with the same person is the same mail.
  return t.messageId !== null
    ? `${t.prospectId}\u0000${t.messageId}`
    : `${t.prospectId}\u0000${t.at}\u0000${t.direction}\u0000${t.subject ?? ''}`;
}

/** Someone in the mailbox nobody on file is. */
export interface UnknownAddress {
  address: string;
  /** The name written most often beside the address; '' when none. */
  name: string;
  /** Messages naming them (as the sender of mail received, or a recipient of mail sent). */
  messages: number;
  /** Of those, messages the owner sent them. */
  sentTo: number;
  /** Their first message. */
  first: string;
  /** A no-reply, bounce or notification address. */
  machine: boolean;
  /** They sent mail from a mailing list or a newsletter. */
  list: boolean;
}

export interface SkipExample {
  index: number;
  file: string | null;
  subject: string | null;
  /** The Date header as written, for a message without a readable date. */
  date: string | null;
}

export interface MailCounts {
  /** Messages read. */
  read: number;
  /** Messages that touched someone on file (or someone --add-people adds). */
  touching: number;
  /** Activities the import logs. */
  activities: number;
  /** Touches already on file (an earlier import of the same mail). */
  already: number;
  /** Messages read that named nobody on file. */
  nobody: number;
  skipped: Record<SkipReason, number>;
}

/** A person `--add-people` adds: someone the owner wrote to at least twice. */
export interface MailPerson {
  address: string;
  name: string;
  firstSeen: IsoDay;
  touches: Omit<MailTouch, 'prospectId'>[];
}

export interface MailPlan {
  counts: MailCounts;
  /** Activities to log, in mailbox order (prospects on file). */
  touches: MailTouch[];
  /** People to add, with their activities (only with --add-people). */
  people: MailPerson[];
  examples: Partial<Record<SkipReason, SkipExample>>;
  /** Addresses nobody on file has, most frequent first. */
  unknown: UnknownAddress[];
  /** Per person on file: mail sent and received, and the last one. */
  perPerson: Map<number, { sent: number; received: number; last: string }>;
}

export interface TallyOptions {
  addPeople: boolean;
  /** Mail dated after this is taken as having no readable date (a wrong clock). */
  latest: Date;
  /** The calendar day of an instant (in the business time zone). */
  dayOf: (at: Date) => IsoDay;
}

/** How many times the owner must have written to someone for --add-people to add them. */
export const ADD_PEOPLE_MIN_SENT = 2;

interface Unknown extends UnknownAddress {
  names: Map<string, number>;
  pending: Omit<MailTouch, 'prospectId'>[];
}

export class MailTally {
  private readonly counts: MailCounts = {
    read: 0,
    touching: 0,
    activities: 0,
    already: 0,
    nobody: 0,
    skipped: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>,
  };
  private readonly touches: MailTouch[] = [];
  private readonly keys: Set<string>;
  private readonly examples: Partial<Record<SkipReason, SkipExample>> = {};
  private readonly unknown = new Map<string, Unknown>();
  private readonly listSenders = new Set<string>();
  private readonly perPerson = new Map<number, { sent: number; received: number; last: string }>();

  constructor(
    private readonly index: MailIndex,
    /** mailKey()s of the mail activities already on file. */
    existing: ReadonlySet<string>,
    private readonly opts: TallyOptions,
  ) {
    this.keys = new Set(existing);
  }

  add(msg: MailMessage): void {
    this.counts.read++;
    let reading = readMessage(msg, this.index);
    if (reading.kind === 'mail' && msg.date !== null && msg.date > this.opts.latest) {
      reading = { kind: 'skip', reason: 'no-date' };
    }
    if (reading.kind === 'skip') {
      this.counts.skipped[reading.reason]++;
      this.examples[reading.reason] ??= {
        index: msg.index,
        file: msg.file,
        subject: msg.subject,
        date: msg.dateText,
      };
      if (reading.reason === 'mailing-list' && msg.from) this.listSenders.add(addressKey(msg.from.address));
      return;
    }
    const at = msg.date!.toISOString();
    const base = { at, direction: reading.direction, messageId: msg.messageId, subject: msg.subject, body: msg.body };
    let touched = false;
    for (const prospectId of reading.people) {
      touched = true;
      const key = mailKey({ prospectId, ...base });
      if (this.keys.has(key)) {
        this.counts.already++;
        continue;
      }
      this.keys.add(key);
      this.touches.push({ prospectId, ...base });
      this.counts.activities++;
      const seen = this.perPerson.get(prospectId) ?? { sent: 0, received: 0, last: at };
      seen[reading.direction]++;
      if (at > seen.last) seen.last = at;
      this.perPerson.set(prospectId, seen);
    }
    for (const a of reading.unknown) {
      const key = addressKey(a.address);
      let u = this.unknown.get(key);
      if (!u) {
        u = {
          address: a.address.toLowerCase(),
          name: '',
          messages: 0,
          sentTo: 0,
          first: at,
          machine: isMachineAddress(a.address),
          list: false,
          names: new Map(),
          pending: [],
        };
        this.unknown.set(key, u);
      }
      u.messages++;
      if (reading.direction === 'sent') u.sentTo++;
      if (at < u.first) u.first = at;
      const name = a.name.trim();
      if (name !== '' && name.toLowerCase() !== a.address.toLowerCase())
        u.names.set(name, (u.names.get(name) ?? 0) + 1);
      if (this.opts.addPeople && !u.machine) u.pending.push(base);
    }
    if (touched) this.counts.touching++;
    else this.counts.nobody++;
  }

  plan(): MailPlan {
    const unknown: UnknownAddress[] = [];
    const people: MailPerson[] = [];
    for (const [key, u] of this.unknown) {
      u.list = this.listSenders.has(key);
      u.name = [...u.names].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
      const { names: _n, pending, ...shown } = u;
      unknown.push(shown);
      if (this.opts.addPeople && u.sentTo >= ADD_PEOPLE_MIN_SENT && !u.machine && !u.list && isValidEmail(u.address)) {
        // Within one import the same message (kept in two folders) is logged once.
        const seen = new Set<string>();
        const touches = pending.filter((t) => {
          const k = mailKey({ prospectId: 0, ...t });
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        people.push({
          address: u.address,
          name: u.name || nameFromAddress(u.address),
          firstSeen: this.opts.dayOf(new Date(u.first)),
          touches,
        });
      }
    }
    unknown.sort((a, b) => b.messages - a.messages || (a.address < b.address ? -1 : 1));
    people.sort((a, b) =>
      a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : a.address < b.address ? -1 : 1,
    );
    const counts = { ...this.counts, skipped: { ...this.counts.skipped } };
    counts.activities += people.reduce((sum, p) => sum + p.touches.length, 0);
    return {
      counts,
      touches: this.touches,
      people,
      examples: this.examples,
      unknown,
      perPerson: this.perPerson,
    };
  }
}

/** "ana.souza@x.com" -> "Ana Souza": a name to start with when the mail gave none. */
export function nameFromAddress(address: string): string {
  const local = address.split('@')[0] ?? address;
  const words = local
    .split('+')[0]!
    .split(/[._-]+/)
    .filter((w) => w !== '' && !/^\d+$/.test(w));
  if (words.length === 0) return address;
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}

/** The From address written most often: who the mailbox probably belongs to. */
export function likelyOwner(messages: Iterable<Pick<MailMessage, 'from' | 'labels' | 'folder'>>): string | null {
  const counts = new Map<string, { address: string; n: number }>();
  for (const m of messages) {
    if (!m.from) continue;
    const key = addressKey(m.from.address);
    const c = counts.get(key) ?? { address: m.from.address.toLowerCase(), n: 0 };
    // Mail in a Sent folder or with Gmail's Sent label is the owner's for sure.
    c.n += m.labels.some((l) => l.toLowerCase() === 'sent') || /^sent/i.test(m.folder ?? '') ? 3 : 1;
    counts.set(key, c);
  }
  let best: { address: string; n: number } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.address ?? null;
}
