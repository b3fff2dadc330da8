// Making an import plan's changes (./plan.ts): the whole import in one write, one batch.
import { addDeal, dealTitle, dealsByProspect, standingOf } from '../deals.js';
import { nextId } from '../ids.js';
import { latestOf } from '../instants.js';
import { addActivity, addFollowUp, cleanTags } from '../prospects.js';
import { isValidEmail, normaliseEmail } from '../text.js';
import type { Db, Deal, Prospect } from '../types.js';
import { FILLABLE, type ImportPlan } from './import-plan.js';

/** Makes the planned changes to `db`: the whole import in one write, one batch. */
export function applyImportPlan(db: Db, plan: ImportPlan, now: Date): void {
  const at = now.toISOString();
  // A loop, not push(...list): 125,000 arguments overflow the stack.
  for (const c of plan.campaigns) db.campaigns.push(c);
  // Each person added comes with their first deal, credited to their campaign (as migrated
  // files). The person planned is the one the file gets: half a million people are held once.
  for (let i = 0; i < plan.additions.length; i++) {
    const person = plan.additions[i]!;
    const { stage, valueCents, history, lostReason } = plan.firstDeals[i]!;
    db.prospects.push(person);
    db.lastIds.deal = nextId(db.lastIds.deal, 'deal');
    db.deals.push({
      id: db.lastIds.deal,
      prospectId: person.id,
      title: dealTitle(person),
      valueCents,
      stage,
      history,
      lostReason,
      campaign: person.campaign,
      probability: null,
      closeBy: null,
      closeByChanges: [],
      createdAt: person.createdAt,
      updatedAt: latestOf(at, ...history.map((h) => h.at)),
    });
  }
  db.lastIds.prospect = Math.max(db.lastIds.prospect, plan.lastProspectId);
  // Everyone by id, and everyone's deals, only when a fill, note or follow-up needs them: a list
  // of new people alone needs neither (two maps of half a million each, #22).
  let everyone: Map<number, Prospect> | undefined;
  const byId = (id: number) => (everyone ??= new Map(db.prospects.map((p) => [p.id, p]))).get(id)!;
  let dealsOf: Map<number, Deal[]> | undefined;
  const deals = (id: number) => (dealsOf ??= dealsByProspect(db.deals)).get(id) ?? [];
  for (const [id, fill] of plan.updates) {
    const p = byId(id);
    for (const field of FILLABLE) {
      const value = fill[field];
      if (value === undefined) continue;
      if (field === 'valueCents') {
        // The value goes on the deal where the person stands, when it has none; a person with
        // no deal gets one.
        const lead = standingOf(deals(id)).lead;
        if (!lead) addDeal(db, p, { valueCents: value as number }, now);
        else if (lead.valueCents === null) {
          lead.valueCents = value as number;
          lead.updatedAt = at;
        }
      } else if (p[field] === null) {
        (p as unknown as Record<string, unknown>)[field] = value;
        // Deals credited to no campaign follow a source campaign filled in.
        if (field === 'campaign')
          for (const d of deals(id))
            if (d.campaign === null) {
              d.campaign = value as string;
              d.updatedAt = at;
            }
      }
    }
    if (fill.name !== undefined && isValidEmail(normaliseEmail(p.name))) p.name = fill.name;
    p.updatedAt = at;
    if (fill.tags) p.tags = cleanTags([...p.tags, ...fill.tags]);
    if (fill.otherEmails) p.otherEmails = [...new Set([...p.otherEmails, ...fill.otherEmails])];
    if (fill.otherPhones) p.otherPhones = [...new Set([...p.otherPhones, ...fill.otherPhones])];
    if (fill.fields) p.fields = { ...p.fields, ...fill.fields };
    if (fill.referredBy !== undefined && p.referredBy === null) p.referredBy = fill.referredBy;
  }
  for (const note of plan.notes) addActivity(db, byId(note.prospectId), 'note', note.text, now);
  for (const f of plan.followUps) addFollowUp(db, byId(f.prospectId), f.due, null, now);
  for (const f of plan.carried.followUps) db.followUps.push({ id: ++db.lastIds.followUp, ...f });
  if (plan.followUpNotes) {
    const followUps = new Map(db.followUps.map((f) => [f.id, f]));
    for (const { id, note } of plan.followUpNotes) {
      const f = followUps.get(id);
      if (f && f.note === null) {
        f.note = note;
        f.updatedAt = at;
      }
    }
  }
  for (const a of plan.carried.activities) db.activities.push({ id: ++db.lastIds.activity, ...a });
  for (const d of plan.carried.deals ?? []) {
    db.lastIds.deal = nextId(db.lastIds.deal, 'deal');
    db.deals.push({ id: db.lastIds.deal, ...d });
  }
  if (plan.dealUpdates) {
    const dealsById = new Map(db.deals.map((d) => [d.id, d]));
    for (const { id, changes } of plan.dealUpdates) {
      const d = dealsById.get(id);
      if (d) Object.assign(d, changes, { updatedAt: at });
    }
  }
}
