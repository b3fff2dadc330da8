import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

// Prompts that check each answer as it is typed, in a real pseudo-terminal (tmux): a wrong
// answer is said at once and asked again; lists are picked with the arrow keys.
describe.skipIf(!hasTmux)('prompts that check answers in a real terminal', () => {
  const term = new Terminal('records');
  afterEach(() => term.close());

  it('add-prospect says a bad email and a bad date at once, asks again, and keeps the other answers', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['campaign', 'add', 'Spring Webinar'], { db }).status).toBe(0);
    term.start(dir, 'add-prospect');
    await term.waitFor('Name:');
    term.type('Olivia Brandt', 'Enter');
    await term.waitFor('Email (optional):');
    term.type('olivia.brandt@', 'Enter');
    await term.waitFor('"olivia.brandt@" is not an email address');
    term.type('C-u', 'olivia@brandt.de', 'Enter');
    await term.waitFor('Company (optional):');
    term.type('Brandt AG', 'Enter');
    await term.waitFor('Phone (optional):');
    term.type('+49 89 555', 'Enter');
    await term.waitFor('Deal value (optional');
    term.type('4000', 'Enter');
    await term.waitFor('Which campaign brought them?');
    term.type('Down', 'Enter'); // past "(none)" to Spring Webinar
    await term.waitFor('First follow-up');
    term.type('someday', 'Enter');
    await term.waitFor('someday');
    await term.waitFor('invalid date');
    term.type('C-u', 'tomorrow', 'Enter');
    expect(await term.exitStatus()).toBe(0);
    await term.waitFor('Added Olivia Brandt (#1)');
    const data = JSON.parse(readFileSync(db, 'utf8'));
    expect(data.prospects[0]).toMatchObject({
      name: 'Olivia Brandt',
      email: 'olivia@brandt.de',
      company: 'Brandt AG',
      phone: '+49 89 555',
      campaign: 'spring-webinar',
    });
    expect(data.deals[0]).toMatchObject({ prospectId: 1, valueCents: 400000, campaign: 'spring-webinar' });
    expect(data.followUps).toHaveLength(1);
  });

  it('offers the lost reasons used before, and takes the one picked', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    expect(meld(['add-prospect', 'Ben Ito', '--stage', 'lost', '--reason', 'too expensive'], { db }).status).toBe(0);
    term.start(dir, 'prospect stage ana lost');
    await term.waitFor('Why was Ana Souza lost?');
    await term.waitFor('(another reason)');
    term.type('Enter');
    expect(await term.exitStatus()).toBe(0);
    await term.waitFor('Moved Ana Souza (#1) from new to lost: too expensive');
    expect(JSON.parse(readFileSync(db, 'utf8')).deals[0]).toMatchObject({ lostReason: 'too expensive' });
  });

  it('campaign add asks cost, start, end and goal; an end before the start is asked again', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    term.start(dir, 'campaign add');
    await term.waitFor('Campaign name:');
    term.type('Winter Ads', 'Enter');
    await term.waitFor('Channel:');
    term.type('Enter'); // skipped: the cursor starts on "other"
    await term.waitFor('Cost (optional');
    term.type('800', 'Enter');
    await term.waitFor('Start (empty for today):');
    term.type('2030-01-10', 'Enter');
    await term.waitFor('End (optional):');
    term.type('2030-01-05', 'Enter');
    await term.waitFor('2030-01-05 is before the start 2030-01-10');
    term.type('C-u', '2030-02-10', 'Enter');
    await term.waitFor('Goal in prospects (optional):');
    term.type('Enter');
    expect(await term.exitStatus()).toBe(0);
    await term.waitFor('Added campaign Winter Ads');
    expect(JSON.parse(readFileSync(db, 'utf8')).campaigns[0]).toMatchObject({
      spend: [{ day: '2030-01-10', cents: 80000 }],
      start: '2030-01-10',
      end: '2030-02-10',
      goal: null,
    });
  });

  it('campaign add refuses a taken name at the name question, not after the last one', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['campaign', 'add', 'Winter Ads'], { db }).status).toBe(0);
    term.start(dir, 'campaign add');
    await term.waitFor('Campaign name:');
    term.type('winter ads', 'Enter');
    await term.waitFor('a campaign named "Winter Ads" already exists (winter-ads)');
    term.type('C-u', 'Spring Ads', 'Enter');
    await term.waitFor('Channel:');
    term.type('Enter');
    for (const question of ['Cost (optional', 'Start (empty for today):', 'End (optional):', 'Goal in prospects']) {
      await term.waitFor(question);
      term.type('Enter');
    }
    expect(await term.exitStatus()).toBe(0);
    const names = JSON.parse(readFileSync(db, 'utf8')).campaigns.map((c: { name: string }) => c.name);
    expect(names.sort()).toEqual(['Spring Ads', 'Winter Ads']);
  });
});
