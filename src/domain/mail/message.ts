// One mail message as the mail import sees it: the headers that say who wrote to whom and
// when, read from an mbox or an .eml by src/io/mail (which decodes encoded words and
// charsets). Everything here is plain data; deciding what a message means is in ./classify.ts.

export interface MailAddress {
  /** As written (case kept); see ./addresses.ts for how addresses are compared. */
  address: string;
  /** The display name, decoded; '' when none. */
  name: string;
}

export interface MailMessage {
  /** 1-based position in the mailbox (across the files of a folder). */
  index: number;
  /** The file it came from, for a folder of .eml files or a Thunderbird profile. */
  file: string | null;
  /** The mbox folder it was in, from the file name ("Sent", "Drafts", "Junk"); null for one file. */
  folder: string | null;
  /** The Message-ID without its angle brackets; null when the message has none. */
  messageId: string | null;
  /** When it was written, from its Date header; null when missing or unreadable. */
  date: Date | null;
  /** The Date header as written (for the example of an unreadable one); null when missing. */
  dateText: string | null;
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  /** Delivered-To / X-Original-To: who the mail server delivered it to. */
  deliveredTo: string[];
  subject: string | null;
  /** Gmail labels (X-Gmail-Labels), decoded. */
  labels: string[];
  /** The headers the import decides with, lower-case names: auto-submitted, list-id,
   * list-unsubscribe, precedence, x-autoreply, x-mozilla-draft-info, content-type ... */
  flags: Record<string, string>;
  /** The first characters of the plain text, when the import keeps bodies. */
  body: string | null;
  /** Why the message could not be read at all (a header block over 1 MB, no header), else null. */
  unreadable: string | null;
}
