import { describe, expect, it } from 'vitest';
import { linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMeld, tempDbPath } from '../helpers/harness.js';

/** What a save killed between writing the journal and renaming the new file leaves behind. */
function crashAfterJournal(db: string, seq: number, summary: string): void {
  const dir = `${db}.d`;
  mkdirSync(dir, { recursive: true });
  const journalPath = join(dir, 'history.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
  const before = `${String(seq).padStart(6, '0')}.json`;
  linkSync(db, join(dir, before));
  journal.entries.push({ seq, at: '2026-11-27T10:00:00.000Z', summary, before, after: null });
  writeFileSync(journalPath, JSON.stringify(journal));
}

describe('the change journal after a crash', () => {
  it('ignores a change whose save never landed: history hides it and undo skips it', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Ana'], { db });
    const afterAna = readFileSync(db);
    await runMeld(['add-prospect', 'Bo'], { db });
    crashAfterJournal(db, 3, 'add-prospect Never Landed (#3)');

    const history = JSON.parse((await runMeld(['history', '--json'], { db })).stdout);
    expect(history.map((h: { summary: string }) => h.summary)).toEqual([
      'add-prospect Bo (#2)',
      'add-prospect Ana (#1)',
    ]);

    const undo = await runMeld(['undo'], { db });
    expect(undo.stderr.split('\n')[0]).toBe('undid: add-prospect Bo (#2)');
    expect(readFileSync(db).equals(afterAna)).toBe(true);
    expect(readdirSync(`${db}.d`).filter((n) => /^\d+\.json$/.test(n))).toEqual([]);
  });

  it('drops the phantom entry on the next save, so the next change takes its place', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Ana'], { db });
    crashAfterJournal(db, 2, 'add-prospect Never Landed (#2)');
    const r = await runMeld(['add-prospect', 'Bo'], { db });
    expect(r.exitCode).toBe(0);
    const history = JSON.parse((await runMeld(['history', '--json'], { db })).stdout);
    expect(history.map((h: { summary: string }) => h.summary)).toEqual([
      'add-prospect Bo (#2)',
      'add-prospect Ana (#1)',
    ]);
  });

  it('rebuilds a damaged journal from the backups instead of losing them', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Ana'], { db });
    const afterAna = readFileSync(db);
    await runMeld(['add-prospect', 'Bo'], { db });
    writeFileSync(join(`${db}.d`, 'history.json'), '{"entries": [');
    const undo = await runMeld(['undo'], { db });
    expect(undo.stderr.split('\n')[0]).toBe('undid: (change not recorded: the history file was missing or damaged)');
    expect(readFileSync(db).equals(afterAna)).toBe(true);
    expect(readdirSync(`${db}.d`)).toContain('history.json.damaged');
  });
});
