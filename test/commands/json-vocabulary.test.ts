import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { emptyDb } from '../../src/domain/types.js';
import { commandDocs } from '../../scripts/docs/reference.js';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath, tempDir } from '../helpers/harness.js';

// docs/json.md is the one place the --json shapes are written down: this reads its tables and
// checks what every command prints against them, and that no command with --json is left out.

type Shape = 'CampaignRef' | 'ProspectRef' | 'Prospect' | 'Deal' | 'Campaign' | 'FollowUp' | 'Activity' | 'DueFollowUp';

function documentedShapes(): Record<Shape, string[]> {
  const text = readFileSync(new URL('../../docs/json.md', import.meta.url), 'utf8');
  const shapes: Record<string, string[]> = {};
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const heading = /^### (\w+)$/.exec(line);
    if (heading) current = heading[1]!;
    const field = /^\| `(\w+)` \|/.exec(line);
    if (field && current) (shapes[current] ??= []).push(field[1]!);
  }
  return shapes as Record<Shape, string[]>;
}

const SHAPES = documentedShapes();
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: Json): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems found in `value` read as `shape` (plus `extras`), as "path: what is wrong" lines. */
function check(value: Json, shape: Shape | null, path: string, problems: string[], extras: string[] = []): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) check(v, shape, `${path}[${i}]`, problems, extras);
    return;
  }
  if (!isObject(value)) {
    if (shape !== null) problems.push(`${path}: expected ${shape}, got ${JSON.stringify(value)}`);
    return;
  }
  if (shape !== null) {
    // Exactly the documented fields, plus the extras this command is documented to add.
    const keys = Object.keys(value)
      .filter((k) => !extras.includes(k))
      .sort();
    const wanted = [...SHAPES[shape]].sort();
    if (keys.join() !== wanted.join()) {
      problems.push(`${path}: ${shape} has ${keys.join(', ')}; docs/json.md says ${wanted.join(', ')}`);
    }
  }
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (key === 'prospectId' || key === 'campaignId')
      problems.push(`${at}: a bare id where a reference {id, name} belongs`);
    else if (key === 'campaign' || key === 'movedTo') refOrRecord(v, 'Campaign', at, problems);
    else if (key === 'prospect' || key === 'referredBy') refOrRecord(v, 'Prospect', at, problems);
    else if (key === 'removed')
      check(v, isObject(v) && typeof v.id === 'string' ? 'CampaignRef' : 'ProspectRef', at, problems);
    else if (typeof v === 'number')
      continue; // a count: `moved.followUps`, `counts.activities`
    else if (key === 'followUps' || key === 'closed' || key === 'next' || key === 'done') {
      if (v !== null) check(v, 'FollowUp', at, problems);
    } else if (key === 'activities' || key === 'activity') check(v, 'Activity', at, problems);
    else if (key === 'prospects' && Array.isArray(v)) check(v, 'Prospect', at, problems);
    else if (key === 'due' && Array.isArray(v)) check(v, 'DueFollowUp', at, problems, ['urgency']);
    else check(v, null, at, problems);
  }
}

/** A reference (exactly {id, name}) or, where a command's answer is that record, the full record. */
function refOrRecord(v: Json, kind: 'Campaign' | 'Prospect', at: string, problems: string[]): void {
  if (v === null) return;
  const full = isObject(v) && Object.keys(v).length > 2;
  check(v, full ? kind : (`${kind}Ref` as Shape), at, problems, full && kind === 'Campaign' ? ['prospects'] : []);
  if (isObject(v) && !full && typeof v.id !== (kind === 'Campaign' ? 'string' : 'number')) {
    problems.push(`${at}: a ${kind} reference's id must be a ${kind === 'Campaign' ? 'string' : 'number'}`);
  }
}

const CSV = join(tempDir(), 'people.csv');

// Several devices: a bare git remote to sync with, and three versions for the merge driver.
const REMOTE = join(tempDir(), 'remote.git');
spawnSync('git', ['init', '-q', '--bare', REMOTE]);
const VERSIONS = ['base', 'ours', 'theirs'].map((n) => join(tempDir(), `${n}.json`));
for (const file of VERSIONS) writeFileSync(file, JSON.stringify(emptyDb()));

/** Each command with --json, run once in this order on one data file, with the shape it answers. */
const RUNS: Array<{ args: string[]; shape: Shape | null; extras?: string[] }> = [
  { args: ['campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200'], shape: 'Campaign' },
  { args: ['campaign', 'add', 'Cold Email', '--channel', 'email'], shape: 'Campaign' },
  { args: ['add-prospect', 'Ana Souza', '--email', 'ana@acme.io', '--campaign', 'spring-webinar'], shape: 'Prospect' },
  { args: ['prospect', 'add', 'Ben Ito', '--campaign', 'cold-email', '--follow-up', 'tomorrow'], shape: 'Prospect' },
  { args: ['prospect', 'add', 'Ana S.', '--email', 'a.s@gmail.com', '--allow-duplicate'], shape: 'Prospect' },
  { args: ['log', '1', 'called', '--type', 'call', '--next', 'fri'], shape: null },
  { args: ['followup', 'add', '2', '2026-11-25'], shape: 'FollowUp' },
  { args: ['followup', 'snooze', 'f3', '2026-12-10'], shape: 'FollowUp' },
  { args: ['followup', 'edit', 'f3', '--note', 'send the deck'], shape: 'FollowUp' },
  { args: ['followup', 'done', 'f2', '--next', '2026-12-15'], shape: null },
  { args: ['followup', 'cancel', 'f4', '--reason', 'moved'], shape: 'FollowUp' },
  { args: ['activity', 'edit', 'a1', '--text', 'called, left a message'], shape: 'Activity' },
  { args: ['log', '2', 'sent the deck'], shape: null },
  { args: ['activity', 'remove', 'a2', '--yes'], shape: 'Activity' },
  { args: ['followups', 'all'], shape: 'DueFollowUp' },
  { args: ['today'], shape: null },
  { args: ['customer', 'list'], shape: null },
  { args: ['prospect', 'list'], shape: 'Prospect', extras: ['nextFollowUp'] },
  {
    args: ['prospect', 'show', '1'],
    shape: 'Prospect',
    extras: ['deals', 'lifetimeValue', 'customerSince', 'activities', 'followUps', 'touchedBy', 'referrals'],
  },
  { args: ['prospect', 'edit', '1', '--company', 'Acme'], shape: 'Prospect' },
  { args: ['prospect', 'stage', '1', '2', 'contacted'], shape: 'Prospect' },
  { args: ['deal', 'add', '1', 'Renewal', '--value', '2000', '--close-by', '2026-12-20'], shape: 'Deal' },
  { args: ['deal', 'edit', 'd4', '--close-by', '2027-01-08', '--probability', '40'], shape: 'Deal' },
  { args: ['deal', 'stage', 'd4', 'proposal'], shape: 'Deal' },
  { args: ['deal', 'show', 'd4'], shape: 'Deal' },
  { args: ['deal', 'list'], shape: 'Deal' },
  { args: ['deal', 'remove', 'd4', '--yes'], shape: 'Deal' },
  { args: ['prospect', 'merge', '1', '3', '--yes'], shape: null },
  { args: ['campaign', 'list'], shape: 'Campaign', extras: ['prospects'] },
  { args: ['campaign', 'show', 'spring-webinar'], shape: null },
  { args: ['campaign', 'adjust', 'spring-webinar', '--goal', '40'], shape: null },
  { args: ['campaign', 'spend', 'spring-webinar', '250', '--note', 'booth'], shape: 'Campaign' },
  { args: ['campaign', 'report'], shape: null },
  { args: ['forecast'], shape: null },
  { args: ['forecast', '--rates'], shape: null },
  { args: ['forecast', '--accuracy'], shape: null },
  { args: ['campaign', 'rename', 'cold-email', 'Cold Email Q1'], shape: 'Campaign' },
  { args: ['campaign', 'remove', 'cold-email', '--move-to', 'spring-webinar', '--yes'], shape: null },
  { args: ['import', CSV, '--campaign', 'spring-webinar'], shape: null },
  { args: ['history'], shape: null },
  { args: ['undo'], shape: null },
  { args: ['config', 'get'], shape: null },
  { args: ['config', 'set', 'stale-days', '10'], shape: null },
  { args: ['doctor'], shape: null },
  { args: ['sync', 'setup', '--remote', REMOTE], shape: null },
  { args: ['sync'], shape: null },
  { args: ['merge-file', ...VERSIONS], shape: null },
];

describe('one JSON vocabulary', () => {
  it('docs/json.md documents every shape the test checks', () => {
    for (const shape of [
      'CampaignRef',
      'ProspectRef',
      'Prospect',
      'Deal',
      'Campaign',
      'FollowUp',
      'Activity',
      'DueFollowUp',
    ]) {
      expect(SHAPES[shape as Shape], shape).toBeDefined();
    }
    expect(SHAPES.CampaignRef).toEqual(['id', 'name']);
    expect(SHAPES.ProspectRef).toEqual(['id', 'name']);
  });

  it('every command with --json is checked here', async () => {
    const withJson = (await commandDocs())
      .filter((d) => d.options.some((o) => o.term.includes('--json')))
      .map((d) => d.path.join(' '));
    const covered = (path: string) => RUNS.some((r) => path.split(' ').every((word, i) => r.args[i] === word));
    expect(withJson.filter((path) => !covered(path))).toEqual([]);
  });

  it('prints references as {id, name} and records as docs/json.md says, in every command', async () => {
    const db = tempDbPath();
    await seed(db, []);
    writeFileSync(CSV, 'Name,Email,Company\nCy Diaz,cy@diaz.io,Diaz\n');
    const problems: string[] = [];
    for (const run of RUNS) {
      const r = await runMeld([...run.args, '--json'], { db });
      expect(r.exitCode, `meld ${run.args.join(' ')}: ${r.stderr}`).toBe(0);
      check(JSON.parse(r.stdout) as Json, run.shape, `meld ${run.args.join(' ')}`, problems, run.extras);
    }
    expect(problems).toEqual([]);
  });
});
