import { beforeAll, describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

/**
 * The rule: a malformed VALUE of a known option or argument is an error (exit 1); a SYNTAX
 * problem — unknown command or option, a missing required argument or flag in a
 * non-interactive run, too many arguments, nothing to change — is a usage error (exit 2).
 */
const VALUES: string[][] = [
  ['campaign', 'add', 'X', '--goal', '3.5'],
  ['campaign', 'add', 'X', '--cost', 'lots'],
  ['campaign', 'add', 'X', '--channel', 'tv'],
  ['campaign', 'add', 'X', '--start', '2026-02-30'],
  ['add-prospect', 'X', '--stage', 'hot'],
  ['add-prospect', 'X', '--value', '-5'],
  ['add-prospect', 'X', '--follow-up', 'someday'],
  ['followups', 'bogus'],
  ['campaign', 'report', '--period', 'year'],
  ['campaign', 'report', '--since', '2026-11-20', '--until', '2026-11-01'],
  ['completion', 'powershell'],
  ['export', 'prospect'],
  ['export', 'prospects', '--format', 'xlsx'],
  ['history', '--limit', '0'],
  ['config', 'set', 'currency', 'EURO'],
];

const SYNTAX: string[][] = [
  ['campain', 'list'],
  ['add-prospect', 'X', '--emial', 'a@b.co'],
  ['add-prospect'],
  ['followup', 'add', '1'],
  ['prospect', 'stage', '1', 'lost'],
  ['add-prospect', 'Y', '--stage', 'lost'],
  ['prospect', 'remove', '1'],
  ['prospect', 'edit', '1'],
  ['prospect', 'edit', '1', '--company', 'Acme'],
  ['campaign', 'adjust', 'spring-webinar'],
  ['campaign', 'adjust', 'spring-webinar', '--channel', 'event'],
  ['followup', 'edit', 'f1', '--note', 'call back'],
  ['activity', 'edit', 'a1', '--text', 'called'],
  ['prospect', 'stage', '1', 'new'],
  ['campaign', 'rename', 'spring-webinar', 'Spring Webinar'],
  ['campaign', 'show', 'a', 'b'],
  ['completion'],
  ['help', 'nope'],
];

describe('exit codes follow one rule: bad values exit 1, bad syntax exits 2', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDbPath();
    await seed(db, [
      ['campaign', 'add', 'Spring Webinar', '--channel', 'event'],
      ['add-prospect', 'Ana Souza', '--company', 'Acme'],
      ['followup', 'add', '1', '2026-12-01', 'call back'],
      ['log', '1', 'called'],
    ]);
  });

  it.each(VALUES.map((args) => [args.join(' '), args] as const))(
    '`meld %s` is a bad value: exit 1',
    async (_name, args) => {
      const r = await runMeld([...args], { db });
      expect(r.stderr).toMatch(/^error: /);
      expect(r.exitCode).toBe(1);
    },
  );

  it.each(SYNTAX.map((args) => [args.join(' '), args] as const))(
    '`meld %s` is a usage error: exit 2',
    async (_name, args) => {
      const r = await runMeld([...args], { db });
      expect(r.stderr).toMatch(/^error: /);
      expect(r.exitCode).toBe(2);
    },
  );
});
