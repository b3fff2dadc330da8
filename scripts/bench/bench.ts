// The benchmark of issue #19 (`npm run bench`; see scripts/bench.mjs and docs/benchmarks.md).
//
// Generates data files with meld's own seeded generator (src/domain/sample.ts), then times whole
// processes — the built bin/meld.js and, side by side in the same rounds, the floors: `node -e 0`,
// a plain read (readFile + JSON.parse + filter the follow-ups due today + print 50 lines), a plain
// write (that, plus JSON.stringify and an fsynced atomic rewrite) and, with --peers, taskwarrior
// on the same number of tasks. Rounds interleave every command so a busy machine slows floors and
// meld alike; each figure is the median after warm-up runs; every goal is judged as a ratio.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { DEMO_SIZE, generateSample, type SampleSize } from '../../src/domain/sample.js';
import { toDay } from '../../src/domain/dates.js';
import type { Db } from '../../src/domain/types.js';
import { serializeDb } from '../../src/store/serialize.js';

/** The checkout: scripts/bench.mjs sits in its scripts/ folder. */
const ROOT = resolve(process.argv[1] ? join(process.argv[1], '..', '..') : '.');
let BIN = join(ROOT, 'bin', 'meld.js');
/** Data files, floors and results; MELD_BENCH_DIR moves them (the smoke test uses a temp folder). */
const WORK = process.env.MELD_BENCH_DIR ? resolve(process.env.MELD_BENCH_DIR) : join(ROOT, '.bench');

type CaseKey =
  | 'node'
  | 'read'
  | 'write'
  | 'version'
  | 'help'
  | 'agenda'
  | 'followups'
  | 'search'
  | 'show'
  | 'report'
  | 'add'
  | 'done'
  | 'log'
  | 'import'
  | 'taskDue'
  | 'taskSummary'
  | 'agendaCold' // #19: a read of a file just changed (nothing kept for it yet)
  | 'followupsCold'
  | 'merge' // #18: meld merge-file
  | 'forecast' // #24: meld forecast, judged as a read
  | 'html'; // #25: meld campaign report --html, judged by its size and time

interface Dataset {
  key: string;
  label: string;
  size: SampleSize;
  /** Generator seed: 42 is what `meld demo` writes. */
  seed: number;
  cases: CaseKey[];
  /** Peak RSS is measured for these (a run each, after the timed rounds). */
  rss: boolean;
}

const READS: CaseKey[] = ['agenda', 'followups', 'search', 'show', 'report'];
/**
 * The first read after a change: no answer kept for the new bytes yet (src/store/answers.ts), so
 * it loads and computes. Not a goal of #19's (they are about a file read again), shown beside.
 */
const COLD_READS: CaseKey[] = ['agendaCold', 'followupsCold'];
/** Reads judged by #19's read budget on the heavy file (peak RSS ≤ 3× the file) beside READS. */
const OTHER_READS: CaseKey[] = ['forecast'];
/** #25: a report for 50 campaigns and a year of data is under 1 MB, written in under a second. */
const HTML_LIMITS = { bytes: 1_000_000, ms: 1_000 };
const WRITES: CaseKey[] = ['add', 'done', 'log', 'import'];
/** Every command that works on a data file, and the peers beside them (the heavy file's full run). */
const ON_A_FILE: CaseKey[] = [...READS, ...COLD_READS, ...OTHER_READS, ...WRITES, 'merge', 'taskDue', 'taskSummary'];

const DATASETS: Dataset[] = [
  {
    key: 'demo',
    label: 'demo',
    size: DEMO_SIZE,
    seed: 42,
    cases: ['node', 'version', 'help', 'agenda', 'followups', 'show'],
    rss: false,
  },
  {
    key: 'typical',
    label: 'typical',
    size: { campaigns: 200, prospects: 2_000, followUps: 6_000, activities: 10_000, noteLength: 100 },
    seed: 7,
    cases: ['node', 'read', 'write', 'version', 'help', ...READS, ...COLD_READS, ...WRITES, 'merge'],
    rss: false,
  },
  {
    key: 'heavy',
    label: 'heavy (10×)',
    size: { campaigns: 2_000, prospects: 20_000, followUps: 60_000, activities: 100_000, noteLength: 100 },
    seed: 7,
    cases: ['node', 'read', 'write', ...ON_A_FILE],
    rss: true,
  },
  {
    // #25's shareable report: 50 campaigns started over a year, typical-sized otherwise.
    key: 'share',
    label: '50 campaigns, a year',
    size: {
      campaigns: 50,
      prospects: 2_000,
      followUps: 6_000,
      activities: 10_000,
      noteLength: 100,
      spanDays: 365,
    },
    seed: 7,
    cases: ['node', 'read', 'html'],
    rss: false,
  },
  {
    key: 'heavy5',
    label: 'heavy ×5',
    size: { campaigns: 10_000, prospects: 100_000, followUps: 300_000, activities: 500_000, noteLength: 100 },
    seed: 7,
    cases: ['node', 'read', 'write', 'followups', 'search', 'report', 'add', 'done', 'import'],
    rss: false,
  },
];
const SMOKE: Dataset[] = [
  {
    key: 'smoke',
    label: 'smoke',
    size: { campaigns: 5, prospects: 60, followUps: 80, activities: 120, noteLength: 100 },
    seed: 7,
    cases: ['node', 'read', 'write', 'version', 'help', ...ON_A_FILE, 'html'],
    rss: false,
  },
];
let IMPORT_ROWS = 20_000;

interface Case {
  key: CaseKey;
  label: string;
  /** Changes the data file: runs on a fresh copy of the pristine file (targetOf). */
  writes: boolean;
  /**
   * A read of a file just changed: runs on a fresh copy of the pristine file (targetOf), with the
   * derived index but no kept answers.
   */
  cold?: boolean;
  /** Runs taskwarrior (only with --peers, and only when `task` is installed). */
  peer?: boolean;
  /** For meld cases: the command path that must exist (skipped with a note otherwise). */
  command?: string[];
  program?: string;
  args(file: PreparedFile): string[];
}

interface PreparedFile {
  dataset: Dataset;
  dir: string;
  path: string;
  pristine: string;
  bytes: number;
  csv: string;
  openFollowUpId: number;
  showId: number;
  search: string;
  /** taskwarrior's data folder holding the same follow-ups as tasks (--peers). */
  taskData: string | null;
}

const floorFile = (name: string) => join(WORK, name);

const CASES: Case[] = [
  { key: 'node', label: '`node -e 0`', writes: false, args: () => ['-e', '0'] },
  {
    key: 'read',
    label: 'read floor: parse, filter due, print 50',
    writes: false,
    args: (f) => [floorFile('floor-read.cjs'), f.path],
  },
  {
    key: 'write',
    label: 'write floor: read + parse + stringify + fsynced rename',
    writes: true,
    args: (f) => [floorFile('floor-write.cjs'), f.path],
  },
  { key: 'version', label: 'meld --version', writes: false, args: () => [BIN, '--version'] },
  { key: 'help', label: 'meld --help', writes: false, args: () => [BIN, '--help'] },
  { key: 'agenda', label: 'meld (agenda)', writes: false, command: ['today'], args: () => [BIN] },
  {
    key: 'followups',
    label: 'meld followups today',
    writes: false,
    command: ['followups'],
    args: () => [BIN, 'followups', 'today'],
  },
  {
    key: 'search',
    label: 'meld prospect list --search',
    writes: false,
    command: ['prospect', 'list'],
    args: (f) => [BIN, 'prospect', 'list', '--search', f.search],
  },
  {
    key: 'show',
    label: 'meld prospect show',
    writes: false,
    command: ['prospect', 'show'],
    args: (f) => [BIN, 'prospect', 'show', String(f.showId)],
  },
  {
    key: 'agendaCold',
    label: 'meld (agenda), first read after a change',
    writes: false,
    cold: true,
    command: ['today'],
    args: () => [BIN],
  },
  {
    key: 'followupsCold',
    label: 'meld followups today, first read after a change',
    writes: false,
    cold: true,
    command: ['followups'],
    args: () => [BIN, 'followups', 'today'],
  },
  {
    key: 'report',
    label: 'meld campaign report --brief',
    writes: false,
    command: ['campaign', 'report'],
    args: () => [BIN, 'campaign', 'report', '--brief'],
  },
  {
    key: 'add',
    label: 'meld add-prospect',
    writes: true,
    command: ['add-prospect'],
    args: () => [
      BIN,
      'add-prospect',
      'Bénédicte Bench',
      '--email',
      'bench@bench.example',
      '--company',
      'Bench Co',
      '--follow-up',
      'fri',
    ],
  },
  {
    key: 'done',
    label: 'meld followup done',
    writes: true,
    command: ['followup', 'done'],
    args: (f) => [BIN, 'followup', 'done', String(f.openFollowUpId), '--note', 'benchmarked'],
  },
  {
    key: 'log',
    label: 'meld log',
    writes: true,
    command: ['log'],
    args: (f) => [BIN, 'log', String(f.showId), 'called, sending a proposal', '--type', 'call'],
  },
  {
    key: 'import',
    label: 'meld import (20,000 CSV rows)',
    writes: true,
    command: ['import'],
    args: (f) => [BIN, 'import', f.csv],
  },
  {
    key: 'taskDue',
    label: 'taskwarrior: task due.before:tomorrow list',
    writes: false,
    peer: true,
    program: 'task',
    args: () => ['due.before:tomorrow', 'list'],
  },
  {
    key: 'taskSummary',
    label: 'taskwarrior: task summary',
    writes: false,
    peer: true,
    program: 'task',
    args: () => ['summary'],
  },
  {
    key: 'forecast',
    label: 'meld forecast',
    writes: false,
    command: ['forecast'],
    args: () => [BIN, 'forecast'],
  },
  {
    key: 'html',
    label: 'meld campaign report --html',
    writes: false,
    command: ['campaign', 'report'],
    args: (f) => [BIN, 'campaign', 'report', '--html', '--out', htmlOut(f)],
  },
  // --- #18 several devices: git's merge driver on two diverged copies of the file (see mergeVersions below)
  {
    key: 'merge',
    label: 'meld merge-file (both sides edited)',
    writes: true,
    command: ['merge-file'],
    args: (f) => [BIN, 'merge-file', mergeVersions(f).base, f.path, mergeVersions(f).theirs],
  },
];
const caseOf = (key: CaseKey) => CASES.find((c) => c.key === key)!;

/** Where the html case writes its report: beside the data files, outside the data folder. */
const htmlOut = (f: PreparedFile) => join(WORK, `${f.dataset.key}-report.html`);

/**
 * Ratios measured with this benchmark on meld 1.1 (main at a41af13, before this round's work),
 * on this project's machine: "nothing gets slower" is judged against them (plus 10% for noise).
 */
const BEFORE = { versionNode: 1.17, helpNode: 1.41, importWrite: 1.74 };

interface Options {
  runs: number;
  warmup: number;
  datasets: Dataset[];
  rss: boolean;
  peers: boolean;
  json: string | null;
  /** --cases: only these (with the floors they are judged against); all when null. */
  cases: CaseKey[] | null;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    runs: 10,
    warmup: 1,
    datasets: DATASETS,
    rss: true,
    peers: false,
    json: join(WORK, 'results.json'),
    cases: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') {
      opts.runs = 3;
      opts.warmup = 1;
    } else if (a === '--smoke') {
      opts.runs = 1;
      opts.warmup = 0;
      opts.datasets = SMOKE;
      opts.rss = false;
      opts.json = null;
      IMPORT_ROWS = 200;
    } else if (a === '--runs') opts.runs = Math.max(1, Number(argv[++i]));
    else if (a === '--only') {
      const keys = String(argv[++i]).split(',');
      opts.datasets = DATASETS.filter((d) => keys.includes(d.key));
    } else if (a === '--cases') opts.cases = String(argv[++i]).split(',') as CaseKey[];
    else if (a === '--no-rss') opts.rss = false;
    else if (a === '--peers') opts.peers = true;
    else
      throw new Error(
        `unknown option ${a} (use --quick, --smoke, --runs N, --only demo,typical,heavy,heavy5,share, --cases forecast,html, --no-rss, --peers)`,
      );
  }
  return opts;
}

// --- floors: plain Node, no meld code --------------------------------------------------------

const READ_FLOOR = `'use strict';
const fs = require('node:fs');
const path = process.argv[2];
const db = JSON.parse(fs.readFileSync(path, 'utf8'));
const d = new Date();
const today = d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
const byId = new Map();
for (const p of db.prospects) byId.set(p.id, p);
const due = db.followUps.filter((f) => f.status === 'open' && f.due <= today).sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.id - b.id));
let out = '';
for (const f of due.slice(0, 50)) out += f.id + '  ' + f.due + '  ' + (byId.get(f.prospectId)?.name ?? '?') + '  ' + (f.note ?? '') + '\\n';
process.stdout.write(out);
module.exports = { db, path };
`;

const WRITE_FLOOR = `'use strict';
const fs = require('node:fs');
const { dirname } = require('node:path');
const { db, path } = require('./floor-read.cjs');
const text = JSON.stringify(db, null, 2) + '\\n';
const tmp = path + '.' + process.pid + '.tmp';
const fd = fs.openSync(tmp, 'wx', 0o600);
fs.writeFileSync(fd, text);
fs.fsyncSync(fd);
fs.closeSync(fd);
fs.renameSync(tmp, path);
const dir = fs.openSync(dirname(path), 'r');
fs.fsyncSync(dir);
fs.closeSync(dir);
`;

// --- data ------------------------------------------------------------------------------------

const FIRST = ['Ana', 'João', 'Zoë', 'Søren', 'Łukasz', 'Chloé', 'Priya', 'Tom', 'Ольга', '李'];
const LAST = ['Souza', 'Müller', 'García', 'Nilsson', 'Dubois', 'Patel', 'Baker', 'Иванова', '娜', 'Kim'];

function importCsv(rows: number): string {
  let csv = 'name,email,company,phone,title\n';
  for (let i = 1; i <= rows; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    csv += `${first} ${last},imported.${i}@import.example,"Import Co ${i % 300}, Ltd",+1 555 ${String(10000 + i).slice(-4)},Founder\n`;
  }
  return csv;
}

/** taskwarrior 2.6's own file format (FF4): one `[name:"value" …]` line per task. */
function ff4(fields: Record<string, string | null | undefined>): string {
  const parts = Object.entries(fields)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}:${JSON.stringify(v.replace(/[[\]"]/g, ' '))}`);
  return `[${parts.join(' ')}]\n`;
}

const epoch = (isoOrDay: string) =>
  String(Math.floor(new Date(isoOrDay.length === 10 ? `${isoOrDay}T12:00:00Z` : isoOrDay).getTime() / 1000));

/**
 * The same work for taskwarrior: every follow-up becomes a task (open ones pending with their due
 * day, done ones completed, cancelled ones deleted), its project the prospect's campaign, so
 * `task due.before:tomorrow list` lists what `meld followups today` does and `task summary`
 * summarises as many projects as meld's report has campaigns.
 */
function writeTaskData(db: Db, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const campaignOf = new Map<number, string | null>();
  const nameOf = new Map<number, string>();
  for (const p of db.prospects) {
    campaignOf.set(p.id, (p as { campaign?: string | null }).campaign ?? null);
    nameOf.set(p.id, p.name);
  }
  let pending = '';
  let completed = '';
  for (const f of db.followUps) {
    const status = f.status === 'open' ? 'pending' : f.status === 'done' ? 'completed' : 'deleted';
    const line = ff4({
      description: f.note ?? `follow up ${nameOf.get(f.prospectId) ?? ''}`,
      due: epoch(f.due),
      end: status === 'pending' ? null : epoch(f.doneAt ?? f.createdAt),
      entry: epoch(f.createdAt),
      modified: epoch(f.createdAt),
      project: campaignOf.get(f.prospectId) ?? null,
      status,
      uuid: randomUUID(),
    });
    if (status === 'pending') pending += line;
    else completed += line;
  }
  writeFileSync(join(dir, 'pending.data'), pending);
  writeFileSync(join(dir, 'completed.data'), completed);
  writeFileSync(join(dir, 'undo.data'), '');
  writeFileSync(join(dir, 'backlog.data'), '');
  writeFileSync(join(dir, 'taskrc'), `data.location=${dir}\nconfirmation=no\nnews.version=2.6.0\n`);
}

function prepare(dataset: Dataset, now: Date, peers: boolean, log: (s: string) => void): PreparedFile {
  const dir = join(WORK, dataset.key);
  const pristine = join(WORK, `${dataset.key}.pristine.json`);
  const metaPath = join(WORK, `${dataset.key}.meta.json`);
  const csv = join(WORK, `import-${IMPORT_ROWS}.csv`);
  const taskDir = join(WORK, `${dataset.key}.task`);
  const today = toDay(now);
  const wanted = JSON.stringify({ size: dataset.size, seed: dataset.seed, today, generator: 2 });
  type Meta = { openFollowUpId: number; showId: number; search: string; tasks: boolean };
  let meta: Meta | null = null;
  if (existsSync(pristine) && existsSync(metaPath)) {
    const saved = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta & { key: string };
    if (saved.key === wanted) meta = saved;
  }
  const usePeers = peers && dataset.cases.some((k) => caseOf(k).peer);
  if (!meta || (usePeers && !(meta.tasks && existsSync(join(taskDir, 'pending.data'))))) {
    log(`generating ${dataset.label} data (${dataset.size.prospects.toLocaleString('en-US')} prospects)…`);
    const db: Db = generateSample(dataset.size, now, dataset.seed);
    const open = db.followUps.find((f) => f.status === 'open');
    if (!open) throw new Error('the generated data has no open follow-up');
    // A part of a name that matches a few dozen prospects per 2,000: a realistic search.
    meta = { openFollowUpId: open.id, showId: db.prospects[2]!.id, search: 'müller', tasks: usePeers };
    writeFileSync(pristine, serializeDb(db));
    if (usePeers) writeTaskData(db, taskDir);
    writeFileSync(metaPath, JSON.stringify({ key: wanted, ...meta }));
  }
  if (!existsSync(csv)) writeFileSync(csv, importCsv(IMPORT_ROWS));
  const file: PreparedFile = {
    dataset,
    dir,
    path: join(dir, 'meld.json'),
    pristine,
    bytes: statSync(pristine).size,
    csv,
    openFollowUpId: meta.openFollowUpId,
    showId: meta.showId,
    search: meta.search,
    taskData: usePeers ? taskDir : null,
  };
  warmDerived(file);
  prepareMerge(file); // #18: the versions the merge-file case merges
  return file;
}

// --- #18 several devices: the versions `meld merge-file` merges -------------------------------
// Ours is the data file as generated (every prospect of the dataset: 20,000 in heavy). The
// common version lacks its last 2% of prospects (ours added them) and has 5% of the others
// under an older company; theirs is that common version plus as many new people under the same
// ids (renumbered by the merge, with a follow-up each), other edits on 5%, and the same field
// changed later on 0.5% (conflicts, noted on each person).
function mergeVersions(f: PreparedFile): { base: string; theirs: string } {
  return {
    base: join(WORK, `${f.dataset.key}.merge-base.json`),
    theirs: join(WORK, `${f.dataset.key}.merge-theirs.json`),
  };
}

function prepareMerge(f: PreparedFile): void {
  const { base, theirs } = mergeVersions(f);
  if (existsSync(base) && existsSync(theirs) && statSync(base).mtimeMs >= statSync(f.pristine).mtimeMs) return;
  const ours = JSON.parse(readFileSync(f.pristine, 'utf8')) as Db;
  const common = structuredClone(ours);
  const added = Math.max(1, Math.floor(ours.prospects.length * 0.02));
  const addedIds = new Set(common.prospects.slice(-added).map((p) => p.id));
  common.prospects = common.prospects.slice(0, -added);
  common.followUps = common.followUps.filter((x) => !addedIds.has(x.prospectId));
  common.activities = common.activities.filter((x) => !addedIds.has(x.prospectId));
  for (const p of common.prospects) if (p.referredBy !== null && addedIds.has(p.referredBy)) p.referredBy = null;
  common.prospects.forEach((p, i) => {
    if (i % 20 === 0) p.company = `${p.company ?? ''} (old)`;
  });
  const other = structuredClone(common);
  const at = '2026-12-02T09:00:00.000Z';
  const stamp = (r: object) => {
    if ('updatedAt' in r) (r as { updatedAt: string }).updatedAt = at;
  };
  other.prospects.forEach((p, i) => {
    if (i % 20 === 7) {
      p.title = 'Head of Sales';
      stamp(p);
    }
    if (i % 200 === 0) {
      p.company = 'Changed on the laptop';
      stamp(p);
    }
  });
  let next = common.prospects.reduce((m, p) => Math.max(m, p.id), 0);
  for (let n = 0; n < added; n++) {
    next += 1;
    const model = structuredClone(common.prospects[n]!);
    const createdAt = `2026-12-02T08:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.${String(n % 1000).padStart(3, '0')}Z`;
    Object.assign(model, { id: next, name: `Laptop Person ${n}`, email: null, createdAt, referredBy: null });
    if ('history' in model) (model as { history: unknown[] }).history = [{ stage: 'new', at: createdAt }];
    stamp(model);
    other.prospects.push(model);
    other.lastIds.followUp += 1;
    const fu = structuredClone(other.followUps[0]!);
    Object.assign(fu, {
      id: other.lastIds.followUp,
      prospectId: next,
      createdAt,
      status: 'open',
      doneAt: null,
      outcome: null,
    });
    stamp(fu);
    other.followUps.push(fu);
  }
  other.lastIds.prospect = next;
  writeFileSync(base, serializeDb(common));
  writeFileSync(theirs, serializeDb(other));
}

/**
 * The data file exactly as generated, with no lock, backups or journal beside it; with whatever
 * meld derived from it on a first read (see warmDerived), as it is on a machine where meld has
 * already run: a write leaves its derived files matching the file it wrote.
 */
function restore(file: PreparedFile): void {
  rmSync(file.dir, { recursive: true, force: true });
  mkdirSync(file.dir, { recursive: true });
  copyFileSync(file.pristine, file.path);
  if (existsSync(derivedCopy(file))) cpSync(derivedCopy(file), `${file.path}.d`, { recursive: true });
}

const derivedCopy = (file: PreparedFile) => join(WORK, `${file.dataset.key}.derived`);

/**
 * Runs each read once on the pristine file and keeps what meld derived beside it (its index, the
 * answers it kept) for restore(): the reads are timed as on a machine where they have run before.
 */
function warmDerived(file: PreparedFile): void {
  rmSync(derivedCopy(file), { recursive: true, force: true });
  restore(file);
  for (const c of CASES.filter((x) => [...READS, ...OTHER_READS].includes(x.key) && file.dataset.cases.includes(x.key)))
    spawnSync(process.execPath, c.args(file), { env: childEnv(file), stdio: 'ignore', cwd: file.dir });
  if (existsSync(`${file.path}.d`)) cpSync(`${file.path}.d`, derivedCopy(file), { recursive: true });
  restore(file);
}

/**
 * The data file a run of `c` works on: for a read, the shared one (never changed during the
 * rounds, so reads are timed on a file read before, as the goals say); for a write or a cold
 * read, a fresh copy in a folder of its own, made before every run, with what meld derived from
 * the pristine file (a cold read: without the answers it kept).
 */
function targetOf(c: Case, file: PreparedFile): PreparedFile {
  if (!c.writes && !c.cold) return file;
  const dir = `${file.dir}-${c.cold ? 'cold' : 'write'}`;
  const target: PreparedFile = { ...file, dir, path: join(dir, basename(file.path)) };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(file.pristine, target.path);
  if (existsSync(derivedCopy(file)))
    cpSync(derivedCopy(file), `${target.path}.d`, {
      recursive: true,
      filter: (from) => !(c.cold && basename(from).startsWith('answer-')),
    });
  if (c.writes && c.command) lookFirst(target);
  return target;
}

/**
 * A change as the everyday order makes it: on a file that has not changed for a moment, after a
 * read has looked at it (`meld`, then `meld followup done 3`). The read verifies the file once
 * and keeps its stamp, which the change then goes by (src/store/settled.ts) instead of hashing
 * the file twice. Not timed.
 */
function lookFirst(file: PreparedFile): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150); // past the 100 ms "racy" age
  spawnSync(process.execPath, [BIN, 'followups', 'today'], { env: childEnv(file), stdio: 'ignore', cwd: file.dir });
}

// --- running ---------------------------------------------------------------------------------

function childEnv(file: PreparedFile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MELD_DB: file.path, NO_COLOR: '1' };
  delete env.NODE_ENV;
  delete env.FORCE_COLOR;
  if (file.taskData) {
    env.TASKRC = join(file.taskData, 'taskrc');
    env.TASKDATA = file.taskData;
  }
  return env;
}

function command(c: Case, file: PreparedFile): [string, string[]] {
  return c.program ? [c.program, c.args(file)] : [process.execPath, c.args(file)];
}

/** Runs once; after a write the data file is restored, and a read run once first warms what it derives. */
/**
 * Wall time, and CPU time (user + system, from GNU time where it is installed): on a shared
 * machine the wall time of every process swells with the load, its CPU time much less.
 */
function timeOnce(c: Case, shared: PreparedFile): { ms: number; cpu: number | null } {
  const file = targetOf(c, shared);
  const opts: SpawnSyncOptions = { env: childEnv(file), stdio: 'ignore', cwd: file.dir, timeout: 600_000 };
  const [program, args] = command(c, file);
  const timed = existsSync('/usr/bin/time');
  const out = join(WORK, 'cpu.txt');
  const start = process.hrtime.bigint();
  const result = timed
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', out, program, ...args], opts)
    : spawnSync(program, args, opts);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let cpu: number | null = null;
  if (timed) {
    const [user, sys] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    cpu = Number.isFinite(user) && Number.isFinite(sys) ? (user! + sys!) * 1000 : null;
  }
  if (result.status !== 0 && !(c.peer && result.status === 1)) {
    const again = spawnSync(program, args, { ...opts, stdio: 'pipe', encoding: 'utf8' });
    throw new Error(
      `${c.label} failed (exit ${result.status ?? result.signal}): ${String(again.stderr).trim().split('\n')[0]}`,
    );
  }
  return { ms, cpu };
}

/** Peak resident memory of one run, in bytes, from GNU time; null where it is not installed. */
function peakRss(c: Case, shared: PreparedFile): number | null {
  if (!existsSync('/usr/bin/time')) return null;
  const file = targetOf(c, shared);
  const out = join(WORK, 'rss.txt');
  const [program, args] = command(c, file);
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, program, ...args], {
    env: childEnv(file),
    stdio: 'ignore',
    cwd: file.dir,
    timeout: 600_000,
  });
  if (result.status !== 0) return null;
  const kb = Number(readFileSync(out, 'utf8').trim().split('\n').pop());
  return Number.isFinite(kb) ? kb * 1024 : null;
}

/** Whether `meld <path>` exists yet (other commands may still be in the making). */
function commandExists(path: string[], file: PreparedFile): boolean {
  const parent = path.slice(0, -1);
  const result = spawnSync(process.execPath, [BIN, ...parent, '--help'], { env: childEnv(file), encoding: 'utf8' });
  if (result.status !== 0) return false;
  const names = new Set<string>();
  for (const line of result.stdout.split('\n')) {
    const m = /^ {2}([a-z][\w-]*)(\|[\w-]+)?\b/.exec(line);
    if (m) names.add(m[1]!);
  }
  return names.has(path[path.length - 1]!);
}

function taskwarriorInstalled(): boolean {
  return spawnSync('task', ['--version'], { stdio: 'ignore' }).status === 0;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Result {
  ms: Partial<Record<CaseKey, number>>;
  /** Median CPU time (user + system), where GNU time is installed. */
  cpu: Partial<Record<CaseKey, number>>;
  rss: Partial<Record<CaseKey, number | null>>;
  skipped: Partial<Record<CaseKey, string>>;
  /** The size of what the html case wrote, in bytes. */
  htmlBytes?: number;
}

// --- report ----------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const ratio = (x: number) => `${x.toFixed(2)}×`;

/** What a command's time is compared with in the table. */
function floorOf(key: CaseKey): 'node' | 'write' | null {
  if (
    key === 'version' ||
    key === 'help' ||
    READS.includes(key) ||
    COLD_READS.includes(key) ||
    OTHER_READS.includes(key) ||
    key === 'html'
  )
    return 'node';
  if (WRITES.includes(key) || key === 'merge') return 'write';
  return null;
}

function table(files: PreparedFile[], results: Result[], opts: Options, what: 'ms' | 'cpu' = 'ms'): string {
  const head = [what === 'ms' ? 'wall time' : 'CPU time', ...files.map((f) => `${f.dataset.label}, ${mb(f.bytes)}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  // The cases this run measured (or skipped with a reason): --cases leaves the others out.
  const keys = CASES.filter((c) => results.some((r) => r.ms[c.key] !== undefined || r.skipped[c.key] !== undefined));
  for (const c of keys) {
    const cells = results.map((r) => {
      const skipped = r.skipped[c.key];
      if (skipped) return 'skipped';
      const ms = r[what][c.key];
      if (ms === undefined) return '—';
      const floor = floorOf(c.key);
      const base = floor ? r[what][floor] : undefined;
      return base ? `${fmtMs(ms)} · **${ratio(ms / base)}** ${floor}` : fmtMs(ms);
    });
    lines.push(`| ${c.label.replace(/ \(\d[\d,]* CSV rows\)/, '')} | ${cells.join(' | ')} |`);
  }
  if (opts.rss && what === 'ms') {
    for (const c of keys.filter((x) => x.key !== 'node' && x.key !== 'version' && x.key !== 'help')) {
      const cells = results.map((r, i) => {
        const rss = r.rss[c.key];
        const base = r.rss.node;
        if (rss === undefined || rss === null || !base) return '—';
        return `${mb(rss)} · ${((rss - base) / files[i]!.bytes).toFixed(1)}× file`;
      });
      if (cells.every((cell) => cell === '—')) continue;
      lines.push(`| peak RSS, ${c.label.replace(/^meld /, '')} | ${cells.join(' | ')} |`);
    }
    const node = results.map((r) => (r.rss.node ? mb(r.rss.node) : '—'));
    if (node.some((cell) => cell !== '—')) lines.push(`| peak RSS, \`node -e 0\` | ${node.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Every goal of issue #19 that this run measured, as met or missed with its ratio. */
export function verdicts(files: PreparedFile[], results: Result[]): string[] {
  const out: string[] = [];
  const line = (ok: boolean, text: string) => out.push(`- ${ok ? 'met' : '**missed**'}: ${text}`);
  const at = (key: string) => {
    const i = files.findIndex((f) => f.dataset.key === key);
    return i < 0 ? null : { file: files[i]!, r: results[i]! };
  };
  const timed = (r: Result, key: CaseKey) => (r.skipped[key] ? undefined : r.ms[key]);
  /** The same ratio in CPU time, when measured: ` (CPU: 1.23×)`. */
  const cpuRatio = (r: Result, a: CaseKey, b: CaseKey) => {
    const x = r.cpu[a];
    const y = r.cpu[b];
    return x !== undefined && y !== undefined && y > 0 ? ` (CPU time: ${ratio(x / y)})` : '';
  };
  const vsNode = (where: string, keys: CaseKey[], limit: number) => {
    const d = at(where);
    if (!d?.r.ms.node) return;
    for (const key of keys) {
      const ms = timed(d.r, key);
      if (ms === undefined) continue;
      const x = ms / d.r.ms.node;
      line(
        x <= limit,
        `${where} file, ${caseOf(key).label}: ${ratio(x)} \`node -e 0\`${cpuRatio(d.r, key, 'node')} (goal ≤ ${limit}×)`,
      );
    }
  };
  vsNode('demo', ['agenda', 'followups', 'show'], 1.3);
  vsNode('typical', ['agenda', 'followups', 'search', 'show'], 1.5);
  const typical = at('typical');
  if (typical?.r.ms.write) {
    for (const key of ['add', 'done', 'log'] as CaseKey[]) {
      const ms = timed(typical.r, key);
      if (ms === undefined) continue;
      const x = ms / typical.r.ms.write;
      line(
        x <= 1.2,
        `typical file, ${caseOf(key).label}: ${ratio(x)} the write floor${cpuRatio(typical.r, key, 'write')} (goal ≤ 1.2×)`,
      );
    }
  }
  const heavy = at('heavy');
  if (heavy) {
    const { r, file } = heavy;
    const peers: Array<[CaseKey, CaseKey, number]> = [
      ['followups', 'taskDue', 5],
      ['report', 'taskSummary', 2],
    ];
    for (const [meld, peer, limit] of peers) {
      const a = timed(r, meld);
      const b = timed(r, peer);
      if (a === undefined) continue;
      if (b === undefined) {
        out.push(
          `- not judged: heavy file, ${caseOf(meld).label} vs ${caseOf(peer).label}: run with --peers (taskwarrior installed)`,
        );
        continue;
      }
      line(
        b / a >= limit,
        `heavy file, ${caseOf(meld).label}: ${ratio(b / a)} faster than ${caseOf(peer).label} (${fmtMs(a)} vs ${fmtMs(b)}${cpuRatio(r, peer, meld).replace('CPU time: ', 'CPU time: faster ')}; goal ≥ ${limit}×)`,
      );
    }
    const base = r.rss.node;
    if (base) {
      for (const key of [...READS, ...OTHER_READS, ...WRITES]) {
        const rss = r.rss[key];
        if (rss === undefined || rss === null) continue;
        const limit = WRITES.includes(key) ? 4 : 3;
        const x = (rss - base) / file.bytes;
        // A read with no time goal of its own (forecast) says how it compares with the read floor.
        const ms = timed(r, key);
        const vsRead =
          OTHER_READS.includes(key) && ms !== undefined && r.ms.read
            ? `; its time ${ratio(ms / r.ms.read)} the read floor${cpuRatio(r, key, 'read')}`
            : '';
        line(
          x <= limit,
          `heavy file, peak RSS of ${caseOf(key).label}: ${ratio(x)} the file (${mb(rss)} less node's ${mb(base)}, for ${mb(file.bytes)}; goal ≤ ${limit}×)${vsRead}`,
        );
      }
    }
  }
  // #25: the shareable report of 50 campaigns and a year of data.
  const share = at('share') ?? at('smoke');
  if (share) {
    const ms = timed(share.r, 'html');
    const bytes = share.r.htmlBytes;
    if (ms !== undefined && bytes !== undefined) {
      const cpu = share.r.cpu.html;
      line(
        bytes < HTML_LIMITS.bytes,
        `#25, ${share.file.dataset.label} file, ${caseOf('html').label}: ${(bytes / 1e6).toFixed(2)} MB written (goal < 1 MB)`,
      );
      line(
        ms < HTML_LIMITS.ms,
        `#25, ${share.file.dataset.label} file, ${caseOf('html').label}: ${fmtMs(ms)}${cpu === undefined ? '' : ` (CPU time: ${fmtMs(cpu)})`}, \`node -e 0\` ${fmtMs(share.r.ms.node ?? 0)} (goal < 1 s)`,
      );
    }
  }
  // Nothing gets slower.
  for (const d of files.map((_, i) => ({ file: files[i]!, r: results[i]! }))) {
    if (d.file.dataset.key !== 'typical' && d.file.dataset.key !== 'smoke') continue;
    const node = d.r.ms.node;
    if (!node) continue;
    for (const [key, before] of [
      ['version', BEFORE.versionNode],
      ['help', BEFORE.helpNode],
    ] as Array<[CaseKey, number]>) {
      const ms = timed(d.r, key);
      if (ms === undefined) continue;
      line(
        ms / node <= before * 1.1,
        `${caseOf(key).label}: ${ratio(ms / node)} \`node -e 0\` (1.1: ${ratio(before)}; goal: no slower)`,
      );
    }
  }
  if (heavy?.r.ms.write && timed(heavy.r, 'import') !== undefined) {
    const x = heavy.r.ms.import! / heavy.r.ms.write;
    line(
      x <= BEFORE.importWrite * 1.1,
      `heavy file, ${caseOf('import').label}: ${ratio(x)} the write floor (1.1: ${ratio(BEFORE.importWrite)}; goal: no slower)`,
    );
  }
  const h5 = at('heavy5');
  if (heavy && h5) {
    for (const key of h5.file.dataset.cases.filter((k) => floorOf(k) !== null)) {
      const a = timed(heavy.r, key);
      const b = timed(h5.r, key);
      if (a === undefined || b === undefined) continue;
      const growth = b / a;
      const floorKey = READS.includes(key) ? 'read' : 'write';
      const floorGrowth = h5.r.ms[floorKey]! / heavy.r.ms[floorKey]!;
      line(
        growth <= 6.5,
        `${caseOf(key).label}: the 5× file takes ${ratio(growth)} the heavy file's time (its ${floorKey} floor: ${ratio(floorGrowth)}; goal: linear, ≤ 6.5×)`,
      );
    }
  }
  return out;
}

export async function main(argv: string[], setup: { bin?: string } = {}): Promise<void> {
  const opts = parseArgs(argv);
  if (setup.bin) BIN = setup.bin;
  if (process.env.MELD_BENCH_BIN) BIN = resolve(process.env.MELD_BENCH_BIN);
  caseOf('import').label = `meld import (${IMPORT_ROWS.toLocaleString('en-US')} CSV rows)`;
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (!existsSync(BIN)) throw new Error(`no ${BIN}: run \`npm run bench\``);
  mkdirSync(WORK, { recursive: true });
  writeFileSync(floorFile('floor-read.cjs'), READ_FLOOR);
  writeFileSync(floorFile('floor-write.cjs'), WRITE_FLOOR);
  const peers = opts.peers && taskwarriorInstalled();
  if (opts.peers && !peers) log('taskwarrior (`task`) is not installed: the peer rows are skipped');
  const now = new Date();
  const files = opts.datasets.map((d) => prepare(d, now, peers, log));
  const results: Result[] = [];
  for (const file of files) {
    const result: Result = { ms: {}, cpu: {}, rss: {}, skipped: {} };
    const wanted = (key: CaseKey) => !opts.cases || opts.cases.includes(key) || key === 'node' || key === 'read';
    const active = file.dataset.cases
      .filter(wanted)
      .map(caseOf)
      .filter((c) => {
        if (c.peer && !peers) {
          result.skipped[c.key] = 'taskwarrior rows: run `npm run bench -- --peers` with taskwarrior installed';
          return false;
        }
        if (!c.command || commandExists(c.command, file)) return true;
        result.skipped[c.key] = `meld ${c.command.join(' ')} does not exist yet`;
        log(`skipping ${c.label}: ${result.skipped[c.key]}`);
        return false;
      });
    const samples = new Map(active.map((c) => [c.key, [] as number[]]));
    const cpuSamples = new Map(active.map((c) => [c.key, [] as number[]]));
    log(
      `${file.dataset.label} (${mb(file.bytes)}): ${opts.warmup} warm-up + ${opts.runs} rounds of ${active.length} commands…`,
    );
    for (let round = 0; round < opts.warmup + opts.runs; round++) {
      for (const c of active) {
        const { ms, cpu } = timeOnce(c, file);
        if (round < opts.warmup) continue;
        samples.get(c.key)!.push(ms);
        if (cpu !== null) cpuSamples.get(c.key)!.push(cpu);
      }
    }
    for (const c of active) {
      result.ms[c.key] = median(samples.get(c.key)!);
      const cpu = cpuSamples.get(c.key)!;
      if (cpu.length > 0) result.cpu[c.key] = median(cpu);
    }
    if (opts.rss && file.dataset.rss) for (const c of active) result.rss[c.key] = peakRss(c, file);
    if (active.some((c) => c.key === 'html') && existsSync(htmlOut(file)))
      result.htmlBytes = statSync(htmlOut(file)).size;
    restore(file);
    results.push(result);
  }
  const cpu = cpus();
  const machine = `Node ${process.version}, ${process.platform} ${process.arch}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM`;
  const skipped = [...new Set(results.flatMap((r) => Object.values(r.skipped)))];
  const out = [
    `meld benchmark — ${machine}`,
    `median of ${opts.runs} runs after ${opts.warmup} warm-up, whole processes, ${now.toISOString().slice(0, 10)}`,
    '',
    table(files, results, opts),
    ...(results.some((r) => Object.keys(r.cpu).length > 0)
      ? [
          '',
          'The same runs in CPU time (user + system, GNU time): what a busy machine swells least.',
          '',
          table(files, results, opts, 'cpu'),
        ]
      : []),
    '',
    ...files.map(
      (f) =>
        `- ${f.dataset.label}: ${mb(f.bytes)}, ${f.dataset.size.campaigns.toLocaleString('en-US')} campaigns, ${f.dataset.size.prospects.toLocaleString('en-US')} prospects, ${f.dataset.size.followUps.toLocaleString('en-US')} follow-ups, ${f.dataset.size.activities.toLocaleString('en-US')} activities`,
    ),
    ...skipped.map((s) => `- skipped: ${s}`),
    '',
    'Goals of issue #19 (and #25: the shareable report):',
    ...verdicts(files, results),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (opts.json)
    writeFileSync(
      opts.json,
      JSON.stringify(
        {
          machine,
          runs: opts.runs,
          warmup: opts.warmup,
          files: files.map((f) => ({ key: f.dataset.key, bytes: f.bytes, size: f.dataset.size })),
          results,
        },
        null,
        2,
      ),
    );
}
