import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badInputPlace, problemsWith, SEED } from '../helpers/bad-input.js';
import { meld } from '../helpers/cli.js';

// Needs the built binary: `npm run build` first (npm test does).
//
// The whole table of malformed invocations runs in process (test/commands/bad-input.test.ts):
// the same main as the binary. Here a representative few go through the real binary, one of
// each kind, to show the launcher and the bundle fail the same way.
describe('malformed invocations of the binary', () => {
  it('fail cleanly and never change a byte of the data', () => {
    const { db, folder } = badInputPlace();
    for (const args of SEED) expect(meld(args, { db }).status).toBe(0);
    const data = readFileSync(db);
    const history = readFileSync(`${db}.d/history.json`);
    const few: string[][] = [
      ['followup', 'add', '1', 'tomorrow;rm -rf /'], // a bad date
      ['campaign', 'add', 'Costly', '--cost', '1e309'], // a bad amount
      ['log', '\u202eevil', 'hello'], // an unknown prospect, with a bidi control
      ['add-prospect', 'Long Note', '--note', 'n'.repeat(10_000), '--stage', 'wn'], // long text + a bad stage
      ['add-prospect', 'Opt', '--evil'], // an unknown option
      ['campain', 'list'], // an unknown command
      ['prospect', 'remove', '1'], // needs --yes without a terminal
      ['--db', folder, 'campaign', 'add', 'Folder'], // a folder as the data file
      ['--db', join(db, 'inside.json'), 'add-prospect', 'Nested'], // a file as a folder
      ['import', join(folder, 'missing.csv')], // a file that is not there
    ];
    const problems = few.flatMap((args) => problemsWith(args, meld(args, { db })));
    expect(problems).toEqual([]);
    expect(readFileSync(db).equals(data)).toBe(true);
    expect(readFileSync(`${db}.d/history.json`).equals(history)).toBe(true);
  });
});
