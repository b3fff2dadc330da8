import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/harness.js';

const quote = (s: string) => s.replace(/[()[\]|.*+?^$\\]/g, '\\$&');
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Not a timing test: it keeps `npm run bench` working as the generator and the commands change.
// It checks the shape of each row (a time in some unit, a ratio, its floor), never the figures:
// a loaded machine prints `1.01 s` where a quiet one prints `240 ms`.
describe('npm run bench --smoke', () => {
  it('generates a valid data file and runs every benchmarked command against it', () => {
    const r = spawnSync(process.execPath, ['scripts/bench.mjs', '--smoke', '--peers'], {
      cwd: ROOT,
      env: { ...process.env, MELD_BENCH_DIR: tempDir('meld-bench-') },
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/failed|Error/);
    expect(r.status).toBe(0);
    for (const row of [
      'meld --version',
      'meld --help',
      'meld (agenda)',
      'meld followups today',
      'meld prospect list --search',
      'meld prospect show',
      'meld campaign report --brief',
      'meld forecast',
      'meld campaign report --html',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`\\| ${quote(row)} \\| [\\d.,]+ (ms|s|min) · \\*\\*[\\d.]+×\\*\\* node \\|`));
    }
    for (const row of ['meld add-prospect', 'meld followup done', 'meld log', 'meld import']) {
      expect(r.stdout).toMatch(
        new RegExp(`\\| ${quote(row)} \\| [\\d.,]+ (ms|s|min) · \\*\\*[\\d.]+×\\*\\* write \\|`),
      );
    }
    // taskwarrior side by side when it is installed (`task`), a skipped row when not.
    for (const row of ['taskwarrior: task due.before:tomorrow list', 'taskwarrior: task summary'])
      expect(r.stdout).toMatch(new RegExp(`\\| ${quote(row)} \\| ([\\d.,]+ (ms|s|min)|skipped) \\|`));
    // The goals are judged as ratios and printed as met or missed, never silently dropped.
    expect(r.stdout).toContain('Goals of issue #19 (and #25: the shareable report):');
    expect(r.stdout).toMatch(/^- (met|\*\*missed\*\*): meld --help: [\d.]+× `node -e 0`/m);
    expect(r.stdout).toMatch(
      /^- (met|\*\*missed\*\*): #25, smoke file, meld campaign report --html: [\d.]+ MB written/m,
    );
  });
});
