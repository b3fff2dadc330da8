#!/usr/bin/env node
// Measures whether meld ever drops a version of its data file written by another program: a
// sync-like writer (read, change, write a temp file, rename it over the data file, as Dropbox
// or Syncthing do) runs against a stream of `meld add-prospect` saves.
//
//   node scripts/sync-writer.mjs [writes=2000] [pauseMs=3] [bin=bin/meld.js]
//
// Every outside write appends its number to a top-level "syncLog" list (meld keeps keys it does
// not know). A write is lost when its number is in neither the final file nor a conflict copy
// meld kept: some save renamed over it without having read it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const writes = Number(process.argv[2] ?? 2000);
const pauseMs = Number(process.argv[3] ?? 3);
const bin = resolve(process.argv[4] ?? 'bin/meld.js');
const dir = mkdtempSync(join(tmpdir(), 'meld-sync-'));
const db = join(dir, 'meld.json');
const env = { ...process.env, MELD_DB: db, TZ: 'UTC' };
delete env.NODE_ENV;
delete env.VITEST;

const run = (args) =>
  new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => done({ code, err }));
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

await run(['add-prospect', 'Seed']);
let finished = false;

async function syncWriter() {
  for (let n = 1; n <= writes; n++) {
    for (;;) {
      try {
        const data = JSON.parse(readFileSync(db, 'utf8'));
        data.syncLog = [...(data.syncLog ?? []), n];
        writeFileSync(`${db}.sync-tmp`, JSON.stringify(data, null, 2));
        renameSync(`${db}.sync-tmp`, db);
        break;
      } catch {
        await sleep(1); // caught the file between meld's steps: try again, as a sync tool would
      }
    }
    await sleep(pauseMs);
  }
  finished = true;
}

const outcomes = { saved: 0, refused: 0, other: 0 };
async function meldWriter(id) {
  for (let i = 0; !finished; i++) {
    const { code, err } = await run(['add-prospect', `P${id}-${i}`]);
    if (code === 0) outcomes.saved++;
    else if (err.includes('was changed by another program')) outcomes.refused++;
    else {
      outcomes.other++;
      process.stderr.write(err);
    }
  }
}

await Promise.all([syncWriter(), meldWriter(1), meldWriter(2)]);
const seen = new Set();
const versions = [
  db,
  ...readdirSync(dir)
    .filter((n) => n.includes('.conflict-'))
    .map((n) => join(dir, n)),
];
for (const file of versions) for (const n of JSON.parse(readFileSync(file, 'utf8')).syncLog ?? []) seen.add(n);
const lost = [];
for (let n = 1; n <= writes; n++) if (!seen.has(n)) lost.push(n);
console.log(
  `${lost.length} of ${writes} outside writes lost; meld saves: ${outcomes.saved} saved, ${outcomes.refused} refused (file changed meanwhile), ${outcomes.other} other errors; ${versions.length - 1} conflict copies kept (${dir})`,
);
process.exitCode = lost.length === 0 ? 0 : 1;
