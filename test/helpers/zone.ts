import { afterAll, beforeAll } from 'vitest';
import { useBusinessZone } from '../../src/context.js';

/**
 * For a test file of domain functions written for one calendar: makes `zone` the business time
 * zone (the process's zone, as a command does before it runs) for the file's tests, and puts the
 * reader's zone (MELD_TEST_TZ) back after them. Commands need none of this: they take the zone
 * from the data file.
 */
export function businessZone(zone: string): void {
  // At once too: a file may work figures out while its tests are collected.
  const restore = useBusinessZone(zone);
  beforeAll(() => {
    process.env.TZ = zone;
  });
  afterAll(() => restore());
}

/** Runs `fn` with `zone` as the process's zone (a reader somewhere else), then puts it back. */
export async function inReaderZone<T>(zone: string, fn: () => Promise<T>): Promise<T> {
  const restore = useBusinessZone(zone);
  try {
    return await fn();
  } finally {
    restore();
  }
}
