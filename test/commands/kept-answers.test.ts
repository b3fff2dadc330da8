import { describe, expect, it } from 'vitest';
import { answerFiles, tamper } from '../helpers/kept.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

// `prospect show` and `prospect list` print what an earlier run kept while the file is unchanged
// (Store.answer, #19). Each test changes a kept answer by hand: that it shows proves the answer
// is what is printed; that a fresh run and a kept one print the same proves it is the right one.

async function people(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Spring Webinar', '--start', '2026-11-01'],
    ['add-prospect', 'Ana Souza', '--company', 'Acme', '--campaign', 'spring-webinar', '--value', '900'],
    ['add-prospect', 'Li Wei', '--company', 'Globex', '--follow-up', '2026-11-30'],
    ['add-prospect', 'Bo Chen', '--stage', 'proposal', '--value', '12000'],
    ['log', 'ana', 'called about pricing'],
  ]);
  return db;
}

describe('kept answers of prospect show and prospect list', () => {
  it('prospect show prints the kept card; --json and another person read the file', async () => {
    const db = await people();
    const fresh = await runMeld(['prospect', 'show', 'ana'], { db });
    expect(fresh.stdout).toContain('Ana Souza');
    tamper(db, 'Ana Souza', 'Ana Kepta');
    const kept = await runMeld(['prospect', 'show', 'ana'], { db });
    expect(kept.stdout).toBe(fresh.stdout.replaceAll('Ana Souza', 'Ana Kepta'));
    expect(JSON.parse((await runMeld(['prospect', 'show', 'ana', '--json'], { db })).stdout).name).toBe('Ana Souza');
    expect((await runMeld(['prospect', 'show', '2'], { db })).stdout).toContain('Li Wei');
    const unknown = await runMeld(['prospect', 'show', 'nobody'], { db });
    expect(unknown.exitCode).toBe(1);
  });

  it('prospect list prints the kept list for the same options, and computes others', async () => {
    const db = await people();
    const cases = [
      ['prospect', 'list'],
      ['prospect', 'list', '--search', 'pricing'],
      ['prospect', 'list', '--sort', 'value', '--limit', '2'],
      ['prospect', 'list', '--stage', 'proposal', '--ids'],
      ['prospect', 'list', '--search', 'zzz'],
    ];
    for (const args of cases) {
      const fresh = await runMeld(args, { db });
      const kept = await runMeld(args, { db });
      expect([kept.stdout, kept.stderr, kept.exitCode]).toEqual([fresh.stdout, fresh.stderr, fresh.exitCode]);
    }
    expect(answerFiles(db)).toHaveLength(cases.length);
    const before = await runMeld(['prospect', 'list', '--search', 'pricing'], { db });
    tamper(db, 'Ana Souza', 'Ana Kepta');
    expect((await runMeld(['prospect', 'list', '--search', 'pricing'], { db })).stdout).toBe(
      before.stdout.replaceAll('Ana Souza', 'Ana Kepta'),
    );
    // Another width is another answer; a change drops them all.
    expect((await runMeld(['prospect', 'list', '--search', 'pricing'], { db, columns: 50 })).stdout).toContain('Ana');
    await runMeld(['prospect', 'edit', '2', '--company', 'Globex Ltd'], { db });
    expect(answerFiles(db)).toHaveLength(0);
    expect((await runMeld(['prospect', 'list'], { db })).stdout).toContain('Globex Ltd');
  });

  it('campaign report prints the kept report for the same options and day, and computes others', async () => {
    const db = await people();
    const cases = [
      ['campaign', 'report'],
      ['campaign', 'report', '--brief'],
      ['campaign', 'report', 'spring-webinar'],
      ['campaign', 'report', '--since', '2026-11-01', '--brief'],
    ];
    for (const args of cases) {
      const fresh = await runMeld(args, { db });
      const kept = await runMeld(args, { db });
      expect([kept.stdout, kept.stderr, kept.exitCode]).toEqual([fresh.stdout, fresh.stderr, fresh.exitCode]);
    }
    const before = await runMeld(['campaign', 'report', '--brief'], { db });
    tamper(db, 'Spring Webinar', 'Spring Kepting');
    expect((await runMeld(['campaign', 'report', '--brief'], { db })).stdout).toBe(
      before.stdout.replaceAll('Spring Webinar', 'Spring Kepting'),
    );
    // --json, --period and another day read the file.
    expect((await runMeld(['campaign', 'report', '--json'], { db })).stdout).toContain('Spring Webinar');
    expect((await runMeld(['campaign', 'report', '--period', 'week'], { db })).stdout).toContain('Spring Webinar');
    const tomorrow = await runMeld(['campaign', 'report', '--brief'], { db, now: '2026-11-28T10:00:00Z' });
    expect(tomorrow.stdout).toContain('Spring Webinar');
    const unknown = await runMeld(['campaign', 'report', 'nope'], { db });
    expect(unknown.exitCode).toBe(1);
  });
});
