// `npm run docs`: regenerates docs/commands.md and man/meld.1 from the commander tree that
// src/program.ts builds (scripts/docs/reference.ts). Run it after adding or changing a command;
// test/docs/reference.test.ts fails while either file is stale.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'meld-docs-'));
try {
  const outfile = join(dir, 'reference.cjs');
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'scripts/docs/reference.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  const { commandDocs, renderCommandsMarkdown, renderManPage } = createRequire(import.meta.url)(outfile);
  const docs = await commandDocs();
  mkdirSync(join(root, 'docs'), { recursive: true });
  mkdirSync(join(root, 'man'), { recursive: true });
  writeFileSync(join(root, 'docs/commands.md'), renderCommandsMarkdown(docs));
  writeFileSync(join(root, 'man/meld.1'), renderManPage(pkg.version, docs));
  console.log('wrote docs/commands.md and man/meld.1');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
