import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_NOW, FIXED_CLOCK, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';
import { hasTmux, Terminal } from '../helpers/tmux.js';

// The daily-loop prompts in a real pseudo-terminal (tmux): a yearless date, removing an activity.
describe.skipIf(!hasTmux)('daily-loop prompts in a real terminal', () => {
  const term = new Terminal('loop');
  afterEach(() => term.close());

  it('asks which year a yearless date means when it would land a year ahead, and keeps the answer', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db, env: FIXED_CLOCK }).status).toBe(0);
    // A week ago, typed without its year ("nov 24"): looking ahead it would be next year's.
    const weekAgo = new Date(Date.parse(CLI_NOW) - 7 * 86_400_000);
    const typed = weekAgo.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const recent = weekAgo.toISOString().slice(0, 10);
    term.start(dir, `followup add 1 '${typed}'`);
    await term.waitFor(`"${typed}" has no year: which day?`);
    await term.waitFor(`${recent}, 7 days ago`);
    term.type('Enter'); // the cursor starts on the nearer of the two days: last week's
    expect(await term.exitStatus()).toBe(0);
    await term.waitFor(
      `due ${new Date(`${recent}T12:00:00Z`).toUTCString().slice(0, 3).toLowerCase()} ${recent}, 7 days ago: already overdue`,
    );
    const data = JSON.parse(readFileSync(db, 'utf8'));
    expect(data.followUps[0]).toMatchObject({ due: recent, status: 'open' });
  });

  it('asks before removing an activity, and removes it on yes', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db, env: FIXED_CLOCK }).status).toBe(0);
    expect(meld(['log', '1', 'called', '--type', 'call'], { db, env: FIXED_CLOCK }).status).toBe(0);
    term.start(dir, 'activity remove a1');
    await term.waitFor(`Remove call a1 with Ana Souza (#1) on ${CLI_NOW.slice(0, 10)}: "called"?`);
    term.type('y', 'Enter');
    expect(await term.exitStatus()).toBe(0);
    await term.waitFor('✓ Removed call a1');
    expect(JSON.parse(readFileSync(db, 'utf8')).activities).toEqual([]);
  });
});
