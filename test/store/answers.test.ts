import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSample } from '../../src/domain/sample.js';
import type { Db } from '../../src/domain/types.js';
import { jsonExact, keepAnswer, keptFor } from '../../src/store/answers.js';
import { backupDirFor } from '../../src/store/backups.js';
import { serializeDb } from '../../src/store/serialize.js';
import { FileStore } from '../../src/store/store.js';
import { tempDbPath } from '../helpers/harness.js';

// Not a timing test: it proves a kept answer (src/store/answers.ts) is only ever what computing
// it afresh on the data file's present bytes would give.

const NOW = new Date('2026-12-01T15:00:00Z');
const SIZE = { campaigns: 4, prospects: 40, followUps: 60, activities: 80, noteLength: 40 };

function dataFile(): string {
  const path = tempDbPath();
  writeFileSync(path, serializeDb(generateSample(SIZE, NOW, 5)), { mode: 0o600 });
  return path;
}

const answers = (path: string) => readdirSync(backupDirFor(path)).filter((name) => name.startsWith('answer-'));

/** `store.answer` with a compute that counts its calls: the names of the first five people. */
function asker(path: string) {
  let computed = 0;
  const ask = (key = 'first names') =>
    new FileStore(path).answer(key, (db: Db) => {
      computed++;
      return db.prospects.slice(0, 5).map((p) => ({ id: p.id, name: p.name }));
    });
  return { ask, computed: () => computed };
}

describe('kept answers beside the data file (<file>.d/answer-*.json)', () => {
  it('are computed once and given again while the bytes are the same; deleting them changes nothing', async () => {
    const path = dataFile();
    const { ask, computed } = asker(path);
    const first = await ask();
    expect(first.map((p) => p.id)).toEqual([1, 2, 3, 4, 5]);
    expect(answers(path)).toHaveLength(1);
    expect(await ask()).toEqual(first);
    expect(computed()).toBe(1);
    await ask('another key');
    expect(computed()).toBe(2);

    for (const name of answers(path)) rmSync(`${backupDirFor(path)}/${name}`);
    expect(await ask()).toEqual(first);
    expect(computed()).toBe(3);
  });

  it('are not given after an edit in place that keeps the size and the modification time', async () => {
    const path = dataFile();
    const when = new Date('2026-11-30T10:00:00Z');
    utimesSync(path, when, when);
    const { ask, computed } = asker(path);
    const first = await ask();
    const name = first[2]!.name;
    const edited = name.replace(/^./, (c) => (c === 'Q' ? 'R' : 'Q'));
    const text = readFileSync(path, 'utf8');
    const at = Buffer.from(text).indexOf(Buffer.from(`"name": ${JSON.stringify(name)}`));
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from(`"name": ${JSON.stringify(edited)}`), 0, undefined, at);
    closeSync(fd);
    utimesSync(path, when, when);

    const again = await ask();
    expect(again[2]!.name).toBe(edited);
    expect(computed()).toBe(2);
  });

  it('are all dropped by a save, and computed afresh from what it saved', async () => {
    const path = dataFile();
    const { ask, computed } = asker(path);
    await ask();
    await new FileStore(path).write((db) => {
      db.prospects[0]!.name = 'Saved Anew';
      return { summary: 'rename', result: null };
    });
    expect(answers(path)).toEqual([]);
    expect((await ask())[0]!.name).toBe('Saved Anew');
    expect(computed()).toBe(2);
  });

  it('keep nothing JSON would not give back, and nothing from a file meld migrates in memory', async () => {
    const path = dataFile();
    let computed = 0;
    const odd = () =>
      new FileStore(path).answer('odd', () => {
        computed++;
        return { ratio: Number.NaN };
      });
    await odd();
    await odd();
    expect(computed).toBe(2);
    expect(answers(path)).toEqual([]);

    const old = tempDbPath();
    copyFileSync(new URL('../fixtures/v2.json', import.meta.url), old);
    const { ask, computed: oldComputed } = asker(old);
    await ask();
    await ask();
    expect(oldComputed()).toBe(2);
    expect(existsSync(backupDirFor(old)) ? answers(old) : []).toEqual([]);
  });

  it('are taken only for their own key, bytes and build', async () => {
    const path = dataFile();
    await keepAnswer(path, 'a'.repeat(40), 'k', { n: 1 });
    expect(keptFor(path, 'k')).toEqual({ sha1: 'a'.repeat(40), value: { n: 1 } });
    expect(keptFor(path, 'other')).toBeUndefined();
    expect(keptFor(path, 'k', Date.now())).toBeUndefined(); // kept with no instant: not for one
    const [name] = answers(path);
    const file = `${backupDirFor(path)}/${name}`;
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { build: string };
    writeFileSync(file, JSON.stringify({ ...kept, build: 'another build' }));
    expect(keptFor(path, 'k')).toBeUndefined();
  });

  it('are removed by a purge (they may name the purged person)', async () => {
    const path = dataFile();
    const { ask } = asker(path);
    const [first] = await ask();
    const db = await new FileStore(path).read();
    const person = db.prospects.find((p) => p.id === first!.id)!;
    // A kept answer left from an older version of the data, naming the person, and the temp file
    // of one a killed run was writing.
    await keepAnswer(path, 'c'.repeat(40), 'old', { name: person.name });
    writeFileSync(`${backupDirFor(path)}/answer-0123456789abcdef.json.4242-x.tmp`, JSON.stringify(person.name));
    expect(answers(path).length).toBeGreaterThanOrEqual(2);
    await new FileStore(path).purge({ id: person.id, createdAt: person.createdAt, words: [person.name] });
    expect(answers(path)).toEqual([]);
  });
});

describe('jsonExact: what may be kept', () => {
  it('takes plain data, shared objects included, and refuses what JSON changes', () => {
    const shared = { tags: ['a'] };
    expect(jsonExact({ a: [1, 'x', true, null, { b: shared, c: shared }], d: undefined })).toBe(true);
    for (const bad of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0,
      [1, undefined],
      new Date(0),
      new Map(),
      () => 1,
      { big: 1n },
      JSON.parse('{"__proto__": 1}'),
    ])
      expect(jsonExact(bad)).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(jsonExact(cycle)).toBe(false);
  });
});
