import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/store.js';
import type { Store } from '../../src/store/types.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

/** The file store, counting the reads a command makes besides the one inside its change. */
function countingStore(path: string): { store: Store; reads: () => number } {
  const inner = new FileStore(path);
  let reads = 0;
  const store = Object.create(inner) as Store;
  store.read = (options) => {
    reads++;
    return inner.read(options);
  };
  return { store, reads: () => reads };
}

describe('meld log reads the file once (#19)', () => {
  it('resolves the person inside its change, unless it has to ask why a deal was lost', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--value', '900']]);
    const plain = countingStore(db);
    const logged = await runMeld(['log', 'ana', 'called', '--stage', 'qualified'], { db, store: plain.store });
    expect(logged.exitCode).toBe(0);
    expect(logged.stderr).toContain('Logged note a1 with Ana Souza (#1)');
    expect(plain.reads()).toBe(0);

    const lost = countingStore(db);
    const refused = await runMeld(['log', 'ana', 'no budget', '--stage', 'lost'], { db, store: lost.store });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('needs a reason');
    expect(lost.reads()).toBe(1);

    const unknown = await runMeld(['log', 'nobody', 'called'], { db });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toMatch(/nobody/);
  });
});
