import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyseText } from '../../src/store/load.js';
import { serializeDb } from '../../src/store/serialize.js';
import { BIN, cliEnv, meld } from '../helpers/cli.js';
import { tempDbPath } from '../helpers/harness.js';
import { bigDb } from '../helpers/bigdb.js';

// Needs the built binary: `npm run build` first (npm test does).
const CYCLES = 32;
const PROSPECTS = 8000; // a ~6 MB file: a save takes long enough to be killed in the middle

/** Starts a writer and SIGKILLs it after `delayMs`; resolves when it is gone. */
function killedWriter(
  path: string,
  name: string,
  delayMs: number,
): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'add-prospect', name], {
      env: cliEnv({ MELD_DB: path }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, stderr });
    });
  });
}

function leftovers(path: string): string[] {
  const names = [...readdirSync(dirname(path)), ...readdirSync(`${path}.d`).map((n) => `meld.json.d/${n}`)];
  return names.filter((n) => n.endsWith('.tmp') || n.endsWith('.stale'));
}

describe('a writer killed with SIGKILL at a random moment', () => {
  it(`leaves the old file or the new one, whole and valid, every time (${CYCLES} kills)`, async () => {
    const path = tempDbPath();
    writeFileSync(path, serializeDb(bigDb(PROSPECTS)), { mode: 0o600 });
    // Calibrate: how long one save of this file takes on this machine.
    const t0 = Date.now();
    expect(meld(['add-prospect', 'Calibration'], { db: path }).status).toBe(0);
    const duration = Date.now() - t0;

    let current = readFileSync(path, 'utf8');
    let count = PROSPECTS + 1;
    const outcome = { old: 0, new: 0, finished: 0, midSave: 0 };
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const delay = Math.floor(duration * (0.3 + Math.random() * 0.9));
      const { killed, code, stderr } = await killedWriter(path, `Killed ${cycle}`, delay);
      if (!killed) {
        // A writer that was not killed in time must have succeeded.
        expect({ code, stderr: stderr.split('\n')[0] }).toEqual({
          code: 0,
          stderr: `✓ Added Killed ${cycle} (#${count + 1})`,
        });
        outcome.finished++;
      }
      const text = readFileSync(path, 'utf8');
      expect(text.length).toBeGreaterThan(0);
      if (text === current) {
        outcome.old++;
      } else {
        const analysis = analyseText(text);
        expect(analysis.findings.filter((f) => f.severity === 'error')).toEqual([]);
        expect(analysis.db!.prospects).toHaveLength(count + 1);
        expect(analysis.db!.prospects.at(-1)!.name).toBe(`Killed ${cycle}`);
        outcome.new++;
        current = text;
        count++;
      }
      // Only what the writer just killed had in flight is left over (its data temp file, its
      // history temp file, a lock it was breaking): every save first removes those of dead writers.
      const left = leftovers(path).length;
      expect(left).toBeLessThanOrEqual(3);
      if (left > 0) outcome.midSave++;
    }
    expect(outcome.old + outcome.new).toBe(CYCLES);

    // The next normal write cleans up after the killed ones, and the file checks out.
    const last = meld(['add-prospect', 'After the storm'], { db: path });
    expect(last.status).toBe(0);
    expect(leftovers(path)).toEqual([]);
    const doctor = meld(['doctor', '--json'], { db: path });
    expect(JSON.parse(doctor.stdout).findings).toEqual([]);
    expect(doctor.status).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // Every change that landed can be undone: the newest one first.
    const undo = meld(['undo'], { db: path });
    expect(undo.stderr.split('\n')[0]).toBe(`undid: add-prospect After the storm (#${count + 1})`);
    expect(readFileSync(path, 'utf8')).toBe(current);
    console.log(
      `kill test: ${CYCLES} kills of a ${(current.length / 1e6).toFixed(1)} MB file; old file kept ${outcome.old}x, new file ${outcome.new}x, ${outcome.midSave} killed in the middle of a save (temp files left for the next save to remove), ${outcome.finished} finished before the kill`,
    );
    expect(readdirSync(join(`${path}.d`)).every((n) => (statSync(join(`${path}.d`, n)).mode & 0o777) === 0o600)).toBe(
      true,
    );
  }, 120_000);
});
