import { describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

/** Four prospects added a day apart, with values, contacts and follow-ups that order differently. */
async function four(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [['campaign', 'add', 'Spring Webinar', '--channel', 'event']]);
  const add = async (now: string, args: string[]) => {
    const r = await runMeld(args, { db, now });
    if (r.exitCode !== 0) throw new Error(r.stderr);
  };
  await add('2026-11-20T10:00:00Z', [
    'add-prospect',
    'Cara Diaz',
    '--value',
    '1000',
    '--stage',
    'qualified',
    '--email',
    'cara@d.io',
  ]);
  await add('2026-11-21T10:00:00Z', [
    'add-prospect',
    'Ana Souza',
    '--value',
    '5000',
    '--campaign',
    'spring-webinar',
    '--phone',
    '+49 30 1234',
  ]);
  await add('2026-11-22T10:00:00Z', ['add-prospect', 'Bo Li', '--stage', 'won', '--value', '9000', '--tag', 'vip']);
  await add('2026-11-23T10:00:00Z', ['add-prospect', 'Dee Park', '--stage', 'proposal', '--tag', 'warm']);
  // last contact: Cara on the 26th, Ana on the 24th; Bo's and Dee's are their additions
  await add('2026-11-24T10:00:00Z', ['log', '2', 'asked about pricing tiers']);
  await add('2026-11-26T10:00:00Z', ['log', '1', 'called']);
  await add('2026-11-26T10:00:00Z', ['followup', 'add', '4', '2026-12-01']);
  await add('2026-11-26T10:00:00Z', ['followup', 'add', '1', '2026-12-05']);
  return db;
}

const ids = async (db: string, args: string[]) =>
  (await runMeld(['prospect', 'list', ...args, '--ids'], { db })).stdout;

describe('meld prospect list --sort', () => {
  it('sorts by name, value (biggest first), created (newest first), last contact (oldest first) and next (soonest first)', async () => {
    const db = await four();
    expect(await ids(db, ['--sort', 'name'])).toBe('2\n3\n1\n4\n');
    expect(await ids(db, ['--sort', 'value'])).toBe('3\n2\n1\n4\n');
    expect(await ids(db, ['--sort', 'created'])).toBe('4\n3\n2\n1\n');
    expect(await ids(db, ['--sort', 'last-contact'])).toBe('3\n4\n2\n1\n');
    expect(await ids(db, ['--sort', 'next'])).toBe('4\n1\n2\n3\n');
  });

  it('reverses with --reverse (those without a value stay last) and cuts with --limit', async () => {
    const db = await four();
    expect(await ids(db, ['--sort', 'value', '--reverse'])).toBe('1\n2\n3\n4\n');
    expect(await ids(db, ['--sort', 'value', '--limit', '2'])).toBe('3\n2\n');
    expect(await ids(db, ['--reverse'])).toBe('4\n3\n2\n1\n');
  });

  it('refuses an unknown order and a limit that is not a whole number', async () => {
    const db = await four();
    const bad = await runMeld(['prospect', 'list', '--sort', 'valu'], { db });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('error: unknown sort order "valu"');
    const limit = await runMeld(['prospect', 'list', '--limit', '0'], { db });
    expect(limit.exitCode).toBe(1);
    expect(limit.stderr).toBe('error: --limit must be a whole number from 1 to 1000000000, got "0"\n');
  });
});

describe('meld prospect list filters with several values', () => {
  it('takes comma-separated and repeated values of --stage, --tag and --campaign', async () => {
    const db = await four();
    expect(await ids(db, ['--stage', 'qualified,proposal'])).toBe('1\n4\n');
    expect(await ids(db, ['--stage', 'won', '--stage', 'proposal'])).toBe('3\n4\n');
    expect(await ids(db, ['--tag', 'vip', '--tag', 'warm'])).toBe('3\n4\n');
    expect(await ids(db, ['--tag', 'vip,warm', '--stage', 'won'])).toBe('3\n');
    expect(await ids(db, ['--campaign', 'spring-webinar,Spring Webinar'])).toBe('2\n');
    expect(await ids(db, ['--campaign', 'none'])).toBe('1\n3\n4\n');
    expect(await ids(db, ['--campaign', 'spring-webinar,none', '--stage', 'new,won'])).toBe('2\n3\n');
  });

  it('refuses the whole list when one value is unknown, and an empty value', async () => {
    const db = await four();
    const r = await runMeld(['prospect', 'list', '--stage', 'won,lostt'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: unknown stage "lostt"');
    const empty = await runMeld(['prospect', 'list', '--stage', ''], { db });
    expect(empty.exitCode).toBe(2);
    expect(empty.stdout).toBe('');
  });

  it('finds a prospect by the text of a logged activity with --search', async () => {
    const db = await four();
    expect(await ids(db, ['--search', 'PRICING'])).toBe('2\n');
  });

  it('--search folds case and accents in names, emails and companies, plain or not', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'José Müller'],
      ['add-prospect', 'JOSE MULLER', '--email', 'J.Mueller@Example.com', '--allow-duplicate'],
      ['add-prospect', 'Ann Lee', '--company', 'O’Brien & Søn'],
      ['add-prospect', 'Zoë Ng', '--company', 'ACME'],
    ]);
    expect(await ids(db, ['--search', 'müller'])).toBe('1\n2\n');
    expect(await ids(db, ['--search', 'JOSÉ'])).toBe('1\n2\n');
    expect(await ids(db, ['--search', 'mueller@'])).toBe('2\n');
    expect(await ids(db, ['--search', "o'brien"])).toBe('3\n');
    expect(await ids(db, ['--search', 'acme'])).toBe('4\n');
    expect(await ids(db, ['--search', 'zoe'])).toBe('4\n');
  });
});

describe('meld prospect list output', () => {
  it('ends the table with the count and the open pipeline (won and lost left out)', async () => {
    const db = await four();
    const r = await runMeld(['prospect', 'list'], { db, columns: 120 });
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('4 prospects, open pipeline $6,000');
    const limited = await runMeld(['prospect', 'list', '--limit', '1'], { db, columns: 120 });
    expect(limited.stdout.trimEnd().split('\n').at(-1)).toBe('1 of 4 prospects, open pipeline $6,000');
  });

  it('shows email and phone on a wide terminal, and leaves them out first on a narrow one', async () => {
    const db = await four();
    const wide = await runMeld(['prospect', 'list'], { db, columns: 120 });
    expect(wide.stdout.split('\n').slice(0, 3)).toEqual([
      '#  Name       Company  Email      Phone        Stage      Campaign         Value  Next',
      '1  Cara Diaz           cara@d.io               qualified                  $1,000  2026-12-05',
      '2  Ana Souza                      +49 30 1234  new        spring-webinar  $5,000  —',
    ]);
    const narrow = await runMeld(['prospect', 'list'], { db, columns: 60 });
    expect(narrow.stdout.split('\n')[0]).toBe('#  Name       Company  Stage       Value  Next');
  });

  it('prints bare ids one per line with --ids, and nothing for no match', async () => {
    const db = await four();
    expect(await ids(db, [])).toBe('1\n2\n3\n4\n');
    const none = await runMeld(['prospect', 'list', '--search', 'zzz', '--ids'], { db });
    expect(none.stdout).toBe('');
    expect(none.exitCode).toBe(0);
  });

  it('refuses --ids with --json (one prints references, the other JSON), as followups does', async () => {
    const db = await four();
    const r = await runMeld(['prospect', 'list', '--ids', '--json'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --ids and --json do not go together\n  hint: choose one\n');
  });
});
