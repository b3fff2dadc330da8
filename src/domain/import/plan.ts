// Planning an import of people, and the door to it: what a plan is (./import-plan.ts), how
// rows become one (planImport, below) and how it is applied (./apply.ts).
//
// planImport decides, row by row, what an import does: add, fill an existing prospect
// (update), skip a duplicate or reject. Each step is a module of its own: ./match.ts finds who
// a row is, ./addition.ts plans a new prospect, ./fill.ts completes a match (never
// overwriting), ./extras.ts plans a row's note and follow-up, ./campaigns.ts the campaigns rows
// name, and ./referrals.ts who referred whom once every row is planned. Pure: `db` is only read.
import { cleanTags } from '../prospects.js';
import { normaliseEmail } from '../text.js';
import type { Db, Prospect } from '../types.js';
import { Additions } from './addition.js';
import { ImportCampaigns } from './campaigns.js';
import { Extras } from './extras.js';
import { Fills } from './fill.js';
import { Known, type Match } from './match.js';
import { COUNT, type Duplicate, duplicateOutcome, type RowAction } from './outcome.js';
import { emptyImportPlan, type ImportPlan, type PlanOptions, type RowOutcome } from './import-plan.js';
import { type ReferralCell, resolveReferrals } from './referrals.js';
import type { Candidate, Rejection } from './rows.js';

export { applyImportPlan } from './apply.js';
export { importedCampaign } from './campaigns.js';
export {
  batchId,
  emptyImportPlan,
  LOST_REASON_NOT_GIVEN,
  planChangesSomething,
  type Fill,
  type FirstDeal,
  type ImportPlan,
  type OnDuplicate,
  type PlanOptions,
  type RowAction,
  type RowOutcome,
} from './import-plan.js';

const HOW: Record<Match['how'], string> = {
  email: 'same email as',
  phone: 'same name and phone as',
  name: 'same name and company as',
  nameOnly: 'same name as',
};

/** Plans an import: every row in line order, then the referrals, the campaigns' first days and
 * (from a data file) the timelines the added people bring. */
export function planImport(
  db: Db,
  candidates: readonly Candidate[],
  rejections: readonly Rejection[],
  options: PlanOptions,
): ImportPlan {
  const plan = emptyImportPlan(db, options.now, options.recentBatches);
  const known = new Known(db, plan);
  const campaigns = new ImportCampaigns(db, plan, options);
  for (const sc of options.source?.campaigns ?? []) campaigns.takeWhole(sc);
  const steps = { known, campaigns, extras: new Extras(db, plan), importTags: cleanTags(options.tags) };
  const additions = new Additions(db.prospects, plan, options, steps);
  const fills = new Fills(plan, options, steps);
  // Referrals: the cells to resolve, and who each id of the file (meld's export) turned out to be.
  const referralCells: ReferralCell[] = [];
  const byFileId = new Map<number, Prospect>();

  /** Remembers who a row turned out to be, for the referrals resolved at the end. */
  const planned = (c: Candidate, prospect: Prospect, outcome: RowOutcome, duplicate: Duplicate | null) => {
    if (c.id !== null && !byFileId.has(c.id)) byFileId.set(c.id, prospect);
    // A duplicate skipped with `--on-duplicate skip` brings nothing, its referrer neither.
    if (c.referredBy && !(duplicate && duplicate.filled === null))
      referralCells.push({ ...c.referredBy, prospect, outcome, duplicate });
  };

  /** One row: a duplicate is skipped or filled, anyone else added. */
  const row = (given: Candidate) => {
    const c =
      given.email && given.email !== normaliseEmail(given.email)
        ? { ...given, email: normaliseEmail(given.email) }
        : given;
    const outcome = (action: RowAction, id: number, detail: string | null): RowOutcome => {
      const o: RowOutcome = { line: c.line, action, id, name: c.name, email: c.email, detail, warnings: c.warnings };
      plan.rows.push(o);
      plan.counts[COUNT[action]]++;
      return o;
    };
    const found = known.match(c);
    if (!found) {
      const prospect = additions.add(c);
      planned(c, prospect, outcome('add', prospect.id, null), null);
      return;
    }
    const { prospect, how, earlierLine } = found;
    const what = `${HOW[how]} ${earlierLine !== undefined ? `line ${earlierLine}` : `#${prospect.id}`}`;
    const filled = options.onDuplicate === 'skip' ? null : fills.fill(prospect, c);
    // The better value wins when rows merge: a real name over an email standing in for one.
    if (fills.betterName(prospect, c)) filled?.unshift('name');
    const duplicate: Duplicate = { what, filled, earlierLine };
    const { action, detail } = duplicateOutcome(duplicate);
    planned(c, prospect, outcome(action, prospect.id, detail), duplicate);
  };

  const reject = (rejection: Rejection) => {
    plan.rows.push({
      line: rejection.line,
      action: 'reject',
      id: null,
      name: rejection.who ?? null,
      email: null,
      detail: rejection.reason,
      warnings: [],
    });
    plan.counts.rejected++;
  };

  // In line order, a row before a rejection of the same line; one rejection a line (the last).
  const rejected = [...new Map(rejections.map((r) => [r.line, r])).values()].sort((a, b) => a.line - b.line);
  const rows = inLineOrder(candidates);
  let r = 0;
  for (const c of rows) {
    while (r < rejected.length && rejected[r]!.line < c.line) reject(rejected[r++]!);
    row(c);
  }
  while (r < rejected.length) reject(rejected[r++]!);
  resolveReferrals(referralCells, {
    onFile: db.prospects,
    added: plan.additions,
    counts: plan.counts,
    lineOf: (p) => known.lineOf(p),
    byFileId,
    emailHolder: (email) => known.people.emailHolder(email),
    filled: (p) => plan.updates.get(p.id),
    fillOf: (p) => fills.fillOf(p),
  });
  campaigns.startAtTheirProspects(db.prospects);
  if (options.source) carryRecords(plan, options.source, known);
  return plan;
}

/** The rows by line: as they are when they come in order, as they do from every source (no
 * copy of half a million rows to sort). */
function inLineOrder(candidates: readonly Candidate[]): readonly Candidate[] {
  for (let i = 1; i < candidates.length; i++)
    if (candidates[i]!.line < candidates[i - 1]!.line) return [...candidates].sort((a, b) => a.line - b.line);
  return candidates;
}

/** The follow-ups and activities of the data file's prospects that this import adds, with the
 * prospects' new ids. A prospect skipped as a duplicate keeps its own timeline. */
function carryRecords(plan: ImportPlan, source: NonNullable<PlanOptions['source']>, known: Known): void {
  const newId = new Map<number, number>();
  for (const p of plan.additions) {
    const from = known.sourceIdOf(p);
    if (from !== undefined) newId.set(from, p.id);
  }
  for (const { id: _id, ...f } of source.followUps) {
    const to = newId.get(f.prospectId);
    if (to !== undefined) plan.carried.followUps.push({ ...f, prospectId: to });
  }
  for (const { id: _id, ...a } of source.activities) {
    const to = newId.get(a.prospectId);
    if (to !== undefined) plan.carried.activities.push({ ...a, prospectId: to });
  }
}
