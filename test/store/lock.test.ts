import { afterEach, describe, expect, it, vi } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, promises, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { isStale } from '../../src/store/lock.js';
import { processStart } from '../../src/store/processes.js';
import { FileStore } from '../../src/store/store.js';
import { addProspect } from '../../src/domain/prospects.js';
import { tempDbPath } from '../helpers/harness.js';
import { runRaw } from '../helpers/raw.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A process that is alive for the test's duration: a meld, by its command line, unless `meld` is false. */
function liveProcess(meld = true): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', ...(meld ? ['meld'] : [])], {
    stdio: 'ignore',
  });
  children.push(child);
  return child.pid!;
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

function holdLock(path: string, pid: number, command = 'meld import leads.csv'): void {
  writeFileSync(
    `${path}.lock`,
    // With the holder's start time, as meld writes it: the holder is shown to be alive.
    JSON.stringify({
      pid: Number(pid),
      host: hostname(),
      since: '2026-11-27T09:59:30.000Z',
      command,
      nonce: 'x',
      start: processStart(pid),
    }),
  );
}

const addOne = (name: string) => (db: Parameters<typeof addProspect>[0]) => {
  const p = addProspect(db, { name }, new Date('2026-11-27T10:00:00Z'));
  return { summary: `add-prospect ${p.name} (#${p.id})`, result: p.id };
};

describe('the write lock', () => {
  it('makes a writer wait, then fail with an error that names the holder', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(addOne('Ana'));
    const before = readFileSync(path);
    const pid = liveProcess();
    holdLock(path, pid);
    const r = await runRaw(['add-prospect', 'Bo'], path, { lockTimeoutMs: 400 });
    expect(r.exitCode).toBe(1);
    // The age depends on when the test runs: "since <date> UTC, <age> ago".
    expect(r.stderr.split('\n')[0]?.replace(/UTC, [^)]* ago/, 'UTC, <age> ago')).toBe(
      `error: the data file is locked by \`meld import leads.csv\` (pid ${pid}, since 2026-11-27 09:59:30 UTC, <age> ago); gave up after 0.4 s in which it made no progress`,
    );
    expect(r.stderr.split('\n')[1]).toBe(
      '  hint: wait for it to finish and try again; if that meld is stuck, stop it (its lock is then taken over); `meld doctor` tells whether the lock is stale',
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it("judges a dead holder's lock stale only once it is a second old, a live holder's never", () => {
    // A young lock with a dead pid is most often a holder that just released and exited, its
    // lock since re-taken by a live writer: judging it dead at once let two writers in.
    const now = Date.parse('2026-11-27T10:00:00.000Z');
    const lock = (pid: number, ageMs: number, host = hostname()) => ({
      // Taken now by the live process (after it started), or it would not be its lock.
      info: { pid, host, since: new Date().toISOString(), command: 'meld x', nonce: 'n' },
      mtimeMs: now - ageMs,
    });
    const dead = deadPid();
    const live = liveProcess();
    expect(isStale(lock(dead, 999), now)).toBe(false);
    expect(isStale(lock(dead, 1001), now)).toBe(true);
    expect(isStale(lock(live, 3_600_000), now)).toBe(false);
    expect(isStale(lock(live, 9 * 60_000, 'elsewhere'), now)).toBe(false);
    expect(isStale(lock(live, 11 * 60_000, 'elsewhere'), now)).toBe(true);
    expect(isStale({ info: null, mtimeMs: now - 1999 }, now)).toBe(false);
    expect(isStale({ info: null, mtimeMs: now - 2001 }, now)).toBe(true);
  });

  it('judges a lock without a start time (an older meld) stale when its pid belongs to a process started after the lock', () => {
    const now = Date.now();
    const live = liveProcess();
    const info = (since: string) => ({ pid: live, host: hostname(), since, command: 'meld x', nonce: 'n' });
    // Taken a month before that process started: the pid was reused, the holder is gone.
    expect(isStale({ info: info('2026-01-01T00:00:00.000Z'), mtimeMs: now - 3_600_000 }, now)).toBe(true);
    // Taken after it started: it may well be the holder.
    expect(isStale({ info: info(new Date(now + 60_000).toISOString()), mtimeMs: now - 3_600_000 }, now)).toBe(false);
  });

  it('takes over an old lock left by a process that died, and leaves a young one alone', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(addOne('Ana'));
    holdLock(path, deadPid());
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    expect(await new FileStore(path, { timeoutMs: 5000 }).write(addOne('Bo'))).toBe(2);
    expect(existsSync(`${path}.lock`)).toBe(false);
    // Dated an hour ahead, the dead writer's lock stays young however slow this machine is.
    holdLock(path, deadPid());
    const ahead = new Date(Date.now() + 3_600_000);
    utimesSync(`${path}.lock`, ahead, ahead);
    await expect(new FileStore(path, { timeoutMs: 50 }).write(addOne('Cy'))).rejects.toThrow(/is locked by/);
    expect(existsSync(`${path}.lock`)).toBe(true);
  });

  it('takes over a lock whose pid now belongs to another program (judged by the process start time)', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(addOne('Ana'));
    // A live pid, but the lock says its holder started at another time: the pid was reused.
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({
        pid: liveProcess(),
        host: hostname(),
        since: '2026-11-27T09:59:30.000Z',
        command: 'meld import leads.csv',
        nonce: 'x',
        start: 'another-boot:12345',
      }),
    );
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    const r = await runRaw(['doctor', '--json'], path);
    expect(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['stale-lock']);
    expect(await new FileStore(path, { timeoutMs: 2000 }).write(addOne('Bo'))).toBe(2);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('leaves no temp file behind when the lock cannot be written (a full disk)', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(addOne('Ana'));
    // The disk fills up while the lock's temp file is written, after it was created: it must go.
    const dir = dirname(path);
    const realWriteFile = promises.writeFile;
    const spy = vi.spyOn(promises, 'writeFile').mockImplementation(async (file, data, options) => {
      if (String(file).includes('.lock.')) {
        await realWriteFile(file, '', options as never);
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      }
      return realWriteFile(file, data, options as never);
    });
    try {
      const r = await runRaw(['add-prospect', 'Bo'], path);
      expect(r.exitCode).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(`error: cannot write "${path}": no space left on the disk`);
    } finally {
      spy.mockRestore();
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('takes over an empty lock file once it is old (its creator died before writing its pid)', async () => {
    const path = tempDbPath();
    writeFileSync(`${path}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    expect(await new FileStore(path, { timeoutMs: 2000 }).write(addOne('Ana'))).toBe(1);
  });

  it('never makes a reader wait', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(addOne('Ana'));
    holdLock(path, liveProcess());
    // The holder never lets go: a reader that waited for the lock would fail, not succeed.
    const db = await new FileStore(path, { timeoutMs: 1 }).read();
    expect(db.prospects.map((p) => p.name)).toEqual(['Ana']);
    const list = await runRaw(['history'], path, { lockTimeoutMs: 1 });
    expect(list.exitCode).toBe(0);
  });

  it('serialises writers in one process too: 25 at once give 25 distinct ids', async () => {
    const path = tempDbPath();
    const ids = await Promise.all(Array.from({ length: 25 }, (_, i) => new FileStore(path).write(addOne(`P${i}`))));
    expect(new Set(ids).size).toBe(25);
    const db = await new FileStore(path).read();
    expect(db.prospects).toHaveLength(25);
    expect(db.lastIds.prospect).toBe(25);
  });
});

describe('locks meld cannot show to be held by a running meld', () => {
  /** A lock as an older meld wrote it (no start time), taken just now, its file a minute old. */
  function oldFormatLock(path: string, pid: number, host = hostname()): void {
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({ pid, host, since: new Date().toISOString(), command: 'meld import leads.csv', nonce: 'x' }),
    );
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
  }
  const codes = async (path: string) =>
    JSON.parse((await runRaw(['doctor', '--json'], path)).stdout).findings.map((f: { code: string }) => f.code);

  it('an old-format lock naming a long-running process that is not meld (pid 1, a daemon) is stale: doctor reports it, --fix clears it, a write takes over', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(addOne('Ana'));
    const pids = [liveProcess(false)];
    // The init process, where it is not a meld (it never is outside a test of this very case).
    if (!/meld/i.test(readFileSync('/proc/1/cmdline', 'utf8'))) pids.push(1);
    for (const [i, pid] of pids.entries()) {
      oldFormatLock(path, pid);
      expect(await codes(path)).toEqual(['stale-lock']);
      const fix = await runRaw(['doctor', '--fix'], path);
      expect(fix.stdout.split('\n')[0]).toBe(`✓ removed the stale lock left by pid ${pid}`);
      expect(existsSync(`${path}.lock`)).toBe(false);
      oldFormatLock(path, pid);
      // The write took over: Ana is #1, each pass adds the next.
      expect(await new FileStore(path, { timeoutMs: 2000 }).write(addOne(`After ${pid}`))).toBe(2 + i);
    }
  });

  it('a lock from another machine is reported (meld cannot tell whether it runs) and --fix clears it', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(addOne('Ana'));
    oldFormatLock(path, 4242, 'laptop-at-home');
    const report = JSON.parse((await runRaw(['doctor', '--json'], path)).stdout);
    expect(report.findings.map((f: { code: string; message: string }) => [f.code, f.message])).toEqual([
      [
        'stale-lock',
        expect.stringMatching(
          /^lock .*\.lock held by `meld import leads\.csv` \(pid 4242 on laptop-at-home, since .*\): meld cannot tell whether it still runs$/,
        ),
      ],
    ]);
    await runRaw(['doctor', '--fix'], path);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('a folder where the lock goes stops writes with one line naming it, not the data file; doctor reports it and --fix removes it when empty', async () => {
    const path = tempDbPath();
    await new FileStore(path).write(addOne('Ana'));
    const before = readFileSync(path);
    mkdirSync(`${path}.lock`);
    writeFileSync(`${path}.lock/note`, 'x');
    const r = await runRaw(['add-prospect', 'Bo'], path);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      `error: ${path}.lock is a folder, where meld keeps its lock file; nothing was changed\n  hint: remove it (\`meld doctor --fix\` removes an empty folder), then try again\n`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(await codes(path)).toEqual(['lock-in-the-way']);
    // Not empty: doctor --fix leaves it (it may hold something of the user's).
    await runRaw(['doctor', '--fix'], path);
    expect(existsSync(`${path}.lock/note`)).toBe(true);
    rmSync(`${path}.lock/note`);
    const fix = await runRaw(['doctor', '--fix'], path);
    expect(fix.stdout.split('\n')[0]).toBe(
      `✓ removed the empty folder ${path}.lock that stood where meld keeps its lock`,
    );
    expect((await runRaw(['add-prospect', 'Bo'], path)).exitCode).toBe(0);
  });
});
