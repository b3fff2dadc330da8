import { describe, expect, it } from 'vitest';
import { cleanLine } from '../../src/ui/sanitize.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

describe('names that show nothing', () => {
  it('a prospect or campaign name of only zero-width, NUL or other invisible characters is refused', async () => {
    for (const name of ['\u200b\u200b', '\u0000', '\u200d\u2060\ufeff', '\u3164', ' \u00a0\u200e ']) {
      const r = await runMeld(['add-prospect', name]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe('error: a prospect needs a name that shows: this one has only invisible characters\n');
      const c = await runMeld(['campaign', 'add', name]);
      expect(c.exitCode).toBe(1);
    }
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana']]);
    const edit = await runMeld(['prospect', 'edit', '1', '--name', '\u200b'], { db });
    expect(edit.stderr).toBe('error: a prospect needs a name that shows: this one has only invisible characters\n');
  });

  it('zero-width and other invisible characters reach the terminal as a visible mark, emoji joiners stay', async () => {
    expect(cleanLine('Ana\u200b Souza\u200e\u2060\ufeff')).toBe('Ana\ufffd Souza\ufffd\ufffd\ufffd');
    expect(cleanLine('a\u200db \u00ad')).toBe('a\ufffdb \ufffd');
    expect(cleanLine('👩\u200d💻 ❤️\u200d🔥')).toBe('👩\u200d💻 ❤️\u200d🔥');
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana\u200b']]);
    const list = await runMeld(['prospect', 'list'], { db });
    expect(list.stdout).toContain('Ana\ufffd');
  });
});

describe('amounts', () => {
  it('a negative amount that is not an amount is echoed with its sign', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Web']]);
    const r = await runMeld(['campaign', 'spend', 'web', '-.5'], { db });
    expect(r.stderr).toBe('error: <amount> must be an amount like 1200 or 1200.50, got "-.5"\n');
  });

  it('takes amounts up to 99,999,999,999.99 (under 10^13 cents, as the docs say) and refuses 100 billion', async () => {
    const ok = await runMeld(['add-prospect', 'Big Deal', '--value', '99,999,999,999.99', '--json']);
    expect(ok.exitCode).toBe(0);
    expect(ok.db?.deals[0]?.valueCents).toBe(9_999_999_999_999);
    const big = await runMeld(['add-prospect', 'Bigger', '--value', '100000000000']);
    expect(big.stderr).toBe('error: --value is too large: "100000000000" (amounts stay below 100,000,000,000)\n');
  });
});

describe('imported names that show nothing', () => {
  it('a row whose name is only NUL or zero-width characters is rejected, or named by its email', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join, dirname } = await import('node:path');
    const db = tempDbPath();
    const csv = join(dirname(db), 'people.csv');
    writeFileSync(csv, 'name,email\n\u0000\u0000,\n\u200b\u200b,zed@example.com\nAna,ana@example.com\n');
    const r = await runMeld(['import', csv, '--json'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.db?.prospects.map((p) => p.name)).toEqual(['zed@example.com', 'Ana']);
  });
});
