import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSample } from '../../src/domain/sample.js';
import { derivedPathFor, readDerived, topLevelSections } from '../../src/store/derived.js';
import { racyNs } from '../../src/store/settled.js';
import { loadDbText } from '../../src/store/load.js';
import { serializeDb } from '../../src/store/serialize.js';
import { FileStore } from '../../src/store/store.js';
import { tempDbPath } from '../helpers/harness.js';

// Not a timing test: it proves the derived data (src/store/derived.ts) is only ever a copy of
// what the data file holds, whatever happened to either file.

const NOW = new Date('2026-12-01T15:00:00Z');
const SIZE = { campaigns: 6, prospects: 120, followUps: 200, activities: 300, noteLength: 60 };

/** A data file written outside meld (as by hand or a sync tool): no derived data beside it. */
function dataFile(): string {
  const path = tempDbPath();
  writeFileSync(path, serializeDb(generateSample(SIZE, NOW, 3)), { mode: 0o600 });
  return path;
}

/** What a full load of the file gives: the reference every read must equal, key order included. */
const fullLoad = (path: string) => JSON.stringify(loadDbText(path, readFileSync(path, 'utf8')).db);
const read = async (path: string) => JSON.stringify(await new FileStore(path).read());
const sha1 = (path: string) => createHash('sha1').update(readFileSync(path)).digest('hex');
const derivedFrom = (path: string): string | null => {
  if (!existsSync(derivedPathFor(path))) return null;
  const lines = readFileSync(derivedPathFor(path), 'utf8').trimEnd().split('\n');
  return (JSON.parse(lines[lines.length - 1]!) as { sha1: string }).sha1;
};

describe('the derived data beside the data file (<file>.d/derived.json)', () => {
  it('is written by a read and by a save, 0600, and a read from it gives what a full load gives', async () => {
    const path = dataFile();
    expect(await read(path)).toBe(fullLoad(path));
    expect(derivedFrom(path)).toBe(sha1(path));
    expect(statSync(derivedPathFor(path)).mode & 0o777).toBe(0o600);
    expect(await read(path)).toBe(fullLoad(path)); // from the derived file this time

    await new FileStore(path).write((db) => {
      db.prospects[0]!.name = 'Renamed By A Save';
      db.prospects.reverse(); // the file keeps id order; so must what is derived
      return { summary: 'rename', result: null };
    });
    expect(derivedFrom(path)).toBe(sha1(path));
    expect(await read(path)).toBe(fullLoad(path));
    expect(await read(path)).toContain('Renamed By A Save');
  });

  it('is not trusted after an edit in place that keeps the size and the modification time', async () => {
    const path = dataFile();
    const stamp = new Date('2026-11-30T10:00:00Z'); // whole seconds: utimes keeps them exactly
    utimesSync(path, stamp, stamp);
    await read(path);
    const before = statSync(path);
    const text = readFileSync(path, 'utf8');
    const name = (JSON.parse(text) as { prospects: Array<{ name: string }> }).prospects[5]!.name;
    const edited = name.replace(/^./, (c) => (c === 'Z' ? 'Y' : 'Z'));
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(name));
    // Written into the same file (same inode), as a sync tool writing in place would.
    const at = Buffer.from(text).indexOf(Buffer.from(`"name": ${JSON.stringify(name)}`));
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from(`"name": ${JSON.stringify(edited)}`), 0, undefined, at);
    closeSync(fd);
    utimesSync(path, stamp, stamp);
    const after = statSync(path);
    expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);

    const again = await read(path);
    expect(again).toBe(fullLoad(path));
    expect(again).toContain(JSON.stringify(edited));
    expect(derivedFrom(path)).toBe(sha1(path)); // derived again, from the edited bytes
  });

  describe('the verified stamp (reads that skip hashing an unchanged file)', () => {
    /** A read whose clock says the file was last changed long ago: old enough to be stamped. */
    const readLater = (path: string) =>
      readDerived(path, path, [], BigInt(Date.now() + 60_000) * 1_000_000n).then(
        (hit) => hit && JSON.stringify(hit.db),
      );
    const stampOf = (path: string) =>
      (JSON.parse(readFileSync(derivedPathFor(path), 'utf8')) as { verified?: { ctimeNs: string } }).verified;
    /** Waits until the clock has moved past the file's ctime (ctime ticks can be coarse). */
    const pastCtimeOf = async (path: string) => {
      const ctime = statSync(path, { bigint: true }).ctimeNs;
      while (BigInt(Date.now()) * 1_000_000n <= ctime + 20_000_000n) await new Promise((r) => setTimeout(r, 5));
    };

    it('is recorded only once the file was verified and its ctime is old enough', async () => {
      const path = dataFile();
      await read(path);
      expect(stampOf(path)).toBeUndefined(); // indexed by a full load: nothing verified yet
      const ctime = statSync(path, { bigint: true }).ctimeNs;
      const racy = racyNs(ctime);
      const readAt = (nowNs: bigint) => readDerived(path, path, [], nowNs).then((hit) => hit && JSON.stringify(hit.db));
      expect(await readAt(ctime + racy / 2n)).toBe(fullLoad(path));
      expect(stampOf(path)).toBeUndefined(); // verified, but changed too recently: "racy"
      expect(await readAt(ctime + racy + 1_000_000n)).toBe(fullLoad(path));
      expect(stampOf(path)?.ctimeNs).toBe(String(ctime));
      expect(await readLater(path)).toBe(fullLoad(path)); // by the stamp
    });

    it('waits longer for a file system that keeps whole seconds', () => {
      expect(racyNs(1_796_596_267_000_000_000n)).toBe(2_000_000_000n);
      expect(racyNs(1_796_596_267_854_067_467n)).toBe(100_000_000n);
    });

    it('is not trusted after an edit in place that keeps the size and the modification time', async () => {
      const path = dataFile();
      const when = new Date('2026-11-30T10:00:00Z');
      utimesSync(path, when, when);
      await read(path);
      await readLater(path);
      expect(stampOf(path)).toBeDefined();
      await pastCtimeOf(path);
      const text = readFileSync(path, 'utf8');
      const name = (JSON.parse(text) as { prospects: Array<{ name: string }> }).prospects[7]!.name;
      const edited = name.replace(/^./, (c) => (c === 'Q' ? 'R' : 'Q'));
      const at = Buffer.from(text).indexOf(Buffer.from(`"name": ${JSON.stringify(name)}`));
      const fd = openSync(path, 'r+');
      writeSync(fd, Buffer.from(`"name": ${JSON.stringify(edited)}`), 0, undefined, at);
      closeSync(fd);
      utimesSync(path, when, when);
      const before = stampOf(path) as unknown as Record<string, string>;
      const after = statSync(path, { bigint: true });
      // Everything but the ctime is as it was when the stamp was taken.
      expect([String(after.ino), String(after.size), String(after.mtimeNs)]).toEqual([
        before.ino,
        before.size,
        before.mtimeNs,
      ]);
      expect(String(after.ctimeNs)).not.toBe(before.ctimeNs);

      expect(await readLater(path)).toBeNull(); // the hashes catch it: the caller loads in full
      const again = await read(path);
      expect(again).toBe(fullLoad(path));
      expect(again).toContain(JSON.stringify(edited));
    });

    it("is not trusted for another file put in the same place, same size and mtime (a sync tool's rename)", async () => {
      const path = dataFile();
      await read(path);
      await readLater(path);
      const stamped = stampOf(path);
      expect(stamped).toBeDefined();
      const copy = `${path}.copy`;
      const text = readFileSync(path, 'utf8');
      writeFileSync(copy, text); // the same bytes, in another inode
      const s = statSync(path);
      utimesSync(copy, s.atime, s.mtime);
      const { renameSync } = await import('node:fs');
      renameSync(copy, path);
      expect(await readLater(path)).toBe(fullLoad(path)); // hashed again, found equal
      expect(stampOf(path)).not.toEqual(stamped); // and stamped anew, for the new inode
    });
  });

  it('is derived again when deleted, and deleting it changes nothing a read gives', async () => {
    const path = dataFile();
    const first = await read(path);
    rmSync(derivedPathFor(path));
    expect(await read(path)).toBe(first);
    expect(derivedFrom(path)).toBe(sha1(path));
  });

  it('does no harm when a crash comes between the save of the data file and its derived data', async () => {
    const path = dataFile();
    await read(path);
    const old = `${derivedPathFor(path)}.old`;
    copyFileSync(derivedPathFor(path), old);
    await new FileStore(path).write((db) => {
      db.prospects[1]!.name = 'Saved Before The Crash';
      return { summary: 'rename', result: null };
    });
    // A save removes the old derived file before the new data file lands and writes the new one
    // after: a crash in between leaves none. Even the old one left in place is harmless.
    for (const leftover of ['none', 'old'] as const) {
      rmSync(derivedPathFor(path));
      if (leftover === 'old') copyFileSync(old, derivedPathFor(path));
      const after = await read(path);
      expect(after).toBe(fullLoad(path));
      expect(after).toContain('Saved Before The Crash');
      expect(derivedFrom(path)).toBe(sha1(path));
    }
  });

  it('leaves out what a read does without, and a command that uses it anyway fails loudly', async () => {
    const path = dataFile();
    await read(path);
    const db = await new FileStore(path).read({ without: ['activities'] });
    expect(db.prospects.length).toBe(SIZE.prospects);
    expect(() => db.activities.length).toThrow(/bug: .*without "activities"/);
  });

  it('is neither used nor written for a file meld has to migrate', async () => {
    const path = tempDbPath();
    copyFileSync(new URL('../fixtures/v2.json', import.meta.url), path);
    await read(path);
    expect(existsSync(derivedPathFor(path))).toBe(false);
  });
});

describe('finding the top-level values of a JSON text (the index)', () => {
  const check = (text: string) => {
    const found = topLevelSections(text);
    expect(found).not.toBeNull();
    const bytes = Buffer.from(text);
    const whole = JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
    const rebuilt: Record<string, unknown> = {};
    for (const [key, start, end, from, to] of found!) {
      const value = JSON.parse(bytes.subarray(start, end).toString('utf8')) as unknown;
      expect(JSON.parse(text.slice(from, to))).toEqual(value);
      Object.defineProperty(rebuilt, key, { value, enumerable: true });
    }
    expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(whole));
  };

  it('gives each value byte for byte, whatever the layout, strings and keys', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue()),
        fc.constantFrom(0, 1, 2, '\t'),
        (object, indent) => {
          fc.pre(!('__proto__' in object) && Object.keys(object).every((k) => !/^\d+$/.test(k)));
          check(JSON.stringify(object, null, indent));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('takes the last value of a key written twice, in its first place, and skips a byte-order mark', () => {
    check('\uFEFF{ "a" : 1 , "b":{"x":"}\\"{"}, "a":[2, "ü😀"] ,"c":-0.5e3,"d":true,"e":null}');
    expect(topLevelSections('{"a":1,"b":2,"a":3}')!.map(([k]) => k)).toEqual(['a', 'b']);
  });
});
