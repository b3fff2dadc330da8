import type { Db } from '../domain/types.js';

const byId = (a: { id: number | string }, b: { id: number | string }) =>
  typeof a.id === 'number' && typeof b.id === 'number' ? a.id - b.id : String(a.id).localeCompare(String(b.id));

/** Records in id order and one field per line, so two versions of the file diff readably. */
export function serializeDb(db: Db): string {
  const ordered: Db = {
    version: db.version,
    lastIds: db.lastIds,
    config: db.config,
    campaigns: [...db.campaigns].sort(byId),
    prospects: [...db.prospects].sort(byId),
    followUps: [...db.followUps].sort(byId),
    activities: [...db.activities].sort(byId),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
