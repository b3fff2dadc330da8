import { dealsOf, standingOf } from './deals.js';
import type { Db, Prospect, Stage } from './types.js';
import { compareIso } from './dates.js';

export interface ProspectRef {
  id: number;
  name: string;
}

export interface Referral extends ProspectRef {
  /** Where their deals leave them (deals.ts standingOf); null with no deals. */
  stage: Stage | null;
  valueCents: number | null;
}

export interface ProspectRelations {
  /** Campaigns that touched the prospect (activities logged with --campaign), first touch first. */
  touchedBy: Array<{ id: string; name: string }>;
  /** Who referred them; null when nobody (a referrer removed since shows as `#id`). */
  referredBy: ProspectRef | null;
  /** Whom they referred, by id. */
  referrals: Referral[];
}

/** Influence and referrals around one prospect, for `prospect show`. */
export function prospectRelations(
  db: Pick<Db, 'activities' | 'campaigns' | 'prospects' | 'deals'>,
  p: Prospect,
): ProspectRelations {
  const names = new Map(db.campaigns.map((c) => [c.id, c.name]));
  const touched = db.activities
    .filter((a) => a.prospectId === p.id && a.campaign !== null)
    .sort((a, b) => compareIso(a.at, b.at) || a.id - b.id);
  const touchedBy = [...new Set(touched.map((a) => a.campaign!))].map((id) => ({ id, name: names.get(id) ?? id }));
  const referrer = p.referredBy === null ? undefined : db.prospects.find((q) => q.id === p.referredBy);
  return {
    touchedBy,
    referredBy: p.referredBy === null ? null : { id: p.referredBy, name: referrer?.name ?? `#${p.referredBy}` },
    referrals: db.prospects
      .filter((q) => q.referredBy === p.id)
      .sort((a, b) => a.id - b.id)
      .map((q) => {
        const s = standingOf(dealsOf(db, q.id));
        return { id: q.id, name: q.name, stage: s.stage, valueCents: s.valueCents };
      }),
  };
}

/**
 * Checks a new referrer for `prospect`: not itself, and not someone it referred (directly or
 * down the line), so "who referred whom" never loops.
 */
export function referralLoop(db: Pick<Db, 'prospects'>, prospect: Prospect, referrer: Prospect): boolean {
  const byId = new Map(db.prospects.map((q) => [q.id, q]));
  const seen = new Set<number>();
  for (let q: Prospect | undefined = referrer; q; q = q.referredBy === null ? undefined : byId.get(q.referredBy)) {
    if (q.id === prospect.id) return true;
    if (seen.has(q.id)) return false;
    seen.add(q.id);
  }
  return false;
}
