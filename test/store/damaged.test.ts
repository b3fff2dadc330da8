import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyDb, type Db } from '../../src/domain/types.js';
import { serializeDb } from '../../src/store/serialize.js';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';
import { meld } from '../helpers/cli.js';
import { locateJsonError } from '../../src/store/jsonpos.js';
import { runRaw } from '../helpers/raw.js';

/** A valid file with three prospects, a campaign and a follow-up, as meld writes it. */
async function healthyFile(): Promise<{ path: string; db: Db }> {
  const path = tempDbPath();
  await seed(path, [
    ['campaign', 'add', 'Spring Webinar', '--channel', 'event'],
    ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--campaign', 'spring-webinar', '--follow-up', 'tomorrow'],
    ['add-prospect', 'Li Wei', '--email', 'li@wei.cn'],
    ['add-prospect', 'Bo Berg'],
  ]);
  return { path, db: JSON.parse(readFileSync(path, 'utf8')) as Db };
}

/** Writes `text` as the data file (as a hand edit would) and checks a write command refuses it untouched. */
async function refusedWith(path: string, text: string): Promise<string> {
  writeFileSync(path, text);
  const r = await runRaw(['add-prospect', 'Someone New'], path);
  expect(r.exitCode).toBe(1);
  expect(readFileSync(path, 'utf8')).toBe(text);
  const read = await runRaw(['history'], path);
  expect(read.exitCode).toBe(0);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(lines[1] ?? '').toMatch(/^ {2}hint: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

describe('a damaged or foreign data file', () => {
  it('doctor warns about a key written twice in one record (JSON keeps only the last), naming the place', async () => {
    const { path } = await healthyFile();
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('"name": "Li Wei",', '"name": "Li Wei",\n      "name": "Eve",'),
    );
    const doctor = await runRaw(['doctor', '--json'], path);
    expect(doctor.exitCode).toBe(1);
    const found = JSON.parse(doctor.stdout).findings.map((f: { code: string; where: string }) => [f.code, f.where]);
    expect(found).toEqual([['duplicate-key', 'line 63, column 7']]);
  });

  it('doctor --fix keeps both values of a key written twice: it leaves the file alone, and says why', async () => {
    const { path, db } = await healthyFile();
    // A hand edit: a second "name" in one record, and an id counter behind (a repair doctor would save).
    db.lastIds.prospect = 1;
    const text = serializeDb(db).replace('"name": "Li Wei",', '"name": "Li Wei",\n      "name": "Eve",');
    writeFileSync(path, text);
    const fix = await runRaw(['doctor', '--fix', '--json'], path);
    expect(fix.exitCode).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe(text);
    const report = JSON.parse(fix.stdout);
    expect(report.fixed).toEqual([]);
    expect(report.findings.map((f: { code: string; fix: string }) => [f.code, f.fix])).toEqual([
      ['last-id-behind', expect.any(String)],
      [
        'duplicate-key',
        'delete the line you do not want; until then `meld doctor --fix` repairs nothing in the file, since its save would drop the first value',
      ],
    ]);
  });

  it('refuses a file saved in another encoding (Latin-1) instead of saving its letters as U+FFFD', async () => {
    const { path } = await healthyFile();
    const latin1 = Buffer.from(readFileSync(path, 'utf8').replace('Li Wei', 'Li Weí'), 'latin1');
    writeFileSync(path, latin1);
    const r = await runRaw(['add-prospect', 'Someone New'], path);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: ${path} is damaged: not UTF-8 at line 62, column 21 (byte 0xed): saved in another encoding (Latin-1?)`,
    );
    expect(readFileSync(path).equals(latin1)).toBe(true);
    const doctor = await runMeld(['doctor'], { db: path });
    expect(doctor.exitCode).toBe(1);
    expect(doctor.stdout + doctor.stderr).toContain('not UTF-8 at line 62, column 21');
    expect((await runMeld(['doctor', '--fix'], { db: path })).exitCode).toBe(1);
    expect(readFileSync(path).equals(latin1)).toBe(true);
  });

  it('reports invalid JSON with the line and column, even where Node gives no position', async () => {
    const { path } = await healthyFile();
    const text = readFileSync(path, 'utf8').replace('"stage": "new"', '"stage": new');
    const line = text.split('\n').findIndex((l) => l.includes('"stage": new')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('new') + 1;
    expect(await refusedWith(path, text)).toBe(
      `error: ${path} is damaged: invalid JSON at line ${line}, column ${column}: expected a value, found "n"`,
    );
  });

  it('reports a trailing comma and a cut-off file at their exact place', async () => {
    const { path } = await healthyFile();
    expect(await refusedWith(path, '{\n  "version": 2,\n}\n')).toBe(
      `error: ${path} is damaged: invalid JSON at line 3, column 1: expected a property name in double quotes, found "}"`,
    );
    expect(await refusedWith(path, '{\n  "version": 2,\n  "prospects": [')).toBe(
      `error: ${path} is damaged: invalid JSON at line 3, column 17: expected a value, found the end of the file`,
    );
  });

  it('reports an empty (0-byte) file, which is what a crashed non-atomic writer leaves', async () => {
    const { path } = await healthyFile();
    expect(await refusedWith(path, '')).toBe(
      `error: ${path} is damaged: the file is empty (0 bytes), as a crashed non-atomic save leaves it`,
    );
  });

  it('names the record and field of an unknown stage', async () => {
    const { path, db } = await healthyFile();
    db.deals[2]!.stage = 'wn' as never;
    expect(await refusedWith(path, JSON.stringify(db, null, 2))).toBe(
      `error: ${path} is damaged: deals[2].stage: unknown stage "wn"`,
    );
  });

  it('names a wrong shape, such as prospects not being a list', async () => {
    const { path, db } = await healthyFile();
    (db as unknown as Record<string, unknown>).prospects = { 1: db.prospects[0] };
    expect(await refusedWith(path, JSON.stringify(db))).toBe(
      `error: ${path} is damaged: prospects: Invalid input: expected array, received object`,
    );
  });

  it('names a follow-up that points at a missing prospect', async () => {
    const { path, db } = await healthyFile();
    db.followUps[0]!.prospectId = 42;
    expect(await refusedWith(path, JSON.stringify(db))).toBe(
      `error: ${path} is damaged: followUps[0].prospectId: no prospect #42`,
    );
  });

  it('names a prospect whose campaign is missing', async () => {
    const { path, db } = await healthyFile();
    db.prospects[0]!.campaign = 'autumn';
    expect(await refusedWith(path, JSON.stringify(db))).toBe(
      `error: ${path} is damaged: prospects[0].campaign: no campaign "autumn"`,
    );
  });

  it('names a duplicate id', async () => {
    const { path, db } = await healthyFile();
    db.prospects[2]!.id = 2;
    expect(await refusedWith(path, JSON.stringify(db))).toBe(
      `error: ${path} is damaged: prospects[2].id: duplicate id 2 (also prospects[1])`,
    );
  });

  it('refuses a file written by a newer meld and says so', async () => {
    const { path, db } = await healthyFile();
    const text = JSON.stringify({ ...db, version: 5 });
    expect(await refusedWith(path, text)).toBe(
      `error: ${path} was written by a newer meld (schema version 5, this meld reads up to 4)`,
    );
  });

  it('refuses something that is not a meld file at all', async () => {
    const path = tempDbPath();
    expect(await refusedWith(path, '[1, 2, 3]\n')).toBe(
      `error: ${path} is damaged: (top level): expected a JSON object with "version", "prospects", …`,
    );
    expect(await refusedWith(path, '{"name": "package"}')).toBe(
      `error: ${path} is damaged: version: expected a schema version number, found nothing`,
    );
  });

  it('heals id counters that are behind (a hand edit) so no id is handed out twice', async () => {
    const { path, db } = await healthyFile();
    db.lastIds.prospect = 1;
    writeFileSync(path, JSON.stringify(db));
    const r = await runMeld(['add-prospect', 'Cy Dunn'], { db: path });
    expect(r.exitCode).toBe(0);
    expect(r.db?.prospects.map((p) => p.id)).toEqual([1, 2, 3, 4]);
  });

  it('leaves the file untouched when a command throws inside write()', async () => {
    const { path } = await healthyFile();
    const before = readFileSync(path);
    const r = await runMeld(['add-prospect', 'Ana Two', '--email', 'ANA@acme.io'], { db: path });
    expect(r.exitCode).toBe(1);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(join(path, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives the same one-line error from the built binary, with no stack trace', () => {
    const dir = tempDir();
    const path = join(dir, 'meld.json');
    const db = emptyDb();
    const text = serializeDb(db).replace('"prospects": []', '"prospects": [{"id": 1}]');
    writeFileSync(path, text);
    const r = meld(['add-prospect', 'X'], { db: path });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: ${path} is damaged: prospects[0].name: Invalid input: expected string, received undefined\n  hint: meld did not change it; \`meld doctor\` lists every problem and how to fix it\n`,
    );
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});

describe('locating a JSON syntax error', () => {
  it('finds the line and column of the first problem', () => {
    expect(locateJsonError('{"a": 1}')).toBeNull();
    expect(locateJsonError('{"a": tru}')).toMatchObject({ line: 1, column: 7 });
    expect(locateJsonError('{\n "a": "x\ny"\n}')).toMatchObject({
      line: 2,
      column: 9,
      detail: 'a control character (such as a line break) inside a string',
    });
    expect(locateJsonError('[1 2]')).toMatchObject({ line: 1, column: 4, detail: 'expected "," or "]", found "2"' });
    expect(locateJsonError('{"a":1}\nx')).toMatchObject({
      line: 2,
      column: 1,
      detail: 'expected the end of the file, found "x"',
    });
    expect(locateJsonError('{"a": 01}')).toMatchObject({ line: 1, column: 8 });
    expect(locateJsonError('{"a" 1}')).toMatchObject({ column: 6, detail: 'expected ":", found "1"' });
    expect(locateJsonError('{"a": [1, {"b": 2,}]}')).toMatchObject({
      column: 19,
      detail: 'expected a property name in double quotes, found "}"',
    });
    expect(locateJsonError('{"a": {"b": 1 "c": 2}}')).toMatchObject({
      column: 15,
      detail: 'expected "," or "}", found "\\""',
    });
    expect(locateJsonError('{"a": {"b": 1, "b": 2}}', { duplicateKeys: true })).toMatchObject({
      column: 16,
      detail: 'the key "b" twice in one record',
    });
    expect(locateJsonError('{"a": {"b": 1}, "b": 2}', { duplicateKeys: true })).toBeNull();
    expect(locateJsonError(' [ ] ')).toBeNull();
    expect(locateJsonError('[[], {}, [{}], {"x": [null, true, false, -1.5e3, "s"]}]')).toBeNull();
  });

  it('locates the end of a truncated file nested 300,000 deep (it used to overflow the stack)', () => {
    const text = `{"version": 3, "prospects": ${'['.repeat(300_000)}`;
    expect(locateJsonError(text)).toEqual({
      line: 1,
      column: text.length + 1,
      offset: text.length,
      detail: 'expected a value, found the end of the file',
    });
    expect(locateJsonError(`${'['.repeat(300_000)}${']'.repeat(300_000)}`)).toBeNull();
  });

  it('prospect list and doctor name the place in a truncated, deeply nested file instead of "a bug in meld"', async () => {
    const path = tempDbPath();
    const text = `{"version": 3, "prospects": ${'['.repeat(300_000)}`;
    writeFileSync(path, text);
    const list = await runRaw(['prospect', 'list'], path);
    expect(list.exitCode).toBe(1);
    expect(list.stderr.split('\n')[0]).toBe(
      `error: ${path} is damaged: invalid JSON at line 1, column ${text.length + 1}: expected a value, found the end of the file`,
    );
    const doctor = await runRaw(['doctor', '--json'], path);
    expect(doctor.exitCode).toBe(1);
    expect(JSON.parse(doctor.stdout).findings[0]).toMatchObject({
      code: 'invalid-json',
      where: `line 1, column ${text.length + 1}`,
    });
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
