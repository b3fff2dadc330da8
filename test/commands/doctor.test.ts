import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/domain/types.js';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';
import { runRaw } from '../helpers/raw.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/v1.json', import.meta.url));
const deadPid = () =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

async function seeded(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Spring Webinar'],
    ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--campaign', 'spring-webinar', '--follow-up', 'tomorrow'],
    ['add-prospect', 'Li Wei', '--email', 'li@wei.cn'],
  ]);
  return db;
}

/** The file with several problems a hand edit or a crash leaves. */
async function troubled(): Promise<{ path: string; dead: number }> {
  const path = await seeded();
  const db = JSON.parse(readFileSync(path, 'utf8')) as Db;
  db.lastIds.prospect = 1; // behind the largest id (2)
  db.prospects[1]!.email = 'ANA@acme.io'; // same email as #1
  db.prospects[1]!.campaign = 'autumn'; // no such campaign
  db.followUps.push({ ...db.followUps[0]!, id: 2, prospectId: 9 }); // orphan
  db.lastIds.followUp = 2;
  writeFileSync(path, JSON.stringify(db, null, 2));
  chmodSync(path, 0o644);
  const dead = deadPid();
  writeFileSync(`${path}.${dead}.abcd1234.tmp`, '{"half": ');
  writeFileSync(
    `${path}.lock`,
    JSON.stringify({
      pid: dead,
      host: hostname(),
      since: '2026-11-27T09:00:00.000Z',
      command: 'meld import x.csv',
      nonce: 'n',
    }),
  );
  // Left behind a minute ago: a younger lock with a dead pid is not judged stale (it may be a
  // live writer's that replaced it a moment ago).
  const minuteAgo = new Date(Date.now() - 60_000);
  utimesSync(`${path}.lock`, minuteAgo, minuteAgo);
  return { path, dead };
}

describe('meld doctor', () => {
  it('says a healthy file is healthy, with what it holds', async () => {
    const db = await seeded();
    const r = await runMeld(['doctor'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`✓ ${db}: 1 campaign, 2 prospects, 1 follow-up, 0 activities; 3 changes can be undone\n`);
  });

  it('is fine with a file that does not exist yet', async () => {
    const r = await runMeld(['doctor']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/: no data file yet \(it is created by the first change\); 0 changes can be undone\n$/);
  });

  it('lists every problem with how to fix it, exits 1 and changes nothing', async () => {
    const { path, dead } = await troubled();
    const before = readFileSync(path);
    const r = await runRaw(['doctor'], path);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(
      '✗ prospects[1].campaign: no campaign "autumn"\n    fix: `meld doctor --fix` adds a placeholder campaign',
    );
    expect(r.stdout).toContain(
      '✗ followUps[1].prospectId: no prospect #9\n    fix: `meld doctor --fix` moves the orphaned follow-up to a quarantine file',
    );
    expect(r.stdout).toContain(
      '! prospects[1].email: "ANA@acme.io" is also the email of prospects[0] (#1)\n    fix: edit one of them: `meld prospect edit 2 --email <other>`',
    );
    expect(r.stdout).toContain(
      '! lastIds.prospect: is 1 but prospects already uses id 2\n    fix: `meld doctor --fix` sets it to 2',
    );
    expect(r.stdout).toContain(
      `! leftover temp file ${path}.${dead}.abcd1234.tmp from a save that was interrupted (pid ${dead} is gone)`,
    );
    expect(r.stdout).toMatch(
      new RegExp(
        `! stale lock ${path}\\.lock left by .*\\(pid ${dead}, since \\d{4}-\\d\\d-\\d\\d [\\d:]+ UTC, .* ago\\), which is no longer running`,
      ),
    );
    expect(r.stdout).toContain(`! ${path} is readable by others (mode 644)`);
    expect(r.stderr).toBe(
      `error: 7 problems in ${path}\n  hint: 6 can be repaired safely: run \`meld doctor --fix\`\n`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);

    const json = JSON.parse((await runRaw(['doctor', '--json'], path)).stdout);
    expect(json.findings.map((f: { code: string; fixable: boolean }) => [f.code, f.fixable])).toEqual([
      ['missing-campaign', true],
      ['missing-prospect', true],
      ['duplicate-email', false],
      ['last-id-behind', true],
      ['leftover-temp', true],
      ['stale-lock', true],
      ['permissions', true],
    ]);
  });

  it('--fix repairs what is safe after a backup, leaves the rest, and undo reverts the repairs', async () => {
    const { path, dead } = await troubled();
    const before = readFileSync(path);
    const r = await runRaw(['doctor', '--fix'], path);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`✓ deleted leftover temp file ${path}.${dead}.abcd1234.tmp`);
    expect(r.stdout).toContain(`✓ removed the stale lock left by pid ${dead}`);
    expect(r.stdout).toContain('✓ added a placeholder campaign "autumn" that prospects referred to');
    expect(r.stdout).toMatch(
      new RegExp(`✓ moved follow-up f2 of missing prospect #9 to ${path}\\.d/quarantine-[\\dTZ-]+\\.json`),
    );
    const quarantine = readdirSync(`${path}.d`).filter((n) => n.startsWith('quarantine-'));
    expect(quarantine).toHaveLength(1);
    const kept = JSON.parse(readFileSync(`${path}.d/${quarantine[0]}`, 'utf8'));
    expect(kept.followUps.map((f: { id: number; prospectId: number }) => [f.id, f.prospectId])).toEqual([[2, 9]]);
    expect(r.stdout).toContain('✓ moved the id counters (lastIds) up to the largest ids in use');
    expect(r.stdout).toContain('! prospects[1].email:');
    expect(r.stderr.split('\n')[0]).toBe(`error: 1 problem in ${path}`);
    expect(existsSync(`${path}.${dead}.abcd1234.tmp`)).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const fixed = JSON.parse(readFileSync(path, 'utf8')) as Db;
    expect(fixed.lastIds.prospect).toBe(2);
    expect(fixed.followUps.map((f) => f.id)).toEqual([1]);
    expect(fixed.campaigns.map((c) => c.id)).toEqual(['autumn', 'spring-webinar']);

    // The prospects are usable again.
    const add = await runMeld(['add-prospect', 'Cy'], { db: path });
    expect(add.db?.prospects.at(-1)?.id).toBe(3);
    await runMeld(['undo'], { db: path });
    const undo = await runRaw(['undo'], path);
    expect(undo.stderr.split('\n')[0]).toBe('undid: doctor --fix: 3 repairs');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('reports invalid JSON at its line and column and --fix leaves it alone', async () => {
    const db = await seeded();
    const text = readFileSync(db, 'utf8').replace('"currency": "USD",', '"currency": "USD"');
    writeFileSync(db, text);
    const r = await runRaw(['doctor', '--fix'], db);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(
      /^✗ invalid JSON at line \d+, column \d+: expected "," or "}", found "\\""\n {4}fix: fix it by hand at that place; or `meld undo`/,
    );
    expect(readFileSync(db, 'utf8')).toBe(text);
  });

  it('spots an old schema version and --fix migrates it, keeping the original beside it', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    copyFileSync(FIXTURE, db);
    const r = await runRaw(['doctor'], db);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('! schema version 1; this meld uses 4');
    const fix = await runRaw(['doctor', '--fix'], db);
    expect(fix.exitCode).toBe(0);
    expect(fix.stdout).toContain(`✓ migrated from schema version 1 to 4 (the original is kept as ${db}.v1.json)`);
    expect(readFileSync(`${db}.v1.json`, 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
    expect(JSON.parse(readFileSync(db, 'utf8')).version).toBe(4);
  });

  it('refuses a folder given as the data file', async () => {
    const r = await runRaw(['doctor'], tempDir());
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^✗ .* is a folder, not a meld data file\n/);
  });
});
