import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath } from '../helpers/harness.js';
import { pythonMbox } from '../helpers/mail.js';

const ME = 'Me <me@example.org>';

/** Ana and Bo added on 1 October; a follow-up with Bo planned on 20 November for today (27th). */
async function loop(): Promise<string> {
  const db = tempDbPath();
  const at = (now: string, args: string[]) => runMeld(args, { db, now });
  await at('2026-10-01T10:00:00Z', ['prospect', 'add', 'Ana Souza', '--email', 'ana@example.com']);
  await at('2026-10-01T10:00:00Z', ['prospect', 'add', 'Bo Lee', '--email', 'bo@example.com']);
  await at('2026-10-01T10:00:00Z', ['config', 'set', 'my-email', 'me@example.org']);
  await at('2026-11-20T10:00:00Z', ['followup', 'add', '2', '2026-11-27', 'send the plan']);
  const box = pythonMbox([
    {
      from: 'Ana Souza <ana@example.com>',
      to: ME,
      subject: 'Quote?',
      date: 'Wed, 25 Nov 2026 09:00:00 +0000',
      messageId: 'a@x',
    },
    { from: ME, to: 'bo@example.com', subject: 'Plan', date: 'Thu, 19 Nov 2026 09:00:00 +0000', messageId: 'b1@x' },
    {
      from: 'Bo Lee <bo@example.com>',
      to: ME,
      subject: 'Re: Plan',
      date: 'Tue, 24 Nov 2026 15:00:00 +0000',
      messageId: 'b2@x',
    },
  ]);
  const r = await runMeld(['import', box], { db });
  expect(r.exitCode).toBe(0);
  return db;
}

describe('imported mail in the daily loop', () => {
  it('counts as the last touch: a lead written to last week is not stale', async () => {
    const db = await loop();
    const agenda = JSON.parse((await runMeld(['today', '--json'], { db })).stdout);
    expect(agenda.stale).toEqual([]);
    const before = tempDbPath();
    await runMeld(['prospect', 'add', 'Ana Souza'], { db: before, now: '2026-10-01T10:00:00Z' });
    expect(JSON.parse((await runMeld(['today', '--json'], { db: before })).stdout).stale).toMatchObject([
      { name: 'Ana Souza', idleDays: 57 },
    ]);
  });

  it('prospect show lists the emails with their direction', async () => {
    const db = await loop();
    const show = await runMeld(['prospect', 'show', '2'], { db });
    expect(show.stdout).toContain('a2    2026-11-19 09:00  email    sent: Plan\n');
    expect(show.stdout).toContain('a3    2026-11-24 15:00  email    received: Re: Plan\n');
  });

  it('a follow-up due today says the person replied since it was planned', async () => {
    const db = await loop();
    const json = JSON.parse((await runMeld(['today', '--json'], { db })).stdout);
    expect(json.due).toMatchObject([
      { id: 1, note: 'send the plan', replied: { activityId: 3, at: '2026-11-24T15:00:00.000Z', subject: 'Re: Plan' } },
    ]);
    const text = await runMeld(['today'], { db, columns: 100 });
    expect(text.stdout).toContain('      replied 2026-11-24 (a3): Re: Plan\n');
  });

  it('an email written to a customer counts as a touch: at risk no more, or at risk later, as a typed one would', async () => {
    // Lia became a customer on 1 June and nobody touched her since: 179 days, past customer-days (90).
    const customer = async () => {
      const db = tempDbPath();
      const at = (now: string, args: string[]) => runMeld(args, { db, now });
      await at('2026-06-01T10:00:00Z', [
        'prospect',
        'add',
        'Lia Chen',
        '--email',
        'lia@example.com',
        '--value',
        '1500',
      ]);
      await at('2026-06-01T11:00:00Z', ['prospect', 'stage', '1', 'won']);
      await at('2026-06-01T11:00:00Z', ['config', 'set', 'my-email', 'me@example.org']);
      return db;
    };
    const cared = async (db: string) => JSON.parse((await runMeld(['today', '--json'], { db })).stdout).customers;
    const quiet = await customer();
    expect(await cared(quiet)).toMatchObject([
      { name: 'Lia Chen', lastTouch: '2026-06-01', risk: 'no touch for 179 days' },
    ]);

    // Written to on 1 August (sent, imported): at risk from 30 October (1 Aug + 90 days), 28
    // days ago, which is what the urgency counts: 10 + 2 × 28 = 66, won +0, $1,500 +1 = 67.
    const wrote = await customer();
    const sent = pythonMbox([
      {
        from: ME,
        to: 'Lia Chen <lia@example.com>',
        subject: 'Hi',
        date: 'Sat, 1 Aug 2026 09:00:00 +0000',
        messageId: 's@x',
      },
    ]);
    expect((await runMeld(['import', sent], { db: wrote })).exitCode).toBe(0);
    expect(await cared(wrote)).toMatchObject([
      { name: 'Lia Chen', lastTouch: '2026-08-01', risk: 'no touch for 118 days', urgency: 67 },
    ]);
    const typed = await customer();
    await runMeld(['log', '1', 'emailed her', '--type', 'email', '--date', '2026-08-01'], { db: typed });
    expect(await cared(typed)).toEqual(await cared(wrote));
    const explained = await runMeld(['today', '--explain'], { db: wrote, columns: 100 });
    expect(explained.stdout).toContain(
      '  #1 Lia Chen ($1,500): no touch for 118 days\n      28d overdue +66, stage won +0, value $1,500 +1 = 67\n',
    );

    // She wrote back on 1 November (received): touched 26 days ago, not at risk.
    const replied = await customer();
    const received = pythonMbox([
      {
        from: 'Lia Chen <lia@example.com>',
        to: ME,
        subject: 'Again?',
        date: 'Sun, 1 Nov 2026 09:00:00 +0000',
        messageId: 'r@x',
      },
    ]);
    expect((await runMeld(['import', received], { db: replied })).exitCode).toBe(0);
    expect(await cared(replied)).toEqual([]);
    const list = JSON.parse((await runMeld(['customer', 'list', '--json'], { db: replied })).stdout);
    expect(list).toMatchObject([{ lastTouch: '2026-11-01', idleDays: 26, atRisk: false }]);
  });
});
