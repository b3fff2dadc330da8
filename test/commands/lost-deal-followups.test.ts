import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyDb, type Db } from '../../src/domain/types.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';
import { deal, followUp, prospect } from '../helpers/records.js';

// A lost deal and the person's follow-ups: cancelled when the loss leaves someone who never
// bought with no open deal; a customer (a won deal) keeps theirs, so their check-ins go on.
// "Today" is fri 2026-11-27 (the harness clock).

/**
 * Dan Wu (#1): two won deals (d1, d2) and a check-in f1 every 2 weeks, due 2026-12-04. Bo Chen
 * (#2): one open deal d3, never bought, and a follow-up f2 due 2026-12-01.
 */
function customerDb(): string {
  const db: Db = emptyDb();
  db.prospects = [prospect({ id: 1, name: 'Dan Wu' }), prospect({ id: 2, name: 'Bo Chen' })];
  db.deals = [
    deal({ id: 1, prospectId: 1, title: 'Website', stage: 'won' }),
    deal({ id: 2, prospectId: 1, title: 'Renewal', stage: 'won' }),
    deal({ id: 3, prospectId: 2, title: 'Audit' }),
  ];
  db.followUps = [
    followUp({ id: 1, prospectId: 1, due: '2026-12-04', note: 'check-in', every: { count: 2, unit: 'week' } }),
    followUp({ id: 2, prospectId: 2, due: '2026-12-01' }),
  ];
  db.lastIds = { prospect: 2, deal: 3, followUp: 2, activity: 0 };
  const path = tempDbPath();
  writeFileSync(path, JSON.stringify(db, null, 2));
  return path;
}

const KEPT = '  kept follow-up f1: Dan Wu (#1) is a customer, so check-ins go on\n';

describe("a customer's lost deal keeps their follow-ups", () => {
  it('deal stage … lost leaves the check-in open, and says why', async () => {
    const db = customerDb();
    await seed(db, [['deal', 'add', 'dan', 'Extra seats']]);
    const r = await runMeld(['deal', 'stage', 'd4', 'lost', '--reason', 'x'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(`✓ Moved d4 "Extra seats" with Dan Wu (#1) from new to lost: x\n${KEPT}`);
    expect(r.db?.followUps[0]).toMatchObject({ id: 1, status: 'open', every: { count: 2, unit: 'week' } });
  });

  it('prospect stage … lost leaves the check-in open, and says why', async () => {
    const db = customerDb();
    await seed(db, [['deal', 'add', 'dan', 'Extra seats']]);
    const r = await runMeld(['prospect', 'stage', 'dan', 'lost', '--reason', 'x'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(`✓ Moved Dan Wu (#1) (d4) from new to lost: x\n${KEPT}`);
    expect(r.db?.followUps[0]?.status).toBe('open');
  });

  it('prospect edit --stage lost leaves the check-in open, and says why', async () => {
    const db = customerDb();
    await seed(db, [['deal', 'add', 'dan', 'Extra seats']]);
    const r = await runMeld(['prospect', 'edit', 'dan', '--stage', 'lost', '--reason', 'x'], { db });
    expect(r.exitCode).toBe(0);
    // The person's stage is where their deals leave them: won (two won deals, nothing open).
    expect(r.stderr).toBe(`✓ Updated Dan Wu (#1): stage new → won\n${KEPT}`);
    expect(r.db?.followUps[0]?.status).toBe('open');
  });

  it('log --stage lost leaves the check-in open, and says why', async () => {
    const db = customerDb();
    await seed(db, [['deal', 'add', 'dan', 'Extra seats']]);
    const r = await runMeld(['log', 'dan', 'no budget for more seats', '--stage', 'lost', '--reason', 'x'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      `✓ Logged note a1 with Dan Wu (#1) on fri 2026-11-27, today\n✓ Moved from new to lost\n${KEPT}`,
    );
    expect(r.db?.followUps[0]?.status).toBe('open');
  });

  it('log --stage lost on a due check-in of a customer closes it and the series goes on', async () => {
    const db = customerDb();
    await seed(db, [
      ['deal', 'add', 'dan', 'Extra seats'],
      ['followup', 'edit', 'f1', '--date', '2026-11-27'],
    ]);
    const r = await runMeld(['log', 'dan', 'no to the seats', '--stage', 'lost', '--reason', 'x'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Logged note a1 with Dan Wu (#1) on fri 2026-11-27, today\n' +
        '✓ Moved from new to lost\n' +
        '✓ Closed follow-up f1 (due 2026-11-27)\n' +
        '✓ Repeats every 2 weeks: f3 due fri 2026-12-11, in 14 days\n' +
        '  kept follow-up f3: Dan Wu (#1) is a customer, so check-ins go on\n',
    );
    expect(r.db?.followUps.map((f) => [f.id, f.status])).toEqual([
      [1, 'done'],
      [2, 'open'],
      [3, 'open'],
    ]);
  });
});

describe('a lost deal of someone who never bought cancels their follow-ups', () => {
  it('as before for deal stage, prospect stage, prospect edit and log --stage lost', async () => {
    const db = customerDb();
    const dealStage = await runMeld(['deal', 'stage', 'd3', 'lost', '--reason', 'x'], { db });
    expect(dealStage.stderr).toBe(
      '✓ Moved d3 "Audit" with Bo Chen (#2) from new to lost: x\n' +
        '✓ Cancelled follow-up f2 (lost; meld undo brings them back)\n',
    );
    expect(dealStage.db?.followUps[1]).toMatchObject({ status: 'cancelled', outcome: 'lost: x' });
    await seed(db, [['undo']]);
    const prospectStage = await runMeld(['prospect', 'stage', 'bo', 'lost', '--reason', 'x'], { db });
    expect(prospectStage.stderr).toBe(
      '✓ Moved Bo Chen (#2) from new to lost: x\n✓ Cancelled follow-up f2 (lost; meld undo brings them back)\n',
    );
    await seed(db, [['undo']]);
    const edit = await runMeld(['prospect', 'edit', 'bo', '--stage', 'lost', '--reason', 'x'], { db });
    expect(edit.stderr).toBe(
      '✓ Updated Bo Chen (#2): stage new → lost\n✓ Cancelled follow-up f2 (lost; meld undo brings them back)\n',
    );
    expect(edit.db?.followUps[1]).toMatchObject({ status: 'cancelled', outcome: 'lost: x' });
    await seed(db, [['undo']]);
    const log = await runMeld(['log', 'bo', 'said no', '--stage', 'lost', '--reason', 'x'], { db });
    expect(log.stderr).toBe(
      '✓ Logged note a1 with Bo Chen (#2) on fri 2026-11-27, today\n' +
        '✓ Moved from new to lost\n' +
        '✓ Cancelled follow-up f2 (lost; meld undo brings them back)\n',
    );
  });

  it('log --stage lost with a recurring follow-up due: the touch did it, the series ends', async () => {
    const db = customerDb();
    await seed(db, [['followup', 'edit', 'f2', '--date', '2026-11-20', '--every', '1 month']]);
    const r = await runMeld(['log', 'bo', 'said no', '--stage', 'lost', '--reason', 'x', '--json'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Logged note a1 with Bo Chen (#2) on fri 2026-11-27, today\n' +
        '✓ Moved from new to lost\n' +
        '✓ Closed follow-up f2 (due 2026-11-20)\n' +
        '✓ Cancelled follow-up f3 (lost; meld undo brings them back)\n',
    );
    expect(JSON.parse(r.stdout).repeat).toEqual([]);
    expect(r.db?.followUps.map((f) => [f.id, f.status, f.outcome])).toEqual([
      [1, 'open', null],
      [2, 'done', 'said no'],
      [3, 'cancelled', 'lost: x'],
    ]);
  });
});
