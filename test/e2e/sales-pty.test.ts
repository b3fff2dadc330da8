import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

// The sales prompts in a real pseudo-terminal: the lost reason and the remove confirmation.
describe.skipIf(!hasTmux)('sales prompts in a real terminal', () => {
  const term = new Terminal('sales');
  afterEach(() => term.close());

  it('asks why a prospect was lost and records the answer', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    term.start(dir, 'prospect stage ana lost');
    await term.waitFor('Why was Ana Souza lost?');
    term.type('went with a competitor', 'Enter');
    expect(await term.exitStatus()).toBe(0);
    await term.waitFor('Moved Ana Souza (#1) from new to lost: went with a competitor');
    const data = JSON.parse(readFileSync(db, 'utf8'));
    expect(data.deals[0]).toMatchObject({ stage: 'lost', lostReason: 'went with a competitor' });
  });

  it('keeps the prospect when the removal is declined', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    const before = readFileSync(db);
    term.start(dir, 'prospect remove 1');
    await term.waitFor('Remove #1 Ana Souza with 0 follow-ups and 0 activities?');
    term.type('n', 'Enter');
    expect(await term.exitStatus()).toBe(0);
    await term.waitFor('nothing removed');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});
