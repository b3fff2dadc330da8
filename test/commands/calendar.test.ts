import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeDb } from '../../src/store/serialize.js';
import { REPORT_NOW, reportDb } from '../fixtures/report-db.js';
import { runMeld, tempDbPath } from '../helpers/harness.js';
import { inReaderZone } from '../helpers/zone.js';

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

describe('the business time zone', () => {
  /** The report fixture (Spring: $1,000 on Nov 1, adjusted to $1,600 on Nov 11 at 12:00 UTC). */
  function fileIn(zone: string): string {
    const db = reportDb();
    (db.config as { timezone?: string }).timezone = zone;
    const path = tempDbPath();
    writeFileSync(path, serializeDb(db));
    return path;
  }

  const report = async (db: string, args: string[]) => {
    const r = await runMeld(args, { db, now: REPORT_NOW });
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    return r.stdout;
  };

  it('gives the same report and agenda for one file read under three zones', async () => {
    const db = fileIn('America/New_York');
    const outputs = [];
    for (const reader of ['UTC', 'Pacific/Auckland', 'America/Los_Angeles']) {
      outputs.push(
        await inReaderZone(reader, async () => [
          await report(db, ['campaign', 'report', '--json']),
          await report(db, ['campaign', 'report', 'spring']),
          await report(db, ['today', '--json']),
          await report(db, ['followups', '--json']),
        ]),
      );
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    // Days are New York days: REPORT_NOW (Nov 21 00:00 UTC) is Nov 20, 19:00 there.
    expect(JSON.parse(outputs[0]![2]!).today).toBe('2026-11-20');
  });

  it("keeps the $600 of a change made on Nov 11 12:00 UTC in the change's period when read in Auckland", async () => {
    const db = fileIn('UTC');
    const costs = async () =>
      JSON.parse(await report(db, ['campaign', 'report', 'spring', '--json']))[0].periods.map(
        (p: { cost: number; costPerProspect: number | null }) => [p.cost, p.costPerProspect],
      );
    const utc = await costs();
    expect(utc).toEqual([
      [1000, 500],
      [600, 120],
    ]);
    expect(await inReaderZone('Pacific/Auckland', costs)).toEqual(utc);
  });
});

describe('one figure, one value', () => {
  it('shows the same pace for the same stretch in the table, the verdict line, the agenda and JSON', async () => {
    const db = tempDbPath();
    await at(db, '2026-10-01T08:00:00.000Z', ['campaign', 'add', 'Ads', '--start', '2026-10-01']);
    for (const d of ['15', '20'])
      await at(db, `2026-10-${d}T10:00:00.000Z`, ['add-prospect', `B${d}`, '--campaign', 'ads']);
    await at(db, '2026-11-01T09:00:00.000Z', ['campaign', 'adjust', 'ads', '--note', 'new copy']);
    for (const d of ['01', '02', '04', '06', '09', '11', '13', '16', '19']) {
      await at(db, `2026-11-${d}T10:00:00.000Z`, [
        'add-prospect',
        `A${d}`,
        '--campaign',
        'ads',
        '--follow-up',
        'in 30 days',
      ]);
    }
    const now = '2026-11-20T12:00:00.000Z';
    // 9 prospects in the 20 days Nov 1-20: 63 / 20 = 3.15 a week, rounded once, half up: 3.2 (a
    // float 3.15 × 10 is 31.4999…, which rounded to 3.1 in one view and 3.2 in another).
    const [row] = JSON.parse((await at(db, now, ['campaign', 'report', 'ads', '--json'])).stdout);
    expect(row.periods[1]).toMatchObject({ days: 20, prospects: 9, perWeek: 3.2 });
    expect(row.periods[1].compare.after).toMatchObject({ days: 20, prospects: 9, perWeek: 3.2 });
    expect(row.periods[1].compare.before).toMatchObject({ from: '2026-10-12', days: 20, prospects: 2, perWeek: 0.7 });
    const agenda = JSON.parse((await at(db, now, ['today', '--json'])).stdout).campaigns[0];
    expect([agenda.before.perWeek, agenda.after.perWeek]).toEqual([0.7, 3.2]);
    const text = (await at(db, now, ['campaign', 'report', 'ads'])).stdout;
    expect(text).toContain('    2  2026-11-01  2026-11-20    20     9    3.2');
    expect(text.replace(/\n\s+/g, ' ')).toContain(
      "after 'new copy' (Nov 1): 9 prospects in 20 days vs 2 in the 20 days before",
    );
    expect((await at(db, now, ['today'])).stdout).toContain(
      'Ads: 3.2/wk since the 2026-11-01 adjustment, 0.7/wk before',
    );
  });
});

describe('agenda hygiene', () => {
  it('refuses the same follow-up (person, day, note) twice, naming the first; --allow-duplicate takes it', async () => {
    const db = tempDbPath();
    await at(db, NOW, ['add-prospect', 'Ana Souza']);
    await at(db, NOW, ['followup', 'add', 'ana', '2026-11-24', 'send the proposal']);
    const before = readFileSync(db, 'utf8');
    const again = await runMeld(['followup', 'add', 'ana', '2026-11-24', ' Send the  proposal'], { db, now: NOW });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toBe(
      'error: f1 is already planned with Ana Souza (#1) on 2026-11-24 ("send the proposal")\n' +
        '  hint: pass --allow-duplicate to add it again\n',
    );
    expect(readFileSync(db, 'utf8')).toBe(before);
    // Another day or another note is another follow-up.
    await at(db, NOW, ['followup', 'add', 'ana', '2026-11-25', 'send the proposal']);
    await at(db, NOW, ['followup', 'add', 'ana', '2026-11-24', 'call']);
    const forced = await at(db, NOW, [
      'followup',
      'add',
      'ana',
      '2026-11-24',
      'send the proposal',
      '--allow-duplicate',
    ]);
    expect(forced.db!.followUps.map((f) => f.id)).toEqual([1, 2, 3, 4]);
  });
});

describe('meld config timezone', () => {
  it('sets the business time zone by its IANA name, and today follows it', async () => {
    const db = tempDbPath();
    const late = '2026-11-27T23:30:00.000Z';
    await at(db, late, ['add-prospect', 'Ana']);
    expect(JSON.parse((await at(db, late, ['today', '--json'])).stdout).today).toBe('2026-11-27');
    const set = await at(db, late, ['config', 'set', 'timezone', 'asia/tokyo']);
    expect(set.stderr).toBe('✓ timezone set to Asia/Tokyo (was UTC)\n');
    expect((await at(db, late, ['config', 'get', 'timezone'])).stdout).toBe('Asia/Tokyo\n');
    // 23:30 UTC is 08:30 the next morning in Tokyo.
    expect(JSON.parse((await at(db, late, ['today', '--json'])).stdout).today).toBe('2026-11-28');
    const before = readFileSync(db, 'utf8');
    const bad = await runMeld(['config', 'set', 'timezone', '+09:00'], { db, now: late });
    expect([bad.exitCode, bad.stderr]).toEqual([
      1,
      'error: "+09:00" is not an IANA time zone name\n  hint: use a name such as Europe/Lisbon, America/New_York, Asia/Kolkata or UTC\n',
    ]);
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it("shows the machine's zone for a file that records none", async () => {
    const r = await runMeld(['config', 'get', 'timezone'], { zone: 'America/Sao_Paulo' });
    expect(r.stdout).toBe('America/Sao_Paulo\n');
  });
});

describe('lost prospects leave the agenda', () => {
  it('cancels the open follow-ups of people moved to lost, with the reason, says so, and undo brings them back', async () => {
    const db = tempDbPath();
    await at(db, NOW, ['add-prospect', 'Ana', '--follow-up', '2026-11-20']);
    await at(db, NOW, ['add-prospect', 'Ben', '--follow-up', '2026-11-22']);
    await at(db, NOW, ['followup', 'add', 'ana', '2026-11-25', 'send the quote']);
    const r = await at(db, NOW, ['prospect', 'stage', 'ana', 'ben', 'lost', '--reason', 'budget']);
    expect(r.stderr).toContain('✓ Cancelled follow-ups f1, f3 (lost; meld undo brings them back)\n');
    expect(r.stderr).toContain('✓ Cancelled follow-up f2 (lost; meld undo brings them back)\n');
    expect(r.db!.followUps.map((f) => [f.id, f.status, f.outcome])).toEqual([
      [1, 'cancelled', 'lost: budget'],
      [2, 'cancelled', 'lost: budget'],
      [3, 'cancelled', 'lost: budget'],
    ]);
    expect(JSON.parse((await at(db, NOW, ['today', '--json'])).stdout).due).toEqual([]);
    const undone = await at(db, NOW, ['undo']);
    expect(undone.db!.followUps.map((f) => f.status)).toEqual(['open', 'open', 'open']);
  });
});

describe('log --stage lost', () => {
  it('cancels the follow-ups planned before, as prospect stage lost does, and undo brings them back', async () => {
    const { runMeld: run, tempDbPath: path, seed: plant } = await import('../helpers/harness.js');
    const db = path();
    await plant(db, [['add-prospect', 'Ana Souza', '--follow-up', '2026-12-01']]);
    const r = await run(['log', '1', 'said no', '--stage', 'lost', '--reason', 'no budget'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('✓ Cancelled follow-up f1 (lost; meld undo brings them back)');
    expect(r.db?.followUps[0]).toMatchObject({ status: 'cancelled', outcome: 'lost: no budget' });
    const undone = await run(['undo'], { db });
    expect(undone.db?.followUps[0]).toMatchObject({ status: 'open' });
  });
});
