import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { runMeld, tempDbPath } from '../helpers/harness.js';

describe('fields meld does not know', () => {
  it('survive a change, wherever they were added', async () => {
    const db = tempDbPath();
    await runMeld(['campaign', 'add', 'Spring Webinar', '--cost', '100'], { db });
    await runMeld(['campaign', 'adjust', 'spring-webinar', '--cost', '200'], { db });
    await runMeld(['add-prospect', 'Ana'], { db });
    const data = JSON.parse(readFileSync(db, 'utf8'));
    data.myNotes = 'kept at the top level';
    data.lastIds.invoice = 7;
    data.config.theme = 'dark';
    data.prospects[0].linkedin = 'https://linkedin.com/in/ana';
    data.deals[0].history[0].by = 'me';
    data.campaigns[0].adjustments[0].changes.cost.why = 'q2';
    writeFileSync(db, JSON.stringify(data, null, 2));

    const r = await runMeld(['add-prospect', 'Bo'], { db });
    expect(r.exitCode).toBe(0);
    const after = JSON.parse(readFileSync(db, 'utf8'));
    expect(after.myNotes).toBe('kept at the top level');
    expect(after.lastIds).toEqual({ prospect: 2, deal: 2, followUp: 0, activity: 0, invoice: 7 });
    expect(after.config.theme).toBe('dark');
    expect(after.prospects[0].linkedin).toBe('https://linkedin.com/in/ana');
    expect(after.deals[0].history[0].by).toBe('me');
    expect(after.campaigns[0].adjustments[0].changes).toEqual(data.campaigns[0].adjustments[0].changes);
    expect(Object.keys(after).at(-1)).toBe('myNotes');
  });
});
