import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './harness.js';

// The malformed-invocation table: hundreds of bad command lines, each of which must fail cleanly
// (exit 1 or 2, an `error:` line and at most a hint line, no stack trace, nothing on stdout) and
// leave the data file and its history byte for byte as they were. test/commands/bad-input.test.ts
// runs all of them in process; test/e2e/bad-input.test.ts runs a representative few through the
// built binary.

const BAD_DATES = [
  'tomorrow;rm -rf /',
  '2026-13-01',
  '2026-02-30',
  '2026-02-29',
  '2026-00-10',
  '0000-00-00',
  '99999-01-01',
  '31/12/2026',
  '2026-1-1x',
  'next blursday',
  'yesterdayish',
  '$(date)',
  '`id`',
  'today && echo hi',
  '+2x',
  'dec 32',
  'fri;',
  '2026-12-03T25:00',
  '',
  '   ',
  'ｔｏｍｏｒｒｏｗ',
  '🗓️',
  'tomorrow\u001b[2J',
];
const BAD_MONEY = [
  '-5',
  '-0.01',
  '1e309',
  '99999999999999999999999',
  'abc',
  'NaN',
  'Infinity',
  '0x10',
  '',
  '--5',
  '12.345',
  '1,2,3',
  '€-3',
];
const BAD_INTS = ['0', '-1', '3.5', '1e9x', 'ten', '99999999999999', ''];
const UNKNOWN_PROSPECTS = ['999', '0', '-1', 'nobody', '1.5', '１', 'ℵ', '💥', '\u202eevil', 'a'.repeat(10_000)];
const BAD_STAGES = ['wn', 'WONN', 'wön', '', 'won;rm -rf /', 'ｗｏｎ'];
const BAD_CHANNELS = ['tv', 'e-mail', 'ads;', 'ＡＤＳ', 'social media'];
const BAD_EMAILS = ['not-an-email', 'a@', '@b.co', 'a b@c.de', 'ana@acme.io', 'ANA@ACME.IO ', 'x@y'];
const LONG_NOTE = 'n'.repeat(10_000);

export function invocations(folder: string, file: string): string[][] {
  const list: string[][] = [];
  const some = <T>(values: T[], n: number) => values.filter((_, i) => i % Math.ceil(values.length / n) === 0);
  for (const d of BAD_DATES) list.push(['followup', 'add', '1', d]);
  // (an empty --follow-up means "no follow-up", as the prompt's empty answer does)
  for (const d of some(
    BAD_DATES.filter((x) => x !== ''),
    11,
  ))
    list.push(['add-prospect', 'Dee Date', '--follow-up', d]);
  for (const d of some(BAD_DATES, 6)) {
    list.push(
      ['campaign', 'add', 'Dated', '--start', d],
      ['followup', 'snooze', '1', d],
      ['log', '1', 'called', '--date', d],
      ['followup', 'done', '1', '--next', d],
    );
  }
  for (const m of BAD_MONEY)
    list.push(['campaign', 'add', 'Costly', '--cost', m], ['add-prospect', 'Val Ue', '--value', m]);
  for (const m of some(BAD_MONEY, 5))
    list.push(['campaign', 'adjust', 'spring-webinar', '--cost', m], ['prospect', 'edit', '1', '--value', m]);
  for (const n of BAD_INTS) list.push(['campaign', 'add', 'Goal', '--goal', n], ['history', '--limit', n]);
  for (const ref of UNKNOWN_PROSPECTS) list.push(['prospect', 'show', ref], ['log', ref, 'hello']);
  for (const ref of some(UNKNOWN_PROSPECTS, 5)) list.push(['prospect', 'stage', ref, 'won']);
  for (const ref of some(UNKNOWN_PROSPECTS, 4)) {
    list.push(
      ['followup', 'add', ref, 'tomorrow'],
      ['prospect', 'remove', ref, '--yes'],
      ['prospect', 'edit', ref, '--company', 'X'],
    );
  }
  for (const id of ['999', '0', 'abc', '99999999999999999999'])
    list.push(['followup', 'done', id], ['followup', 'snooze', id, 'tomorrow']);
  for (const s of BAD_STAGES) list.push(['add-prospect', 'Stan Ge', '--stage', s], ['prospect', 'stage', '1', s]);
  for (const c of BAD_CHANNELS) list.push(['campaign', 'add', 'Chan', '--channel', c]);
  for (const e of BAD_EMAILS) list.push(['add-prospect', 'Em Ail', '--email', e]);
  for (const name of ['', '   ', '\t']) list.push(['add-prospect', name], ['campaign', 'add', name]);
  list.push(
    // long text together with something wrong: the long text must not get in
    ['add-prospect', 'Long Note', '--note', LONG_NOTE, '--stage', 'wn'],
    ['add-prospect', 'L'.repeat(10_000), '--campaign', 'nope'],
    ['log', '999', LONG_NOTE],
    ['followup', 'add', '1', 'someday', LONG_NOTE],
    ['campaign', 'add', 'C'.repeat(10_000), '--channel', 'tv'],
    // unknown campaign, wrong references
    ['add-prospect', 'Cam Paign', '--campaign', 'nope'],
    ['campaign', 'show', 'nope'],
    ['campaign', 'adjust', 'nope', '--cost', '5'],
    ['campaign', 'report', 'nope'],
    // the forecast and its settings
    ['forecast', '--months', '0'],
    ['forecast', '--months', 'three'],
    ['forecast', '--months', '-1'],
    ['forecast', '--months', '1000'],
    ['forecast', '--accuracy', '--months', '0'],
    ['forecast', '--rates', '--accuracy'],
    ['config', 'set', 'stage-probability.proposal', '101'],
    ['config', 'set', 'stage-probability.proposal', '-5'],
    ['config', 'set', 'stage-probability.won', '50'],
    ['config', 'set', 'forecast-min-closed', '0'],
    // the HTML report: an unknown campaign, flags that need --html, a missing folder, the data file
    ['campaign', 'report', 'nope', '--html', '--out', '-'],
    ['campaign', 'report', '--out', 'r.html'],
    ['campaign', 'report', '--open'],
    ['campaign', 'report', '--with-people'],
    ['campaign', 'report', '--html', '--json'],
    ['campaign', 'report', '--html', '--out', '/nonexistent-folder/r.html'],
    ['campaign', 'report', '--html', '--since', 'yesterdayish'],
    ['campaign', 'add', 'Spring Webinar'],
    ['campaign', 'adjust', 'spring-webinar', '--status', 'exploded'],
    ['campaign', 'adjust', 'spring-webinar'],
    // lost needs a reason, removal needs --yes without a terminal, demo refuses a non-empty file
    ['prospect', 'stage', '1', 'lost'],
    ['prospect', 'remove', '1'],
    ['demo'],
    // config
    ['config', 'set', 'currency', 'XYZ'],
    ['config', 'set', 'currency', 'eur;rm'],
    ['config', 'set', 'nope', '1'],
    ['config', 'set', 'currency'],
    ['config', 'get', 'nope'],
    ['config', 'set', 'stale-days', '-3'],
    ['config', 'set', 'customer-days', '0'],
    ['config', 'set', 'customer-days', 'ninety'],
    // recurring follow-ups (#16): a bad interval, "none" only where it stops one
    ['followup', 'add', '1', 'tomorrow', '--every', '0 days'],
    ['followup', 'add', '1', 'tomorrow', '--every', 'fortnight'],
    ['followup', 'add', '1', 'tomorrow', '--every', '1.5 weeks'],
    ['followup', 'add', '1', 'tomorrow', '--every', '-2 weeks'],
    ['followup', 'add', '1', 'tomorrow', '--every', ''],
    ['followup', 'add', '1', 'tomorrow', '--every', 'none'],
    ['followup', 'add', '1', 'tomorrow', '--every', '121 months'],
    ['followup', 'edit', '1', '--every', 'fortnight'],
    ['followup', 'edit', '999', '--every', '2 weeks'],
    // topics (#16)
    ['log', '1', 'x', '--topic', '---'],
    ['log', '1', 'x', '--topic', 'a,b,c,d,e,f,g,h,i,j,k'],
    ['log', '1', 'x', '--topic', 'x'.repeat(41)],
    ['log', '1', 'x', '--topic', 'pri\u0007cing'],
    ['activity', 'edit', '999', '--topic', 'pricing'],
    ['log', '1', 'x', '--topic', ',,'],
    ['log', '1', 'x', '--topic', ' , '],
    ['customer', 'list', '--nope'],
    ['customer', 'nope'],
    ['config', 'set', 'my-email', 'not-an-address'],
    ['config', 'set', 'my-email', ' , '],
    ['import', folder, '--my-email', 'nope'],
    ['import', folder, '--with-body'],
    // deals (#16, #24): d1 is Ana's deal, d2 Li Wei's
    ['deal', 'add', '1', 'Renewal', '--value', '-5'],
    ['deal', 'add', 'd1', 'Renewal'],
    ['deal', 'add', '1', 'Renewal', '--probability', '101'],
    ['deal', 'add', '1', 'Renewal', '--close-by', 'someday'],
    ['deal', 'add', '1', 'Renewal', '--stage', 'wn'],
    ['deal', 'add', '1', 'Renewal', '--stage', 'lost'],
    ['deal', 'add', '1'],
    ['deal', 'show', 'd99'],
    ['deal', 'show', '#1'],
    ['deal', 'stage', 'd1', 'lost'],
    ['deal', 'stage', 'd1', 'd99', 'won'],
    ['deal', 'stage', 'won', 'd1'],
    ['deal', 'edit', 'd1'],
    ['deal', 'edit', 'd1', '--probability', '-1'],
    ['deal', 'edit', 'd1', '--close-by', 'yesterdayish'],
    ['deal', 'remove', 'd1'],
    ['deal', 'list', '--open', '--won'],
    ['prospect', 'show', 'd1'],
    // missing arguments, unknown commands and options, option injection
    ['followup', 'add'],
    ['followup', 'add', '1'],
    ['log', '1'],
    ['prospect', 'stage', '1'],
    ['prospect', 'show'],
    ['add-prospect', 'Opt', '--evil'],
    ['add-prospect', '-rf'],
    ['add-prospect', 'X', '--stage'],
    ['add-prospect', 'X', '--email'],
    ['--db'],
    ['campain', 'list'],
    ['prospect', 'frobnicate'],
    ['add-prospect', 'Folder', '--db', folder],
    ['--db', folder, 'campaign', 'add', 'Folder'],
    ['--db', folder, 'undo'],
    ['--db', folder, 'prospect', 'list'],
    ['--db', join(file, 'inside.json'), 'add-prospect', 'Nested'],
    ['--db', folder, 'doctor', '--fix'],
    ['undo', 'extra'],
    ['history', '--limit', 'abc'],
    ['history', 'extra'],
    ['followups', 'someday'],
    ['followups', 'all', 'extra'],
    ['import', join(folder, 'missing.csv')],
    ['import', folder],
    ['import', join(folder, 'missing.csv'), '--date-order', 'ymd'],
    ['import', join(folder, 'missing.csv'), '--date-order'],
    ['export', 'nothing'],
    ['export', 'prospects', '--format', 'xml'],
    ['prospect', 'list', '--campaign', 'nope'],
    ['prospect', 'list', '--search'],
    ['prospect', 'list', '--stage', 'wn'],
    ['prospect', 'edit', '1', '--name', ''],
    ['campaign', 'adjust', 'spring-webinar', '--channel', 'tv'],
    ['campaign', 'add', 'Fair', '--channel', ''],
    ['prospect', 'remove', '1', '--redact-mentions', '--yes'],
    ['--no-color', 'add-prospect', 'Ana', '--email', 'ana@acme.io'],
    // correcting records: refusals write nothing
    ['prospect', 'stage', '1', '2', '999', 'won'],
    ['prospect', 'stage', '1', '2', 'wn'],
    ['prospect', 'list', '--stage', 'won,wn'],
    ['prospect', 'list', '--stage', ''],
    ['prospect', 'list', '--sort', 'price'],
    ['prospect', 'list', '--limit', '-1'],
    ['prospect', 'merge', '1', '1', '--yes'],
    ['prospect', 'merge', '1', '999', '--yes'],
    ['prospect', 'merge', '1', '2'],
    ['prospect', 'merge', '1'],
    ['campaign', 'rename', 'nope', 'Other'],
    ['campaign', 'rename', 'spring-webinar', 'none'],
    ['campaign', 'rename', 'spring-webinar', ''],
    ['campaign', 'remove', 'spring-webinar', '--yes'],
    ['campaign', 'remove', 'spring-webinar', '--move-to', 'nope', '--yes'],
    ['campaign', 'remove', 'spring-webinar', '--move-to', 'spring-webinar', '--yes'],
    ['campaign', 'remove', 'spring-webinar', '--detach', '--move-to', 'x'],
    ['campaign', 'remove', 'spring-webinar', '--detach'],
    ['campaign', 'list', '--channel', 'event,tv'],
    // several devices: sync and the merge driver
    ['sync', 'setup', '--remote'],
    ['sync', 'extra'],
    ['sync'],
    ['merge-file', file],
    ['merge-file', join(folder, 'missing.json'), file, file],
    ['merge-file', file, file, folder],
    ['add-prospect', 'ana souza'],
    ['add-prospect', 'Someone', '--campaign', 'nope'],
  );
  return list;
}

/** Commands that put the data file in the state the table expects (prospects #1 and #2, a campaign). */
export const SEED: string[][] = [
  ['campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200'],
  ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--campaign', 'spring-webinar', '--follow-up', 'tomorrow'],
  ['add-prospect', 'Li Wei', '--stage', 'contacted'],
];

/** A temp folder with the data file path, and a sub-folder to pass where a file is expected. */
export function badInputPlace(): { db: string; folder: string } {
  const dir = tempDir();
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  return { db: join(dir, 'meld.json'), folder };
}

export interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** What is wrong with how `args` failed (empty: it failed cleanly). */
export function problemsWith(args: string[], r: Outcome): string[] {
  const problems: string[] = [];
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  if (r.status !== 1 && r.status !== 2) problems.push(`exit ${r.status}`);
  if (!lines[0]!.startsWith('error: '))
    problems.push(`first line is not an error: ${JSON.stringify(lines[0]!.slice(0, 120))}`);
  if (lines.length > 2) problems.push(`${lines.length} lines on stderr`);
  if (lines[1] !== undefined && !/^ {2}(hint: |run `meld help`)/.test(lines[1]))
    problems.push(`second line: ${JSON.stringify(lines[1].slice(0, 120))}`);
  if (/\n\s+at /.test(r.stderr) || r.stderr.includes('unexpected problem'))
    problems.push('stack trace or internal error');
  // Only doctor prints its report (data) when it fails.
  if (r.stdout !== '' && !args.includes('doctor')) problems.push(`stdout: ${JSON.stringify(r.stdout.slice(0, 80))}`);
  return problems.map(
    (p) => `meld ${args.map((a) => JSON.stringify(a.length > 40 ? `${a.slice(0, 37)}...` : a)).join(' ')}: ${p}`,
  );
}
