/** What the record merge decided, for the commands that report it. */

export type Side = 'ours' | 'theirs';
export type Db = Record<string, unknown>;

export interface Conflict {
  collection: string;
  /** `#12`, `f20`, a campaign slug; `config` for a setting. */
  ref: string;
  title: string;
  field: string;
  kept: unknown;
  other: unknown;
  keptFrom: Side;
  /** The kept value's change was the later one (false: both at the same time, ours kept). */
  later: boolean;
  /** The activity or record where the other value was written down (`a58`), or null. */
  noted: string | null;
  /** The whole conflict in words: `value of #12: kept $200 (changed later), $100 noted`. */
  text: string;
}

export interface Renumbered {
  collection: string;
  from: number;
  to: number;
  title: string;
  /** `#43 Ana Souza (theirs) → #57` */
  text: string;
}

export interface Kept {
  collection: string;
  ref: string;
  title: string;
  removedOn: Side;
  /** `changed`: edited on the other side; `referenced`: a kept record points at it; `with-owner`: its person was kept. */
  why: 'changed' | 'referenced' | 'with-owner';
  text: string;
}

export interface MergeReport {
  conflicts: Conflict[];
  renumbered: Renumbered[];
  kept: Kept[];
  /** The note activities the merge added to write down conflicts (not news from the other side). */
  notes: number[];
}

export interface MergeResult {
  db: Db;
  report: MergeReport;
}
