import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/domain/types.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

// `prospect remove --purge` promises the person is gone from every byte meld keeps. Each case
// below greps every file of the data folder (the data file, its .d folder, everything beside
// it) for the person's name, email and phone after the purge.

const ZELDA = ['Zelda Quixote', 'zelda.q@quix.io', '+49 30 5550199'];

/** Every file under the data file's folder that holds one of `words` (raw bytes), as `file: word`. */
function leaks(db: string, words: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const bytes = readFileSync(path);
        for (const word of words) if (bytes.includes(Buffer.from(word, 'utf8'))) found.push(`${path}: ${word}`);
      }
    }
  };
  walk(dirname(db));
  return found;
}

/** A pid that is certainly not running: a process that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

async function withZelda(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['add-prospect', 'Zelda Quixote', '--email', 'zelda.q@quix.io', '--phone', '+49 30 5550199'],
    ['add-prospect', 'Bo Lind', '--email', 'bo@lind.se'],
    ['log', 'bo', 'met Bo at the fair'],
    ['prospect', 'edit', 'zelda', '--company', 'Quix'],
  ]);
  return db;
}

describe('prospect remove --purge leaves nothing of the person behind', () => {
  it('a backup it cannot read is reported (exit 1, how to finish), not skipped with success', async () => {
    const db = await withZelda();
    const backup = join(`${db}.d`, '000002.json');
    const text = readFileSync(backup, 'utf8');
    writeFileSync(backup, text.slice(0, text.indexOf('zelda.q@quix.io') + 40)); // cut off mid-file
    const r = await runMeld(['prospect', 'remove', 'zelda', '--purge', '--yes'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n').slice(-3)).toEqual([
      `error: could not erase them from 1 file, which still hold them: ${backup}`,
      `  hint: delete it to finish: rm ${backup}`,
      '',
    ]);
    expect(leaks(db, ZELDA).map((l) => l.split(':')[0])).toEqual([backup, backup]);
    rmSync(backup);
    expect(leaks(db, ZELDA)).toEqual([]);
  });

  it('temp files killed saves and purges left (a link to the data file, the purge marker) are removed', async () => {
    const db = await withZelda();
    const pid = deadPid();
    linkSync(db, join(`${db}.d`, `latest.json.${pid}.19a2b3c4d5e.tmp`));
    writeFileSync(
      join(`${db}.d`, `purge-pending.json.${pid}.1f00ba4.tmp`),
      JSON.stringify({ id: 1, words: ZELDA }).slice(0, 50),
    );
    expect(leaks(db, ZELDA).length).toBeGreaterThan(0);
    const r = await runMeld(['prospect', 'remove', 'zelda', '--purge', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    expect(leaks(db, ZELDA)).toEqual([]);
  });

  it('names of two characters or fewer (王芳, Qy) leave the history summaries too', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', '王芳'],
      ['add-prospect', 'Qy'],
      ['add-prospect', 'Qyrus Bob'],
      ['log', '王芳', 'called'],
      ['log', 'Qy', 'called'],
    ]);
    expect((await runMeld(['prospect', 'remove', '王芳', '--purge', '--yes'], { db })).exitCode).toBe(0);
    expect((await runMeld(['prospect', 'remove', '#2', '--purge', '--yes'], { db })).exitCode).toBe(0);
    expect(leaks(db, ['王芳'])).toEqual([]);
    // "Qy" is gone where it stood alone; Qyrus Bob keeps his name.
    const history = (await runMeld(['history', '--json'], { db })).stdout;
    expect(history).not.toMatch(/\bQy\b/);
    expect(history).toContain('add-prospect Qyrus Bob (#3)');
    expect(JSON.parse(readFileSync(db, 'utf8')).prospects.map((p: { name: string }) => p.name)).toEqual(['Qyrus Bob']);
  });

  it('a record merged into the person goes from the backups before the merge and from the summaries', async () => {
    const db = await withZelda();
    await seed(db, [
      ['add-prospect', 'Zed Quix', '--email', 'zed@quix.io', '--phone', '+49 30 5550100'],
      ['log', 'zed', 'asked for a demo'],
      ['prospect', 'merge', 'zelda', 'zed', '--yes'],
    ]);
    const r = await runMeld(['prospect', 'remove', 'zelda', '--purge', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    expect(leaks(db, [...ZELDA, 'Zed Quix', 'zed@quix.io', '+49 30 5550100', 'asked for a demo'])).toEqual([]);
    const after = JSON.parse(readFileSync(db, 'utf8')) as Db;
    expect(after.prospects.map((p) => p.name)).toEqual(['Bo Lind']);
  });

  it("mentions in other people's records are listed, and stay without --redact-mentions", async () => {
    const db = await withZelda();
    await seed(db, [
      ['log', 'bo', 'call with Zelda Quixote about zelda.q@quix.io'],
      ['followup', 'add', 'bo', 'tomorrow', 'ask Bo about Zelda Quixote'],
    ]);
    const r = await runMeld(['prospect', 'remove', 'zelda', '--purge', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('warning: 2 other records still mention them: f1 (note), a2 (text)\n');
    expect(leaks(db, ['Zelda Quixote']).length).toBeGreaterThan(0);
  });

  it('--redact-mentions blanks them in the data file and in every backup', async () => {
    const db = await withZelda();
    await seed(db, [
      ['log', 'bo', 'call with Zelda Quixote about zelda.q@quix.io'],
      ['followup', 'add', 'bo', 'tomorrow', 'ask Bo about Zelda Quixote'],
    ]);
    const r = await runMeld(['prospect', 'remove', 'zelda', '--purge', '--redact-mentions', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(
      '✓ Blanked their name, email and phone where 2 other records mentioned them: f1 (note), a2 (text)\n',
    );
    expect(leaks(db, ZELDA)).toEqual([]);
    const after = JSON.parse(readFileSync(db, 'utf8')) as Db;
    expect(after.activities.map((a) => a.text)).toEqual(['met Bo at the fair', 'call with (purged) about (purged)']);
    expect(after.followUps.map((f) => f.note)).toEqual(['ask Bo about (purged)']);
  });

  it('in a terminal it asks whether to blank the mentions', async () => {
    const db = await withZelda();
    await seed(db, [['log', 'bo', 'intro from Zelda Quixote']]);
    const r = await runMeld(['prospect', 'remove', 'zelda', '--purge'], { db, answers: [true, true] });
    expect(r.questions).toEqual([
      'Remove #1 Zelda Quixote with 0 follow-ups and 0 activities and erase them from every backup? Undo cannot bring them back.',
      '1 other record mentions them (a2 (text)). Blank their name, email and phone there too?',
    ]);
    expect(r.exitCode).toBe(0);
    expect(leaks(db, ZELDA)).toEqual([]);
  });

  it('--redact-mentions without --purge is a usage error', async () => {
    const db = await withZelda();
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['prospect', 'remove', 'zelda', '--redact-mentions', '--yes'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: --redact-mentions goes with --purge');
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('quarantine files of doctor --fix are purged too', async () => {
    const db = await withZelda();
    writeFileSync(
      join(`${db}.d`, 'quarantine-2026-11-20T10-00-00-000Z.json'),
      `${JSON.stringify({ from: db, at: '2026-11-20T10:00:00.000Z', followUps: [], activities: [{ id: 9, prospectId: 7, type: 'note', text: 'lunch with Zelda Quixote', at: '2026-11-01T10:00:00.000Z', campaign: null }] }, null, 2)}\n`,
    );
    const r = await runMeld(['prospect', 'remove', 'zelda', '--purge', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    expect(leaks(db, ZELDA)).toEqual([]);
  });
});

describe('temp files of processes that no longer run', () => {
  it('are removed by the next save and by doctor --fix, wherever in meld folder they are', async () => {
    const db = await withZelda();
    const pid = deadPid();
    const temps = [
      join(`${db}.d`, `latest.json.${pid}.19a2b3c4d5e.tmp`),
      join(`${db}.d`, `purge-pending.json.${pid}.1f00ba4.tmp`),
      join(`${db}.d`, `history.json.${pid}.2ab.tmp`),
    ];
    for (const t of temps) writeFileSync(t, 'x');
    const doctor = await runMeld(['doctor', '--json'], { db });
    expect(
      JSON.parse(doctor.stdout)
        .findings.filter((f: { code: string }) => f.code === 'leftover-temp')
        .map((f: { message: string }) => f.message.split(' ')[3])
        .sort(),
    ).toEqual([...temps].sort());
    const fix = await runMeld(['doctor', '--fix'], { db });
    expect(fix.exitCode).toBe(0);
    expect(readdirSync(`${db}.d`).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    for (const t of temps) writeFileSync(t, 'x');
    expect((await runMeld(['add-prospect', 'Cy Next'], { db })).exitCode).toBe(0);
    expect(readdirSync(`${db}.d`).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('latest.json', () => {
  it('a save that cannot bring it up to date says so instead of leaving it stale in silence', async () => {
    const db = await withZelda();
    rmSync(join(`${db}.d`, 'latest.json'));
    mkdirSync(join(`${db}.d`, 'latest.json', 'in-the-way'), { recursive: true });
    const r = await runMeld(['add-prospect', 'Cy Next'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`warning: ${db}.d/latest.json could not be brought up to date (`);
    expect(r.stderr).toContain(`it holds an earlier version of ${db}\n`);
  });
});
