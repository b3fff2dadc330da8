import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileStore } from '../../src/store/store.js';
import { migrateV1toV2, toCents, v1Schema } from '../../src/store/migrations.js';
import { runMeld, tempDir } from '../helpers/harness.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/v1.json', import.meta.url));

describe('schema version 1 → 2 migration', () => {
  it('turns float money into exact integer cents', () => {
    expect(toCents(19.99)).toBe(1999);
    expect(toCents(1200.1)).toBe(120010);
    expect(toCents(0.1 + 0.2)).toBe(30);
  });

  it('maps every field of the committed v1 fixture to version 2', () => {
    const v1 = v1Schema.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));
    const db = migrateV1toV2(v1);
    expect(db.version).toBe(2);
    expect(db.config).toEqual({ currency: 'EUR', staleDays: 14 });
    expect(db.lastIds).toEqual({ prospect: 3, followUp: 2, activity: 4 });
    expect(db.campaigns[0]).toMatchObject({ id: 'spring-webinar', costCents: 120010 });
    expect(db.campaigns[0]).not.toHaveProperty('cost');
    expect(db.campaigns[0]!.adjustments[0]!.changes).toEqual({ cost: { from: 100000, to: 120010 } });
    expect(db.prospects[0]).toMatchObject({ id: 1, valueCents: 1999, title: null, fields: {}, batch: null });
    expect(db.prospects[0]).not.toHaveProperty('value');
    expect(db.prospects[1]!.valueCents).toBeNull();
    expect(db.followUps.map((f) => f.status)).toEqual(['done', 'open']);
    expect(db.followUps[0]).not.toHaveProperty('done');
  });

  it('reads a v1 file without writing it, and migrates it on the first change keeping the original beside it', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    copyFileSync(FIXTURE, path);
    const original = readFileSync(path);

    const db = await new FileStore(path).read();
    expect(db.prospects.map((p) => p.valueCents)).toEqual([1999, null]);
    expect(readFileSync(path).equals(original)).toBe(true);

    const r = await runMeld(['add-prospect', 'New Person'], { db: path });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(join(dir, 'meld.json.v1.json')).equals(original)).toBe(true);
    expect(statSync(join(dir, 'meld.json.v1.json')).mode & 0o777).toBe(0o600);
    expect(r.db?.version).toBe(2);
    // The counter comes from the largest id in use: #3 existed, so the new prospect is #4.
    expect(r.db?.prospects.map((p) => p.id)).toEqual([1, 3, 4]);
    expect(r.db?.campaigns[0]?.costCents).toBe(120010);

    const undo = await runMeld(['undo'], { db: path });
    expect(undo.stderr.split('\n')[0]).toBe('undid: add-prospect New Person (#4)');
    expect(readFileSync(path).equals(original)).toBe(true);
  });

  it('names the place when a v1 file does not match version 1 either', async () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    const v1 = JSON.parse(readFileSync(FIXTURE, 'utf8'));
    v1.followUps[1].done = 'no';
    const text = JSON.stringify(v1);
    writeFileSync(path, text);
    const r = await runMeld(['history'], { db: path });
    const b = await runMeld(['add-prospect', 'X'], { db: path });
    expect(b.exitCode).toBe(1);
    expect(b.stderr.split('\n')[0]).toBe(
      `error: ${path} is damaged: followUps[1].done: Invalid input: expected boolean, received string (schema version 1)`,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(r.exitCode).toBe(0);
  });
});
