/*
 * The record merge's view of the data file: which collections hold records, how their ids are
 * counted, what makes a record added on two devices "the same one", and which fields point at
 * other records. A new collection is one entry in COLLECTIONS; nothing else in the merge names
 * a collection.
 */

/** A record as the merge sees it: a plain JSON object with an `id`. */
export type Rec = Record<string, unknown> & { id: number | string };

export interface RefSpec {
  /** The field holding the id of another record (null when it points nowhere). */
  field: string;
  /** The collection it points into. */
  to: string;
  /**
   * The record cannot live without the one it points at (a follow-up without its person): when
   * that one is kept against a removal, records removed with it come back too.
   */
  owner?: boolean;
}

export interface CollectionSpec {
  /** The key in the data file: `prospects`. */
  key: string;
  /** The key in `lastIds` for numbered records; null for records with a slug id (campaigns). */
  counter: string | null;
  /** How a record is named to the owner: `#12`, `d3`, `f20`, `a7`, a campaign's slug. */
  ref: (id: number | string) => string;
  /** One record, several records: in "2 prospects added". */
  words: [string, string];
  /**
   * What makes a record added on both sides with the same id one and the same record (both
   * devices had it, say from a conflict copy with no common version): its creation time.
   * Different identities are two records, and the second gets the next free id.
   */
  identity: (r: Rec) => string;
  /** A short name for messages: `#12 Ana Souza`. */
  title: (r: Rec) => string;
  refs: RefSpec[];
  /**
   * Fields that change together (a stage and its lost reason; a follow-up's status, when it was
   * closed and why): when both sides changed one of them, the later side's whole group is kept.
   */
  groups: string[][];
  /** Object fields merged key by key (a record's own columns); other objects are one value. */
  maps: string[];
  /**
   * Where the value that lost a conflict is written down for the owner to see: a note activity
   * on the person the record belongs to (the field holding that person's id), or an entry in the
   * record's own `adjustments`.
   */
  notedIn: { activityFor: string } | 'adjustments';
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const named = (prefix: string) => (r: Rec) => {
  const name = str(r.name) || str(r.title);
  return name ? `${prefix}${r.id} ${name}` : `${prefix}${r.id}`;
};

export const COLLECTIONS: CollectionSpec[] = [
  {
    key: 'campaigns',
    counter: null,
    ref: (id) => String(id),
    words: ['campaign', 'campaigns'],
    identity: (r) => str(r.createdAt),
    title: (r) => (str(r.name) && r.name !== r.id ? `${r.id} (${str(r.name)})` : String(r.id)),
    refs: [],
    groups: [],
    maps: [],
    notedIn: 'adjustments',
  },
  {
    key: 'prospects',
    counter: 'prospect',
    ref: (id) => `#${id}`,
    words: ['prospect', 'prospects'],
    identity: (r) => str(r.createdAt),
    title: named('#'),
    refs: [
      { field: 'campaign', to: 'campaigns' },
      { field: 'referredBy', to: 'prospects' },
    ],
    // Schema 3 kept the pipeline on the person; schema 4 moves it to deals.
    groups: [['stage', 'lostReason']],
    maps: ['fields'],
    notedIn: { activityFor: 'id' },
  },
  {
    key: 'deals',
    counter: 'deal',
    ref: (id) => `d${id}`,
    words: ['deal', 'deals'],
    identity: (r) => str(r.createdAt),
    title: named('d'),
    refs: [
      { field: 'prospectId', to: 'prospects', owner: true },
      { field: 'campaign', to: 'campaigns' },
    ],
    groups: [['stage', 'lostReason']],
    maps: [],
    notedIn: { activityFor: 'prospectId' },
  },
  {
    key: 'followUps',
    counter: 'followUp',
    ref: (id) => `f${id}`,
    words: ['follow-up', 'follow-ups'],
    identity: (r) => str(r.createdAt),
    title: (r) => `f${r.id}`,
    refs: [
      { field: 'prospectId', to: 'prospects', owner: true },
      { field: 'dealId', to: 'deals' },
    ],
    groups: [['status', 'doneAt', 'outcome']],
    maps: [],
    notedIn: { activityFor: 'prospectId' },
  },
  {
    key: 'activities',
    counter: 'activity',
    ref: (id) => `a${id}`,
    words: ['activity', 'activities'],
    // Activities carry no creation time: when it happened, what and for whom.
    identity: (r) => `${str(r.at)}|${str(r.type)}|${String(r.prospectId)}`,
    title: (r) => `a${r.id}`,
    refs: [
      { field: 'prospectId', to: 'prospects', owner: true },
      { field: 'campaign', to: 'campaigns' },
      { field: 'dealId', to: 'deals' },
    ],
    groups: [],
    maps: ['mail'],
    notedIn: { activityFor: 'prospectId' },
  },
];

/** The collections present in a data file (a schema-3 file has no deals). */
export function collectionsOf(...dbs: Array<Record<string, unknown>>): CollectionSpec[] {
  return COLLECTIONS.filter((c) => dbs.some((db) => Array.isArray(db[c.key])));
}

export const specFor = (key: string): CollectionSpec => {
  const spec = COLLECTIONS.find((c) => c.key === key);
  if (!spec) throw new Error(`no collection ${key}`);
  return spec;
};
