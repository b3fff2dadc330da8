// The benchmark behind README's "Speed" section (`npm run bench`; see scripts/bench.mjs).
//
// Generates data files with meld's own seeded generator (src/domain/sample.ts), then times whole
// processes — the built bin/meld.js and, side by side in the same rounds, the floors: `node -e 0`,
// a plain read (readFile + JSON.parse + filter the follow-ups due today + print 50 lines) and a
// plain write (that, plus JSON.stringify and an atomic rewrite). Rounds interleave every command
// so a busy machine slows floors and meld alike; each figure is the median after warm-up runs.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSample, type SampleSize } from '../../src/domain/sample.js';
import { toDay } from '../../src/domain/dates.js';
import type { Db } from '../../src/domain/types.js';
import { serializeDb } from '../../src/store/serialize.js';

/** The checkout: scripts/bench.mjs sits in its scripts/ folder. */
const ROOT = resolve(process.argv[1] ? join(process.argv[1], '..', '..') : '.');
let BIN = join(ROOT, 'bin', 'meld.js');
/** Data files, floors and results; MELD_BENCH_DIR moves them (the smoke test uses a temp folder). */
const WORK = process.env.MELD_BENCH_DIR ? resolve(process.env.MELD_BENCH_DIR) : join(ROOT, '.bench');

interface Dataset {
  key: string;
  label: string;
  size: SampleSize;
}

const DATASETS: Dataset[] = [
  {
    key: 'typical',
    label: 'typical',
    size: { campaigns: 200, prospects: 2_000, followUps: 6_000, activities: 10_000, noteLength: 100 },
  },
  {
    key: 'heavy',
    label: 'heavy (10×)',
    size: { campaigns: 2_000, prospects: 20_000, followUps: 60_000, activities: 100_000, noteLength: 100 },
  },
  {
    key: 'heavy5',
    label: 'heavy ×5',
    size: { campaigns: 10_000, prospects: 100_000, followUps: 300_000, activities: 500_000, noteLength: 100 },
  },
];
const SMOKE: Dataset[] = [
  {
    key: 'smoke',
    label: 'smoke',
    size: { campaigns: 5, prospects: 60, followUps: 80, activities: 120, noteLength: 100 },
  },
];
let IMPORT_ROWS = 20_000;

type Floor = 'node' | 'read' | 'write';

interface Case {
  key: string;
  label: string;
  floor: Floor | null;
  /** Changes the data file: the pristine copy is restored before every run. */
  writes: boolean;
  /** For meld cases: the command path that must exist (skipped with a note otherwise). */
  command?: string[];
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
  search: string;
}

const floorFile = (name: string) => join(WORK, name);

const CASES: Case[] = [
  { key: 'node', label: '`node -e 0`', floor: null, writes: false, args: () => ['-e', '0'] },
  {
    key: 'read',
    label: 'read floor: parse, filter due, print 50',
    floor: null,
    writes: false,
    args: (f) => [floorFile('floor-read.cjs'), f.path],
  },
  {
    key: 'write',
    label: 'write floor: read floor + stringify + atomic rewrite',
    floor: null,
    writes: true,
    args: (f) => [floorFile('floor-write.cjs'), f.path],
  },
  { key: 'version', label: 'meld --version', floor: 'node', writes: false, args: () => [BIN, '--version'] },
  { key: 'help', label: 'meld --help', floor: 'node', writes: false, args: () => [BIN, '--help'] },
  {
    key: 'followups',
    label: 'meld followups today',
    floor: 'read',
    writes: false,
    command: ['followups'],
    args: () => [BIN, 'followups', 'today'],
  },
  {
    key: 'report',
    label: 'meld campaign report',
    floor: 'read',
    writes: false,
    command: ['campaign', 'report'],
    args: () => [BIN, 'campaign', 'report'],
  },
  {
    key: 'search',
    label: 'meld prospect list --search',
    floor: 'read',
    writes: false,
    command: ['prospect', 'list'],
    args: (f) => [BIN, 'prospect', 'list', '--search', f.search],
  },
  {
    key: 'add',
    label: 'meld add-prospect',
    floor: 'write',
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
    floor: 'write',
    writes: true,
    command: ['followup', 'done'],
    args: (f) => [BIN, 'followup', 'done', String(f.openFollowUpId), '--note', 'benchmarked'],
  },
  {
    key: 'import',
    label: 'meld import (20,000 CSV rows)',
    floor: 'write',
    writes: true,
    command: ['import'],
    args: (f) => [BIN, 'import', f.csv],
  },
  // --- #18 several devices: git's merge driver on two diverged copies of the file (see mergeVersions below)
  {
    key: 'merge',
    label: 'meld merge-file (both sides edited)',
    floor: 'write',
    writes: true,
    command: ['merge-file'],
    args: (f) => [BIN, 'merge-file', mergeVersions(f).base, f.path, mergeVersions(f).theirs],
  },
];

interface Options {
  runs: number;
  warmup: number;
  datasets: Dataset[];
  rss: boolean;
  json: string | null;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { runs: 10, warmup: 1, datasets: DATASETS, rss: true, json: join(WORK, 'results.json') };
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
    } else if (a === '--no-rss') opts.rss = false;
    else throw new Error(`unknown option ${a} (use --quick, --smoke, --runs N, --only typical,heavy,heavy5, --no-rss)`);
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

function prepare(dataset: Dataset, now: Date, log: (s: string) => void): PreparedFile {
  const dir = join(WORK, dataset.key);
  const pristine = join(WORK, `${dataset.key}.pristine.json`);
  const metaPath = join(WORK, `${dataset.key}.meta.json`);
  const csv = join(WORK, `import-${IMPORT_ROWS}.csv`);
  const today = toDay(now);
  const wanted = JSON.stringify({ size: dataset.size, today, generator: 1 });
  let meta: { openFollowUpId: number; search: string } | null = null;
  if (existsSync(pristine) && existsSync(metaPath)) {
    const saved = JSON.parse(readFileSync(metaPath, 'utf8')) as { key: string; openFollowUpId: number; search: string };
    if (saved.key === wanted) meta = saved;
  }
  if (!meta) {
    log(`generating ${dataset.label} data (${dataset.size.prospects.toLocaleString('en-US')} prospects)…`);
    const db: Db = generateSample(dataset.size, now, 7);
    const open = db.followUps.find((f) => f.status === 'open');
    if (!open) throw new Error('the generated data has no open follow-up');
    // A part of a name that matches a few dozen prospects per 2,000: a realistic search.
    meta = { openFollowUpId: open.id, search: 'müller' };
    writeFileSync(pristine, serializeDb(db));
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
    ...meta,
  };
  restore(file);
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

/** The data file exactly as generated, with no lock, backups or journal beside it. */
function restore(file: PreparedFile): void {
  rmSync(file.dir, { recursive: true, force: true });
  mkdirSync(file.dir, { recursive: true });
  copyFileSync(file.pristine, file.path);
}

// --- running ---------------------------------------------------------------------------------

function childEnv(file: PreparedFile): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MELD_DB: file.path, NO_COLOR: '1' };
  delete env.NODE_ENV;
  delete env.FORCE_COLOR;
  return env;
}

function timeOnce(c: Case, file: PreparedFile): number {
  if (c.writes) restore(file);
  const opts: SpawnSyncOptions = { env: childEnv(file), stdio: 'ignore', cwd: file.dir, timeout: 600_000 };
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, c.args(file), opts);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    if (c.writes) restore(file);
    const again = spawnSync(process.execPath, c.args(file), { ...opts, stdio: 'pipe', encoding: 'utf8' });
    throw new Error(
      `${c.label} failed (exit ${result.status ?? result.signal}): ${String(again.stderr).trim().split('\n')[0]}`,
    );
  }
  return ms;
}

/** Peak resident memory of one run, in bytes, from GNU time; null where it is not installed. */
function peakRss(c: Case, file: PreparedFile): number | null {
  if (!existsSync('/usr/bin/time')) return null;
  if (c.writes) restore(file);
  const out = join(WORK, 'rss.txt');
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, ...c.args(file)], {
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

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Result {
  ms: Record<string, number>;
  rss: Record<string, number | null>;
  skipped: Record<string, string>;
}

// --- report ----------------------------------------------------------------------------------

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const ratio = (x: number) => `${x.toFixed(2)}×`;

function floorOf(c: Case, r: Result): number | undefined {
  return c.floor ? r.ms[c.floor] : undefined;
}

function table(files: PreparedFile[], results: Result[], opts: Options): string {
  const head = ['', ...files.map((f) => `${f.dataset.label}, ${mb(f.bytes)}`)];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const c of CASES) {
    const cells = results.map((r) => {
      if (r.skipped[c.key]) return 'skipped';
      const ms = r.ms[c.key];
      if (ms === undefined) return '—';
      const floor = floorOf(c, r);
      return floor ? `${fmtMs(ms)} · **${ratio(ms / floor)}** ${c.floor}` : fmtMs(ms);
    });
    lines.push(`| ${c.label} | ${cells.join(' | ')} |`);
  }
  if (opts.rss) {
    const base = results.map((r) => r.rss.node ?? 0);
    for (const c of CASES.filter((x) => x.key !== 'node' && x.key !== 'version' && x.key !== 'help')) {
      const cells = results.map((r, i) => {
        const rss = r.rss[c.key];
        if (rss === undefined || rss === null) return r.skipped[c.key] ? 'skipped' : '—';
        return `${mb(rss)} · ${((rss - base[i]!) / files[i]!.bytes).toFixed(1)}× file`;
      });
      lines.push(`| peak RSS, ${c.label.replace(/^meld /, '')} | ${cells.join(' | ')} |`);
    }
    lines.push(`| peak RSS, \`node -e 0\` | ${results.map((r) => (r.rss.node ? mb(r.rss.node) : '—')).join(' | ')} |`);
  }
  return lines.join('\n');
}

function verdicts(files: PreparedFile[], results: Result[]): string[] {
  const out: string[] = [];
  const at = (key: string) => files.findIndex((f) => f.dataset.key === key);
  const line = (ok: boolean, text: string) => out.push(`- ${ok ? 'met' : '**missed**'}: ${text}`);
  const h = at('heavy');
  if (h >= 0) {
    const r = results[h]!;
    for (const c of CASES.filter((x) => x.floor && !r.skipped[x.key] && r.ms[x.key] !== undefined)) {
      const limit = c.floor === 'node' ? 1.3 : 1.5;
      const x = r.ms[c.key]! / r.ms[c.floor!]!;
      line(x <= limit, `heavy file, ${c.label}: ${ratio(x)} its ${c.floor} floor (target ≤ ${limit}×)`);
    }
    for (const c of CASES.filter((x) => x.key !== 'node' && x.key !== 'version' && x.key !== 'help')) {
      const rss = r.rss[c.key];
      if (rss === undefined || rss === null || !r.rss.node) continue;
      const budget = 4 * files[h]!.bytes + r.rss.node;
      if (c.key === 'read' || c.key === 'write') continue;
      line(
        rss <= budget,
        `heavy file, peak RSS of ${c.label}: ${mb(rss)} (target ≤ 4 × ${mb(files[h]!.bytes)} + ${mb(r.rss.node)} = ${mb(budget)})`,
      );
    }
  }
  const h5 = at('heavy5');
  if (h >= 0 && h5 >= 0) {
    for (const c of CASES.filter((x) => x.floor && x.floor !== 'node')) {
      const a = results[h]!.ms[c.key];
      const b = results[h5]!.ms[c.key];
      if (a === undefined || b === undefined) continue;
      const growth = b / a;
      const floorGrowth = results[h5]!.ms[c.floor!]! / results[h]!.ms[c.floor!]!;
      line(
        growth <= 6.5,
        `${c.label}: the 5× file takes ${ratio(growth)} the heavy file's time (its floor: ${ratio(floorGrowth)}; linear ≈ 5×)`,
      );
    }
  }
  const t = at('typical');
  if (t >= 0) {
    const r = results[t]!;
    for (const c of CASES.filter((x) => x.floor && !r.skipped[x.key] && r.ms[x.key] !== undefined)) {
      // "within 1.3× of node -e 0 plus the parse floor": the floor's own work above node -e 0 is allowed on top.
      const allowed = 1.3 * r.ms.node! + (c.floor === 'node' ? 0 : r.ms[c.floor!]! - r.ms.node!);
      line(
        r.ms[c.key]! <= allowed,
        `typical file, ${c.label}: ${fmtMs(r.ms[c.key]!)} (target ≤ 1.3 × ${fmtMs(r.ms.node!)}${c.floor === 'node' ? '' : ` + ${fmtMs(r.ms[c.floor!]! - r.ms.node!)} of ${c.floor} floor`} = ${fmtMs(allowed)})`,
      );
    }
  }
  return out;
}

export async function main(argv: string[], setup: { bin?: string } = {}): Promise<void> {
  const opts = parseArgs(argv);
  if (setup.bin) BIN = setup.bin;
  const importCase = CASES.find((c) => c.key === 'import')!;
  importCase.label = `meld import (${IMPORT_ROWS.toLocaleString('en-US')} CSV rows)`;
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (!existsSync(BIN)) throw new Error(`no ${BIN}: run \`npm run bench\``);
  mkdirSync(WORK, { recursive: true });
  writeFileSync(floorFile('floor-read.cjs'), READ_FLOOR);
  writeFileSync(floorFile('floor-write.cjs'), WRITE_FLOOR);
  const now = new Date();
  const files = opts.datasets.map((d) => prepare(d, now, log));
  const results: Result[] = [];
  for (const file of files) {
    const result: Result = { ms: {}, rss: {}, skipped: {} };
    const active = CASES.filter((c) => {
      if (!c.command || commandExists(c.command, file)) return true;
      result.skipped[c.key] = `meld ${c.command.join(' ')} does not exist yet`;
      log(`skipping ${c.label}: ${result.skipped[c.key]}`);
      return false;
    });
    const samples = new Map(active.map((c) => [c.key, [] as number[]]));
    log(
      `${file.dataset.label} (${mb(file.bytes)}): ${opts.warmup} warm-up + ${opts.runs} rounds of ${active.length} commands…`,
    );
    for (let round = 0; round < opts.warmup + opts.runs; round++) {
      for (const c of active) {
        const ms = timeOnce(c, file);
        if (round >= opts.warmup) samples.get(c.key)!.push(ms);
      }
    }
    for (const c of active) result.ms[c.key] = median(samples.get(c.key)!);
    if (opts.rss) for (const c of active) result.rss[c.key] = peakRss(c, file);
    restore(file);
    results.push(result);
  }
  const cpu = cpus();
  const machine = `Node ${process.version}, ${process.platform} ${process.arch}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM`;
  const out = [
    `meld benchmark — ${machine}`,
    `median of ${opts.runs} runs after ${opts.warmup} warm-up, whole processes, ${now.toISOString().slice(0, 10)}`,
    '',
    table(files, results, opts),
    '',
    ...files.map(
      (f) =>
        `- ${f.dataset.label}: ${mb(f.bytes)}, ${f.dataset.size.campaigns.toLocaleString('en-US')} campaigns, ${f.dataset.size.prospects.toLocaleString('en-US')} prospects, ${f.dataset.size.followUps.toLocaleString('en-US')} follow-ups, ${f.dataset.size.activities.toLocaleString('en-US')} activities`,
    ),
    ...Object.values(results.flatMap((r) => Object.values(r.skipped)))
      .filter((v, i, a) => a.indexOf(v) === i)
      .map((s) => `- skipped: ${s}`),
    '',
    'Targets:',
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
