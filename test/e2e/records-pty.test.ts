import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

// Prompts that check each answer as it is typed, in a real pseudo-terminal (tmux): a wrong
// answer is said at once and asked again; lists are picked with the arrow keys.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
// A server per test: starting one right after the previous one was killed can fail.
let tests = 0;
let socket = '';
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const type = (...keys: string[]) => tmux('send-keys', '-t', 'meld', ...keys);

async function waitFor(text: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = tmux('capture-pane', '-p', '-t', 'meld');
    if (last.includes(text)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${text}; screen was:\n${last}`);
}

function start(dir: string, args: string): void {
  const command = `env -u NODE_ENV -u VITEST TZ=UTC LANG=C.UTF-8 MELD_DB='${join(dir, 'meld.json')}' '${process.execPath}' '${BIN}' ${args}; echo $? > '${join(dir, 'status')}'; sleep 30`;
  tmux('new-session', '-d', '-s', 'meld', '-x', '120', '-y', '30', command);
}

async function exitStatus(dir: string): Promise<number> {
  const file = join(dir, 'status');
  const deadline = Date.now() + 15_000;
  while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
    if (Date.now() > deadline) throw new Error('meld did not exit');
    await new Promise((r) => setTimeout(r, 100));
  }
  return Number(readFileSync(file, 'utf8').trim());
}

describe.skipIf(!hasTmux)('prompts that check answers in a real terminal', () => {
  beforeEach(() => {
    socket = `meld-records-test-${process.pid}-${++tests}`;
  });
  afterEach(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  it('add-prospect says a bad email and a bad date at once, asks again, and keeps the other answers', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['campaign', 'add', 'Spring Webinar'], { db }).status).toBe(0);
    start(dir, 'add-prospect');
    await waitFor('Name:');
    type('Olivia Brandt', 'Enter');
    await waitFor('Email (optional):');
    type('olivia.brandt@', 'Enter');
    await waitFor('"olivia.brandt@" is not an email address');
    type('C-u', 'olivia@brandt.de', 'Enter');
    await waitFor('Company (optional):');
    type('Brandt AG', 'Enter');
    await waitFor('Phone (optional):');
    type('+49 89 555', 'Enter');
    await waitFor('Deal value (optional');
    type('4000', 'Enter');
    await waitFor('Which campaign brought them?');
    type('Down', 'Enter'); // past "(none)" to Spring Webinar
    await waitFor('First follow-up');
    type('someday', 'Enter');
    await waitFor('someday');
    await waitFor('invalid date');
    type('C-u', 'tomorrow', 'Enter');
    expect(await exitStatus(dir)).toBe(0);
    await waitFor('Added Olivia Brandt (#1)');
    const data = JSON.parse(readFileSync(db, 'utf8'));
    expect(data.prospects[0]).toMatchObject({
      name: 'Olivia Brandt',
      email: 'olivia@brandt.de',
      company: 'Brandt AG',
      phone: '+49 89 555',
      valueCents: 400000,
      campaign: 'spring-webinar',
    });
    expect(data.followUps).toHaveLength(1);
  });

  it('offers the lost reasons used before, and takes the one picked', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    expect(meld(['add-prospect', 'Ben Ito', '--stage', 'lost', '--reason', 'too expensive'], { db }).status).toBe(0);
    start(dir, 'prospect stage ana lost');
    await waitFor('Why was Ana Souza lost?');
    await waitFor('(another reason)');
    type('Enter');
    expect(await exitStatus(dir)).toBe(0);
    await waitFor('Moved Ana Souza (#1) from new to lost: too expensive');
    expect(JSON.parse(readFileSync(db, 'utf8')).prospects[0]).toMatchObject({ lostReason: 'too expensive' });
  });

  it('campaign add asks cost, start, end and goal; an end before the start is asked again', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    start(dir, 'campaign add');
    await waitFor('Campaign name:');
    type('Winter Ads', 'Enter');
    await waitFor('Channel:');
    type('Enter');
    await waitFor('Cost (optional');
    type('800', 'Enter');
    await waitFor('Start (empty for today):');
    type('2030-01-10', 'Enter');
    await waitFor('End (optional):');
    type('2030-01-05', 'Enter');
    await waitFor('2030-01-05 is before the start 2030-01-10');
    type('C-u', '2030-02-10', 'Enter');
    await waitFor('Goal in prospects (optional):');
    type('Enter');
    expect(await exitStatus(dir)).toBe(0);
    await waitFor('Added campaign Winter Ads');
    expect(JSON.parse(readFileSync(db, 'utf8')).campaigns[0]).toMatchObject({
      costCents: 80000,
      start: '2030-01-10',
      end: '2030-02-10',
      goal: null,
    });
  });
});
