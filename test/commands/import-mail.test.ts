import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';
import { emlFolder, pythonMbox, rawFile, type TestMessage } from '../helpers/mail.js';

const ME = 'Me <me@example.org>';
const ANA = 'Ana Souza <ana@example.com>';

/** A data file with Ana and Bo on file and the owner's address set. */
async function people(myEmail = true): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['prospect', 'add', 'Ana Souza', '--email', 'ana@example.com'],
    ['prospect', 'add', 'Bo Lee', '--email', 'bo.lee@gmail.com'],
    ...(myEmail ? [['config', 'set', 'my-email', 'me@example.org']] : []),
  ]);
  return db;
}

/** A Gmail Takeout: mail both ways, a chat, spam, an undated message, a newsletter, a stranger. */
function takeout(): string {
  const labels = (l: string) => ({ 'X-GM-THRID': '1', 'X-Gmail-Labels': l });
  const messages: TestMessage[] = [
    {
      from: ANA,
      to: ME,
      subject: 'Quote?',
      date: 'Mon, 16 Nov 2026 09:00:00 +0000',
      messageId: 'q1@ex',
      headers: labels('Inbox,Opened'),
    },
    {
      from: ME,
      to: ANA,
      cc: 'Bo <B.o.Lee+crm@gmail.com>, Cleo <cleo@x.com>',
      subject: '=?UTF-8?B?UmU6IFF1b3RlPyDinJM=?=',
      date: 'Tue, 17 Nov 2026 10:30:00 +0100',
      messageId: 'q2@ex',
      headers: labels('Sent'),
    },
    {
      from: ANA,
      to: ME,
      subject: 'Chat with Ana Souza',
      date: 'Tue, 17 Nov 2026 11:00:00 +0000',
      headers: labels('Chat'),
    },
    { from: ANA, to: ME, subject: 'cheap pills', date: 'Tue, 17 Nov 2026 12:00:00 +0000', headers: labels('Spam') },
    { from: ANA, to: ME, subject: 'undated', messageId: 'u@ex', headers: labels('Inbox') },
    {
      from: 'Shop News <news@shop.example>',
      to: ME,
      subject: 'Sale',
      date: 'Wed, 18 Nov 2026 08:00:00 +0000',
      headers: { ...labels('Inbox'), 'List-Unsubscribe': '<mailto:u@shop.example>' },
    },
    {
      from: 'Cleo <cleo@x.com>',
      to: ME,
      subject: 'Hello',
      date: 'Wed, 18 Nov 2026 09:00:00 +0000',
      headers: labels('Inbox'),
    },
    {
      from: ANA,
      to: ME,
      subject: 'Away',
      date: 'Thu, 19 Nov 2026 09:00:00 +0000',
      headers: { 'Auto-Submitted': 'auto-replied' },
    },
  ];
  return pythonMbox(messages, 'All mail Including Spam and Trash.mbox');
}

describe('meld import <mailbox>', () => {
  it('logs each message as an email touch with the people on file, and says what it skipped', async () => {
    const db = await people();
    const box = takeout();
    const r = await runMeld(['import', box], { db });
    expect(r.stderr).toBe(
      [
        '✓ All mail Including Spam and Trash.mbox (mbox): 8 messages read, logged 3 emails with 2 people',
        '  skipped:',
        '    1 chat transcripts',
        '    1 spam',
        '    1 no readable date (e.g. message 5 "undated", no Date header)',
        '    1 auto-replies (out of office, calendar)',
        '    1 mailing lists and newsletters',
        '  1 message named nobody on file; the addresses seen most:',
        '         2  Cleo <cleo@x.com> (you wrote to them once)',
        '',
      ].join('\n'),
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.db?.activities.map((a) => [a.id, a.prospectId, a.type, a.text, a.at, a.mail])).toEqual([
      [
        1,
        1,
        'email',
        'Quote?',
        '2026-11-16T09:00:00.000Z',
        { direction: 'received', messageId: 'q1@ex', subject: 'Quote?', body: null },
      ],
      [
        2,
        1,
        'email',
        'Re: Quote? ✓',
        '2026-11-17T09:30:00.000Z',
        { direction: 'sent', messageId: 'q2@ex', subject: 'Re: Quote? ✓', body: null },
      ],
      [
        3,
        2,
        'email',
        'Re: Quote? ✓',
        '2026-11-17T09:30:00.000Z',
        { direction: 'sent', messageId: 'q2@ex', subject: 'Re: Quote? ✓', body: null },
      ],
    ]);
    const history = await runMeld(['history', '--json'], { db });
    expect(JSON.parse(history.stdout)[0]).toMatchObject({
      summary: 'import All mail Including Spam and Trash.mbox: 3 emails logged',
    });
  });

  it('adds nothing when the same mailbox is imported again, and one undo takes an import back', async () => {
    const db = await people();
    const box = takeout();
    await runMeld(['import', box], { db });
    const again = await runMeld(['import', box], { db });
    expect(again.exitCode).toBe(0);
    expect(again.stderr.split('\n')[0]).toBe(
      '✓ All mail Including Spam and Trash.mbox (mbox): 8 messages read, logged 0 emails with 0 people (3 already on file)',
    );
    expect(again.stderr).toContain('  nothing new: the data file is unchanged\n');
    expect(again.db?.activities).toHaveLength(3);
    const undo = await runMeld(['undo'], { db });
    expect(undo.exitCode).toBe(0);
    expect(undo.db?.activities).toHaveLength(0);
    expect(undo.db?.prospects).toHaveLength(2);
  });

  it('--dry-run counts per person and writes nothing', async () => {
    const db = await people();
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['import', takeout(), '--dry-run'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'ID  PERSON     SENT  RECEIVED  LAST',
        '#1  Ana Souza     1         1  2026-11-17',
        '#2  Bo Lee        1         0  2026-11-17',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain('would log 3 emails with 2 people');
    expect(r.stderr).toContain('  nothing written (--dry-run)\n');
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('--json gives the counts, the skips with examples, the people and the unknown addresses', async () => {
    const db = await people();
    const r = await runMeld(['import', takeout(), '--json'], { db });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file: 'All mail Including Spam and Trash.mbox',
      source: 'mail',
      kind: 'mbox',
      dryRun: false,
      written: true,
      damaged: null,
      owner: ['me@example.org'],
      read: 8,
      logged: 3,
      messagesTouchingPeople: 2,
      alreadyOnFile: 0,
      namingNobody: 1,
      skipped: {
        chat: 1,
        spam: 1,
        trash: 0,
        draft: 0,
        'no-date': 1,
        'auto-reply': 1,
        'mailing-list': 1,
        unreadable: 0,
      },
      examples: {
        chat: { message: 3, file: null, subject: 'Chat with Ana Souza', date: 'Tue, 17 Nov 2026 11:00:00 +0000' },
        spam: { message: 4, file: null, subject: 'cheap pills', date: 'Tue, 17 Nov 2026 12:00:00 +0000' },
        'no-date': { message: 5, file: null, subject: 'undated', date: null },
        'auto-reply': { message: 8, file: null, subject: 'Away', date: 'Thu, 19 Nov 2026 09:00:00 +0000' },
        'mailing-list': { message: 6, file: null, subject: 'Sale', date: 'Wed, 18 Nov 2026 08:00:00 +0000' },
      },
      people: [
        { id: 1, name: 'Ana Souza', sent: 1, received: 1, last: '2026-11-17T09:30:00.000Z' },
        { id: 2, name: 'Bo Lee', sent: 1, received: 0, last: '2026-11-17T09:30:00.000Z' },
      ],
      added: [],
      unknown: [{ address: 'cleo@x.com', name: 'Cleo', messages: 2, sentTo: 1 }],
      unknownCount: 1,
    });
  });

  it('--add-people adds those the owner wrote to twice, with source email and first seen', async () => {
    const db = await people();
    const box = pythonMbox([
      {
        from: 'Cleo Diaz <cleo@x.com>',
        to: ME,
        subject: 'Hi',
        date: 'Mon, 2 Nov 2026 09:00:00 +0000',
        messageId: 'c1@x',
      },
      { from: ME, to: 'cleo@x.com', subject: 'Re: Hi', date: 'Tue, 3 Nov 2026 09:00:00 +0000', messageId: 'c2@x' },
      { from: ME, to: 'cleo@x.com', subject: 'Ping', date: 'Wed, 4 Nov 2026 09:00:00 +0000', messageId: 'c3@x' },
      { from: ME, to: 'no-reply@shop.example', subject: 'x', date: 'Wed, 4 Nov 2026 09:00:00 +0000' },
      { from: ME, to: 'no-reply@shop.example', subject: 'y', date: 'Thu, 5 Nov 2026 09:00:00 +0000' },
    ]);
    const r = await runMeld(['import', box, '--add-people'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('  added 1 person you wrote to: Cleo Diaz (#3)\n');
    const cleo = r.db?.prospects.find((p) => p.id === 3);
    expect(cleo).toMatchObject({
      name: 'Cleo Diaz',
      email: 'cleo@x.com',
      firstSeen: '2026-11-02',
      fields: { source: 'email' },
    });
    expect(r.db?.activities.filter((a) => a.prospectId === 3).map((a) => a.mail?.direction)).toEqual([
      'received',
      'sent',
      'sent',
    ]);
  });

  it('--with-body keeps the first 500 characters of the text', async () => {
    const db = await people();
    const long = `Dear me,\n\n${'word '.repeat(200)}`;
    const box = pythonMbox([
      { from: ANA, to: ME, subject: 'Long', date: 'Mon, 2 Nov 2026 09:00:00 +0000', body: long },
    ]);
    const r = await runMeld(['import', box, '--with-body'], { db });
    expect(r.exitCode).toBe(0);
    const body = r.db?.activities[0]?.mail?.body ?? '';
    expect(Array.from(body)).toHaveLength(500);
    expect(body.startsWith('Dear me,\n\nword word')).toBe(true);
  });

  it('reads a folder of .eml files', async () => {
    const db = await people();
    const dir = emlFolder([
      { from: ANA, to: ME, subject: 'one', date: 'Mon, 2 Nov 2026 09:00:00 +0000' },
      { from: ME, to: 'bo.lee@gmail.com', subject: 'two', date: 'Tue, 3 Nov 2026 09:00:00 +0000' },
    ]);
    const r = await runMeld(['import', dir], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('✓ mail (folder of .eml): 2 messages read, logged 2 emails with 2 people');
  });

  it('without my-email: refused with the likely address outside a terminal, asked and saved in one', async () => {
    const db = await people(false);
    const box = pythonMbox(
      [
        { from: ANA, to: ME, subject: 'Quote?', date: 'Mon, 16 Nov 2026 09:00:00 +0000', messageId: 'q1@ex' },
        { from: ME, to: ANA, subject: 'Re: Quote?', date: 'Tue, 17 Nov 2026 09:00:00 +0000', messageId: 'q2@ex' },
        {
          from: ME,
          to: 'bo.lee@gmail.com',
          subject: 'Hello',
          date: 'Tue, 17 Nov 2026 10:00:00 +0000',
          messageId: 'q3@ex',
        },
      ],
      'All mail Including Spam and Trash.mbox',
    );
    const refused = await runMeld(['import', box], { db });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      'error: meld does not know your email address, so it cannot tell the mail you sent from the mail you received\n' +
        '  hint: meld config set my-email me@example.org   (the most frequent sender in All mail Including Spam and Trash.mbox), or pass --my-email\n',
    );
    const asked = await runMeld(['import', box], { db, answers: ['me@example.org'] });
    expect(asked.exitCode).toBe(0);
    expect(asked.db?.config.myEmails).toEqual(['me@example.org']);
    expect(asked.db?.activities).toHaveLength(3);
  });

  it('a cut-off mailbox changes nothing unless --partial', async () => {
    const db = await people();
    const whole = pythonMbox([
      { from: ANA, to: ME, subject: 'one', date: 'Mon, 2 Nov 2026 09:00:00 +0000' },
      { from: ANA, to: ME, subject: 'two', date: 'Tue, 3 Nov 2026 09:00:00 +0000', body: 'cut here' },
    ]);
    const bytes = readFileSync(whole);
    const cut = rawFile(bytes.subarray(0, bytes.length - 6), 'cut.mbox');
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['import', cut], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: cut.mbox is damaged: its last line is cut off after 1 whole message; nothing imported\n' +
        '  hint: import the whole messages before the damage with --partial, or export the mailbox again\n',
    );
    expect(readFileSync(db, 'utf8')).toBe(before);
    const partial = await runMeld(['import', cut, '--partial'], { db });
    expect(partial.exitCode).toBe(0);
    expect(partial.db?.activities.map((a) => a.text)).toEqual(['one']);
    expect(partial.stderr).toContain(
      'warning: the mailbox is damaged (its last line is cut off): imported the 1 whole message before it (--partial)\n',
    );
  });

  it('a .gz that does not unpack, a folder without mail: one line, nothing changed', async () => {
    const db = await people();
    const before = readFileSync(db, 'utf8');
    const gz = rawFile(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]), 'Takeout.mbox.gz');
    const bad = await runMeld(['import', gz], { db });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^error: cannot read ".*Takeout\.mbox\.gz": it is not a readable \.gz file \(.+\)\n$/);
    const notMail = rawFile(gzipSync('name,email\nAna,ana@example.com\n'), 'list.csv.gz');
    const other = await runMeld(['import', notMail], { db });
    expect(other.stderr).toMatch(/is a gzip file that holds no mailbox: neither mail nor a list meld can read\n/);
    const empty = tempDir();
    writeFileSync(`${empty}/notes.txt`, 'hello');
    const folder = await runMeld(['import', empty], { db });
    expect(folder.exitCode).toBe(1);
    expect(folder.stderr.split('\n')[0]).toMatch(
      /is a folder with no mail in it \(\.eml, \.emlx or mbox files\): neither mail nor a list meld can read$/,
    );
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('a binary file (a picture, random bytes) is neither mail nor a list: one line, nothing changed', async () => {
    const db = await people();
    const before = readFileSync(db, 'utf8');
    // Bytes from a fixed generator: every value 0-255 turns up, NULs included, as in a real binary.
    const noise = Buffer.alloc(4096);
    let x = 7;
    for (let i = 0; i < noise.length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      noise[i] = x >> 16;
    }
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise]);
    for (const [bytes, name] of [
      [noise, 'backup.dat'],
      [png, 'photo.csv'],
    ] as const) {
      const r = await runMeld(['import', rawFile(bytes, name)], { db });
      expect([r.exitCode, r.stderr]).toEqual([
        1,
        `error: "${name}" is a binary file: neither mail nor a list meld can read\n` +
          '  hint: meld imports CSV, .xlsx, .vcf or JSON lists, and mail: an mbox (.mbox, .mbox.gz), .eml files or a folder of them\n',
      ]);
    }
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('refuses list flags on mail and mail flags on a list', async () => {
    const db = await people();
    const list = await runMeld(['import', takeout(), '--map', 'x=email'], { db });
    expect([list.exitCode, list.stderr.split('\n')[0]]).toEqual([
      2,
      expect.stringMatching(/^error: --map applies to contact lists; ".*" is mail$/),
    ]);
    const order = await runMeld(['import', takeout(), '--date-order', 'dmy', '--on-duplicate', 'update'], { db });
    expect([order.exitCode, order.stderr.split('\n')[0]]).toEqual([
      2,
      expect.stringMatching(/^error: --date-order applies to contact lists; ".*" is mail$/),
    ]);
    const csv = rawFile('name,email\nAna,ana@example.com\n', 'a.csv');
    const mail = await runMeld(['import', csv, '--with-body'], { db });
    expect([mail.exitCode, mail.stderr.split('\n')[0]]).toEqual([
      2,
      expect.stringMatching(/^error: --with-body applies to mailboxes; ".*" is not mail$/),
    ]);
  });
});
