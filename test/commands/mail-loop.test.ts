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
});
