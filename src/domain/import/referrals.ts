// Who referred whom, once every row of an import is planned (a referral cell may name a later
// row): `#12`/`12` (a row id of meld's export, else an id on file), an email, or a name exactly
// one person has. A cell naming no one, or several people, is kept as text in the person's
// fields with a warning; one naming the person themselves, or someone they referred (a loop),
// is ignored with a warning. A referrer is only ever filled in. Pure.
import type { Prospect } from '../types.js';
import { ownValue } from '../own.js';
import { nameMatchKey } from './dedupe.js';
import { COUNT, type Counts, type Duplicate, duplicateOutcome, type RowAction } from './outcome.js';
import type { CellWarning } from './rows.js';

/** A row naming who referred the person, resolved once every row is planned. */
export interface ReferralCell {
  text: string;
  column: string;
  /** The prospect the row added, or the one it was a duplicate of. */
  prospect: Prospect;
  outcome: { action: RowAction; detail: string | null; warnings: CellWarning[] };
  /** Set when the row was a duplicate. */
  duplicate: Duplicate | null;
}

/** What of the plan referrals read and complete. */
export interface ReferralPlan {
  onFile: readonly Prospect[];
  /** The prospects the import adds: completed in place. */
  added: readonly Prospect[];
  counts: Counts;
  /** The line of the file that planned a prospect the import adds; undefined for one on file. */
  lineOf(p: Prospect): number | undefined;
  /** Who each id of the file (meld's export) turned out to be. */
  byFileId: ReadonlyMap<number, Prospect>;
  emailHolder(email: string): Prospect | undefined;
  /** The planned fill of a prospect on file, if any; fillOf makes one. */
  filled(p: Prospect): { referredBy?: number; fields?: Record<string, string> } | undefined;
  fillOf(p: Prospect): { referredBy?: number; fields?: Record<string, string> };
}

export function resolveReferrals(cells: readonly ReferralCell[], plan: ReferralPlan): void {
  if (cells.length === 0) return;
  const everyone = [...plan.onFile, ...plan.added];
  const byId = new Map(everyone.map((p) => [p.id, p]));
  const byName = new Map<string, Prospect[]>();
  for (const p of everyone) {
    const key = nameMatchKey(p.name);
    const list = byName.get(key);
    if (list) list.push(p);
    else byName.set(key, [p]);
  }
  const referrerOf = (p: Prospect) => p.referredBy ?? plan.filled(p)?.referredBy ?? null;
  const loops = (p: Prospect, referrer: Prospect) => {
    const seen = new Set<Prospect>();
    for (let q: Prospect | undefined = referrer; q && !seen.has(q); ) {
      if (q === p) return true;
      seen.add(q);
      const next = referrerOf(q);
      q = next === null ? undefined : byId.get(next);
    }
    return false;
  };
  for (const cell of cells) {
    const { prospect: p, text } = cell;
    // A new list: the row's may be the candidate's own (or the empty one rows share).
    const warn = (message: string) => {
      cell.outcome.warnings = [...cell.outcome.warnings, { column: cell.column, message }];
    };
    const found = findReferrer(plan, text, byId, byName);
    if ('problem' in found) {
      keepReferralText(plan, cell);
      warn(`referrer ${found.problem}, kept as text`);
    } else if (found.prospect === p) warn(`referrer "${text}" is this person, ignored`);
    else if (loops(p, found.prospect)) warn(`referrer "${text}" was referred by this person, ignored`);
    else if (referrerOf(p) === null) {
      if (plan.lineOf(p) !== undefined) p.referredBy = found.prospect.id;
      else plan.fillOf(p).referredBy = found.prospect.id;
      filledLater(plan, cell, 'referred by');
    }
  }
}

/** The prospect a referral cell names, or why none. */
function findReferrer(
  plan: ReferralPlan,
  text: string,
  byId: ReadonlyMap<number, Prospect>,
  byName: ReadonlyMap<string, Prospect[]>,
): { prospect: Prospect } | { problem: string } {
  const id = /^#?\s*(\d{1,9})$/.exec(text);
  if (id) {
    const hit = plan.byFileId.get(Number(id[1])) ?? byId.get(Number(id[1]));
    return hit ? { prospect: hit } : { problem: `#${id[1]} is not a prospect on file or in this file` };
  }
  if (text.includes('@')) {
    const hit = plan.emailHolder(text);
    return hit ? { prospect: hit } : { problem: `"${text}" is no one's email on file or in this file` };
  }
  const named = byName.get(nameMatchKey(text)) ?? [];
  if (named.length === 1) return { prospect: named[0]! };
  if (named.length === 0) return { problem: `"${text}" names no one on file or in this file` };
  const who = named.slice(0, 3).map((q) => {
    const line = plan.lineOf(q);
    return line !== undefined ? `line ${line}` : `#${q.id}`;
  });
  const more = named.length > 3 ? ` and ${named.length - 3} more` : '';
  return { problem: `"${text}" names ${named.length} people (${who.join(', ')}${more})` };
}

/** An unresolved referral cell is kept in the person's fields, like any cell meld cannot read. */
function keepReferralText(plan: ReferralPlan, cell: ReferralCell): void {
  const { prospect: p, column, text } = cell;
  if (cell.duplicate === null || plan.lineOf(p) !== undefined) {
    const had = ownValue(p.fields, column);
    if (had === text) return;
    // A new object: the row's may be the candidate's own (or the empty one rows share).
    p.fields = { ...p.fields, [column]: had ? `${had} ::: ${text}` : text };
    if (cell.duplicate !== null) filledLater(plan, cell, column);
    return;
  }
  const fill = plan.filled(p);
  if (Object.hasOwn(p.fields, column) || (fill?.fields && Object.hasOwn(fill.fields, column))) return;
  const target = plan.fillOf(p);
  target.fields = { ...target.fields, [column]: text };
  filledLater(plan, cell, column);
}

/** A duplicate row's report line, once its referral cell filled something. */
function filledLater(plan: ReferralPlan, cell: ReferralCell, what: string): void {
  const { duplicate, outcome } = cell;
  if (!duplicate || duplicate.filled === null) return;
  duplicate.filled.push(what);
  const { action, detail } = duplicateOutcome(duplicate);
  if (action !== outcome.action) {
    plan.counts[COUNT[outcome.action]]--;
    plan.counts[COUNT[action]]++;
    outcome.action = action;
  }
  outcome.detail = detail;
}
