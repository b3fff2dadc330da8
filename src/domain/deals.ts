import { MeldError } from '../errors.js';
import { toDay } from './dates.js';
import { nextId } from './ids.js';
import { findProspect } from './lookup.js';
import { dealRef, parseRef, prospectRef } from './refs.js';
import { isOpenStage, type Db, type Deal, type IsoDay, type Prospect, type Stage, type StageChange } from './types.js';

// Deals: a person has any number of them (a first sale, a renewal, an upsell), each with its own
// stage, stage history, value, lost reason and the campaign it is credited to. What stage a
// PERSON is at is derived from their deals (standingOf): lists, the agenda and filters show that.

/** A new deal's title when none is given: the person's company, else their name. */
export function dealTitle(p: Pick<Prospect, 'name' | 'company'>): string {
  return p.company?.trim() || p.name;
}

/** Deals grouped by their person, each group in id order, in one pass. */
export function dealsByProspect(deals: readonly Deal[]): Map<number, Deal[]> {
  const groups = new Map<number, Deal[]>();
  for (const d of deals) {
    const group = groups.get(d.prospectId);
    if (group) group.push(d);
    else groups.set(d.prospectId, [d]);
  }
  return groups;
}

export function dealsOf(db: Pick<Db, 'deals'>, prospectId: number): Deal[] {
  return db.deals.filter((d) => d.prospectId === prospectId);
}

/**
 * Where a person stands, from their deals:
 * - `stage`: their furthest open deal's stage; else `won` when any deal was won; else `lost`;
 *   null for a person with no deals (shown as `—`; not open, so no "next step" nags).
 * - `valueCents`: the summed value of the deals behind that stage (the open ones; else the won
 *   ones; else the lost ones); null when none of them has a value.
 * - `lostReason`: the reason of their latest lost deal when the stage is `lost`.
 * - `lead`: the deal that gives the stage (the furthest open deal, the latest won or lost one).
 */
export interface Standing {
  stage: Stage | null;
  valueCents: number | null;
  lostReason: string | null;
  lead: Deal | null;
}

const RANK: Record<Stage, number> = { new: 0, contacted: 1, qualified: 2, proposal: 3, won: 4, lost: -1 };

export function standingOf(deals: readonly Deal[]): Standing {
  if (deals.length === 0) return { stage: null, valueCents: null, lostReason: null, lead: null };
  // The group behind the stage: the open deals, else the won ones, else all (lost). Found without
  // building arrays: every list and the agenda ask this of every person (#19).
  let anyOpen = false;
  let anyWon = false;
  for (const d of deals) {
    if (isOpenStage(d.stage)) anyOpen = true;
    else if (d.stage === 'won') anyWon = true;
  }
  let lead: Deal | undefined;
  let value: number | null = null;
  for (const d of deals) {
    if (anyOpen ? !isOpenStage(d.stage) : anyWon && d.stage !== 'won') continue;
    // Open: the furthest along (the older deal on a tie); closed: the latest closed.
    if (lead === undefined || (anyOpen ? RANK[d.stage] > RANK[lead.stage] : closedAt(d) >= closedAt(lead))) lead = d;
    if (d.valueCents !== null) value = (value ?? 0) + d.valueCents;
  }
  // The group is never empty: there are deals, and when none is open or won all are in it.
  return {
    stage: lead!.stage,
    valueCents: value,
    lostReason: lead!.stage === 'lost' ? lead!.lostReason : null,
    lead: lead!,
  };
}

const closedAt = (d: Deal): number => Date.parse(d.history.at(-1)?.at ?? d.createdAt);

/** A prospect with where they stand (standingOf) and their deals: for reading, never saved. */
export interface ProspectView extends Prospect {
  stage: Stage | null;
  valueCents: number | null;
  lostReason: string | null;
  deals: Deal[];
}

/** Every prospect with their standing, in file order: what lists, filters and the agenda read. */
export function viewProspects(db: Pick<Db, 'prospects' | 'deals'>): ProspectView[] {
  const groups = dealsByProspect(db.deals);
  return db.prospects.map((p) => viewOf(p, groups.get(p.id) ?? []));
}

export function viewOf(p: Prospect, deals: Deal[]): ProspectView {
  const s = standingOf(deals);
  // Field by field, not `{ ...p }`: a literal of one shape is built 5-20× faster than a spread
  // of a parsed record, and the agenda makes a view of every prospect on each run (#19).
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    company: p.company,
    phone: p.phone,
    title: p.title,
    campaign: p.campaign,
    tags: p.tags,
    createdAt: p.createdAt,
    fields: p.fields,
    batch: p.batch,
    otherEmails: p.otherEmails,
    otherPhones: p.otherPhones,
    firstSeen: p.firstSeen,
    referredBy: p.referredBy,
    updatedAt: p.updatedAt,
    stage: s.stage,
    valueCents: s.valueCents,
    lostReason: s.lostReason,
    deals,
  };
}

export function viewProspect(db: Pick<Db, 'deals'>, p: Prospect): ProspectView {
  return viewOf(p, dealsOf(db, p.id));
}

/** The sum of the won deals' values (a customer's lifetime value), in cents. */
export function lifetimeValueCents(deals: readonly Deal[]): number {
  let total = 0;
  for (const d of deals) if (d.stage === 'won') total += d.valueCents ?? 0;
  return total;
}

/** The day of the first win among the deals (the first `won` in any deal's history), or null. */
export function customerSince(deals: readonly Deal[]): IsoDay | null {
  let first: string | null = null;
  for (const d of deals) {
    if (d.stage !== 'won') continue;
    const won = d.history.find((h) => h.stage === 'won');
    if (won && (first === null || Date.parse(won.at) < Date.parse(first))) first = won.at;
  }
  return first === null ? null : toDay(new Date(first));
}

export interface DealInput {
  title?: string | null;
  valueCents?: number | null;
  stage?: Stage;
  /** The campaign it is credited to; undefined: the person's source campaign. */
  campaign?: string | null;
  closeBy?: IsoDay | null;
  probability?: number | null;
  /** Why it was lost, when it starts as lost. */
  reason?: string | null;
}

export function checkProbability(value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || value > 100)
    throw new MeldError(`a probability is a percent from 0 to 100, not ${value}`);
}

/** Opens a deal for `prospect`: its history starts at `new` (then the stage, when another). */
export function addDeal(db: Db, prospect: Prospect, input: DealInput, now: Date): Deal {
  const title = input.title?.trim() || dealTitle(prospect);
  if (input.valueCents != null && input.valueCents < 0) throw new MeldError('a deal value cannot be negative');
  checkProbability(input.probability);
  const at = now.toISOString();
  const stage = input.stage ?? 'new';
  const why = stage === 'lost' ? input.reason?.trim() || null : null;
  const history: StageChange[] = [{ stage: 'new', at }];
  if (stage !== 'new') history.push(why ? { stage, at, reason: why } : { stage, at });
  db.lastIds.deal = nextId(db.lastIds.deal, 'deal');
  const deal: Deal = {
    id: db.lastIds.deal,
    prospectId: prospect.id,
    title,
    valueCents: input.valueCents ?? null,
    stage,
    history,
    lostReason: why,
    campaign: input.campaign === undefined ? prospect.campaign : input.campaign,
    probability: input.probability ?? null,
    closeBy: input.closeBy ?? null,
    closeByChanges: [],
    createdAt: at,
    updatedAt: at,
  };
  db.deals.push(deal);
  return deal;
}

/**
 * Moves a deal to a stage and appends it to the history; `lost` needs a reason. With `correct`
 * the last stage step is replaced instead (a mis-click leaves no trace in the funnel, periods or
 * speed): back to the stage before it, the step is simply dropped.
 */
export function moveDeal(
  deal: Deal,
  stage: Stage,
  now: Date,
  reason?: string | null,
  opts: { correct?: boolean; who?: string } = {},
): void {
  const who = opts.who ?? dealRef(deal.id);
  if (stage === deal.stage) throw new MeldError(`${who} is already at ${stage}`);
  const why = reason?.trim() || null;
  if (stage === 'lost' && !why) {
    throw new MeldError(`marking ${who} lost needs a reason`, { hint: 'pass --reason "<why>"' });
  }
  const at = now.toISOString();
  if (opts.correct) {
    const last = deal.history.at(-1)!;
    const before = deal.history.at(-2);
    if (before && before.stage === stage && !why) deal.history.pop();
    else if (deal.history.length === 1)
      deal.history[0] = why ? { stage, at: last.at, reason: why } : { stage, at: last.at };
    else deal.history[deal.history.length - 1] = why ? { stage, at: last.at, reason: why } : { stage, at: last.at };
  } else {
    deal.history.push(why ? { stage, at, reason: why } : { stage, at });
  }
  deal.stage = stage;
  deal.lostReason = stage === 'lost' ? why : isOpenStage(stage) ? null : deal.lostReason;
  deal.updatedAt = at;
}

export interface DealChanges {
  title?: string;
  valueCents?: number | null;
  campaign?: string | null;
  closeBy?: IsoDay | null;
  probability?: number | null;
}

/** Updates the given fields; returns the names of those that changed. A close-by day moved later
 * (a push) is recorded in closeByChanges. */
export function editDeal(deal: Deal, changes: DealChanges, now: Date): string[] {
  const changed: string[] = [];
  const at = now.toISOString();
  if (changes.title !== undefined) {
    const title = changes.title.trim();
    if (title === '') throw new MeldError('a deal needs a title');
    if (title !== deal.title) changed.push('title');
    deal.title = title;
  }
  if (changes.valueCents !== undefined && changes.valueCents !== deal.valueCents) {
    if (changes.valueCents !== null && changes.valueCents < 0) throw new MeldError('a deal value cannot be negative');
    changed.push('value');
    deal.valueCents = changes.valueCents;
  }
  if (changes.campaign !== undefined && changes.campaign !== deal.campaign) {
    changed.push('campaign');
    deal.campaign = changes.campaign;
  }
  if (changes.closeBy !== undefined && changes.closeBy !== deal.closeBy) {
    if (deal.closeBy !== null && changes.closeBy !== null && changes.closeBy > deal.closeBy)
      deal.closeByChanges.push({ at, from: deal.closeBy, to: changes.closeBy });
    changed.push('close-by');
    deal.closeBy = changes.closeBy;
  }
  if (changes.probability !== undefined && changes.probability !== deal.probability) {
    checkProbability(changes.probability);
    changed.push('probability');
    deal.probability = changes.probability;
  }
  if (changed.length > 0) deal.updatedAt = at;
  return changed;
}

/** The deal whose last stage step is the latest (the higher id on a tie). */
function lastMoved(deals: readonly Deal[]): Deal {
  let last = deals[0]!;
  for (const d of deals) if (Date.parse(d.history.at(-1)!.at) >= Date.parse(last.history.at(-1)!.at)) last = d;
  return last;
}

export function removeDeal(db: Db, deal: Deal): void {
  db.deals = db.deals.filter((d) => d.id !== deal.id);
}

/**
 * What a caller of theDeal does with the deal, for the hint that names the command to do it to
 * one deal: `move` (prospect stage, log --stage, prospect edit --stage: `meld deal stage`),
 * `correct` (--correct: the deal moved last), or `{ edit }` with the flags as typed (prospect
 * edit --value 900: `meld deal edit d5 --value 900`).
 */
export type DealAction = 'move' | 'correct' | { edit: string };

/**
 * The one deal `prospect stage` and `prospect edit --value` act on: the person's one open deal;
 * with no open deal but exactly one deal, that one (a won or lost person moved back, as before
 * deals). Refused with two or more open deals (naming them) or none that fits (saying how to
 * open one, and the command that does `action` to one deal).
 */
export function theDeal(db: Pick<Db, 'deals'>, prospect: Prospect, action: DealAction = 'move'): Deal {
  const deals = dealsOf(db, prospect.id);
  // A correction undoes a mis-click: it is about the deal moved last, open or not, however many
  // the person has (a renewal won by mistake leaves no open deal to pick).
  if (action === 'correct' && deals.length > 0) return lastMoved(deals);
  const open = deals.filter((d) => isOpenStage(d.stage));
  const who = `${prospectRef(prospect.id)} ${prospect.name}`;
  const verb = typeof action === 'string' ? action : 'edit';
  const command = (d: Deal) =>
    typeof action === 'string'
      ? `meld deal stage ${dealRef(d.id)} <stage>`
      : `meld deal edit ${dealRef(d.id)} ${action.edit}`;
  if (open.length === 1) return open[0]!;
  if (open.length > 1) {
    throw new MeldError(`${who} has ${open.length} open deals (${open.map((d) => dealRef(d.id)).join(', ')})`, {
      hint: `${verb} one of them: ${command(open[0]!)}`,
    });
  }
  if (deals.length === 1) return deals[0]!;
  if (deals.length === 0) {
    throw new MeldError(`${who} has no deal`, {
      hint: `open one: meld deal add ${prospect.id} "<title>" [--value <amount>]`,
    });
  }
  throw new MeldError(`${who} has no open deal (${deals.map((d) => `${dealRef(d.id)} ${d.stage}`).join(', ')})`, {
    hint: `open one with meld deal add ${prospect.id} "<title>", or ${verb} a closed one: ${command(deals.at(-1)!)}`,
  });
}

/**
 * Deals by reference (`d3`, or a bare `3`), in the order given (a repeat counted once). Any
 * unknown one refuses the lot, naming every one unknown, so a bulk command writes all or nothing.
 * A prospect (`#3`, a name, an email) where a deal is expected is refused with that person's deals.
 */
export function findDeals(db: Pick<Db, 'deals' | 'prospects'>, refs: readonly string[]): Deal[] {
  const found: Deal[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const number = /^\s*#(\d+)\s*$/.exec(ref);
    if (number || !/^\s*d?\d+\s*$/i.test(ref)) {
      // `#3`, or a name or email of one prospect: point at that person's deals.
      const looked = number ? null : findProspect(db.prospects, ref);
      const p = number
        ? db.prospects.find((x) => x.id === Number(number[1]))
        : looked?.kind === 'one'
          ? looked.item
          : undefined;
      if (number || p) {
        const theirs = p ? dealsOf(db, p.id).map((d) => dealRef(d.id)) : [];
        const shown = number ? prospectRef(Number(number[1])) : `"${ref.trim().slice(0, 40)}"`;
        throw new MeldError(`${shown} is a prospect; deals are named d<number>`, {
          hint: !p
            ? 'run `meld deal list` to see the deal numbers'
            : theirs.length > 0
              ? `${prospectRef(p.id)} ${p.name}'s deals: ${theirs.join(', ')}`
              : `${prospectRef(p.id)} ${p.name} has no deal`,
        });
      }
    }
    const id = parseRef('deal', ref);
    const hit = db.deals.find((d) => d.id === id);
    if (!hit) unknown.push(dealRef(id));
    else if (!found.includes(hit)) found.push(hit);
  }
  if (unknown.length > 0) {
    throw new MeldError(`no deal ${unknown.join(', ')}${refs.length > 1 ? '; nothing was changed' : ''}`, {
      hint: 'run `meld deal list` to see them',
    });
  }
  return found;
}

export function findDeal(db: Pick<Db, 'deals' | 'prospects'>, ref: string): Deal {
  return findDeals(db, [ref])[0]!;
}

/** Which deals `deal list` shows; an absent field does not filter. */
export interface DealFilter {
  prospectId?: number;
  /** Any of these stages. */
  stages?: readonly Stage[];
  /** Credited to any of these campaigns (null: to none). */
  campaigns?: readonly (string | null)[];
  /** open: new to proposal; won; lost. */
  status?: 'open' | 'won' | 'lost';
}

export function filterDeals(deals: readonly Deal[], f: DealFilter): Deal[] {
  return deals.filter(
    (d) =>
      (f.prospectId === undefined || d.prospectId === f.prospectId) &&
      (f.stages === undefined || f.stages.includes(d.stage)) &&
      (f.campaigns === undefined || f.campaigns.includes(d.campaign)) &&
      (f.status === undefined || (f.status === 'open' ? isOpenStage(d.stage) : d.stage === f.status)),
  );
}

/** How many deals are open, won and lost, and their summed values (deals without one add nothing). */
export interface DealTotals {
  count: number;
  open: { count: number; cents: number };
  won: { count: number; cents: number };
  lost: { count: number; cents: number };
}

export function dealTotals(deals: readonly Deal[]): DealTotals {
  const t: DealTotals = {
    count: deals.length,
    open: { count: 0, cents: 0 },
    won: { count: 0, cents: 0 },
    lost: { count: 0, cents: 0 },
  };
  for (const d of deals) {
    const bucket = isOpenStage(d.stage) ? t.open : d.stage === 'won' ? t.won : t.lost;
    bucket.count += 1;
    bucket.cents += d.valueCents ?? 0;
  }
  return t;
}
