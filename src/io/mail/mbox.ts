// Splitting an mbox stream into messages, without ever holding a whole message: each message
// keeps its header block (up to MAX_HEADER_BYTES), the first `keepBody` bytes of its body and
// the last TAIL_BYTES (to see a multipart's closing boundary), and counts the rest. So a 50 MB
// attachment costs nothing, and neither does a 10 GB Takeout `All Mail`.
//
// A message starts at a line `From ` that follows a blank line (or starts the file), as every
// writer of mboxo/mboxrd puts one (Gmail Takeout, Thunderbird, Apple Mail, Python, mutt); a
// `From ` line that looks like a separator (`From addr Mon Jan  1 10:00:00 2024`) starts one
// even without the blank line. Body lines quoted as `>From ` are unquoted in the kept body.
// LF and CRLF line ends both work.

/** A header block larger than this is not a mail header: the message is reported unreadable. */
export const MAX_HEADER_BYTES = 1024 * 1024;
/** The end of each message kept to check that a multipart message is whole. */
const TAIL_BYTES = 512;
/** A line longer than this (no newline in a megabyte) is body text, never a separator. */
const MAX_LINE_BYTES = 1024 * 1024;

const NL = 10;
const CR = 13;
const FROM = Buffer.from('From ');
const NL_FROM = Buffer.from('\nFrom ');
/** Bytes allowed before the first message: blank lines and a UTF-8 byte order mark. */
const preamble = (b: number) => b === NL || b === CR || b === 32 || b === 9 || b === 0xef || b === 0xbb || b === 0xbf;
const SEPARATOR_LINE = /^From \S+ +(?:\w{3},? +)?\w{3} +\d{1,2} +\d{1,2}:\d\d(?::\d\d)? +(?:\S+ +)?\d{4}/;

export interface RawMail {
  /** 1-based position in its source. */
  index: number;
  /** The header block, without the blank line that ends it (empty when it never ended). */
  header: Buffer;
  /** Whether the blank line ending the header block was seen. */
  headerEnded: boolean;
  /** The first bytes of the body (only as many as asked for). */
  body: Buffer;
  /** The last bytes of the message. */
  tail: Buffer;
  /** The size of the message in bytes, separator line excluded. */
  size: number;
  /** The file the message came from (a folder of .eml, a Thunderbird profile). */
  file: string | null;
  /** The mbox folder it was in ("Sent", "Drafts", "Junk"), as its file name says; null for one file. */
  folder: string | null;
}

class MessageBuilder {
  private headerParts: Buffer[] = [];
  private headerSize = 0;
  header: Buffer = Buffer.alloc(0);
  headerEnded = false;
  headerOverflow = false;
  private bodyParts: Buffer[] = [];
  private bodySize = 0;
  private tailBuf: Buffer = Buffer.alloc(0);
  size = 0;
  /** The last byte seen was a LF: a header block may end with the next blank line. */
  private atLineStart = true;

  constructor(
    readonly index: number,
    private readonly keepBody: number,
  ) {}

  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.size += chunk.length;
    this.tailBuf =
      chunk.length >= TAIL_BYTES
        ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES))
        : Buffer.concat([this.tailBuf, chunk]).subarray(-TAIL_BYTES);
    if (!this.headerEnded && !this.headerOverflow) {
      const start = this.headerSize;
      this.headerParts.push(chunk);
      this.headerSize += chunk.length;
      const joined = this.headerParts.length === 1 ? chunk : Buffer.concat(this.headerParts);
      this.headerParts = [joined];
      const end = headerEnd(joined, Math.max(0, start - 2), this.atLineStart && start === 0);
      if (end) {
        this.header = Buffer.from(joined.subarray(0, end.header));
        this.headerEnded = true;
        this.headerParts = [];
        this.keep(joined.subarray(end.body));
      } else if (this.headerSize > MAX_HEADER_BYTES) {
        this.headerOverflow = true;
        this.headerParts = [];
      }
      return;
    }
    if (this.headerEnded) this.keep(chunk);
  }

  private keep(chunk: Buffer): void {
    if (this.bodySize >= this.keepBody || chunk.length === 0) return;
    const part = chunk.subarray(0, this.keepBody - this.bodySize);
    this.bodyParts.push(Buffer.from(part));
    this.bodySize += part.length;
  }

  finish(file: string | null, folder: string | null): RawMail {
    if (!this.headerEnded && !this.headerOverflow) {
      // A message that is all header (no body, no blank line): its header is what there is.
      const joined = Buffer.concat(this.headerParts);
      this.header = trimEnd(joined);
    }
    return {
      index: this.index,
      header: this.header,
      headerEnded: this.headerEnded,
      body: unquoteFrom(Buffer.concat(this.bodyParts)),
      tail: this.tailBuf,
      size: this.size,
      file,
      folder,
    };
  }
}

/** Where the header block ends: the first empty line (LF or CRLF). */
function headerEnd(buf: Buffer, from: number, startsAtLine: boolean): { header: number; body: number } | null {
  if (startsAtLine && from === 0) {
    if (buf[0] === NL) return { header: 0, body: 1 };
    if (buf[0] === CR && buf[1] === NL) return { header: 0, body: 2 };
  }
  let i = buf.indexOf(NL, from);
  while (i >= 0) {
    if (buf[i + 1] === NL) return { header: i > 0 && buf[i - 1] === CR ? i - 1 : i, body: i + 2 };
    if (buf[i + 1] === CR && buf[i + 2] === NL) return { header: i > 0 && buf[i - 1] === CR ? i - 1 : i, body: i + 3 };
    i = buf.indexOf(NL, i + 1);
  }
  return null;
}

function trimEnd(buf: Buffer): Buffer {
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === NL || buf[end - 1] === CR)) end--;
  return buf.subarray(0, end);
}

/** `>From ` -> `From `, `>>From ` -> `>From ` (mboxrd; mboxo quotes only the first level). */
function unquoteFrom(body: Buffer): Buffer {
  if (body.indexOf('>From ') < 0) return body;
  return Buffer.from(body.toString('latin1').replace(/^>(>*From )/gm, '$1'), 'latin1');
}

/** Whether the line before `at` (a line start, `buf[at - 1]` a LF) is blank. */
function blankBefore(buf: Buffer, at: number): boolean {
  const lf = at - 1;
  if (lf === 0) return true;
  if (buf[lf - 1] === NL) return true;
  return buf[lf - 1] === CR && (lf - 1 === 0 || buf[lf - 2] === NL);
}

/** The mbox stream ended inside a message: the messages before it were read whole. */
export class TruncatedMailbox extends Error {
  constructor(
    /** Messages read whole before the damaged one. */
    readonly complete: number,
    readonly why: string,
  ) {
    super(why);
  }
}

/**
 * The messages of an mbox byte stream, one by one. Throws TruncatedMailbox at the end when the
 * last message was cut off (its header never ended, its last line has no line end, or a
 * multipart's closing boundary is missing); every message before it has been yielded.
 */
export async function* mboxMessages(
  input: AsyncIterable<Buffer>,
  opts: { keepBody: number; file?: string | null; folder?: string | null },
): AsyncGenerator<RawMail> {
  const file = opts.file ?? null;
  const folder = opts.folder ?? null;
  let carry: Buffer | null = null;
  /** `carry` (or the next chunk) begins in the middle of a line. */
  let midLine = false;
  let prevBlank = true;
  let current: MessageBuilder | null = null;
  let count = 0;
  let lastByte = -1;
  const done: RawMail[] = [];

  const region = (buf: Buffer, startsMidLine: boolean) => {
    let start = 0;
    let search = 0;
    for (;;) {
      let at: number;
      if (search === 0 && !startsMidLine && buf.length >= 5 && buf.subarray(0, 5).equals(FROM)) at = 0;
      else {
        const nl = buf.indexOf(NL_FROM, search === 0 ? 0 : search - 1);
        if (nl < 0) break;
        at = nl + 1;
      }
      search = at + 1;
      let lineEnd = buf.indexOf(NL, at);
      if (lineEnd < 0) lineEnd = buf.length - 1;
      const blank = at === 0 ? prevBlank : blankBefore(buf, at);
      if (!blank && !SEPARATOR_LINE.test(buf.toString('latin1', at, Math.min(lineEnd, at + 200)))) continue;
      if (current) {
        current.append(buf.subarray(start, at));
        done.push(current.finish(file, folder));
      } else if (!buf.subarray(start, at).every(preamble)) {
        throw new NotMbox();
      }
      current = new MessageBuilder(++count, opts.keepBody);
      start = lineEnd + 1;
      search = start;
      if (start >= buf.length) break;
    }
    if (start < buf.length) {
      if (current) current.append(buf.subarray(start));
      else if (!buf.subarray(start).every(preamble)) throw new NotMbox();
    }
    if (buf.length > 0) {
      // Whether the last (complete) line of this region is blank.
      prevBlank =
        buf[buf.length - 1] === NL && !(startsMidLine && buf.indexOf(NL) === buf.length - 1) && lastLineBlank(buf);
    }
  };

  for await (const chunk of input) {
    if (chunk.length === 0) continue;
    lastByte = chunk[chunk.length - 1]!;
    const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const startsMidLine = midLine;
    const cut = data.lastIndexOf(NL);
    if (cut < 0) {
      if (data.length > MAX_LINE_BYTES) {
        // No line end in a megabyte: this is body text (or not a mailbox at all).
        region(data, startsMidLine);
        carry = null;
        midLine = true;
        prevBlank = false;
      } else carry = data;
    } else {
      region(data.subarray(0, cut + 1), startsMidLine);
      carry = cut + 1 < data.length ? Buffer.from(data.subarray(cut + 1)) : null;
      midLine = false;
    }
    while (done.length > 0) yield done.shift()!;
  }
  if (carry) region(carry, midLine);
  if (current) {
    const last = (current as MessageBuilder).finish(file, folder);
    const why = damage(last, lastByte);
    if (why) throw new TruncatedMailbox(count - 1, why);
    done.push(last);
  }
  while (done.length > 0) yield done.shift()!;
  if (count === 0) throw new NotMbox();
}

/** Whether the last line of `buf` (which ends with LF) is empty. */
function lastLineBlank(buf: Buffer): boolean {
  const last = buf.length - 1;
  if (last === 0) return true;
  if (buf[last - 1] === NL) return true;
  return buf[last - 1] === CR && (last - 1 === 0 || buf[last - 2] === NL);
}

/** The stream held no mbox message (or text before the first `From ` line). */
export class NotMbox extends Error {
  constructor() {
    super('not an mbox');
  }
}

/** Why the last message of a stream looks cut off, or null when it looks whole. */
export function damage(mail: RawMail, lastByte: number): string | null {
  if (!mail.headerEnded && mail.size > 0 && lastByte !== NL) return 'its header is cut off';
  if (lastByte !== NL) return 'its last line is cut off';
  const boundary = multipartBoundary(mail.header);
  if (boundary !== null && !mail.tail.includes(`--${boundary}--`)) return `its closing MIME boundary is missing`;
  return null;
}

/** The boundary of a top-level multipart message, from its raw header. */
export function multipartBoundary(header: Buffer): string | null {
  const text = header.toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const type = /^content-type:[ \t]*multipart\/[^\n]*/im.exec(text);
  if (!type) return null;
  const b = /boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(type[0]);
  return b ? (b[1] ?? b[2] ?? null) : null;
}

/** One message (an .eml file) from a byte stream; `.emlx` files start with a byte count line. */
export async function singleMessage(
  input: AsyncIterable<Buffer>,
  opts: { keepBody: number; file: string; skipFirstLine?: boolean; index: number; folder?: string | null },
): Promise<RawMail> {
  const builder = new MessageBuilder(opts.index, opts.keepBody);
  let skip = Boolean(opts.skipFirstLine);
  for await (let chunk of input) {
    if (skip) {
      const nl = chunk.indexOf(NL);
      if (nl < 0) continue;
      chunk = chunk.subarray(nl + 1);
      skip = false;
    }
    builder.append(chunk);
  }
  return builder.finish(opts.file, opts.folder ?? null);
}
