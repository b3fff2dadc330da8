// From the bytes the mbox/.eml reader kept (header block, first bytes of the body) to a
// MailMessage. MIME is postal-mime's: encoded words (=?UTF-8?B?…?=, ISO-8859-1 and the other
// charsets), address lists with quoted names and groups, dates, and the text part of a body.
import type { MailAddress, MailMessage } from '../../domain/mail/message.js';
import type { RawMail } from './mbox.js';

interface PostalMime {
  parse: typeof import('postal-mime').default.parse;
  decodeWords: (text: string) => string;
}
type Email = import('postal-mime').Email;
type Address = import('postal-mime').Address;

/** The headers kept in MailMessage.flags. */
const FLAG_HEADERS = new Set([
  'auto-submitted',
  'x-autoreply',
  'x-autorespond',
  'precedence',
  'list-id',
  'list-unsubscribe',
  'list-post',
  'x-mozilla-draft-info',
  'x-mozilla-status',
  'x-uniform-type-identifier',
  'x-apple-mail-draft',
  'content-type',
  'status',
  'x-status',
]);

/** Characters of plain text kept with --with-body. */
export const BODY_CHARS = 500;
/** Bytes of the body read for those characters (a long HTML part comes before its text). */
export const BODY_BYTES = 64 * 1024;

let parser: PostalMime | null = null;

async function postalMime(): Promise<PostalMime> {
  if (!parser) {
    const mod = (await import('postal-mime')) as unknown as Partial<PostalMime> & { default?: Partial<PostalMime> };
    const parse = mod.default?.parse ?? mod.parse;
    const decodeWords = mod.decodeWords ?? mod.default?.decodeWords;
    if (!parse || !decodeWords) throw new Error('postal-mime: parse/decodeWords not found');
    parser = { parse: parse.bind(mod.default ?? mod), decodeWords };
  }
  return parser;
}

function mailboxes(list: Address[] | Address | undefined): MailAddress[] {
  const out: MailAddress[] = [];
  for (const a of list === undefined ? [] : Array.isArray(list) ? list : [list]) {
    if ('group' in a && Array.isArray(a.group)) {
      for (const m of a.group) if (m.address) out.push({ address: m.address, name: m.name ?? '' });
    } else if ('address' in a && a.address) out.push({ address: a.address, name: a.name ?? '' });
  }
  return out;
}

function plainText(email: Email): string | null {
  let text = email.text;
  if (!text && email.html) {
    text = email.html
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  }
  if (!text) return null;
  const clean = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*\n+/g, '\n\n')
    .trim();
  if (clean === '') return null;
  const chars = Array.from(clean);
  return chars.length > BODY_CHARS ? chars.slice(0, BODY_CHARS).join('') : clean;
}

function parsedDate(value: string | undefined): Date | null {
  if (!value) return null;
  // postal-mime gives an ISO string when it could read the date, else the header as it is.
  if (!/^\d{4}-\d\d-\d\dT/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The message `raw` as a MailMessage (bodies only when `withBody`). */
export async function parseMail(raw: RawMail, withBody: boolean): Promise<MailMessage> {
  const base = {
    index: raw.index,
    file: raw.file,
    folder: raw.folder,
  };
  const empty: MailMessage = {
    ...base,
    messageId: null,
    date: null,
    dateText: null,
    from: null,
    to: [],
    cc: [],
    bcc: [],
    deliveredTo: [],
    subject: null,
    labels: [],
    flags: {},
    body: null,
    unreadable: null,
  };
  if (raw.header.length === 0) return { ...empty, unreadable: raw.size > 0 ? 'no header' : 'empty' };
  const PostalMime = await postalMime();
  const sep = raw.header.includes('\r\n') ? '\r\n' : '\n';
  const bytes =
    withBody && raw.headerEnded
      ? Buffer.concat([raw.header, Buffer.from(sep + sep), raw.body])
      : Buffer.concat([raw.header, Buffer.from(sep + sep)]);
  let email: Email;
  try {
    email = await PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer', maxRfc822NestingDepth: 0 });
  } catch (error) {
    return { ...empty, unreadable: (error as Error).message };
  }
  const flags: Record<string, string> = {};
  const labels: string[] = [];
  const deliveredTo: string[] = [];
  let dateText: string | null = null;
  for (const h of email.headers) {
    if (FLAG_HEADERS.has(h.key) && !(h.key in flags)) flags[h.key] = h.value;
    else if (h.key === 'x-gmail-labels') {
      const decoded = PostalMime.decodeWords(h.value);
      for (const label of decoded.split(',')) if (label.trim() !== '') labels.push(label.trim());
    } else if (h.key === 'delivered-to' || h.key === 'x-original-to') {
      for (const a of h.value.split(',')) if (a.includes('@')) deliveredTo.push(a.replace(/[<>]/g, '').trim());
    } else if (h.key === 'date' && dateText === null) dateText = h.value.trim();
  }
  const messageId = email.messageId?.trim().replace(/^<|>$/g, '').trim() || null;
  return {
    ...base,
    messageId,
    date: parsedDate(email.date),
    dateText,
    from: mailboxes(email.from)[0] ?? mailboxes(email.sender)[0] ?? null,
    to: mailboxes(email.to),
    cc: mailboxes(email.cc),
    bcc: mailboxes(email.bcc),
    deliveredTo,
    subject: email.subject?.trim() || null,
    labels,
    flags,
    body: withBody ? plainText(email) : null,
    unreadable: null,
  };
}
