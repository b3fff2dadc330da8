import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

describe('the daily loop, on the built binary', () => {
  it('snoozes the overdue ones found by --ids in one change, cancels, corrects an activity, and undoes each', () => {
    const db = join(tempDir(), 'meld.json');
    for (const name of ['Ana Souza', 'Li Wei', 'Bo Chen']) {
      expect(meld(['add-prospect', name, '--follow-up', 'today'], { db }).status).toBe(0);
    }
    expect(meld(['log', '1', 'caled', '--next', '+1w', '--next-note', 'send the deck'], { db }).status).toBe(0);
    const ids = meld(['followups', '--ids'], { db }).stdout.trim().split('\n');
    expect(ids).toEqual(['f2', 'f3']);
    const before = readFileSync(db, 'utf8');
    const snoozed = meld(['followup', 'snooze', ...ids, '+3d'], { db });
    expect(snoozed.status).toBe(0);
    expect(snoozed.stderr).toMatch(/^✓ Snoozed follow-up f2 with Li Wei \(#2\) to \w{3} [\d-]{10}, in 3 days/);
    expect(meld(['undo'], { db }).status).toBe(0);
    expect(readFileSync(db, 'utf8')).toBe(before);
    expect(meld(['followup', 'cancel', 'f99', 'f2'], { db }).status).toBe(1);
    expect(readFileSync(db, 'utf8')).toBe(before);
    expect(meld(['followup', 'cancel', 'f2', '--reason', 'met at the fair instead'], { db }).status).toBe(0);
    expect(meld(['activity', 'edit', 'a1', '--text', 'called'], { db }).status).toBe(0);
    const data = JSON.parse(readFileSync(db, 'utf8'));
    expect(data.followUps[1]).toMatchObject({ status: 'cancelled', outcome: 'met at the fair instead' });
    expect(data.followUps[3]).toMatchObject({ prospectId: 1, note: 'send the deck', status: 'open' });
    expect(data.activities[0]).toMatchObject({ id: 1, text: 'called' });
    const history = meld(['history'], { db }).stdout;
    expect(history).toContain('activity edit a1 Ana Souza (text)');
    expect(history).toContain('followup cancel f2 Li Wei');
    expect(meld(['followup', 'done', '#1'], { db }).stderr).toBe(
      "error: #1 is a prospect; follow-ups are named f<number>\n  hint: #1 Ana Souza's open follow-ups: f4\n",
    );
  });
});
