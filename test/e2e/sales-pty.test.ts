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

describe.skipIf(!hasTmux)('sales prompts in a real terminal', () => {
  afterEach(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  it('asks why a prospect was lost and records the answer', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    start(dir, 'prospect stage ana lost');
    await waitFor('Why was Ana Souza lost?');
    tmux('send-keys', '-t', 'meld', 'went with a competitor', 'Enter');
    expect(await exitStatus(dir)).toBe(0);
    await waitFor('Moved Ana Souza (#1) from new to lost: went with a competitor');
    const data = JSON.parse(readFileSync(db, 'utf8'));
    expect(data.prospects[0]).toMatchObject({ stage: 'lost', lostReason: 'went with a competitor' });
  });

  it('keeps the prospect when the removal is declined', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    const before = readFileSync(db);
    start(dir, 'prospect remove 1');
    await waitFor('Remove #1 Ana Souza with 0 follow-ups and 0 activities?');
    tmux('send-keys', '-t', 'meld', 'n', 'Enter');
    expect(await exitStatus(dir)).toBe(0);
    await waitFor('nothing removed');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});
