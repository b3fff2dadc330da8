import { dealsByProspect } from '../deals.js';
import type { Db, Deal } from '../types.js';

// The `--json` shapes (also what `meld export` writes), one module per noun as docs/json.md's
// sections are: stable field names, money in major units. Pure data, no I/O and no terminal
// formatting, so the commands and the domain exporters share them.
// A reference to another record is `{id, name}` (or null): never a bare id (docs/json.md, References).

export interface Ref<Id> {
  id: Id;
  name: string | null;
}

/** Looks up the names references carry; build one per output (`jsonRefs(db)`), after any change. */
export interface Refs {
  campaign(id: string | null): Ref<string> | null;
  prospect(id: number): Ref<number>;
  /** A person's deals, in id order. */
  dealsOf(prospectId: number): Deal[];
}

/** References into `db`, its name maps built on first use (a list of 20,000 looks each up once). */
export function jsonRefs(db: Pick<Db, 'campaigns' | 'prospects' | 'deals'>): Refs {
  let campaigns: Map<string, string> | undefined;
  let prospects: Map<number, string> | undefined;
  let deals: Map<number, Deal[]> | undefined;
  return {
    dealsOf: (prospectId) => {
      deals ??= dealsByProspect(db.deals);
      return deals.get(prospectId) ?? [];
    },
    campaign: (id) => {
      if (id === null) return null;
      campaigns ??= new Map(db.campaigns.map((c) => [c.id, c.name]));
      return { id, name: campaigns.get(id) ?? null };
    },
    prospect: (id) => {
      prospects ??= new Map(db.prospects.map((p) => [p.id, p.name]));
      return { id, name: prospects.get(id) ?? null };
    },
  };
}
