import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, FIXED_CLOCK, meld } from '../helpers/cli.js';
import { tempDbPath, tempDir } from '../helpers/harness.js';

// What a command compiles is what it costs at start-up (see docs/benchmarks.md): these tests
// record which of dist/vendor/ a run of the built binary loads (a -r probe reads require.cache at
// exit) and hold every read to the libraries it uses. Not a timing test.

const PROBE = `'use strict';
process.on('exit', () => {
  const loaded = Object.keys(require.cache)
    .filter((f) => /[\\\\/]dist[\\\\/]vendor[\\\\/]/.test(f))
    .map((f) => f.replace(/^.*[\\\\/]vendor[\\\\/]/, '').replace(/\\.cjs$/, ''))
    .sort();
  require('node:fs').writeFileSync(process.env.MELD_PROBE_OUT, JSON.stringify(loaded));
});
`;

let probe: string;
let db: string;

function vendorsLoaded(args: string[], env: Record<string, string> = {}): string[] {
  const out = join(tempDir(), 'loaded.json');
  const r = spawnSync(process.execPath, ['-r', probe, BIN, ...args], {
    env: cliEnv({ ...FIXED_CLOCK, MELD_DB: db, MELD_PROBE_OUT: out, ...env }),
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as string[];
}

/** Whether a run loaded Node's module `name` (node:crypto: ~2.5 ms): Node's own list, at exit. */
function builtinLoaded(args: string[], name: string): boolean {
  const probeFile = join(tempDir(), 'builtin-probe.cjs');
  writeFileSync(
    probeFile,
    `process.on('exit', () => require('node:fs').writeSync(2, process.moduleLoadList.includes(${JSON.stringify(`NativeModule ${name}`)}) ? 'loaded' : 'none'));\n`,
  );
  const r = spawnSync(process.execPath, ['-r', probeFile, BIN, ...args], {
    env: cliEnv({ ...FIXED_CLOCK, MELD_DB: db }),
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr.endsWith('loaded');
}

describe('what a command loads of dist/vendor', () => {
  beforeAll(() => {
    probe = join(tempDir(), 'probe.cjs');
    writeFileSync(probe, PROBE);
    db = tempDbPath();
    expect(meld(['demo'], { db, env: FIXED_CLOCK }).status).toBe(0);
  });

  it('--version and --help load no library of dist/vendor', () => {
    expect(vendorsLoaded(['--version'])).toEqual([]);
    // Nor node:tty (and node:net with it, ~2 ms): --version writes to the descriptor.
    expect(builtinLoaded(['--version'], 'tty')).toBe(false);
    expect(builtinLoaded(['--help'], 'tty')).toBe(true); // the probe sees it when it is loaded
    expect(vendorsLoaded(['--help'])).toEqual([]);
  });

  it('a read of a file meld already checked loads no validator, prompt, date parser or import library', () => {
    vendorsLoaded(['followups', 'today']); // the first read checks the file
    for (const args of [
      [],
      ['today', '--json'],
      ['followups', 'today'],
      ['followups', 'week', '--json'],
      ['prospect', 'show', '3'],
      ['prospect', 'list', '--search', 'ana'],
      ['campaign', 'report', '--brief'],
      ['campaign', 'list'],
    ]) {
      // simple-statistics is none of those: a verdict worked out afresh needs its log-gamma.
      const loaded = vendorsLoaded(args).filter((name) => name !== 'simple-statistics');
      expect({ args, loaded }).toEqual({ args, loaded: [] });
    }
  });

  it('a read answered from what an earlier run kept loads no library at all, nor node:crypto', () => {
    for (const args of [[], ['followups', 'today'], ['campaign', 'report', '--brief']]) {
      vendorsLoaded(args); // works it out and keeps it
      vendorsLoaded(args); // the file, a moment old the first time, is verified and stamped
      expect({ args, loaded: vendorsLoaded(args), crypto: builtinLoaded(args, 'crypto') }).toEqual({
        args,
        loaded: [],
        crypto: false,
      });
    }
  });

  it('sees what a command does load (the probe is not blind)', () => {
    const csv = join(tempDir(), 'people.csv');
    writeFileSync(csv, 'name,email\nZed Probe,zed@probe.example\n');
    expect(vendorsLoaded(['import', csv, '--dry-run'])).toContain('csv-parse_sync');
    expect(vendorsLoaded(['doctor'])).toContain('zod');
  });
});
