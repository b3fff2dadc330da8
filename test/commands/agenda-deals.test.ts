import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeDb } from '../../src/store/serialize.js';
import { emptyDb } from '../../src/domain/types.js';
import { agendaDealsDb } from '../fixtures/agenda-deals.js';
import { runMeld, tempDbPath } from '../helpers/harness.js';
import { deal, followUp, prospect } from '../helpers/records.js';

// The agenda's deals (#24): open deals past their expected close day and deals pushed three
// times or more, each with its reason, ranked by urgency. The deals and their figures are
// counted by hand in test/domain/agenda-deals.test.ts; today is 2026-11-27.

function file(db = agendaDealsDb()): string {
  const path = tempDbPath();
  writeFileSync(path, serializeDb(db));
  return path;
}

const DEALS = [
  'Deals (4) past their expected close day, or pushed 3+ times',
  '  d1 Ana Souza ($4,000): expected to close 2026-11-11, 16 days ago',
  '  d3 Cy Park: expected to close 2026-11-11 (learned), 16 days ago',
  '  d5 Dee Ray ($15,000): expected to close 2026-11-20, 7 days ago;',
  '    pushed 3 times: 2026-09-15 → … → 2026-11-20',
  '  d2 Bo Lee ($2,000): pushed 3 times: 2026-10-01 → … → 2027-01-15',
];

describe('deals on the agenda', () => {
  it('lists deals past their expected close day and deals pushed three times, with the reason', async () => {
    const r = await runMeld(['today'], { db: file(), columns: 80 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      `${[
        'Friday 27 November 2026',
        '',
        'Nothing due today.',
        '',
        ...DEALS,
        '',
        'No next step (6, top 2) open, nothing planned',
        '  #1 Ana Souza (proposal)                       meld followup add 1 tomorrow',
        '  #7 Fay Kahn (proposal)                        meld followup add 7 tomorrow',
        '',
        'Stale (6, top 2) no activity for 14+ days',
        '  #1 Ana Souza (proposal): last touched 2026-11-01, 26d ago',
        '  #2 Bo Lee (qualified): last touched 2026-11-01, 26d ago',
      ].join('\n')}\n`,
    );
  });

  it('explains each deal its urgency as it does for follow-ups', async () => {
    const r = await runMeld(['today', '--explain'], { db: file(), columns: 80 });
    expect(r.stdout).toContain(
      [
        '  d1 Ana Souza ($4,000): expected to close 2026-11-11, 16 days ago',
        '      16d overdue +42, stage proposal +6, value $4,000 +1 = 49',
        '  d3 Cy Park: expected to close 2026-11-11 (learned), 16 days ago',
        '      16d overdue +42, stage new +0, no value +0 = 42',
        '  d5 Dee Ray ($15,000): expected to close 2026-11-20, 7 days ago;',
        '    pushed 3 times: 2026-09-15 → … → 2026-11-20',
        '      7d overdue +24, stage contacted +2, value $15,000 +2 = 28',
        '  d2 Bo Lee ($2,000): pushed 3 times: 2026-10-01 → … → 2027-01-15',
        '      due today +0, stage qualified +4, value $2,000 +1 = 5',
      ].join('\n'),
    );
  });

  it('gives the deals as JSON under `deals`, every close-by day of a pushed one included', async () => {
    const json = JSON.parse((await runMeld(['today', '--json'], { db: file() })).stdout);
    expect(json.deals.map((d: { deal: { id: number } }) => d.deal.id)).toEqual([1, 3, 5, 2]);
    expect(json.deals[0]).toEqual({
      deal: { id: 1, title: 'Website' },
      prospect: { id: 1, name: 'Ana Souza' },
      stage: 'proposal',
      value: 4000,
      probability: 60,
      closeDay: '2026-11-11',
      late: { closeDay: '2026-11-11', source: 'set', days: 16 },
      pushed: null,
      reason: 'expected to close 2026-11-11, 16 days ago',
      urgency: 49,
    });
    expect(json.deals[2]).toMatchObject({
      deal: { id: 5, title: 'Platform' },
      late: { closeDay: '2026-11-20', source: 'set', days: 7 },
      pushed: { count: 3, days: ['2026-09-15', '2026-10-15', '2026-11-01', '2026-11-20'] },
      reason: 'expected to close 2026-11-20, 7 days ago; pushed 3 times: 2026-09-15 → … → 2026-11-20',
    });
    expect(json.deals[1]).toMatchObject({ closeDay: '2026-11-11', late: { source: 'learned' }, value: null });
    expect(json.deals[3]).toMatchObject({ late: null, pushed: { count: 3 }, urgency: 5 });
  });

  it('gives the deals two lines of the screen when follow-ups fill it, one deal on a narrow terminal', async () => {
    const db = agendaDealsDb();
    db.followUps = [1, 2, 3, 4, 5, 6, 7, 8].map((id) => followUp({ id, prospectId: id, due: '2026-11-26' }));
    db.lastIds.followUp = 8;
    const path = file(db);
    const wide = await runMeld(['today'], { db: path, columns: 80 });
    expect(wide.stdout).toContain(
      [
        'Deals (4, top 2) past their expected close day, or pushed 3+ times',
        '  d1 Ana Souza ($4,000): expected to close 2026-11-11, 16 days ago',
        '  d3 Cy Park: expected to close 2026-11-11 (learned), 16 days ago',
        '',
      ].join('\n'),
    );
    expect(wide.stdout).toContain('Due now (8, top 5)');
    const narrow = await runMeld(['today'], { db: path, columns: 50 });
    expect(narrow.stdout).toContain(
      ['Deals (4, top 1)', '  d1 Ana Souza ($4,000)', '    expected to close 2026-11-11, 16 days ago', ''].join('\n'),
    );
    for (const line of narrow.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(50);
  });

  it('leaves the section out when no deal is late or pushed often', async () => {
    const db = emptyDb('UTC');
    db.prospects = [prospect({ id: 1, name: 'Ana Souza' })];
    db.deals = [deal({ id: 1, stage: 'proposal', closeBy: '2026-12-15' })];
    db.followUps = [followUp({ id: 1, prospectId: 1, due: '2026-12-01' })];
    db.lastIds = { prospect: 1, deal: 1, followUp: 1, activity: 0 };
    const path = file(db);
    const r = await runMeld(['today'], { db: path, now: '2026-11-05T10:00:00.000Z' });
    expect(r.stdout).toBe(
      'Thursday 5 November 2026\n\nNothing due today.\n\nAll clear: every open prospect has a next step.\n',
    );
    expect(JSON.parse((await runMeld(['today', '--json'], { db: path })).stdout).deals).toEqual([]);
  });
});
