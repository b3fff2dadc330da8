import { describe, expect, it } from 'vitest';
import { addressKey, isMachineAddress, parseMyEmails } from '../../src/domain/mail/addresses.js';
import { mailIndex, readMessage, skipReason } from '../../src/domain/mail/classify.js';
import type { MailMessage } from '../../src/domain/mail/message.js';
import { likelyOwner, MailTally, mailKey, nameFromAddress } from '../../src/domain/mail/plan.js';
import { prospect } from '../helpers/records.js';

let n = 0;
function mail(fields: Partial<MailMessage> & { fromAddr?: string; toAddrs?: string[] }): MailMessage {
  const { fromAddr, toAddrs, ...rest } = fields;
  n++;
  return {
    index: n,
    file: null,
    folder: null,
    messageId: `m${n}@example.com`,
    date: new Date('2026-11-03T10:00:00Z'),
    dateText: 'Tue, 3 Nov 2026 10:00:00 +0000',
    from: fromAddr ? { address: fromAddr, name: '' } : null,
    to: (toAddrs ?? []).map((address) => ({ address, name: '' })),
    cc: [],
    bcc: [],
    deliveredTo: [],
    subject: `subject ${n}`,
    labels: [],
    flags: {},
    body: null,
    unreadable: null,
    ...rest,
  };
}

const ME = 'me@example.org';
const people = [
  prospect({ id: 1, name: 'Ana', email: 'Ana@Example.com' }),
  prospect({ id: 2, name: 'Bo', email: null, otherEmails: ['bo.lee+work@gmail.com'] }),
];
const index = mailIndex(people, [ME, 'Me.Too@gmail.com']);
const tallyOpts = {
  addPeople: false,
  latest: new Date('2026-11-28T00:00:00Z'),
  dayOf: (d: Date) => d.toISOString().slice(0, 10),
};

describe('mail addresses', () => {
  it('compares case-insensitively, and ignores Gmail dots and +tags (for Gmail only)', () => {
    expect(addressKey('Ana@Example.COM')).toBe('ana@example.com');
    expect(addressKey('Bo.Lee+crm@gmail.com')).toBe('bolee@gmail.com');
    expect(addressKey('bolee@googlemail.com')).toBe('bolee@gmail.com');
    expect(addressKey('bo.lee+x@example.com')).toBe('bo.lee+x@example.com');
  });

  it('reads the owner addresses as a comma list and refuses one that is not an address', () => {
    expect(parseMyEmails('Me@Example.org, me@gmail.com,me+x@gmail.com')).toEqual(['me@example.org', 'me@gmail.com']);
    expect(() => parseMyEmails('me@example.org,nope')).toThrow('my-email: "nope" is not an email address');
  });

  it('knows no-reply, bounce and notification senders', () => {
    for (const a of [
      'noreply@x.com',
      'no-reply@x.com',
      'do_not_reply@x.com',
      'notifications@github.com',
      'MAILER-DAEMON@x.com',
      'bounces+123@x.com',
      'ana@bounce.x.com',
      'x@em.shop.com',
    ])
      expect([a, isMachineAddress(a)]).toEqual([a, true]);
    for (const a of ['ana@example.com', 'info@smallshop.com', 'newton@x.com'])
      expect([a, isMachineAddress(a)]).toEqual([a, false]);
  });

  it('names a person from their address when the mail gives no name', () => {
    expect(nameFromAddress('ana.souza@example.com')).toBe('Ana Souza');
    expect(nameFromAddress('bo_lee+crm@gmail.com')).toBe('Bo Lee');
  });
});

describe('what a message is', () => {
  it('mail from the owner is sent to the people on file among its recipients', () => {
    const m = mail({
      fromAddr: 'me.too+x@gmail.com',
      toAddrs: ['ana@example.com', 'stranger@x.com', ME],
      cc: [{ address: 'bolee@gmail.com', name: '' }],
    });
    expect(readMessage(m, index)).toEqual({
      kind: 'mail',
      direction: 'sent',
      people: [1, 2],
      unknown: [{ address: 'stranger@x.com', name: '' }],
    });
  });

  it('mail from a person on file is received from them', () => {
    expect(readMessage(mail({ fromAddr: 'ANA@example.com', toAddrs: [ME] }), index)).toEqual({
      kind: 'mail',
      direction: 'received',
      people: [1],
      unknown: [],
    });
  });

  it('skips chat, spam, trash, drafts, auto-replies, lists, and mail without a date', () => {
    const from = { fromAddr: 'ana@example.com' };
    const cases: Array<[Partial<MailMessage>, string]> = [
      [{ labels: ['Chat'] }, 'chat'],
      [{ labels: ['Spam'] }, 'spam'],
      [{ labels: ['Inbox', 'Trash'] }, 'trash'],
      [{ labels: ['Drafts'] }, 'draft'],
      [{ folder: 'Junk' }, 'spam'],
      [{ folder: 'Deleted Messages' }, 'trash'],
      [{ folder: 'Drafts' }, 'draft'],
      [{ flags: { 'x-mozilla-status': '0009' } }, 'trash'],
      [{ flags: { 'auto-submitted': 'auto-replied' } }, 'auto-reply'],
      [{ flags: { 'x-autoreply': 'yes' } }, 'auto-reply'],
      [{ flags: { 'content-type': 'text/calendar; charset=utf-8; method=REPLY' } }, 'auto-reply'],
      [{ flags: { 'list-id': '<news.example.com>' } }, 'mailing-list'],
      [{ flags: { 'list-unsubscribe': '<mailto:u@x>' } }, 'mailing-list'],
      [{ date: null }, 'no-date'],
      [{ unreadable: 'no header' }, 'unreadable'],
    ];
    for (const [fields, reason] of cases) {
      expect([fields, readMessage(mail({ ...from, ...fields }), index)]).toEqual([fields, { kind: 'skip', reason }]);
    }
    expect(skipReason(mail({ ...from, flags: { 'auto-submitted': 'no' } }))).toBeNull();
  });
});

describe('the tally of a mailbox', () => {
  it('logs one touch per message per person, counts the rest, and skips what is on file already', () => {
    const known = mail({ fromAddr: 'ana@example.com', messageId: 'known@x' });
    const existing = new Set([
      mailKey({ prospectId: 1, messageId: 'known@x', at: '', direction: 'received', subject: null }),
    ]);
    const tally = new MailTally(index, existing, tallyOpts);
    tally.add(known);
    const sent = mail({ fromAddr: ME, toAddrs: ['ana@example.com', 'bo.lee@gmail.com'] });
    tally.add(sent);
    tally.add({ ...sent, folder: 'Sent' }); // the same message in a second folder
    tally.add(mail({ fromAddr: 'ana@example.com', labels: ['Chat'] }));
    tally.add(mail({ fromAddr: 'stranger@x.com', subject: 'hi' }));
    tally.add(mail({ fromAddr: 'stranger@x.com', date: null, dateText: 'yesterday' }));
    tally.add(mail({ fromAddr: 'ana@example.com', date: new Date('2031-01-01T00:00:00Z') }));
    const plan = tally.plan();
    expect(plan.counts).toEqual({
      read: 7,
      touching: 3,
      activities: 2,
      already: 3,
      nobody: 1,
      skipped: {
        chat: 1,
        spam: 0,
        trash: 0,
        draft: 0,
        'no-date': 2,
        'auto-reply': 0,
        'mailing-list': 0,
        unreadable: 0,
      },
    });
    expect(plan.touches.map((t) => [t.prospectId, t.direction, t.messageId])).toEqual([
      [1, 'sent', sent.messageId],
      [2, 'sent', sent.messageId],
    ]);
    expect(plan.examples['no-date']).toMatchObject({ date: 'yesterday' });
    expect(plan.unknown).toMatchObject([{ address: 'stranger@x.com', messages: 1, sentTo: 0 }]);
    expect(plan.perPerson.get(2)).toEqual({ sent: 1, received: 0, last: '2026-11-03T10:00:00.000Z' });
  });

  it('recognises a message without a Message-ID again by its date, direction and subject', () => {
    const m = mail({ fromAddr: 'ana@example.com', messageId: null, subject: 'Quote' });
    const first = new MailTally(index, new Set(), tallyOpts);
    first.add(m);
    const [touch] = first.plan().touches;
    const again = new MailTally(index, new Set([mailKey(touch!)]), tallyOpts);
    again.add(m);
    expect(again.plan().counts).toMatchObject({ activities: 0, already: 1 });
  });

  it('--add-people adds those the owner wrote to twice: never no-reply, lists or the owner', () => {
    const tally = new MailTally(index, new Set(), { ...tallyOpts, addPeople: true });
    const at = (day: number) => new Date(`2026-11-0${day}T10:00:00Z`);
    tally.add(mail({ fromAddr: 'cleo@x.com', toAddrs: [ME], date: at(1) }));
    tally.add(mail({ fromAddr: ME, to: [{ address: 'Cleo@x.com', name: 'Cleo Diaz' }], date: at(2) }));
    tally.add(mail({ fromAddr: ME, toAddrs: ['cleo@x.com'], date: at(3) }));
    tally.add(mail({ fromAddr: ME, toAddrs: ['once@x.com'], date: at(3) }));
    tally.add(mail({ fromAddr: ME, toAddrs: ['noreply@shop.com'], date: at(3) }));
    tally.add(mail({ fromAddr: ME, toAddrs: ['noreply@shop.com'], date: at(4) }));
    tally.add(mail({ fromAddr: 'news@list.com', flags: { 'list-id': '<l>' }, date: at(4) }));
    tally.add(mail({ fromAddr: ME, toAddrs: ['news@list.com'], date: at(4) }));
    tally.add(mail({ fromAddr: ME, toAddrs: ['news@list.com', ME], date: at(5) }));
    const plan = tally.plan();
    expect(plan.people.map((p) => [p.address, p.name, p.firstSeen, p.touches.map((t) => t.direction)])).toEqual([
      ['cleo@x.com', 'Cleo Diaz', '2026-11-01', ['received', 'sent', 'sent']],
    ]);
    expect(plan.counts.activities).toBe(3);
  });

  it('proposes the most frequent sender as the owner, mail in Sent counting more', () => {
    expect(
      likelyOwner([
        mail({ fromAddr: 'ana@example.com' }),
        mail({ fromAddr: 'ana@example.com' }),
        mail({ fromAddr: 'Me@Example.org', labels: ['Sent'] }),
      ]),
    ).toBe('me@example.org');
    expect(likelyOwner([])).toBeNull();
  });
});
