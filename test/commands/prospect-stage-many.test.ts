import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

async function three(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['add-prospect', 'Ana Souza'],
    ['add-prospect', 'Ben Ito', '--stage', 'proposal'],
    ['add-prospect', 'Cid Roy'],
  ]);
  return db;
}

describe('meld prospect stage with several prospects', () => {
  it('moves them all as one change that one undo reverts', async () => {
    const db = await three();
    const r = await runMeld(['prospect', 'stage', '1', '#3', 'qualified'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Moved Ana Souza (#1) from new to qualified\n✓ Moved Cid Roy (#3) from new to qualified\n');
    expect(r.db?.deals.map((d) => d.stage)).toEqual(['qualified', 'proposal', 'qualified']);
    const history = await runMeld(['history', '--json'], { db });
    expect(JSON.parse(history.stdout)[0].summary).toBe('prospect stage #1 #3 -> qualified');
    const undo = await runMeld(['undo'], { db });
    expect(undo.exitCode).toBe(0);
    expect(undo.db?.deals.map((d) => d.stage)).toEqual(['new', 'proposal', 'new']);
  });

  it('writes nothing when any reference is unknown', async () => {
    const db = await three();
    const before = readFileSync(db);
    const r = await runMeld(['prospect', 'stage', '1', '99', 'qualified'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: no prospect matches "99"');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('skips those already at the stage, saying so, and moves the rest', async () => {
    const db = await three();
    const r = await runMeld(['prospect', 'stage', '1', '2', 'proposal'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      'already at proposal: #2 Ben Ito\n✓ Moved Ana Souza (#1) from new to proposal\n  next step: meld followup add 1 tomorrow\n',
    );
    const all = await runMeld(['prospect', 'stage', '1', '2', 'proposal'], { db });
    expect(all.exitCode).toBe(2); // nothing to change, as prospect edit with the same values
    expect(all.stderr).toBe('error: #1, #2 are already at proposal\n');
  });

  it('asks one lost reason for all in a terminal, offering the reasons used before', async () => {
    const db = await three();
    await seed(db, [['prospect', 'stage', '2', 'lost', '--reason', 'too expensive']]);
    const r = await runMeld(['prospect', 'stage', '1', '3', 'lost'], { db, answers: ['too expensive'] });
    expect(r.exitCode).toBe(0);
    expect(r.questions).toEqual(['Why were #1, #3 lost?']);
    expect(r.db?.deals.map((d) => d.lostReason)).toEqual(['too expensive', 'too expensive', 'too expensive']);
    const other = await runMeld(['prospect', 'stage', '1', 'proposal'], { db });
    expect(other.exitCode).toBe(0);
    const typed = await runMeld(['prospect', 'stage', '1', 'lost'], { db, answers: ['\u0000other', 'no budget'] });
    expect(typed.questions).toEqual(['Why was Ana Souza lost?', 'Reason:']);
    expect(typed.db?.deals[0]?.lostReason).toBe('no budget');
  });

  it('needs --reason for several lost ones outside a terminal, and the stage as the last argument', async () => {
    const db = await three();
    const r = await runMeld(['prospect', 'stage', '1', '3', 'lost'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: marking 2 prospects lost needs a reason');
    const missing = await runMeld(['prospect', 'stage', '1'], { db });
    expect(missing.exitCode).toBe(2);
  });

  it('prints an array with --json when several move, an object for one', async () => {
    const db = await three();
    const many = JSON.parse((await runMeld(['prospect', 'stage', '1', '3', 'contacted', '--json'], { db })).stdout);
    expect(many.map((p: { id: number; stage: string }) => [p.id, p.stage])).toEqual([
      [1, 'contacted'],
      [3, 'contacted'],
    ]);
    const one = JSON.parse((await runMeld(['prospect', 'stage', '1', 'qualified', '--json'], { db })).stdout);
    expect(one).toMatchObject({ id: 1, stage: 'qualified' });
  });
});
