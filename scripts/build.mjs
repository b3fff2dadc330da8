// Builds the CLI into dist/: what `meld --version` and `meld --help` need in one CommonJS file
// (dist/meld.cjs), and each heavy library in a file of its own (dist/vendor/*.cjs).
//
// Why: Node compiles the whole of a file it loads, lazy wrappers or not, and the heavy libraries
// (chrono-node, inquirer, zod, csv, ...) are ~1.3 MB of the 1.7 MB a single bundle would be.
// In their own files they are read and compiled only by the commands that reach them.
// CommonJS on purpose: on Node 20 the ESM loader alone adds ~15-30% to start-up.
//
// Each file is written to a temp name and renamed into place, vendor files before meld.cjs,
// so a meld started during a rebuild (tests, the benchmark) never sees a half-built dist/.
//
// `node scripts/build.mjs --metafile` also writes dist/meta.json and prints what the start-up
// file is made of (biggest inputs first): the tool to find what crept into start-up.
import { createHash } from 'node:crypto';
import { build, transformSync } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Libraries kept out of the start-up file: bare specifiers (and their subpaths). */
const VENDORED = [
  '@inquirer/prompts',
  'chardet',
  'chrono-node',
  'cli-progress',
  'csv-parse',
  'csv-stringify',
  'd3-scale',
  'd3-shape',
  'exceljs',
  'iconv-lite',
  'ical.js',
  'postal-mime',
  'simple-statistics',
  'string-width',
  'zod',
];
/**
 * The most each built file may weigh, in bytes: the build fails when one grows past it (or when a
 * vendor file has no stated size). The start-up file is compiled by every run, `meld --version`
 * included; a vendor file by every command that reaches it. Raising a figure is a decision:
 * say why in the commit (`node scripts/build.mjs --metafile` shows what the start-up file holds).
 * Measured 2026-12-06: meld.cjs 505 KB (room left for this round's commands), zod 142 KB once
 * tree-shaken (535 KB when a type-only use pulled all of zod's core in).
 */
export const BUDGET = {
  'meld.cjs': 830_000, // +8 KB for kept answers and the verified stamp (#19: store/answers.ts, derived.ts), +15 KB for the answers' rows, the instant window and the helpers' faster paths (a pure-ASCII file now reads in <1 ms, and code the run does not reach is only pre-parsed); 729 KB with schema 4, deals and the forecast command; room for the customers commands of this round (#16); +25 KB for the `meld deal` commands (~23 KB: six verbs, their card and table); +16 KB for the deals export and its import back (#16 item 7); +6 KB for #21 item 3 (the JSON shapes one module per noun, the import planner in steps: named builders and the phone-and-name lookup of #22 where inline objects and one class were). The next step is moving the import planner, sync and the HTML report out of the start-up file
  'vendor/zod.cjs': 150_000,
  'vendor/chrono-node.cjs': 560_000,
  'vendor/inquirer_prompts.cjs': 650_000,
  'vendor/exceljs.cjs': 1_600_000,
  'vendor/iconv-lite.cjs': 520_000,
  'vendor/ical.js.cjs': 135_000,
  'vendor/chardet.cjs': 52_000,
  'vendor/csv-parse_sync.cjs': 37_000,
  'vendor/csv-stringify_sync.cjs': 16_000,
  'vendor/cli-progress.cjs': 31_000,
  'vendor/postal-mime.cjs': 125_000, // 118 KB whole (mail import, #26)
  'vendor/d3-scale.cjs': 45_000, // 41 KB tree-shaken (campaign report --html, #25)
  'vendor/d3-shape.cjs': 25_000,
  'vendor/simple-statistics.cjs': 60_000, // loaded by a verdict worked out afresh, not at start (its tables cost ~1.5 ms to build)
  'vendor/string-width.cjs': 20_000, // loaded on the first wide or combining character, not at start (its Intl.Segmenter costs ~45 ms) // 23 KB tree-shaken (campaign report --html, #25)
};

/**
 * Where the start-up file first holds a byte over 0x7f, in words, or null. Pure ASCII matters: a
 * source with one non-ASCII character is decoded from UTF-8 and held as a two-byte string (read
 * ~5x slower, twice the memory) by every run. esbuild escapes strings but not regex literals.
 */
export function firstNonAscii(bytes) {
  const at = bytes.findIndex((b) => b > 0x7f);
  if (at < 0) return null;
  const text = Buffer.from(bytes.subarray(Math.max(0, at - 40), at + 20)).toString('utf8');
  return `near ${JSON.stringify(text)}`;
}

/** The files over their budget (or without one), in words; empty when all fit. */
export function overBudget(files, budget = BUDGET) {
  const problems = [];
  for (const { file, bytes } of files) {
    const limit = budget[file];
    if (limit === undefined)
      problems.push(`dist/${file} (${bytes} bytes) has no stated size in BUDGET (scripts/build.mjs)`);
    else if (bytes > limit) problems.push(`dist/${file} is ${bytes} bytes, over its budget of ${limit}`);
  }
  return problems;
}

/** Vendor files that hold only the exports meld's sources use (see usedNames). */
const TREE_SHAKEN = new Set(['zod', 'd3-scale', 'd3-shape']);

/**
 * What names this build among others of the same version: a digest of the version, every source
 * file and the lockfile. Derived data beside a data file (src/store/build-id.ts) is trusted only
 * by the build that wrote it, so a rebuild from changed sources never reads an older build's.
 */
function buildId(version) {
  const hash = createHash('sha1').update(version);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else hash.update(`\0${path.slice(root.length)}\0`).update(readFileSync(path));
    }
  };
  walk(`${root}src`);
  hash.update(readFileSync(`${root}package-lock.json`));
  return hash.digest('hex').slice(0, 16);
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const vendorPattern = new RegExp(`^(${VENDORED.map(escapeRegExp).join('|')})(/.*)?$`);
const vendorFile = (spec) => `${spec.replace(/^@/, '').replace(/[^a-zA-Z0-9.-]/g, '_')}.cjs`;

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minifySyntax: true,
  // MELD_BUILD_READABLE=1 keeps line breaks, so that a --cpu-prof names functions by line (and skips the budget).
  minifyWhitespace: !process.env.MELD_BUILD_READABLE,
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
  // `import()` becomes a plain require() of the vendor file: no ESM loader at run time.
  supported: { 'dynamic-import': false },
};

/**
 * The names the files importing `spec` take from it, so its vendor file holds only what they
 * use (zod whole is 700 KB, the part meld uses 140 KB). Understands `import * as z` + `z.name`
 * and `import { a, b }`; anything else (a default import, a dynamic import(), a namespace passed
 * around) returns null: "all of it". The sources are read with their types stripped (esbuild's
 * own TypeScript transform), so a type-only use such as `z.core.$ZodShape` in a generic's
 * constraint does not pull a whole namespace (`core`: 400 KB of zod) into the vendor file.
 */
function usedNames(spec, importers) {
  const quoted = `['"]${escapeRegExp(spec)}['"]`;
  const names = new Set();
  for (const file of importers) {
    const text = transformSync(readFileSync(file, 'utf8'), { loader: file.endsWith('x') ? 'tsx' : 'ts' }).code;
    let matched = false;
    for (const m of text.matchAll(new RegExp(`import\\s*\\*\\s*as\\s+(\\w+)\\s+from\\s*${quoted}`, 'g'))) {
      matched = true;
      const ns = m[1];
      const rest = text.replace(m[0], '');
      if (new RegExp(`\\b${ns}\\b(?!\\s*\\.)`).test(rest)) return null;
      for (const use of rest.matchAll(new RegExp(`\\b${ns}\\.(\\w+)`, 'g'))) names.add(use[1]);
    }
    for (const m of text.matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*${quoted}`, 'g'))) {
      matched = true;
      for (const part of m[1].split(',')) {
        const name = part
          .trim()
          .split(/\s+as\s+/)[0]
          .trim();
        if (name && !name.startsWith('type ')) names.add(name);
      }
    }
    if (!matched) return null;
  }
  // Type-only uses (`z.infer<...>`) are not exports at run time: keep what the package has.
  const runtime = new Set(Object.keys(createRequire(`${root}package.json`)(spec)));
  return [...names].filter((n) => runtime.has(n)).sort();
}

function writeAtomic(path, contents) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

/** Builds into `outdir` (default dist/); returns the start-up file's metafile and vendor specs. */
export async function buildMeld({ outdir = `${root}dist`, log = () => undefined } = {}) {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
  /** Vendored specifier -> the files that import it. */
  const vendorsUsed = new Map();
  const splitVendors = {
    name: 'split-vendors',
    setup(b) {
      b.onResolve({ filter: vendorPattern }, (args) => {
        if (!vendorsUsed.has(args.path)) vendorsUsed.set(args.path, new Set());
        vendorsUsed.get(args.path).add(args.importer);
        return { path: `./vendor/${vendorFile(args.path)}`, external: true };
      });
    },
  };
  const main = await build({
    ...common,
    entryPoints: [`${root}src/launch.ts`],
    outfile: `${outdir}/meld.cjs`,
    define: { MELD_VERSION: JSON.stringify(pkg.version), MELD_BUILD: JSON.stringify(buildId(pkg.version)) },
    plugins: [splitVendors],
    metafile: true,
  });
  const vendors = await Promise.all(
    [...vendorsUsed].map(async ([spec, importers]) => {
      const names = TREE_SHAKEN.has(spec) ? usedNames(spec, importers) : null;
      log(`vendor ${spec}: ${names ? names.join(' ') : 'whole package'}`);
      const contents = names
        ? `export { ${names.join(', ')} } from ${JSON.stringify(spec)};`
        : `module.exports = require(${JSON.stringify(spec)});`;
      const out = await build({
        ...common,
        stdin: { contents, resolveDir: root, loader: 'js' },
        outfile: `${outdir}/vendor/${vendorFile(spec)}`,
      });
      return { file: vendorFile(spec), text: out.outputFiles[0].contents };
    }),
  );
  const sizes = [
    { file: 'meld.cjs', bytes: main.outputFiles[0].contents.length },
    ...vendors.map((v) => ({ file: `vendor/${v.file}`, bytes: v.text.length })),
  ];
  const problems = process.env.MELD_BUILD_READABLE ? [] : overBudget(sizes);
  const wide = firstNonAscii(main.outputFiles[0].contents);
  if (wide) problems.push(`dist/meld.cjs is not pure ASCII (${wide}): write the character as \\u{...} in the source`);
  if (problems.length > 0) {
    throw new Error(
      `bundle budget exceeded (nothing was written):\n  ${problems.join('\n  ')}\nsee BUDGET in scripts/build.mjs; \`node scripts/build.mjs --metafile\` shows what the start-up file holds`,
    );
  }
  mkdirSync(`${outdir}/vendor`, { recursive: true });
  for (const { file, text } of vendors) writeAtomic(`${outdir}/vendor/${file}`, text);
  writeAtomic(`${outdir}/meld.cjs`, main.outputFiles[0].contents);
  const keep = new Set(vendors.map((v) => v.file));
  for (const name of readdirSync(`${outdir}/vendor`))
    if (!keep.has(name)) rmSync(`${outdir}/vendor/${name}`, { force: true });
  return { metafile: main.metafile, vendors: [...vendorsUsed.keys()].sort(), sizes };
}

function printMeta(metafile, vendors) {
  const inputs = Object.values(metafile.outputs)[0].inputs;
  const byPackage = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file;
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const rows = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log('dist/meld.cjs, biggest inputs:');
  for (const [name, bytes] of rows) console.log(`${(bytes / 1024).toFixed(1).padStart(8)} KB  ${name}`);
  console.log(`vendor files: ${vendors.join(', ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const showMeta = process.argv.includes('--metafile');
  const { metafile, vendors } = await buildMeld({ log: showMeta ? console.log : undefined });
  if (showMeta) {
    writeFileSync(`${root}dist/meta.json`, JSON.stringify(metafile));
    printMeta(metafile, vendors);
  }
}
