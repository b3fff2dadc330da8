// `npm run bench`: builds a private copy of meld into .bench/app (so a rebuild of dist/ during
// the run cannot disturb it), compiles scripts/bench/bench.ts (it imports the project's own
// sample-data generator from src/) with esbuild, and runs it.
// Options: --quick, --smoke, --runs N, --only typical,heavy,heavy5, --no-rss
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildMeld } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = process.env.MELD_BENCH_DIR || `${root}.bench`;
const app = `${work}/app`;
mkdirSync(`${app}/bin`, { recursive: true });
copyFileSync(`${root}bin/meld.js`, `${app}/bin/meld.js`);
await buildMeld({ outdir: `${app}/dist` });

const outfile = `${work}/bench.cjs`;
await build({
  entryPoints: [`${root}scripts/bench/bench.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
await createRequire(import.meta.url)(outfile).main(process.argv.slice(2), { bin: `${app}/bin/meld.js` });
