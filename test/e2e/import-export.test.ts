import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

/** A 20,000-row export: a few hundred companies, 1 in 10 rows with a note, some repeats. */
function bigCsv(dir: string, rows = 20_000): string {
  const lines = ['First Name,Last Name,Email Address,Company,Position,Phone,Notes'];
  for (let i = 0; i < rows; i++) {
    const n = i % 19_500; // the last 500 rows repeat earlier emails
    lines.push(
      [
        `Name${n}`,
        `Surname${n}`,
        `user${n}@example${n % 50}.com`,
        `Company ${n % 300}`,
        `Role ${n % 20}`,
        `+1 555 ${String(n).padStart(5, '0')}`,
        n % 10 === 0 ? '"met at the expo, wants a demo"' : '',
      ].join(','),
    );
  }
  const file = join(dir, 'big.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

// Run `npm run build` first: these spawn the built bin/meld.js against a temp data file.
describe('import and export through the built binary', () => {
  beforeAll(() => {
    if (!existsSync(join(BIN, '..', '..', 'dist', 'meld.cjs')))
      throw new Error('run `npm run build` before the e2e tests');
  });

  // A bind mount shows the data file's folder under a second real path; only root can make one
  // (in a private mount namespace, so nothing outside the test sees it).
  const canMount = spawnSync('unshare', ['--mount', 'true']).status === 0;
  it.skipIf(!canMount)('refuses --out at the data file or its history reached through a bind mount', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    const before = readFileSync(db);
    const history = readFileSync(join(`${db}.d`, 'history.json'));
    const other = join(tempDir(), 'mnt');
    for (const out of [
      join(other, 'meld.json'),
      join(other, 'meld.json.d', 'history.json'),
      join(other, 'meld.json.lock'),
    ]) {
      const r = spawnSync(
        'unshare',
        [
          '--mount',
          'sh',
          '-c',
          `mkdir -p "${other}" && mount --bind "${dir}" "${other}" && exec "${process.execPath}" "${BIN}" export prospects --out "${out}"`,
        ],
        { env: cliEnv({ MELD_DB: db }), encoding: 'utf8' },
      );
      expect(r.status, out).toBe(1);
      expect(r.stderr).toContain("it is meld's data file or one of the files meld keeps with it; nothing was changed");
    }
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readFileSync(join(`${db}.d`, 'history.json')).equals(history)).toBe(true);
  });

  it('appends through --out /dev/stdout and /dev/fd/3 redirected with >> instead of replacing the file', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    const log = join(dir, 'all.txt');
    writeFileSync(log, 'kept line\n');
    const cmd = (out: string) => `"${process.execPath}" "${BIN}" export prospects --format json --out ${out}`;
    const r = spawnSync('sh', ['-c', `${cmd('/dev/stdout')} >> "${log}" && ${cmd('/dev/fd/3')} 3>> "${log}"`], {
      env: cliEnv({ MELD_DB: db }),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    const text = readFileSync(log, 'utf8');
    expect(text.startsWith('kept line\n[')).toBe(true);
    expect(text.split('"Ana Souza"').length).toBe(3);
  });

  it('exports to --out /dev/stdout into a shell pipe (a /proc fd link whose target is no path)', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(meld(['add-prospect', 'Ana Souza'], { db }).status).toBe(0);
    const r = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${BIN}" export prospects --format json --out /dev/stdout | cat`],
      { env: cliEnv({ MELD_DB: db }), encoding: 'utf8' },
    );
    expect(r.stderr).toBe('✓ Exported 1 prospect to /dev/stdout (json)\n');
    expect(JSON.parse(r.stdout).map((p: { name: string }) => p.name)).toEqual(['Ana Souza']);
  });

  it('imports a LinkedIn export, refuses to duplicate it, and round-trips it through CSV', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    const first = meld(['import', fixture('linkedin-connections.csv'), '--tag', 'linkedin'], { db });
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr.split('\n')[0]).toBe(
      '✓ Imported linkedin-connections.csv (LinkedIn connections): 5 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    const second = meld(['import', fixture('linkedin-connections.csv')], { db });
    expect(second.stderr.split('\n')[0]).toBe(
      '✓ Imported linkedin-connections.csv (LinkedIn connections): 0 added, 0 updated, 5 skipped as duplicates, 0 rejected',
    );

    const out = join(dir, 'out.csv');
    expect(meld(['export', 'prospects', '--out', out], { db }).status).toBe(0);
    const copy = join(dir, 'copy.json');
    expect(meld(['import', out], { db: copy }).stderr.split('\n')[0]).toBe(
      '✓ Imported out.csv (meld export): 5 added, 0 updated, 0 skipped as duplicates, 0 rejected',
    );
    const strip = (json: string) =>
      (JSON.parse(json) as Array<Record<string, unknown>>).map(({ batch: _b, ...rest }) => rest);
    expect(strip(meld(['export', 'prospects', '--format', 'json'], { db: copy }).stdout)).toEqual(
      strip(meld(['export', 'prospects', '--format', 'json'], { db }).stdout),
    );
  });

  it('writes a follow-up calendar file that ical.js reads', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    expect(
      meld(['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--follow-up', '2026-12-03'], { db }).status,
    ).toBe(0);
    const out = join(dir, 'followups.ics');
    expect(meld(['export', 'followups', '--out', out], { db }).status).toBe(0);
    const events = new ICAL.Component(ICAL.parse(readFileSync(out, 'utf8'))).getAllSubcomponents('vevent');
    expect(events.map((e) => new ICAL.Event(e).summary)).toEqual(['Follow up: Ana Souza']);
  });

  it('imports 20,000 rows, and checks them against 20,000 on file; piped, it prints only the summary', () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    const file = bigCsv(dir);
    const first = meld(['import', file], { db });
    expect(first.status).toBe(0);
    expect(first.stderr).toBe(
      '✓ Imported big.csv (spreadsheet): 19500 added, 0 updated, 500 skipped as duplicates, 0 rejected\n' +
        `  batch ${JSON.parse(readFileSync(db, 'utf8')).prospects[0].batch}: \`meld undo\` removes this import as a whole\n`,
    );
    const again = meld(['import', file], { db });
    expect(again.stderr.split('\n')[0]).toBe(
      '✓ Imported big.csv (spreadsheet): 0 added, 0 updated, 20000 skipped as duplicates, 0 rejected',
    );
  });

  // util-linux `script` runs meld in a pseudo-terminal and records what it draws.
  it.skipIf(Boolean(spawnSync('script', ['--version']).error))(
    'shows a progress bar on a terminal for a big file',
    () => {
      const dir = tempDir();
      const file = bigCsv(dir, 5_000);
      const result = spawnSync('script', ['-q', '-c', `"${process.execPath}" "${BIN}" import "${file}"`, '/dev/null'], {
        env: cliEnv({ MELD_DB: join(dir, 'meld.json') }),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.stdout).toContain('reading rows');
      expect(result.stdout).toContain('5000 added');
    },
  );

  // cli-progress turns line wrapping off: a line wider than the terminal has its tail written
  // over the last column, so on 60 columns "3000/20000" read "3000/0".
  it.skipIf(Boolean(spawnSync('script', ['--version']).error))(
    'fits the progress bar line, counts and total, into a narrow terminal',
    () => {
      const dir = tempDir();
      const file = bigCsv(dir, 20_000);
      const result = spawnSync(
        'script',
        [
          '-q',
          '-c',
          `stty cols 60; "${process.execPath}" "${BIN}" import "${file}" --dry-run > /dev/null`,
          '/dev/null',
        ],
        {
          env: cliEnv({ MELD_DB: join(dir, 'meld.json') }),
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      // Each redraw: ESC[1G, the line, ESC[0K.
      const drawn = [...result.stdout.matchAll(/\u001b\[1G(reading rows [^\u001b]*)\u001b\[0K/g)].map((m) => m[1]!);
      expect(drawn.length).toBeGreaterThan(1);
      for (const line of drawn) expect([...line].length).toBeLessThan(60);
      expect(drawn.at(-1)).toMatch(/ 20000\/20000$/);
    },
  );
});
