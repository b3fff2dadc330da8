import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

// The sales prompts in a real pseudo-terminal (tmux): the lost reason and the remove confirmation.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `meld-sales-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

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
  tmux('new-session', '-d', '-s', 'meld', '-x', '100', '-y', '30', command);
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

describe.skipIf(!hasTmux)('daily-loop prompts in a real terminal', () => {
  afterEach(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  it('asks which year a yearless date means when it would land a year ahead, and keeps the answer', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    // A week ago, typed without its year ("nov 24"): looking ahead it would be next year's.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    const typed = weekAgo.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const recent = weekAgo.toISOString().slice(0, 10);
    start(dir, `followup add 1 '${typed}'`);
    await waitFor(`"${typed}" has no year: which day?`);
    await waitFor(`${recent}, 7 days ago`);
    tmux('send-keys', '-t', 'meld', 'Up', 'Enter'); // the cursor starts on next year's; up is last week's
    expect(await exitStatus(dir)).toBe(0);
    await waitFor(
      `due ${new Date(`${recent}T12:00:00Z`).toUTCString().slice(0, 3).toLowerCase()} ${recent}, 7 days ago: already overdue`,
    );
    const data = JSON.parse(readFileSync(db, 'utf8'));
    expect(data.followUps[0]).toMatchObject({ due: recent, status: 'open' });
  });

  it('asks before removing an activity, and removes it on yes', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    expect(meld(['log', '1', 'called', '--type', 'call'], { db }).status).toBe(0);
    start(dir, 'activity remove a1');
    await waitFor(`Remove call a1 with Ana Souza (#1) on ${new Date().toISOString().slice(0, 10)}: "called"?`);
    tmux('send-keys', '-t', 'meld', 'y', 'Enter');
    expect(await exitStatus(dir)).toBe(0);
    await waitFor('✓ Removed call a1');
    expect(JSON.parse(readFileSync(db, 'utf8')).activities).toEqual([]);
  });
});
