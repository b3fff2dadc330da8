import { MeldError } from '../errors.js';

/*
 * "Confirm what was shown": a prompt names a record ("Remove #43 Ana Souza?"), and while the
 * person reads it another meld may undo, edit or re-create #43. A command that asked keeps the
 * fingerprint of what it showed and, inside its Store.write (under the lock), compares it with
 * the record as it is now; if they differ it refuses rather than act on something not shown.
 *
 *   const shown = fingerprint(view(db, found));          // before the prompt
 *   await store.write((db) => {
 *     const now = db.prospects.find((p) => p.id === found.id);
 *     assertSameAsShown(shown, now && view(db, now), `#${found.id} ${found.name}`);
 *     ...
 *   });
 */

/** Any JSON value as text with object keys sorted: equal content gives equal text. */
export function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * Throws when the record is gone or differs from what was shown (`shown`: its fingerprint).
 * `current` is undefined when no record has that id any more.
 */
export function assertSameAsShown(shown: string, current: unknown, what: string): void {
  if (current === undefined) {
    throw new MeldError(
      `${what} no longer exists (another meld changed the file while you were asked); nothing was changed`,
    );
  }
  if (fingerprint(current) !== shown) {
    throw new MeldError(`${what} changed while you were asked (another meld changed the file); nothing was changed`, {
      hint: 'run the command again to see it as it is now',
    });
  }
}
