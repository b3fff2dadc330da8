// Planning a new prospect from a row: a step of the import planner (./plan.ts). Their id
// (meld's own export keeps its ids when the file never handed them out), their first deal's
// stage, value and history, and the fields as the row gives them. Pure.
import { cleanTags } from '../prospects.js';
import type { Prospect } from '../types.js';
import type { ImportCampaigns } from './campaigns.js';
import type { Extras } from './extras.js';
import type { Known } from './match.js';
import { type FirstDeal, type ImportPlan, LOST_REASON_NOT_GIVEN, type PlanOptions } from './import-plan.js';
import type { Candidate } from './rows.js';

export class Additions {
  /** Ids on file, gathered when a row first brings its own id (meld's export). */
  private onFileIds: Set<number> | undefined;
  private readonly at: string;

  constructor(
    private readonly onFile: readonly Prospect[],
    private readonly plan: ImportPlan,
    private readonly options: PlanOptions,
    private readonly steps: { known: Known; campaigns: ImportCampaigns; extras: Extras; importTags: string[] },
  ) {
    this.at = options.now.toISOString();
  }

  /** Plans a new prospect from a row, with their first deal, note and follow-up. */
  add(c: Candidate): Prospect {
    const { plan, at, options } = this;
    const { known, campaigns, extras, importTags } = this.steps;
    // An id past every one planned so far is no planned person's (lastProspectId only grows,
    // past each planned id): only those on file need looking at. Each addition's id is thus
    // above every one before it: ./match.ts finds an addition by id.
    let id: number;
    if (c.id !== null && c.id > plan.lastProspectId && !(this.onFileIds ??= idsOf(this.onFile)).has(c.id)) id = c.id;
    else id = plan.lastProspectId + 1;
    plan.lastProspectId = Math.max(plan.lastProspectId, id);
    const createdAt = c.createdAt ?? at;
    const deal = firstDeal(c, createdAt, at);
    const prospect: Prospect = {
      id,
      name: c.name,
      email: c.email,
      company: c.company,
      phone: c.phone,
      title: c.title,
      campaign: c.campaign ? campaigns.resolve(c.campaign) : options.campaignId,
      // Lists the row has none of stay the empty one rows share (./rows.ts): none per person.
      tags: c.tags.length + importTags.length > 0 ? cleanTags([...c.tags, ...importTags]) : c.tags,
      createdAt,
      // A reason on a row that is not lost is kept, like any other column.
      fields: c.lostReason && deal.lostReason === null ? { ...c.fields, 'lost reason': c.lostReason } : c.fields,
      batch: plan.batch,
      otherEmails: c.otherEmails.length > 0 ? c.otherEmails.filter((e) => e !== c.email) : c.otherEmails,
      otherPhones: c.otherPhones.length > 0 ? c.otherPhones.filter((e) => e !== c.phone) : c.otherPhones,
      firstSeen: c.firstSeen,
      referredBy: null,
      updatedAt: at,
    };
    plan.additions.push(prospect);
    plan.firstDeals.push(deal);
    known.addPlanned(prospect, c);
    extras.bring(id, c.notes, c.followUp);
    return prospect;
  }
}

const idsOf = (prospects: readonly Prospect[]) => new Set(prospects.map((p) => p.id));

/** The first deal a row opens: its stage (else the last of its history, else new) and history. */
function firstDeal(c: Candidate, createdAt: string, at: string): FirstDeal {
  const stage = c.stage ?? c.history?.[c.history.length - 1]?.stage ?? 'new';
  // Lost always has a reason, as with `meld prospect stage … lost`: the file's, else a marker.
  const lostReason = stage === 'lost' ? c.lostReason?.trim() || LOST_REASON_NOT_GIVEN : null;
  const move = (when: string) => (lostReason !== null ? { stage, at: when, reason: lostReason } : { stage, at: when });
  const history = c.history
    ? // A stage edited in a spreadsheet after export: the history records the move, now.
      c.history[c.history.length - 1]!.stage === stage
      ? c.history
      : [...c.history, move(at)]
    : stage === 'new'
      ? [{ stage: 'new' as const, at: createdAt }]
      : [{ stage: 'new' as const, at: createdAt }, move(createdAt)];
  return { stage, valueCents: c.valueCents, history, lostReason };
}
