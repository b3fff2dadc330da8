import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** npm's own variables (npm test sets dozens) would steer the nested npm: start clean. */
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) && k !== 'NODE_ENV' && k !== 'VITEST') env[k] = v;
  return { ...env, TZ: 'UTC', ...extra };
}

function npm(args: string[], cwd: string, extra: Record<string, string> = {}): string {
  return execFileSync('npm', args, { cwd, env: npmEnv(extra), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the npm package', () => {
  let packed: { filename: string; files: Array<{ path: string }> };
  let tarball: string;
  let project: string;
  let dataFile: string;

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'meld.cjs')))
      throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    const out = tempDir('meld-pack-');
    // --ignore-scripts: pack the dist/ that `npm test` just built instead of rebuilding it.
    packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', out], ROOT))[0];
    project = tempDir('meld-install-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'try-meld', version: '1.0.0', private: true }));
    // --offline: the package must need nothing from the registry.
    tarball = join(out, packed.filename);
    npm(['install', '--offline', '--no-audit', '--no-fund', tarball], project);
    dataFile = join(tempDir(), 'meld.json');
  }, 180_000);

  it("is named meld-crm (the npm name `meld` is someone else's package) and installs the command `meld`", () => {
    expect(pkg.name).toBe('meld-crm');
    expect(packed.filename).toBe(`meld-crm-${pkg.version}.tgz`);
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'meld-crm', 'package.json'), 'utf8'));
    expect(manifest.bin).toEqual({ meld: 'bin/meld.js' });
  });

  it('ships the launcher, the bundle and its vendor files, the man page and the manual with its pictures', () => {
    const paths = packed.files.map((f) => f.path).sort();
    const unexpected = paths.filter(
      (p) =>
        !/^(bin\/meld\.js|dist\/meld\.cjs|dist\/vendor\/[\w.-]+\.cjs|man\/meld\.1|docs\/[\w-]+\.(?:md|png)|package\.json|README\.md|CHANGELOG\.md|LICENSE)$/.test(
          p,
        ),
    );
    expect(unexpected).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'bin/meld.js',
        'dist/meld.cjs',
        'man/meld.1',
        'docs/commands.md',
        'package.json',
        'README.md',
        'CHANGELOG.md',
      ]),
    );
  });

  it('carries no install-time scripts in the published manifest (npm 11 would warn about each)', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'meld-crm', 'package.json'), 'utf8'));
    const scripts = Object.keys(manifest.scripts ?? {});
    expect(scripts.filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s))).toEqual([]);
    // It is built when packed, and in a checkout by `dependencies`, which npm runs only in the
    // project root after node_modules changes (the quick start's `npm install`).
    expect(manifest.scripts).toMatchObject({
      prepack: 'node scripts/build.mjs',
      dependencies: 'node scripts/build.mjs',
    });
  });

  it("installs globally with nothing but npm's own summary, and `man meld` finds its page", () => {
    const prefix = tempDir('meld-global-');
    const r = spawnSync('npm', ['install', '-g', '--offline', '--prefix', prefix, tarball], {
      cwd: prefix,
      env: npmEnv(),
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toMatch(/^added 1 package in [\d.]+m?s$/);
    const version = spawnSync(join(prefix, 'bin', 'meld'), ['--version'], { env: npmEnv(), encoding: 'utf8' });
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const page = join(prefix, 'share', 'man', 'man1', 'meld.1');
    expect(readFileSync(page, 'utf8')).toBe(readFileSync(join(ROOT, 'man', 'meld.1'), 'utf8'));
    const man = spawnSync('man', ['-w', 'meld'], {
      env: npmEnv({ MANPATH: join(prefix, 'share', 'man') }),
      encoding: 'utf8',
    });
    if (man.error === undefined) expect(realpathSync(man.stdout.trim())).toBe(realpathSync(page));
  });

  it('installs into a clean folder with no other package beside it', () => {
    const installed = readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed).toEqual(['meld-crm']);
  });

  it('runs a one-off by its package name: npx meld-crm', () => {
    const r = spawnSync('npx', ['--offline', 'meld-crm', '--version'], {
      cwd: project,
      env: npmEnv(),
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('runs with npx, no build step: --version prints the package version', () => {
    const r = spawnSync('npx', ['--offline', 'meld', '--version'], { cwd: project, env: npmEnv(), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(r.status).toBe(0);
  });

  it('runs real commands from the installed copy, lazily loaded libraries included', () => {
    const bin = join(project, 'node_modules', '.bin', 'meld');
    const run = (args: string[]) =>
      spawnSync(bin, args, { cwd: project, env: npmEnv({ MELD_DB: dataFile }), encoding: 'utf8' });
    expect(run(['demo']).status).toBe(0);
    // table rendering, validation (zod), dates in words (chrono-node), CSV export.
    const followups = run(['followups', 'all']);
    expect(followups.status).toBe(0);
    expect(followups.stdout).toContain('Prospect');
    const added = run(['add-prospect', 'Pack Test', '--follow-up', 'in 3 days']);
    expect(added.stderr).toContain('✓ Added Pack Test');
    const csv = run(['export', 'prospects']);
    expect(csv.status).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,name,/);
  });
});
