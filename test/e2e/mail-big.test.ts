import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, meld } from '../helpers/cli.js';
import { tempDir } from '../helpers/harness.js';
import { generateMbox } from '../helpers/mail.js';

// Opt-in (it writes a file of that size and reads it through the built binary):
//   MELD_MAIL_BIG_MB=1024 npx vitest run test/e2e/mail-big.test.ts
// The memory budget holds whatever the mailbox size (issue #26: under 300 MB); what it checks
// is the peak resident memory of the meld process, which a timing-free test can judge.
const BIG_MB = Number(process.env.MELD_MAIL_BIG_MB ?? 0);
const BUDGET_BYTES = 300 * 1024 * 1024;

describe.runIf(BIG_MB > 0)('a big generated mailbox', () => {
  it(`imports ${BIG_MB} MB of mbox under 300 MB of memory`, async () => {
    const dir = tempDir('meld-bigmail-');
    const box = join(dir, 'All mail.mbox');
    const db = join(dir, 'meld.json');
    try {
      const messages = await generateMbox(box, BIG_MB * 1024 * 1024, { owner: 'me@example.org', people: 2000 });
      expect(meld(['config', 'set', 'my-email', 'me@example.org'], { db }).status).toBe(0);
      const rows = ['name,email', ...Array.from({ length: 100 }, (_, i) => `Person ${i},person${i}@example.com`)];
      writeFileSync(join(dir, 'people.csv'), `${rows.join('\n')}\n`);
      expect(meld(['import', join(dir, 'people.csv')], { db }).status).toBe(0);
      // The peak resident memory of the meld process, written by a hook as it exits.
      const hook = join(dir, 'rss.cjs');
      writeFileSync(
        hook,
        "process.on('exit', () => require('fs').writeSync(2, `\\nmaxRSS ${process.resourceUsage().maxRSS * 1024}\\n`));\n",
      );
      const run = spawnSync(process.execPath, ['--require', hook, BIN, 'import', box, '--json'], {
        env: cliEnv({ MELD_DB: db }),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).toMatch(/maxRSS \d+/);
      const rss = Number(/maxRSS (\d+)/.exec(run.stderr)![1]);
      const out = JSON.parse(run.stdout);
      // For the record (not judged; no times: speed is the bench's, docs/benchmarks.md).
      console.log(
        `mail import: ${BIG_MB} MB, ${messages} messages, ${out.logged} logged, peak RSS ${Math.round(rss / 1024 / 1024)} MB`,
      );
      expect(run.status).toBe(0);
      expect(out.read).toBe(messages);
      expect(out.logged).toBeGreaterThan(0);
      expect(rss).toBeLessThan(BUDGET_BYTES);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
