import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, CLI_NOW, FIXED_CLOCK, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

// Run `npm run build` first: these spawn the built bin/meld.js against a temp data file.
describe('the sales loop through the built binary', () => {
  beforeAll(() => {
    if (!existsSync(join(BIN, '..', '..', 'dist', 'meld.cjs')))
      throw new Error('run `npm run build` before the e2e tests');
  });

  it('shows the way in on an empty file when run with no arguments', () => {
    const db = join(tempDir(), 'meld.json');
    const r = meld([], { db });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Nothing on file yet. Two ways in:');
    expect(existsSync(db)).toBe(false);
  });

  it('adds, plans, logs a touch and shows it in the agenda and the lists', () => {
    const db = join(tempDir(), 'meld.json');
    // The binary's clock is the suite's fixed instant (MELD_TEST_NOW): "today" holds across midnight.
    const today = meld(['--json'], { db, env: { TZ: 'UTC', ...FIXED_CLOCK } });
    const todayDay = JSON.parse(today.stdout).today as string;
    expect(todayDay).toBe(CLI_NOW.slice(0, 10));
    expect(
      meld(['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--follow-up', 'today'], { db, env: FIXED_CLOCK })
        .status,
    ).toBe(0);
    const due = JSON.parse(meld(['followups', '--json'], { db, env: FIXED_CLOCK }).stdout);
    expect(due).toEqual([
      {
        id: 1,
        prospect: { id: 1, name: 'Ana Souza' },
        company: null,
        campaign: null,
        due: todayDay,
        note: null,
        status: 'open',
        every: null,
        overdueDays: 0,
      },
    ]);
    const log = meld(['log', 'ana@acme.io', 'called', '--type', 'call', '--stage', 'contacted', '--next', '+1w'], {
      db,
      env: FIXED_CLOCK,
    });
    expect(log.status).toBe(0);
    expect(log.stderr).toBe(
      '✓ Logged call a1 with Ana Souza (#1) on fri 2026-11-27, today\n✓ Moved from new to contacted\n✓ Closed follow-up f1 (due 2026-11-27)\n✓ Next follow-up f2 due fri 2026-12-04, in 7 days\n',
    );
    const agenda = JSON.parse(meld(['today', '--json'], { db, env: FIXED_CLOCK }).stdout);
    expect(agenda.due).toEqual([]);
    expect(agenda.noNextStep).toEqual([]);
    const list = meld(['prospect', 'list'], { db, env: FIXED_CLOCK });
    expect(list.stdout.split('\n')[1]).toMatch(/^1 {2}Ana Souza +ana@acme\.io +contacted +\d{4}-\d{2}-\d{2}$/);
  });

  it('exits 2 without writing when removal is not confirmed, and 0 with --yes', () => {
    const db = join(tempDir(), 'meld.json');
    meld(['add-prospect', 'Ana Souza'], { db });
    const refused = meld(['prospect', 'remove', '1'], { db });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    const removed = meld(['prospect', 'remove', '1', '--yes'], { db });
    expect(removed.status).toBe(0);
    expect(removed.stderr).toBe('✓ Removed Ana Souza (#1) with 0 follow-ups and 0 activities\n');
  });

  it('keeps stdout clean of colour codes when piped, and rejects a bad config value', () => {
    const db = join(tempDir(), 'meld.json');
    const r = meld(['config', 'get'], { db, env: { FORCE_COLOR: undefined } });
    expect(r.stdout).not.toContain('\u001b[');
    const bad = meld(['config', 'set', 'currency', 'ABC'], { db });
    expect(bad.status).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('error: "ABC" is not an ISO 4217 currency code');
  });
});
