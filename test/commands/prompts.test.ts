import { describe, expect, it } from 'vitest';
import { reasonsUsed } from '../../src/commands/prospect/stage.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

const ADD_QUESTIONS = [
  'Name:',
  'Email (optional):',
  'Company (optional):',
  'Phone (optional):',
  'Deal value (optional, e.g. 4000):',
];
const FOLLOW_UP = 'First follow-up (e.g. tomorrow, fri; empty for none):';

describe('add-prospect in a terminal checks each answer as it is typed', () => {
  it('asks again for a bad email, a bad value and a bad date, keeping every other answer', async () => {
    const r = await runMeld(['add-prospect'], {
      answers: [
        'Olivia Brandt',
        'olivia.brandt@',
        'olivia@brandt.de',
        'Brandt AG',
        'call me',
        '+49 89 555',
        '4k',
        '4000',
        'someday',
        'fri',
      ],
    });
    expect(r.exitCode).toBe(0);
    expect(r.refusals).toEqual([
      '"olivia.brandt@" is not an email address (e.g. ana@acme.io)',
      'a phone number needs digits, e.g. +49 30 1234567',
      'the value must be an amount like 1200 or 1200.50, got "4k"',
      expect.stringContaining('someday'),
    ]);
    expect(r.db?.prospects[0]).toMatchObject({
      name: 'Olivia Brandt',
      email: 'olivia@brandt.de',
      company: 'Brandt AG',
      phone: '+49 89 555',
    });
    expect(r.db?.deals[0]?.valueCents).toBe(400000);
    expect(r.db?.followUps[0]?.due).toBe('2026-12-04');
  });

  it('says at once that an email is already on file, and asks again', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--email', 'ana@acme.io']]);
    const r = await runMeld(['add-prospect'], { db, answers: ['Ana Lima', 'ANA@acme.io', '', '', '', '', ''] });
    expect(r.exitCode).toBe(0);
    expect(r.refusals).toEqual(['already on file as #1 Ana Souza']);
    expect(r.questions).toEqual([
      ...ADD_QUESTIONS.slice(0, 2),
      'Email (optional):',
      ...ADD_QUESTIONS.slice(2),
      FOLLOW_UP,
    ]);
    expect(r.db?.prospects[1]).toMatchObject({ name: 'Ana Lima', email: null });
  });

  it('asks about a duplicate as soon as it is known: no refuses (exit 1), yes adds', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--company', 'Acme']]);
    const no = await runMeld(['add-prospect'], { db, answers: ['Ana Souza', '', 'acme', '', false] });
    expect(no.exitCode).toBe(1);
    expect(no.questions.at(-1)).toBe(
      '#1 Ana Souza is already on file (same name and company). Add another one anyway?',
    );
    expect(no.stderr.split('\n')[0]).toBe('error: #1 Ana Souza at Acme is already on file (same name and company)');
    const yes = await runMeld(['add-prospect'], { db, answers: ['Ana Souza', '', 'acme', '', true, '', ''] });
    expect(yes.exitCode).toBe(0);
    expect(yes.db?.prospects).toHaveLength(2);
  });

  it('offers the campaigns as a list when the one typed is unknown, nearest first', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['campaign', 'add', 'Spring Webinar'],
      ['campaign', 'add', 'Cold Email'],
    ]);
    const r = await runMeld(['add-prospect', 'Ana', '--campaign', 'sprng-webinar'], {
      db,
      answers: ['spring-webinar'],
    });
    expect(r.exitCode).toBe(0);
    expect(r.questions).toEqual(['No campaign "sprng-webinar". Which one?']);
    expect(r.db?.prospects[0]?.campaign).toBe('spring-webinar');
    const piped = await runMeld(['add-prospect', 'Ben', '--campaign', 'sprng-webinar'], { db });
    expect(piped.exitCode).toBe(1);
  });
});

describe('campaign add in a terminal asks every detail, each skippable and checked', () => {
  it('asks channel, cost, start, end and goal; empty answers skip', async () => {
    const r = await runMeld(['campaign', 'add'], { answers: ['Spring Webinar', 'event', '', '', '', ''] });
    expect(r.exitCode).toBe(0);
    expect(r.questions).toEqual([
      'Campaign name:',
      'Channel:',
      'Cost (optional, e.g. 1200):',
      'Start (empty for today):',
      'End (optional):',
      'Goal in prospects (optional):',
    ]);
    expect(r.db?.campaigns[0]).toMatchObject({
      channel: 'event',
      spend: [],
      start: '2026-11-27',
      end: null,
      goal: null,
    });
  });

  it('refuses a name already taken as it is typed, instead of after the last question', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Winter Webinar']]);
    const r = await runMeld(['campaign', 'add'], {
      db,
      answers: ['winter webinar', 'Winter Webinar 2', 'event', '', '', '', ''],
    });
    expect(r.exitCode).toBe(0);
    expect(r.refusals).toEqual(['a campaign named "Winter Webinar" already exists (winter-webinar)']);
    expect(r.db?.campaigns.map((c) => c.name)).toEqual(['Winter Webinar', 'Winter Webinar 2']);
  });

  it('asks again for a bad cost, an end before the start and a goal that is not a whole number', async () => {
    const r = await runMeld(['campaign', 'add'], {
      answers: ['Ads', 'ads', 'lots', '800', '2026-12-01', '2026-11-30', '2026-12-31', '2.5', '40'],
    });
    expect(r.exitCode).toBe(0);
    expect(r.refusals).toEqual([
      'the cost must be an amount like 1200 or 1200.50, got "lots"',
      '2026-11-30 is before the start 2026-12-01',
      'the goal must be a whole number from 1 to 1000000000, got "2.5"',
    ]);
    // The cost is a one-off on the start day.
    expect(r.db?.campaigns[0]).toMatchObject({
      spend: [{ day: '2026-12-01', cents: 80000 }],
      start: '2026-12-01',
      end: '2026-12-31',
      goal: 40,
    });
  });
});

describe('prospect edit in a terminal', () => {
  it('offers the campaigns as a list when the one typed is unknown', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['campaign', 'add', 'Spring Webinar'],
      ['add-prospect', 'Ana'],
    ]);
    const r = await runMeld(['prospect', 'edit', '1', '--campaign', 'spring-webnar'], {
      db,
      answers: ['spring-webinar'],
    });
    expect(r.exitCode).toBe(0);
    expect(r.questions).toEqual(['No campaign "spring-webnar". Which one?']);
    expect(r.db?.prospects[0]?.campaign).toBe('spring-webinar');
    const none = await runMeld(['prospect', 'edit', '1', '--campaign', 'nope'], { db, answers: [''] });
    expect(none.exitCode).toBe(0);
    expect(none.db?.prospects[0]?.campaign).toBeNull();
  });
});

describe('the lost-reason question', () => {
  it('offers the reasons used before wherever it is asked, here by log --stage lost', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'Ana'],
      ['add-prospect', 'Ben', '--stage', 'lost', '--reason', 'too expensive'],
      ['add-prospect', 'Cid', '--stage', 'lost', '--reason', 'no budget'],
      ['add-prospect', 'Dee', '--stage', 'lost', '--reason', 'Too expensive'],
    ]);
    const r = await runMeld(['log', '1', 'they said no', '--stage', 'lost'], { db, answers: ['too expensive'] });
    expect(r.exitCode).toBe(0);
    expect(r.questions).toEqual(['Why was Ana lost?']);
    expect(r.db?.deals[0]?.lostReason).toBe('too expensive');
  });
});

describe('reasonsUsed', () => {
  it('lists each reason once whatever its case, the most used first, then A to Z', () => {
    const p = (lostReason: string | null) => ({ lostReason }) as never;
    expect(reasonsUsed([p('no budget'), p('Too expensive'), p('too expensive '), p(null), p('chose a rival')])).toEqual(
      ['Too expensive', 'chose a rival', 'no budget'],
    );
  });
});
