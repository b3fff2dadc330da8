import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

// A real pseudo-terminal: tmux runs meld, we type into it and read the screen back, the way a
// person would. This is what proves the prompts appear, take keys and exit cleanly.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `meld-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

function screen(): string {
  return tmux('capture-pane', '-p', '-t', 'meld');
}

async function waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${String(text)}; screen was:\n${last}`);
}

function start(dir: string, args: string): void {
  const db = join(dir, 'meld.json');
  const status = join(dir, 'status');
  const command = `env -u NODE_ENV -u VITEST TZ=UTC LANG=C.UTF-8 MELD_DB='${db}' '${process.execPath}' '${BIN}' ${args}; echo $? > '${status}'; sleep 30`;
  tmux('new-session', '-d', '-s', 'meld', '-x', '100', '-y', '30', command);
}

async function exitStatus(dir: string): Promise<number> {
  const file = join(dir, 'status');
  const deadline = Date.now() + 15_000;
  while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
    if (Date.now() > deadline) throw new Error(`meld did not exit; screen:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Number(readFileSync(file, 'utf8').trim());
}

describe.skipIf(!hasTmux)('prompts in a real terminal', () => {
  afterEach(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  it('asks for a missing name and details, then saves the prospect', async () => {
    const dir = tempDir();
    start(dir, 'add-prospect --company Acme');
    await waitFor('Name:');
    tmux('send-keys', '-t', 'meld', 'Ana Souza', 'Enter');
    await waitFor('Email (optional):');
    tmux('send-keys', '-t', 'meld', 'ana@acme.io', 'Enter');
    await waitFor('First follow-up');
    tmux('send-keys', '-t', 'meld', 'tomorrow', 'Enter');
    expect(await exitStatus(dir)).toBe(0);
    const shown = await waitFor('Added Ana Souza (#1)');
    expect(shown).toMatch(/Follow-up f1 due \w{3} \d{4}-\d{2}-\d{2}, /);
    const db = JSON.parse(readFileSync(join(dir, 'meld.json'), 'utf8'));
    expect(db.prospects[0]).toMatchObject({ name: 'Ana Souza', email: 'ana@acme.io', company: 'Acme' });
    expect(db.followUps).toHaveLength(1);
  });

  it('exits 130 on Ctrl-C at a prompt and writes nothing', async () => {
    const dir = tempDir();
    start(dir, 'add-prospect');
    await waitFor('Name:');
    tmux('send-keys', '-t', 'meld', 'Half a na', 'C-c');
    expect(await exitStatus(dir)).toBe(130);
    expect(await waitFor('cancelled, nothing was changed')).toBeTruthy();
    expect(existsSync(join(dir, 'meld.json'))).toBe(false);
  });
});
