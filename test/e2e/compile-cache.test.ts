import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXED_CLOCK, meld } from '../helpers/cli.js';
import { tempDbPath, tempDir } from '../helpers/harness.js';

// Needs the built binary: `npm run build` first (npm test does).
const builtIn = Number(process.versions.node.split('.')[0]) >= 22;

describe('the compile cache of the launcher', () => {
  it.skipIf(builtIn)('keeps compiled code in XDG_CACHE_HOME/meld on Node 20, and runs the same from it', () => {
    const cache = tempDir();
    const db = tempDbPath();
    const env = { XDG_CACHE_HOME: cache };
    const first = meld(['campaign', 'list'], { db, env });
    const files = readdirSync(join(cache, 'meld'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^v8-[0-9a-z]+-v20\.[\d.]+-\d+-\d+-\d+\.bin$/);
    const second = meld(['campaign', 'list'], { db, env });
    expect(second).toEqual(first);
  });

  it.skipIf(builtIn)(
    'keeps the compiled code of a library of dist/vendor too (zod, loaded by doctor and every save)',
    () => {
      const cache = tempDir();
      const db = tempDbPath();
      const env = { XDG_CACHE_HOME: cache, ...FIXED_CLOCK };
      expect(meld(['campaign', 'add', 'Spring Webinar'], { db, env }).status).toBe(0);
      const first = meld(['doctor'], { db, env });
      expect(readdirSync(join(cache, 'meld'))).toHaveLength(2); // the bundle's and zod's
      const second = meld(['doctor'], { db, env });
      expect(second).toEqual(first);
      expect(readdirSync(join(cache, 'meld'))).toHaveLength(2);
    },
  );

  it.skipIf(builtIn)('shrugs off a damaged cache file and writes a good one', () => {
    const cache = tempDir();
    const env = { XDG_CACHE_HOME: cache };
    meld(['--help'], { env });
    const [name] = readdirSync(join(cache, 'meld'));
    writeFileSync(join(cache, 'meld', name!), 'not V8 code');
    const r = meld(['--help'], { env });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: meld');
    expect(r.stderr).toBe('');
    expect(readdirSync(join(cache, 'meld'))).toEqual([name]);
  });

  it('writes nothing with NODE_DISABLE_COMPILE_CACHE=1, on any Node', () => {
    const cache = tempDir();
    const r = meld(['--help'], { env: { XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(r.status).toBe(0);
    expect(existsSync(join(cache, 'meld'))).toBe(false);
  });
});
