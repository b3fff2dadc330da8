import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/domain/mail/message.js';
import { DamagedMailbox, readMail } from '../../src/io/mail/read.js';
import { detectMail, UnreadableGzip } from '../../src/io/mail/source.js';
import { tempDir } from '../helpers/harness.js';
import { emlFolder, messageText, pythonMbox, rawFile } from '../helpers/mail.js';

async function read(path: string, withBody = false): Promise<MailMessage[]> {
  const source = await detectMail(path);
  if (!source) throw new Error(`${path} not recognised as mail`);
  const out: MailMessage[] = [];
  for await (const m of readMail(source, { withBody })) out.push(m);
  return out;
}

const ana = { from: 'Ana Souza <ana@example.com>', to: 'Me <me@example.org>' };

describe('reading mailboxes', () => {
  it('reads a Gmail Takeout mbox with its labels, a chat transcript among the mail', async () => {
    const path = pythonMbox([
      {
        ...ana,
        subject: 'Quote',
        date: 'Tue, 3 Nov 2026 10:00:00 +0100',
        messageId: 'q1@example.com',
        headers: { 'X-GM-THRID': '1', 'X-Gmail-Labels': 'Inbox,Important,Opened' },
      },
      {
        from: 'Ana Souza <ana@example.com>',
        subject: 'Chat with Ana Souza',
        date: 'Tue, 3 Nov 2026 11:00:00 +0000',
        headers: { 'X-Gmail-Labels': 'Chat' },
      },
    ]);
    const [mail, chat] = await read(path);
    expect(mail).toMatchObject({
      index: 1,
      messageId: 'q1@example.com',
      subject: 'Quote',
      from: { address: 'ana@example.com', name: 'Ana Souza' },
      to: [{ address: 'me@example.org', name: 'Me' }],
      labels: ['Inbox', 'Important', 'Opened'],
    });
    expect(mail!.date!.toISOString()).toBe('2026-11-03T09:00:00.000Z');
    expect(chat!.labels).toEqual(['Chat']);
  });

  it('keeps a body line starting "From " inside its message (Python quotes it as ">From ") and unquotes it', async () => {
    const path = pythonMbox([
      { ...ana, subject: 'one', date: 'Tue, 3 Nov 2026 10:00:00 +0000', body: 'Hi\n\nFrom now on we talk.\nBye' },
      { ...ana, subject: 'two', date: 'Wed, 4 Nov 2026 10:00:00 +0000' },
    ]);
    const messages = await read(path, true);
    expect(messages.map((m) => m.subject)).toEqual(['one', 'two']);
    expect(messages[0]!.body).toBe('Hi\n\nFrom now on we talk.\nBye');
  });

  it("reads Thunderbird's mbox: `From - ` separators, `>From ` quoting, X-Mozilla headers", async () => {
    const path = rawFile(
      [
        'From - Tue Nov  3 10:00:00 2026',
        'X-Mozilla-Status: 0001',
        'X-Mozilla-Status2: 00000000',
        'From: Ana Souza <ana@example.com>',
        'To: me@example.org',
        'Subject: first',
        'Date: Tue, 3 Nov 2026 10:00:00 +0000',
        '',
        'Line one',
        '>From the top of the list',
        '>>From quoted twice',
        '',
        'From - Wed Nov  4 10:00:00 2026',
        'X-Mozilla-Status: 0009',
        'From: Ana Souza <ana@example.com>',
        'Subject: second',
        'Date: Wed, 4 Nov 2026 10:00:00 +0000',
        '',
        'deleted, not yet compacted',
        '',
      ].join('\n'),
      'Inbox',
    );
    const messages = await read(path, true);
    expect(messages.map((m) => [m.subject, m.folder, m.flags['x-mozilla-status']])).toEqual([
      ['first', 'Inbox', '0001'],
      ['second', 'Inbox', '0009'],
    ]);
    expect(messages[0]!.body).toBe('Line one\nFrom the top of the list\n>From quoted twice');
  });

  it('splits only at a `From ` line after a blank line or one that looks like a separator', async () => {
    const path = rawFile(
      [
        'From ana@example.com Tue Nov  3 10:00:00 2026',
        'From: ana@example.com',
        'Subject: one',
        'Date: Tue, 3 Nov 2026 10:00:00 +0000',
        '',
        'Dear me,',
        'From here on it is a body line, not a message',
        'From mutt@example.com Wed Nov  4 10:00:00 2026',
        'From: ana@example.com',
        'Subject: two',
        'Date: Wed, 4 Nov 2026 10:00:00 +0000',
        '',
        'x',
        '',
      ].join('\n'),
      'box.mbox',
    );
    expect((await read(path)).map((m) => m.subject)).toEqual(['one', 'two']);
  });

  it('reads CRLF line ends', async () => {
    const text = [
      'From ana@example.com Tue Nov  3 10:00:00 2026',
      'From: Ana <ana@example.com>',
      'Subject: crlf',
      'Date: Tue, 3 Nov 2026 10:00:00 +0000',
      'Message-ID: <crlf@example.com>',
      '',
      'body',
      '',
      'From ana@example.com Tue Nov  3 11:00:00 2026',
      'From: Ana <ana@example.com>',
      'Subject: crlf 2',
      'Date: Tue, 3 Nov 2026 11:00:00 +0000',
      '',
      'body 2',
      '',
    ].join('\r\n');
    const messages = await read(rawFile(text, 'crlf.mbox'), true);
    expect(messages.map((m) => [m.subject, m.messageId, m.body])).toEqual([
      ['crlf', 'crlf@example.com', 'body'],
      ['crlf 2', null, 'body 2'],
    ]);
  });

  it('decodes encoded headers: UTF-8 base64, ISO-8859-1 quoted-printable, raw Latin-1 bytes', async () => {
    const head = 'From x@y Tue Nov  3 10:00:00 2026\nDate: Tue, 3 Nov 2026 10:00:00 +0000\n';
    const bytes = Buffer.concat([
      Buffer.from(
        `${head}From: =?UTF-8?B?Sm9zw6kgR2FyY8OtYQ==?= <jose@example.com>\nSubject: =?UTF-8?B?T2zDoSwgw6l0w6k=?=\n\nx\n\n`,
      ),
      Buffer.from(
        `${head}From: =?ISO-8859-1?Q?Fran=E7ois_M=FCller?= <fm@example.com>\nSubject: =?iso-8859-1?q?R=E9union?=\n =?iso-8859-1?q?_demain?=\n\nx\n\n`,
      ),
      Buffer.from(`${head}From: ana@example.com\nSubject: Caf\xe9 cr\xe8me\n\nx\n`, 'latin1'),
    ]);
    const messages = await read(rawFile(bytes, 'enc.mbox'));
    expect(messages.map((m) => [m.from?.name, m.subject])).toEqual([
      ['José García', 'Olá, été'],
      ['François Müller', 'Réunion demain'],
      ['', 'Café crème'],
    ]);
  });

  it('gives no date to a message without one, and keeps what an unreadable one said', async () => {
    const messages = await read(
      pythonMbox([
        { ...ana, subject: 'undated' },
        { ...ana, subject: 'garbled', date: 'sometime last week' },
      ]),
    );
    expect(messages.map((m) => [m.subject, m.date, m.dateText])).toEqual([
      ['undated', null, null],
      ['garbled', null, 'sometime last week'],
    ]);
  });

  it('reads a folder of .eml files (and Apple Mail .emlx) in name order, each with its file', async () => {
    const dir = emlFolder([
      { ...ana, subject: 'first', date: 'Tue, 3 Nov 2026 10:00:00 +0000' },
      { ...ana, subject: 'second', date: 'Wed, 4 Nov 2026 10:00:00 +0000' },
    ]);
    const emlx = messageText({ ...ana, subject: 'third', date: 'Thu, 5 Nov 2026 10:00:00 +0000' });
    writeFileSync(join(dir, '9.emlx'), `${Buffer.byteLength(emlx)}\n${emlx}<?xml version="1.0"?><plist/>`);
    writeFileSync(join(dir, 'notes.txt'), 'not mail');
    const source = await detectMail(dir);
    expect(source?.label).toBe('folder of .eml');
    const messages = await read(dir);
    expect(messages.map((m) => [m.index, m.subject, m.file?.slice(dir.length + 1)])).toEqual([
      [1, 'first', '001.eml'],
      [2, 'second', '002.eml'],
      [3, 'third', '9.emlx'],
    ]);
  });

  it("reads Apple Mail's export folder (Name.mbox/mbox) and names the folder by it", async () => {
    const dir = join(tempDir('meld-mail-'), 'Drafts.mbox');
    mkdirSync(dir);
    pythonMbox([{ ...ana, subject: 'unsent', date: 'Tue, 3 Nov 2026 10:00:00 +0000' }], 'mbox', dir);
    writeFileSync(join(dir, 'table_of_contents'), Buffer.from([0, 1, 2, 3]));
    const [m] = await read(join(dir, '..'));
    expect([m!.subject, m!.folder]).toEqual(['unsent', 'Drafts']);
  });

  it('reads a gzipped mbox', async () => {
    const plain = pythonMbox([
      { ...ana, subject: 'one', date: 'Tue, 3 Nov 2026 10:00:00 +0000' },
      { ...ana, subject: 'two', date: 'Wed, 4 Nov 2026 10:00:00 +0000' },
    ]);
    const path = rawFile(gzipSync(readFileSync(plain)), 'Takeout.mbox.gz');
    expect((await detectMail(path))?.label).toBe('mbox (gzip)');
    expect((await read(path)).map((m) => m.subject)).toEqual(['one', 'two']);
  });

  it('tells mail from lists: a CSV, a vCard and JSON are not mail', async () => {
    expect(await detectMail(rawFile('name,email\nAna,ana@example.com\n', 'a.csv'))).toBeNull();
    expect(await detectMail(rawFile('BEGIN:VCARD\nFN:Ana\nEND:VCARD\n', 'a.vcf'))).toBeNull();
    expect(await detectMail(rawFile('From: Ana\nName: x\n', 'odd.txt'))).toBeNull();
    expect(await detectMail(rawFile('[{"name":"Ana"}]', 'a.json'))).toBeNull();
    // by content, not by name: an mbox called .txt is mail
    expect((await detectMail(rawFile(messageText({ ...ana, subject: 'x' }), 'message.txt')))?.label).toBe(
      'mail message',
    );
  });

  it('reports a cut-off mbox after the messages before the damage', async () => {
    const whole = pythonMbox([
      { ...ana, subject: 'one', date: 'Tue, 3 Nov 2026 10:00:00 +0000' },
      { ...ana, subject: 'two', date: 'Wed, 4 Nov 2026 10:00:00 +0000', body: 'a long body that is cut' },
    ]);
    const bytes = readFileSync(whole);
    const cut = rawFile(bytes.subarray(0, bytes.length - 8), 'cut.mbox');
    const seen: string[] = [];
    const source = (await detectMail(cut))!;
    const error = await (async () => {
      try {
        for await (const m of readMail(source, { withBody: false })) seen.push(m.subject ?? '');
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual(['one']);
    expect(error).toBeInstanceOf(DamagedMailbox);
    expect(error).toMatchObject({ complete: 1, why: 'its last line is cut off' });
  });

  it('reports a multipart message whose closing boundary never came as cut off', async () => {
    const path = rawFile(
      'From a@b Tue Nov  3 10:00:00 2026\nFrom: a@example.com\nContent-Type: multipart/mixed; boundary="zz"\n\n--zz\nContent-Type: text/plain\n\nhello\n',
      'mp.mbox',
    );
    await expect(read(path)).rejects.toMatchObject({ complete: 0, why: 'its closing MIME boundary is missing' });
  });

  it('tells an unreadable .gz and a cut-off one apart', async () => {
    await expect(
      detectMail(rawFile(Buffer.from([0x1f, 0x8b, 0, 0, 1, 2, 3, 4]), 'bad.mbox.gz')),
    ).rejects.toBeInstanceOf(UnreadableGzip);
    const many = pythonMbox(
      Array.from({ length: 400 }, (_, i) => ({
        ...ana,
        subject: `m${i}`,
        date: 'Tue, 3 Nov 2026 10:00:00 +0000',
        body: `${i} ${'x'.repeat(2000)} ${Math.random()}`,
      })),
    );
    const gz = gzipSync(readFileSync(many));
    const cut = rawFile(gz.subarray(0, Math.floor(gz.length / 2)), 'cut.mbox.gz');
    const error = await read(cut).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DamagedMailbox);
    expect((error as DamagedMailbox).why).toBe('the .gz file is cut off');
    expect((error as DamagedMailbox).complete).toBeGreaterThan(0);
    expect((error as DamagedMailbox).complete).toBeLessThan(400);
  });
});
