import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/domain/types.js';
import { BIN, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

// Two terminals on one data file. A asks "Remove #2 Ana Souza?"; while the question is on
// screen, B undoes Ana's addition and adds Bob, who gets id 2. A's "y" must not remove Bob.
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `meld-race-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'meld');

async function waitFor(text: string): Promise<string> {
  // A generous bound only so a broken build fails instead of hanging; nothing here is timed.
  for (let i = 0; i < 300; i++) {
    const now = screen();
    if (now.includes(text)) return now;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never saw ${text}; screen:\n${screen()}`);
}

async function exitStatus(file: string): Promise<number> {
  for (let i = 0; i < 300; i++) {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() !== '') return Number(readFileSync(file, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`meld did not exit; screen:\n${screen()}`);
}

describe.skipIf(!hasTmux)('a prompt answered after another terminal changed the file', () => {
  afterEach(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  it('refuses to remove a different person who got the id shown in the question', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    const status = join(dir, 'status');
    expect(meld(['add-prospect', 'Zed'], { db }).status).toBe(0);
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    const command = `env -u NODE_ENV -u VITEST TZ=UTC LANG=C.UTF-8 MELD_DB='${db}' '${process.execPath}' '${BIN}' prospect remove 2; echo $? > '${status}'; sleep 30`;
    tmux('new-session', '-d', '-s', 'meld', '-x', '120', '-y', '30', command);
    await waitFor('Remove #2 Ana Souza');

    // Terminal B, while A's question is on screen.
    expect(meld(['undo'], { db }).status).toBe(0);
    expect(meld(['add-prospect', 'Bob Innocent'], { db }).status).toBe(0);

    tmux('send-keys', '-t', 'meld', 'y', 'Enter');
    expect(await exitStatus(status)).toBe(1);
    expect(screen()).toContain('#2 Ana Souza changed while you were asked');
    const data = JSON.parse(readFileSync(db, 'utf8')) as Db;
    expect(data.prospects.map((p) => [p.id, p.name])).toEqual([
      [1, 'Zed'],
      [2, 'Bob Innocent'],
    ]);
  });
});
