import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDuplicate } from '../../src/domain/duplicates.js';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';

async function onFile(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['add-prospect', 'José Núñez', '--company', 'Acme  Corp', '--phone', '+49 (30) 1234-567'],
    ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--company', 'Globex'],
  ]);
  return db;
}

describe('add-prospect refuses a duplicate at the door', () => {
  it('refuses the same name and company as import folds them (case, accents, spaces), naming the match', async () => {
    const db = await onFile();
    const before = readFileSync(db);
    const r = await runMeld(['add-prospect', 'jose nunez', '--company', 'ACME Corp'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: #1 José Núñez at Acme  Corp is already on file (same name and company)\n  hint: see it with `meld prospect show 1`; pass --allow-duplicate to add another one anyway\n',
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('refuses the same phone number however it is written', async () => {
    const db = await onFile();
    const r = await runMeld(['add-prospect', 'J. Nunez', '--phone', '+49 30 1234567'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: #1 José Núñez at Acme  Corp is already on file (same phone)');
  });

  it('adds anyway with --allow-duplicate', async () => {
    const db = await onFile();
    const r = await runMeld(['add-prospect', 'José Núñez', '--company', 'Acme Corp', '--allow-duplicate'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.db?.prospects.map((p) => p.id)).toEqual([1, 2, 3]);
  });

  it('lets two people with the same name and company but different emails in, as import does', async () => {
    const db = await onFile();
    const r = await runMeld(['add-prospect', 'Ana Souza', '--company', 'Globex', '--email', 'ana.s@globex.io'], { db });
    expect(r.exitCode).toBe(0);
    const same = await runMeld(['add-prospect', 'Ana Souza', '--company', 'Globex'], { db });
    expect(same.exitCode).toBe(1);
  });

  it('lets two people with the same name, no company and different phones in, as import does', async () => {
    // Import keeps two "Manu"s with different phones apart (issue 12); the door did not.
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Manu', '--phone', '+1 555 0101']]);
    const other = await runMeld(['add-prospect', 'Manu', '--phone', '+1 555 0199'], { db });
    expect(other.exitCode).toBe(0);
    expect(other.db?.prospects.map((p) => [p.name, p.phone])).toEqual([
      ['Manu', '+1 555 0101'],
      ['Manu', '+1 555 0199'],
    ]);
    const same = await runMeld(['add-prospect', 'manu', '--phone', '+15550101'], { db });
    expect(same.stderr.split('\n')[0]).toBe('error: #1 Manu is already on file (same name and phone)');
    const noPhone = await runMeld(['add-prospect', 'Manu'], { db });
    expect(noPhone.stderr.split('\n')[0]).toBe('error: #1 Manu is already on file (same name)');
  });

  it("refuses another prospect's second email, as import matches on it, in add-prospect and prospect edit", async () => {
    const db = tempDbPath();
    const file = join(tempDir(), 'two-emails.csv');
    writeFileSync(file, 'Name,Email\nKen O’Brien,"ken@civicminds.com; ken.obrien@gmail.com"\n');
    await seed(db, [
      ['import', file],
      ['add-prospect', 'Max Frei', '--email', 'max@frei.ch'],
    ]);
    const before = readFileSync(db);
    const add = await runMeld(['add-prospect', 'Zed', '--email', 'Ken.OBrien@gmail.com'], { db });
    expect(add.exitCode).toBe(1);
    expect(add.stderr.split('\n')[0]).toBe('error: ken.obrien@gmail.com is already on file as #1 Ken O’Brien');
    const edit = await runMeld(['prospect', 'edit', '2', '--email', 'ken.obrien@gmail.com'], { db });
    expect(edit.exitCode).toBe(1);
    expect(readFileSync(db).equals(before)).toBe(true);
    // Its own second address may become its first.
    const own = await runMeld(['prospect', 'edit', '1', '--email', 'ken.obrien@gmail.com'], { db });
    expect(own.exitCode).toBe(0);
  });

  it('does not match short phone fragments or a different company', () => {
    const data = {
      prospects: [{ id: 1, name: 'Bo', company: 'A', email: null, phone: '12', otherPhones: ['+1 555 0100'] }] as never,
    };
    expect(findDuplicate(data, { name: 'Cy', phone: '12' })).toBeUndefined();
    expect(findDuplicate(data, { name: 'Bo', company: 'B' })).toBeUndefined();
    expect(findDuplicate(data, { name: 'Cy', phone: '15550100' })?.by).toBe('phone');
  });
});
