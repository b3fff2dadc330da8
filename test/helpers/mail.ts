// Mailboxes made by the tests themselves: Python's `mailbox` module writes mbox files the way
// mail programs do (a `From ` line per message, `>From ` quoting in bodies), and hand-written
// bytes cover what it does not (Thunderbird's `From - ` lines, CRLF, damage).
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './harness.js';

export interface TestMessage {
  from: string;
  to?: string;
  cc?: string;
  subject?: string;
  /** An RFC 2822 date; omit for a message without a Date header. */
  date?: string;
  messageId?: string;
  body?: string;
  /** Further headers, as written. */
  headers?: Record<string, string>;
}

/** The message as RFC 822 text (LF line ends). */
export function messageText(m: TestMessage): string {
  const lines = [`From: ${m.from}`];
  if (m.to !== undefined) lines.push(`To: ${m.to}`);
  if (m.cc !== undefined) lines.push(`Cc: ${m.cc}`);
  if (m.subject !== undefined) lines.push(`Subject: ${m.subject}`);
  if (m.date !== undefined) lines.push(`Date: ${m.date}`);
  if (m.messageId !== undefined) lines.push(`Message-ID: <${m.messageId}>`);
  for (const [k, v] of Object.entries(m.headers ?? {})) lines.push(`${k}: ${v}`);
  if (!Object.keys(m.headers ?? {}).some((k) => k.toLowerCase() === 'content-type'))
    lines.push('Content-Type: text/plain; charset=utf-8');
  return `${lines.join('\n')}\n\n${m.body ?? 'Hello.'}\n`;
}

const PYTHON_MBOX = `
import json, mailbox, sys, email, time
spec = json.load(sys.stdin)
box = mailbox.mbox(spec['path'], create=True)
box.lock()
for m in spec['messages']:
    msg = mailbox.mboxMessage(email.message_from_bytes(m['text'].encode('utf-8')))
    msg.set_from(m['envelope'], time.gmtime(m['time']))
    box.add(msg)
box.flush()
box.unlock()
box.close()
`;

/** An mbox written by Python's mailbox module (mboxo: body lines `From ` become `>From `). */
export function pythonMbox(messages: TestMessage[], name = 'mail.mbox', dir = tempDir('meld-mail-')): string {
  const path = join(dir, name);
  const spec = {
    path,
    messages: messages.map((m, i) => ({
      text: messageText(m),
      envelope: m.from.replace(/^.*<|>.*$/g, ''),
      time: 1_700_000_000 + i * 60,
    })),
  };
  execFileSync('python3', ['-c', PYTHON_MBOX], { input: JSON.stringify(spec) });
  return path;
}

/** Bytes written as they are: for line ends and separators Python would not write. */
export function rawFile(content: string | Buffer, name: string, dir = tempDir('meld-mail-')): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A folder of .eml files, one per message. */
export function emlFolder(messages: TestMessage[], dir = join(tempDir('meld-mail-'), 'mail')): string {
  mkdirSync(dir, { recursive: true });
  messages.forEach((m, i) => {
    writeFileSync(join(dir, `${String(i + 1).padStart(3, '0')}.eml`), messageText(m));
  });
  return dir;
}

/**
 * A generated mbox of about `bytes` bytes, written as a stream (never held): Takeout-like
 * messages from `people` correspondents to and from `owner`, one in 50 with a 1 MB attachment.
 * Returns how many messages it holds.
 */
export async function generateMbox(
  path: string,
  bytes: number,
  opts: { owner: string; people: number },
): Promise<number> {
  const out = createWriteStream(path);
  const body = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n'.repeat(30);
  const attachment = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0123456789abcdefghijklmnopqrstuvwxyzABCDEFG\n'.repeat(13_000);
  let written = 0;
  let n = 0;
  while (written < bytes) {
    n++;
    const who = `person${n % opts.people}@example.com`;
    const sent = n % 3 === 0;
    const from = sent ? opts.owner : who;
    const to = sent ? who : opts.owner;
    const day = 1 + (n % 28);
    const text =
      `From ${n}@xxx Mon Jan ${String(day).padStart(2, ' ')} 10:00:00 +0000 2024\n` +
      `X-GM-THRID: ${n}\nX-Gmail-Labels: ${sent ? 'Sent' : 'Inbox'},Important\n` +
      `Message-ID: <m${n}@example.com>\nDate: Mon, ${day} Jan 2024 10:00:00 +0000\n` +
      `From: ${from}\nTo: ${to}\nSubject: =?UTF-8?B?w4l0w6k=?= ${n}\nMIME-Version: 1.0\n` +
      `Content-Type: multipart/mixed; boundary="b${n}"\n\n` +
      `--b${n}\nContent-Type: text/plain; charset=utf-8\n\n${body}>From the desk\n\n` +
      (n % 50 === 0
        ? `--b${n}\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n${attachment}`
        : '') +
      `--b${n}--\n\n`;
    written += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return n;
}
