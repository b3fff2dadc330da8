import type { Store } from '../../src/store/types.js';

/** A test double: the given methods, and every other Store method failing loudly if called. */
export function stubStore(partial: Partial<Store> & { path: string }): Store {
  const missing = (name: string) => async () => {
    throw new Error(`stub store: ${name} not expected`);
  };
  const store = {
    read: missing('read'),
    write: missing('write'),
    undo: missing('undo'),
    history: missing('history'),
    diagnose: missing('diagnose'),
    repair: missing('repair'),
    purge: missing('purge'),
    markPurge: missing('markPurge'),
    // As the file store does when nothing is kept: computed on what read gives.
    answer: async (_key: string, compute: (db: never) => unknown, options?: unknown) =>
      compute((await store.read(options as never)) as never),
    ...partial,
  } as Store;
  return store;
}
