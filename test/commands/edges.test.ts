import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/domain/types.js';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';
import { runRaw } from '../helpers/raw.js';

async function sales(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200'],
    [
      'add-prospect',
      'Ana Souza',
      '--email',
      'ana@acme.io',
      '--campaign',
      'spring-webinar',
      '--follow-up',
      '2026-12-03',
    ],
    ['add-prospect', 'Bo Lind', '--email', 'bo@lind.se'],
    ['log', 'ana', 'called Ana Souza: interested'],
    ['log', 'bo', 'met Bo'],
  ]);
  return db;
}

function edit(db: string, change: (data: Db) => void): Buffer {
  const data = JSON.parse(readFileSync(db, 'utf8')) as Db;
  change(data);
  writeFileSync(db, JSON.stringify(data, null, 2));
  return readFileSync(db);
}

describe('impossible values are found and never let through', () => {
  it('doctor names every impossible date, time, name, history and amount with its path', async () => {
    const db = await sales();
    edit(db, (d) => {
      d.followUps[0]!.due = '2026-02-30';
      d.prospects[1]!.firstSeen = '9999-99-99';
      d.prospects[0]!.createdAt = '2026-01-01Tgarbage';
      d.activities[0]!.at = '2026-13-45T99:99:99Z';
      d.campaigns[0]!.start = '2026-99-01';
      d.prospects[1]!.name = '   ';
      d.deals[1]!.history = [];
      d.deals[1]!.valueCents = 2 ** 53 + 2;
    });
    const r = await runRaw(['doctor', '--json'], db);
    expect(r.exitCode).toBe(1);
    const found = [...new Set(JSON.parse(r.stdout).findings.map((f: { where: string }) => f.where))];
    expect(found.sort()).toEqual(
      [
        'activities[0].at',
        'campaigns[0].start',
        'followUps[0].due',
        'prospects[0].createdAt',
        'prospects[1].firstSeen',
        'deals[1].history',
        'prospects[1].name',
        'deals[1].valueCents',
      ].sort(),
    );
  });

  it('a command on such a file says it is damaged (exit 1), never "bug in meld", and never spins', async () => {
    const db = await sales();
    const before = edit(db, (d) => {
      d.prospects[0]!.createdAt = '2026-01-01Tgarbage';
    });
    for (const args of [
      ['prospect', 'show', '1'],
      ['campaign', 'report'],
      ['add-prospect', 'X'],
    ]) {
      const r = await runRaw(args, db);
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(
        `error: ${db} is damaged: prospects[0].createdAt: expected a real ISO date and time (YYYY-MM-DDThh:mm:ss.sssZ)`,
      );
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('import applies the same checks to another meld file (hour 25 is refused, nothing added)', async () => {
    const db = await sales();
    const other = join(tempDir(), 'other.json');
    writeFileSync(
      other,
      readFileSync(db, 'utf8').replace(/"createdAt": "2026-11-27T10/, '"createdAt": "2026-11-27T25'),
    );
    const into = tempDbPath();
    const r = await runMeld(['import', other], { db: into });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/is damaged: .*createdAt: expected a real ISO date and time/);
    expect(r.db).toBeUndefined();
  });

  it('doctor warns about a won deal with a lost reason', async () => {
    const db = await sales();
    edit(db, (d) => {
      d.deals[0]!.stage = 'won';
      d.deals[0]!.lostReason = 'too expensive';
    });
    const r = await runRaw(['doctor'], db);
    expect(r.stdout).toContain('! deals[0].lostReason: d1 is won but has a lost reason ("too expensive")');
  });
});

describe('doctor --fix never deletes what it cannot place', () => {
  it('gives a duplicate prospect id a fresh id and keeps the orphans in a quarantine file', async () => {
    const db = await sales();
    await seed(db, [
      ['add-prospect', 'Cy Typo'],
      ['log', 'cy', 'one'],
      ['log', 'cy', 'two'],
      ['log', 'cy', 'three'],
    ]);
    // #3's id mistyped as 2: its three activities now point at a prospect that does not exist.
    edit(db, (d) => {
      d.prospects[2]!.id = 2;
    });
    const r = await runRaw(['doctor', '--fix'], db);
    const fixedDb = JSON.parse(readFileSync(db, 'utf8')) as Db;
    expect(fixedDb.prospects.map((p) => [p.id, p.name])).toEqual([
      [1, 'Ana Souza'],
      [2, 'Bo Lind'],
      [4, 'Cy Typo'],
    ]);
    const quarantine = readdirSync(`${db}.d`).filter((n) => n.startsWith('quarantine-'));
    expect(quarantine).toHaveLength(1);
    const file = join(`${db}.d`, quarantine[0]!);
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    expect(kept.activities.map((a: { text: string }) => a.text)).toEqual(['one', 'two', 'three']);
    expect(r.stdout).toContain('✓ gave the second prospect #2 (Cy Typo) the new id #4');
    expect(r.stdout).toContain(`✓ moved activity a3 of missing prospect #3 to ${file}`);
    expect(r.stdout).toContain(`✓ moved activity a5 of missing prospect #3 to ${file}`);
    expect(r.exitCode).toBe(0);
  });
});

describe('echoes of user input never drive the terminal', () => {
  it('a usage error quotes an argument with its escape sequences removed', async () => {
    const db = await sales();
    for (const arg of ['--\u001b]2;PWNED\u0007', '--\u001b]52;c;ZXZpbA==\u0007', '--x\u009b31m']) {
      const r = await runMeld(['log', '1', arg], { db });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).not.toMatch(/[\u001b\u0007\u009b]/);
    }
  });

  it('--json on a terminal escapes C1 and bidi controls; the parsed value is the same', async () => {
    const db = tempDbPath();
    const name = 'Eve\u0085\u009b31m \u202eevil\u2066';
    await seed(db, [['add-prospect', name]]);
    const tty = await runMeld(['prospect', 'show', '1', '--json'], { db, interactive: true, answers: [] });
    expect(tty.stdout).not.toMatch(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(tty.stdout).toContain('Eve\\u0085\\u009b31m \\u202eevil\\u2066');
    expect(JSON.parse(tty.stdout).name).toBe(name);
    const pipe = await runMeld(['prospect', 'show', '1', '--json'], { db });
    expect(JSON.parse(pipe.stdout).name).toBe(name);
    expect(pipe.stdout).toContain(name);
  });
});

describe('limits on what commands read and compute', () => {
  it('import refuses a device (/dev/zero) at once', async () => {
    const r = await runMeld(['import', '/dev/zero']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: "/dev/zero" is not a regular file (a device, fifo or socket); meld imports files',
    );
  });

  it('a report window of more than 520 periods is refused, not computed', async () => {
    const db = await sales();
    const r = await runMeld(['campaign', 'report', '--until', '9999-12-31', '--period', 'week'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: 2026-11-27 to 9999-12-31 is 416017 weeks; a report shows at most 520 periods\n');
  });
});

describe('prospect remove --purge', () => {
  it('erases the person from every backup and history summary, after saying undo cannot bring them back', async () => {
    const db = await sales();
    await seed(db, [['prospect', 'edit', 'ana', '--company', 'Acme']]);
    const r = await runMeld(['prospect', 'remove', 'ana', '--purge'], { db, answers: [true] });
    expect(r.questions).toEqual([
      'Remove #1 Ana Souza with 1 follow-up and 1 activity and erase them from every backup? Undo cannot bring them back.',
    ]);
    expect(r.exitCode).toBe(0);
    for (const name of readdirSync(`${db}.d`)) {
      const text = readFileSync(join(`${db}.d`, name), 'utf8');
      expect(text, name).not.toContain('Ana Souza');
      expect(text, name).not.toContain('ana@acme.io');
    }
    const history = await runMeld(['history', '--json'], { db });
    expect(history.stdout).not.toContain('Ana');
    // Bo is untouched everywhere, and undo does not bring Ana back.
    expect((await runMeld(['undo'], { db })).exitCode).toBe(0);
    const after = JSON.parse(readFileSync(db, 'utf8')) as Db;
    expect(after.prospects.map((p) => p.name)).toEqual(['Bo Lind']);
    expect(after.activities.map((a) => a.text)).toEqual(['met Bo']);
  });

  it('also erases the names and emails the person had in older versions (renamed, email changed)', async () => {
    const db = await sales();
    await seed(db, [['prospect', 'edit', 'ana', '--name', 'Ana Lima', '--email', 'ana@lima.br']]);
    const r = await runMeld(['prospect', 'remove', '1', '--purge', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    const history = await runMeld(['history', '--json'], { db });
    for (const word of ['Ana Souza', 'ana@acme.io', 'Ana Lima', 'ana@lima.br']) {
      expect(history.stdout).not.toContain(word);
      for (const name of readdirSync(`${db}.d`)) {
        expect(readFileSync(join(`${db}.d`, name), 'utf8'), `${word} in ${name}`).not.toContain(word);
      }
    }
  });
});

describe('removing a referrer', () => {
  it('leaves no one referred by a prospect who is gone (doctor stays clean)', async () => {
    const db = await sales();
    await seed(db, [['add-prospect', 'Cy Kid', '--referred-by', '#1']]);
    expect((await runMeld(['prospect', 'remove', '1', '--yes'], { db })).exitCode).toBe(0);
    const after = JSON.parse(readFileSync(db, 'utf8')) as Db;
    expect(after.prospects.map((p) => [p.name, p.referredBy])).toEqual([
      ['Bo Lind', null],
      ['Cy Kid', null],
    ]);
    const doctor = await runMeld(['doctor'], { db });
    expect(doctor.stdout + doctor.stderr).not.toContain('referredBy');
  });
});

describe('an empty value given on purpose', () => {
  it('is an error for every option that takes one (exit 2, nothing written), not "not given" or a default', async () => {
    const db = await sales();
    const before = readFileSync(db, 'utf8');
    for (const args of [
      ['campaign', 'add', 'Fair', '--channel', ''],
      ['campaign', 'add', 'Fair', '--channel', '  '],
      ['add-prospect', 'Cy', '--campaign', ''],
      ['add-prospect', 'Cy', '--tag', 'a', '--tag', ''],
      ['log', 'bo', 'met', '--type', ''],
      ['--db', '', 'prospect', 'list'],
    ]) {
      const r = await runMeld(args, { db });
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(
        /^error: --[a-z-]+ is empty\n {2}hint: give a value, or leave the option out\n$/,
      );
    }
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('still clears where the help says "" clears', async () => {
    const db = await sales();
    const r = await runMeld(['prospect', 'edit', 'bo', '--company', 'Lind AB'], { db });
    expect(r.exitCode).toBe(0);
    const cleared = await runMeld(['prospect', 'edit', 'bo', '--company', ''], { db });
    expect(cleared.exitCode).toBe(0);
    expect(cleared.db!.prospects.find((p) => p.name === 'Bo Lind')!.company).toBeNull();
  });
});

describe('import batch ids', () => {
  it('are unique even for imports in the same second that add no prospect (activity imports)', async () => {
    const from = await sales();
    const dir = tempDir();
    const exported = async (name: string, kind: string) => {
      expect((await runMeld(['export', kind, '--out', join(dir, name)], { db: from })).exitCode).toBe(0);
    };
    await exported('prospects.csv', 'prospects');
    await seed(from, [['log', 'bo', 'met at the fair']]);
    await exported('activities-1.csv', 'activities');
    await seed(from, [['log', 'bo', 'sent the offer']]);
    await exported('activities-2.csv', 'activities');
    const db = tempDbPath();
    const batches: string[] = [];
    for (const name of ['prospects.csv', 'activities-1.csv', 'activities-2.csv']) {
      const r = await runMeld(['import', join(dir, name), '--json'], { db });
      expect(r.exitCode, r.stderr).toBe(0);
      batches.push(JSON.parse(r.stdout).batch);
    }
    expect(batches).toEqual([
      'import-2026-11-27T10:00:00Z',
      'import-2026-11-27T10:00:00Z-2',
      'import-2026-11-27T10:00:00Z-3',
    ]);
    const history = (await runMeld(['history', '--json'], { db })).stdout;
    expect(history).toContain('activities-2.csv: 1 added (batch import-2026-11-27T10:00:00Z-3)');
  });
});
