import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

// Correcting records through the built binary: renames, removals, merges and bulk moves, with
// their refusals and their undo.
function file(): string {
  const db = join(tempDir(), 'meld.json');
  for (const args of [
    ['campaign', 'add', 'Sprng Webinar', '--channel', 'event'],
    ['campaign', 'add', 'Spring Webinar', '--channel', 'event'],
    ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--company', 'Acme', '--campaign', 'sprng-webinar'],
    ['add-prospect', 'Ana S.', '--email', 'ana.s@gmail.com', '--phone', '+49 30 1234567', '--value', '3000'],
    ['add-prospect', 'Ben Ito', '--company', 'Globex'],
  ]) {
    const r = meld(args, { db });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  return db;
}

describe('correcting records with the built binary', () => {
  it('renames a campaign keeping its id, and removes one only once its prospects have somewhere to go', () => {
    const db = file();
    expect(meld(['campaign', 'rename', 'sprng-webinar', 'Autumn Webinar'], { db }).status).toBe(0);
    const refused = meld(['campaign', 'remove', 'sprng-webinar', '--yes'], { db });
    expect(refused.status).toBe(1);
    expect(refused.stderr.split('\n')[0]).toBe('error: campaign Autumn Webinar (sprng-webinar) still has 1 prospect');
    const removed = meld(['campaign', 'remove', 'sprng-webinar', '--move-to', 'spring-webinar', '--yes'], { db });
    expect(removed.status).toBe(0);
    expect(JSON.parse(readFileSync(db, 'utf8')).prospects[0].campaign).toBe('spring-webinar');
    expect(meld(['undo'], { db }).status).toBe(0);
    expect(JSON.parse(readFileSync(db, 'utf8')).prospects[0].campaign).toBe('sprng-webinar');
  });

  it('merges two records of one person after a dry run, and one undo restores the file exactly', () => {
    const db = file();
    const before = readFileSync(db, 'utf8');
    const dry = meld(['prospect', 'merge', 'ana@acme.io', '2', '--dry-run'], { db });
    expect(dry.status).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe('Merge #2 Ana S. into #1 Ana Souza');
    expect(readFileSync(db, 'utf8')).toBe(before);
    const noYes = meld(['prospect', 'merge', '1', '2'], { db });
    expect(noYes.status).toBe(2);
    const merged = meld(['prospect', 'merge', '1', '2', '--yes', '--json'], { db });
    expect(merged.status).toBe(0);
    expect(JSON.parse(merged.stdout).prospect).toMatchObject({
      id: 1,
      otherEmails: ['ana.s@gmail.com'],
      phone: '+49 30 1234567',
      value: 3000,
    });
    expect(meld(['undo'], { db }).status).toBe(0);
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('moves several prospects in one change, or none when one is unknown, and lists ids for scripts', () => {
    const db = file();
    const before = readFileSync(db, 'utf8');
    expect(meld(['prospect', 'stage', '1', '99', 'qualified'], { db }).status).toBe(1);
    expect(readFileSync(db, 'utf8')).toBe(before);
    expect(meld(['prospect', 'stage', '1', '3', 'qualified'], { db }).status).toBe(0);
    expect(meld(['prospect', 'list', '--stage', 'qualified,proposal', '--ids'], { db }).stdout).toBe('1\n3\n');
    expect(meld(['prospect', 'list', '--sort', 'value', '--limit', '1', '--ids'], { db }).stdout).toBe('2\n');
    expect(meld(['undo'], { db }).status).toBe(0);
    expect(meld(['prospect', 'list', '--stage', 'qualified', '--ids'], { db }).stdout).toBe('');
  });

  it('refuses a duplicate at the door and adds it with --allow-duplicate', () => {
    const db = file();
    const dup = meld(['add-prospect', 'ben ito', '--company', 'Globex Inc.'], { db });
    expect(dup.status).toBe(1);
    expect(dup.stderr.split('\n')[0]).toBe('error: #3 Ben Ito at Globex is already on file (same name and company)');
    expect(meld(['add-prospect', 'ben ito', '--company', 'Globex Inc.', '--allow-duplicate'], { db }).status).toBe(0);
  });
});
