import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyseText } from '../../src/store/load.js';
import type { PausePoint } from '../../src/store/pause.js';
import { serializeDb } from '../../src/store/serialize.js';
import { BIN, cliEnv, meld } from '../helpers/cli.js';
import { tempDbPath } from '../helpers/harness.js';
import { bigDb } from '../helpers/bigdb.js';

// Needs the built binary: `npm run build` first (npm test does).
//
// Every kill lands at a known point of a save: the writer runs with MELD_TEST_PAUSE_AT=<point>
// (src/store/pause.ts), stops there and says so on stderr, and only then gets SIGKILL. No
// timing is involved, so the kills land mid-save on a quiet machine and a loaded one alike.
const PROSPECTS = 8000; // a ~6 MB file: more than one 4 MB slice, so a save can stop half-written

/** Where each pause point is in a save, and which file a kill there must leave. */
const POINTS: Array<{ point: PausePoint; leaves: 'old' | 'new'; tempLeft: boolean }> = [
  { point: 'changed', leaves: 'old', tempLeft: false }, // lock held, file read and changed, nothing written
  { point: 'half-written', leaves: 'old', tempLeft: true }, // the temp file holds the first 4 MB
  { point: 'staged', leaves: 'old', tempLeft: true }, // the temp file is whole and flushed
  { point: 'backed-up', leaves: 'old', tempLeft: true }, // the old file is linked into meld.json.d/
  { point: 'journaled', leaves: 'old', tempLeft: true }, // the history says the change happened
  { point: 'renamed', leaves: 'new', tempLeft: false }, // the new file is in place, the lock still held
];

/** Starts a writer that pauses at `point`, kills it there, and resolves with what it said. */
function killedAt(
  path: string,
  name: string,
  point: PausePoint,
  args = ['add-prospect', name],
): Promise<{ paused: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: cliEnv({ MELD_DB: path, MELD_TEST_PAUSE_AT: point }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let paused = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!paused && stderr.includes(`meld: paused at ${point}\n`)) {
        paused = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ paused: paused && signal === 'SIGKILL', stderr }));
  });
}

function leftovers(path: string): string[] {
  const names = [...readdirSync(dirname(path)), ...readdirSync(`${path}.d`).map((n) => `meld.json.d/${n}`)];
  return names.filter((n) => n.endsWith('.tmp') || n.endsWith('.stale'));
}

describe('a writer killed with SIGKILL in the middle of a save', () => {
  it('leaves the old file or the new one, whole and valid, at every point of the save', async () => {
    const path = tempDbPath();
    writeFileSync(path, serializeDb(bigDb(PROSPECTS)), { mode: 0o600 });
    expect(meld(['add-prospect', 'First'], { db: path }).status).toBe(0);
    let current = readFileSync(path, 'utf8');
    let count = PROSPECTS + 1;
    let landed = `add-prospect First (#${count})`;
    for (const [round, { point, leaves, tempLeft }] of POINTS.entries()) {
      const name = `Killed ${round + 1}`;
      const { paused, stderr } = await killedAt(path, name, point);
      // The kill landed where it was meant to: the writer reached the point and stopped there.
      expect({ point, paused, stderr }).toEqual({ point, paused: true, stderr: `meld: paused at ${point}\n` });
      expect(existsSync(`${path}.lock`), `${point}: killed while holding the lock`).toBe(true);
      expect(
        leftovers(path).some((n) => /^meld\.json\.\d+\.[0-9a-f]+\.tmp$/.test(n)),
        `${point}: temp file`,
      ).toBe(tempLeft);
      const text = readFileSync(path, 'utf8');
      if (leaves === 'old') {
        expect(text === current, `${point}: the old file, byte for byte`).toBe(true);
      } else {
        const analysis = analyseText(text);
        expect(analysis.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(analysis.db!.prospects).toHaveLength(count + 1);
        expect(analysis.db!.prospects.at(-1)!.name).toBe(name);
        current = text;
        count++;
        landed = `add-prospect ${name} (#${count})`;
      }
      // meld history lists exactly the changes that landed, whatever the kill left behind.
      const history = meld(['history', '--json', '--limit', '1'], { db: path });
      expect(JSON.parse(history.stdout)[0].summary, `${point}: meld history`).toBe(landed);
      // Whatever the kill left of the derived data (src/store/derived.ts), a read gives what the
      // file holds: the same as once that data is deleted.
      const listed = meld(['prospect', 'list', '--search', 'killed', '--json'], { db: path });
      expect(listed.status).toBe(0);
      rmSync(`${path}.d/derived.json`, { force: true });
      expect(
        meld(['prospect', 'list', '--search', 'killed', '--json'], { db: path }).stdout === listed.stdout,
        `${point}: derived`,
      ).toBe(true);
    }

    // The next normal write takes over the dead writer's lock and cleans up after it.
    const last = meld(['add-prospect', 'After the storm'], { db: path });
    expect(last.stderr.split('\n')[0]).toBe(`✓ Added After the storm (#${count + 1})`);
    expect(leftovers(path)).toEqual([]);
    expect(existsSync(`${path}.lock`)).toBe(false);
    const doctor = meld(['doctor', '--json'], { db: path });
    expect(JSON.parse(doctor.stdout).findings).toEqual([]);
    expect(doctor.status).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // Every change that landed can be undone, the newest first, back to the file before it.
    const undo = meld(['undo'], { db: path });
    expect(undo.stderr.split('\n')[0]).toBe(`undid: add-prospect After the storm (#${count + 1})`);
    expect(readFileSync(path, 'utf8')).toBe(current);
    const again = meld(['undo'], { db: path });
    expect(again.stderr.split('\n')[0]).toBe(`undid: ${landed}`);
    expect(readdirSync(join(`${path}.d`)).every((n) => (statSync(join(`${path}.d`, n)).mode & 0o777) === 0o600)).toBe(
      true,
    );
  });
});

describe('a `prospect remove --purge` killed after the removal was saved', () => {
  it('the next change finishes erasing the person from the backups and history', async () => {
    const path = tempDbPath();
    expect(meld(['add-prospect', 'Kim Gone', '--email', 'kim@gone.io'], { db: path }).status).toBe(0);
    expect(meld(['add-prospect', 'Lee Stays'], { db: path }).status).toBe(0);
    const killed = await killedAt(path, '', 'renamed', ['prospect', 'remove', '1', '--purge', '--yes']);
    expect(killed.paused).toBe(true);
    // The removal is saved, but the backups still hold Kim: there is no #1 left to purge again.
    expect(readFileSync(path, 'utf8')).not.toContain('Kim Gone');
    expect(meld(['add-prospect', 'Next One'], { db: path }).status).toBe(0);
    for (const name of readdirSync(`${path}.d`)) {
      const text = readFileSync(join(`${path}.d`, name), 'utf8');
      expect(text, name).not.toContain('Kim Gone');
      expect(text, name).not.toContain('kim@gone.io');
    }
    expect(meld(['history'], { db: path }).stdout).not.toContain('Kim');
  });
});
