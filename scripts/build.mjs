// Bundles the CLI into one CommonJS file: one read, no module resolution at start-up.
// Heavy libraries (inquirer, chrono-node, csv) are reached through dynamic import(),
// which esbuild keeps lazy, so commands that do not use them never initialise them.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: [new URL('../src/launch.ts', import.meta.url).pathname],
  outfile: new URL('../dist/meld.cjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifySyntax: true,
  legalComments: 'none',
  define: { MELD_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
