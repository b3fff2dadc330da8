import type { Db } from '../domain/types.js';

const byId = (a: { id: number | string }, b: { id: number | string }) =>
  typeof a.id === 'number' && typeof b.id === 'number' ? a.id - b.id : String(a.id).localeCompare(String(b.id));

/** Records in id order and one field per line, so two versions of the file diff readably. */
export function serializeDb(db: Db): string {
  return `${JSON.stringify(orderedDb(db), null, 2)}\n`;
}

/** The data in the order the file holds it (what loading the saved file gives back). */
export function orderedDb(db: Db): Db {
  // Keys meld does not know (added by hand or by a newer tool) are kept, after its own.
  const { version, lastIds, config, campaigns, prospects, followUps, activities, ...unknown } = db;
  return {
    version,
    lastIds,
    config,
    campaigns: [...campaigns].sort(byId),
    prospects: [...prospects].sort(byId),
    followUps: [...followUps].sort(byId),
    activities: [...activities].sort(byId),
    ...unknown,
  };
}
