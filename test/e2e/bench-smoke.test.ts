import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Not a timing test: it keeps `npm run bench` working as the generator and the commands change.
// It checks the shape of each row (a time in some unit, a ratio, its floor), never the figures:
// a loaded machine prints `1.01 s` where a quiet one prints `240 ms`.
describe('npm run bench --smoke', () => {
  it('generates a valid data file and runs every benchmarked command against it', () => {
    const r = spawnSync(process.execPath, ['scripts/bench.mjs', '--smoke'], {
      cwd: ROOT,
      env: { ...process.env, MELD_BENCH_DIR: tempDir('meld-bench-') },
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/failed|Error/);
    expect(r.status).toBe(0);
    for (const row of [
      'meld --version',
      'meld followups today',
      'meld campaign report',
      'meld prospect list --search',
      'meld add-prospect',
      'meld followup done',
      'meld import (200 CSV rows)',
    ]) {
      expect(r.stdout).toMatch(
        new RegExp(
          `\\| ${row.replace(/[()]/g, '\\$&')} \\| [\\d.,]+ (ms|s|min) · \\*\\*[\\d.]+×\\*\\* (node|read|write) \\|`,
        ),
      );
    }
  });
});
