import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addProspect } from '../../src/domain/prospects.js';
import { emptyDb } from '../../src/domain/types.js';
import { runMeld, tempDbPath, tempDir } from '../helpers/harness.js';

// Regression (import-roundtrip's fast-check property, counterexample with an extra column named
// `valueOf`): extra fields named like Object.prototype's members were looked up on plain objects.
// The export wrote "function valueOf() { [native code] }" for a prospect without the field, and a
// `__proto__` key was dropped by the assignment that should have stored it.
const KEYS = ['valueOf', 'constructor', '__proto__', 'toString'];

function sourceFile(): string {
  const db = emptyDb();
  const now = new Date('2026-11-01T09:00:00.000Z');
  const person = { email: null, company: null, phone: null, title: null, campaign: null, tags: [] };
  const ana = addProspect(db, { ...person, name: 'Ana Souza', stage: 'new', valueCents: null }, now);
  // JSON.parse makes `__proto__` an own key, as reading a data file does.
  ana.fields = JSON.parse('{"valueOf":"v1","constructor":"c1","__proto__":"p1","toString":"t1"}');
  addProspect(db, { ...person, name: 'Bo Lee', stage: 'new', valueCents: null }, now);
  const file = join(tempDir(), 'source.json');
  writeFileSync(file, JSON.stringify(db));
  return file;
}

const fieldsOf = (db: { prospects: Array<{ name: string; fields: Record<string, string> }> } | undefined) =>
  db?.prospects.map((p) => [p.name, Object.entries(p.fields)]);

describe('extra fields named valueOf, constructor, __proto__, toString', () => {
  it('export leaves their cells empty for a prospect without them, and import gives each back exactly', async () => {
    const source = sourceFile();
    const dir = tempDir();
    const csv = join(dir, 'prospects.csv');
    expect((await runMeld(['export', 'prospects', '--out', csv], { db: source })).exitCode).toBe(0);
    const lines = readFileSync(csv, 'utf8').split('\n');
    expect(lines[0]!.split(',').slice(-4)).toEqual(KEYS.map((k) => `fields.${k}`));
    expect(lines[1]!.split(',').slice(-4)).toEqual(['v1', 'c1', 'p1', 't1']);
    expect(lines[2]!.split(',').slice(-4)).toEqual(['', '', '', '']);
    for (const file of [csv, join(dir, 'prospects.json')]) {
      if (file.endsWith('.json')) await runMeld(['export', 'prospects', '--out', file], { db: source });
      const r = await runMeld(['import', file], { db: tempDbPath() });
      expect(r.exitCode).toBe(0);
      expect(fieldsOf(r.db)).toEqual([
        [
          'Ana Souza',
          [
            ['valueOf', 'v1'],
            ['constructor', 'c1'],
            ['__proto__', 'p1'],
            ['toString', 't1'],
          ],
        ],
        ['Bo Lee', []],
      ]);
    }
  });

  it("keeps a spreadsheet's columns of those names as the person's fields, and fills them on a duplicate", async () => {
    const dir = tempDir();
    const first = join(dir, 'first.csv');
    writeFileSync(first, 'Name,Email,valueOf,constructor\nAna Souza,ana@acme.io,v1,c1\n');
    const second = join(dir, 'second.csv');
    writeFileSync(second, 'Name,Email,__proto__,toString,valueOf\nAna Souza,ana@acme.io,p2,t2,v2\n');
    const db = tempDbPath();
    expect((await runMeld(['import', first], { db })).exitCode).toBe(0);
    const r = await runMeld(['import', second, '--on-duplicate', 'update'], { db });
    expect(r.stderr.split('\n')[0]).toBe(
      '✓ Imported second.csv (spreadsheet): 0 added, 1 updated, 0 skipped as duplicates, 0 rejected',
    );
    expect(fieldsOf(r.db)).toEqual([
      [
        'Ana Souza',
        [
          ['valueOf', 'v1'],
          ['constructor', 'c1'],
          ['__proto__', 'p2'],
          ['toString', 't2'],
        ],
      ],
    ]);
  });

  it('prospect merge fills them from the other record instead of taking them for a conflict', async () => {
    const file = join(tempDir(), 'people.csv');
    writeFileSync(file, 'Name,Email,valueOf,__proto__\nAna Souza,ana@acme.io,,\nAna S.,ana.s@gmail.com,v2,p2\n');
    const db = tempDbPath();
    expect((await runMeld(['import', file], { db })).exitCode).toBe(0);
    const r = await runMeld(['prospect', 'merge', '1', '2', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    expect(fieldsOf(r.db)).toEqual([
      [
        'Ana Souza',
        [
          ['valueOf', 'v2'],
          ['__proto__', 'p2'],
        ],
      ],
    ]);
  });
});
