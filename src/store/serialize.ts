import type { Db } from '../domain/types.js';

/**
 * Numbers by value, text ids (campaigns) by code unit: the same order on every machine. It was
 * localeCompare, which let the user's locale order a file two devices share (and cost a save
 * ICU's start, 10-20 ms).
 */
const byId = (a: { id: number | string }, b: { id: number | string }) => {
  if (typeof a.id === 'number' && typeof b.id === 'number') return a.id - b.id;
  const x = String(a.id);
  const y = String(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The list in id order: the list itself when it is in that order already (as meld keeps it: a
 * stable sort would give the same order, and copying and sorting 20,000 records costs a save
 * ~5 ms), else a sorted copy.
 */
function sortedById<T extends { id: number | string }>(list: T[]): T[] {
  for (let i = 1; i < list.length; i++) if (byId(list[i - 1]!, list[i]!) > 0) return [...list].sort(byId);
  return list;
}

/** Records in id order and one field per line, so two versions of the file diff readably. */
export function serializeDb(db: Db): string {
  return `${JSON.stringify(orderedDb(db), null, 2)}\n`;
}

/** Records per piece of serializePieces: a few hundred KB. */
const PER_PIECE = 500;
const WRAP_HEAD = '{\n  "k": [\n    ';
const WRAP_TAIL = '\n  ]\n}';

/**
 * serializeDb's text in pieces of a few hundred KB (joined, they are exactly that text), so a
 * save never holds the whole text at once: a 60 MB file is a 120 MB string in memory when one
 * name in it is not Latin-1. `edge` learns where each top-level value starts and ends between
 * the pieces. A value nested too deep throws RangeError, as JSON.stringify does.
 */
export function* serializePieces(db: Db, edge?: (key: string, at: 'start' | 'end') => void): Generator<string> {
  let first = true;
  yield '{';
  for (const [key, value] of Object.entries(orderedDb(db))) {
    const head = `${first ? '\n' : ',\n'}  ${JSON.stringify(key)}: `;
    if (Array.isArray(value)) {
      yield head;
      edge?.(key, 'start');
      if (value.length === 0) yield '[]';
      else {
        for (let i = 0; i < value.length; i += PER_PIECE) {
          // The records as they stand in the file, indented by JSON.stringify itself: a run of
          // them stringified inside an array inside an object, `{"k": [ … ]}`, is exactly the
          // file's text for them between WRAP_HEAD and WRAP_TAIL (2x faster than stringifying
          // each record and indenting it with a replace). The slice is yielded on its own: joined
          // to the separator it would be copied whole once more.
          const text = JSON.stringify({ k: value.slice(i, i + PER_PIECE) }, null, 2);
          yield i === 0 ? '[\n    ' : ',\n    ';
          yield text.slice(WRAP_HEAD.length, text.length - WRAP_TAIL.length);
        }
        yield '\n  ]';
      }
    } else {
      const text = JSON.stringify(value, null, 2);
      if (text === undefined) continue; // a key JSON.stringify leaves out
      yield head;
      edge?.(key, 'start');
      yield text.replace(/\n/g, '\n  ');
    }
    edge?.(key, 'end');
    first = false;
  }
  yield first ? '}\n' : '\n}\n';
}

/** The data in the order the file holds it (what loading the saved file gives back). */
export function orderedDb(db: Db): Db {
  // Keys meld does not know (added by hand or by a newer tool) are kept, after its own.
  const { version, lastIds, config, campaigns, prospects, followUps, activities, ...unknown } = db;
  return {
    version,
    lastIds,
    config,
    campaigns: sortedById(campaigns),
    prospects: sortedById(prospects),
    followUps: sortedById(followUps),
    activities: sortedById(activities),
    ...unknown,
  };
}
