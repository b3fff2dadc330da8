import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SIZE, generateSample } from '../../src/domain/sample.js';
import { serializeDb } from '../../src/store/serialize.js';
import { BIN, CLI_NOW, cliEnv, meld } from '../helpers/cli.js';
import { tempDbPath, tempDir } from '../helpers/harness.js';

// Output to a file or a pipe is written straight to the descriptor (src/io/fd-output.ts), not
// through a stream: what each end of it does to a run.

let db: string;
const sh = (script: string) =>
  spawnSync('bash', ['-c', `set -o pipefail; ${script}`], {
    env: cliEnv({ MELD_DB: db, MELD: `${process.execPath} ${BIN}` }),
    encoding: 'utf8',
  });

describe('where the output goes', () => {
  beforeAll(() => {
    db = tempDbPath();
    expect(meld(['demo'], { db }).status).toBe(0);
  });

  it('a file gets exactly what a pipe gets', () => {
    const file = join(tempDir(), 'list.txt');
    const piped = sh('$MELD prospect list | cat');
    const written = sh(`$MELD prospect list > ${file}`);
    expect([piped.status, written.status]).toEqual([0, 0]);
    expect(piped.stdout.split('\n').length).toBeGreaterThan(40);
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
  });

  it('a reader that stops early (head) ends the run quietly, exit 0', () => {
    // Far more than a pipe holds (64 KB), so meld is still writing when head goes away.
    const big = tempDbPath();
    writeFileSync(big, serializeDb(generateSample({ ...DEMO_SIZE, prospects: 3000 }, new Date(CLI_NOW), 7)));
    const r = sh(`MELD_DB=${big} $MELD prospect list | head -1`);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
  });

  it.runIf(existsSync('/dev/full'))('a full disk behind > fails the run in one line, not silently', () => {
    const r = sh('$MELD followups all > /dev/full');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: cannot write the output: no space left on the disk\n  hint: what was printed before this is incomplete\n',
    );
  });
});
