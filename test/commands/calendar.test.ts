import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMeld, tempDbPath } from '../helpers/harness.js';

/** Runs meld on `db` as if it were `now`, failing loudly when it does not succeed. */
async function at(db: string, now: string, args: string[]) {
  const r = await runMeld(args, { db, now });
  if (r.exitCode !== 0) throw new Error(`meld ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

const NOW = '2026-11-21T10:00:00.000Z';

async function spring(): Promise<string> {
  const db = tempDbPath();
  await at(db, '2026-11-01T08:00:00.000Z', ['campaign', 'add', 'Spring', '--cost', '750', '--start', '2026-11-01']);
  return db;
}

describe('confirm what cannot be right: adjust --cost below what is spent', () => {
  it('is refused in a script without --yes (exit 2), naming the refund, and leaves the file as it was', async () => {
    const db = await spring();
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['campaign', 'adjust', 'spring', '--cost', '100'], { db, now: NOW });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'error: --cost $100 is below the $750 Spring has already spent: it records a refund of $650 on 2026-11-21\n' +
        '  hint: pass --yes if that refund is right (--cost is the new total, not an addition)\n',
    );
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('asks in a terminal: no changes nothing, yes records the refund', async () => {
    const db = await spring();
    const no = await runMeld(['campaign', 'adjust', 'spring', '--cost', '100'], { db, now: NOW, answers: [false] });
    expect([no.exitCode, no.questions]).toEqual([0, ['Record a refund of $650?']]);
    expect(no.stderr).toContain('nothing changed\n');
    expect(no.db!.campaigns[0]!.spend).toHaveLength(1);
    const yes = await runMeld(['campaign', 'adjust', 'spring', '--cost', '100'], { db, now: NOW, answers: [true] });
    expect(yes.exitCode).toBe(0);
    expect(yes.db!.campaigns[0]!.spend.at(-1)).toMatchObject({ day: '2026-11-21', cents: -65_000 });
  });

  it('takes it with --yes, and takes a raise without asking', async () => {
    const db = await spring();
    await at(db, NOW, ['campaign', 'adjust', 'spring', '--cost', '1000']);
    const r = await at(db, NOW, ['campaign', 'adjust', 'spring', '--cost', '900', '--yes']);
    expect(r.stderr).toBe('✓ Adjusted Spring (spring): cost $1,000 → $900\n');
  });
});

describe('no ratio over a zero or negative cost', () => {
  it('shows — (null) for cost per prospect, per win and ROI of a window whose money is a refund', async () => {
    const db = await spring();
    await at(db, '2026-11-12T10:00:00.000Z', ['add-prospect', 'Ana', '--campaign', 'spring', '--value', '500']);
    await at(db, '2026-11-12T10:00:00.000Z', ['prospect', 'stage', 'Ana', 'won']);
    await at(db, '2026-11-12T10:00:00.000Z', ['campaign', 'spend', 'spring', '-300', '--note', 'refund']);
    const [row] = JSON.parse(
      (await at(db, NOW, ['campaign', 'report', 'spring', '--since', '2026-11-10', '--json'])).stdout,
    );
    expect(row).toMatchObject({ cost: -300, costPerProspect: null, costPerWin: null, roi: null });
    expect(row.periods[0]).toMatchObject({ cost: -300, costPerProspect: null });
  });
});
