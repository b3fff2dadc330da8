// Completing someone a row matched: a step of the import planner (./plan.ts). A prospect an
// earlier row of the file plans is completed in place; one on file gets a `Fill` that
// ./apply.ts applies, never overwriting what is there. Pure: `db` is only read.
import { cleanTags } from '../prospects.js';
import { isValidEmail, normaliseEmail } from '../text.js';
import type { Prospect } from '../types.js';
import type { ImportCampaigns } from './campaigns.js';
import { nameMatchKey, personMatchKey } from './dedupe.js';
import type { Extras } from './extras.js';
import type { Known } from './match.js';
import { FILLABLE, type Fill, type Fillable, type ImportPlan, type PlanOptions } from './import-plan.js';
import type { Candidate } from './rows.js';

const LABEL: Record<Fillable, string> = {
  email: 'email',
  company: 'company',
  phone: 'phone',
  title: 'title',
  campaign: 'campaign',
  valueCents: 'value',
  firstSeen: 'first seen',
};

export class Fills {
  constructor(
    private readonly plan: ImportPlan,
    private readonly options: PlanOptions,
    private readonly steps: { known: Known; campaigns: ImportCampaigns; extras: Extras; importTags: string[] },
  ) {}

  /** The planned fill of a prospect on file, made when it has none yet. */
  fillOf(p: Prospect): Fill {
    let fill = this.plan.updates.get(p.id);
    if (!fill) this.plan.updates.set(p.id, (fill = {}));
    return fill;
  }

  /**
   * Completes a matched prospect with what the row adds: empty fields, new tags, new extra
   * fields, further emails and phones, a note and a follow-up. Returns what was filled, for
   * the report.
   */
  fill(p: Prospect, c: Candidate): string[] {
    const { known, extras, importTags } = this.steps;
    const { people } = known;
    const draft = known.isPlanned(p);
    const fill: Fill = draft ? {} : (this.plan.updates.get(p.id) ?? {});
    const target = (draft ? p : fill) as unknown as Record<string, unknown>;
    const filled: string[] = [];
    for (const field of FILLABLE) {
      if (known.current(p, field) !== null) continue;
      const value = this.rowValue(c, field);
      if (value === undefined) continue;
      // A company that makes them someone else already planned or on file (that name at that
      // company) is theirs: filled in here, the same rows imported again would find the one or the other.
      if (field === 'company' && people.keyTaken(personMatchKey(known.nameOf(p), value as string), p)) continue;
      if (field === 'phone' && people.phoneTaken(value as string, p)) continue;
      // A planned person's value is their first deal's.
      if (draft && field === 'valueCents') known.firstDealOf(p)!.valueCents = value as number;
      else target[field] = value;
      filled.push(LABEL[field]);
      if (field === 'email') people.addEmail(value as string, p);
      if (field === 'phone') people.addPhone(value as string, p);
      if (field === 'company') people.addName(known.nameOf(p), value as string, p);
    }
    const haveTags = new Set([...p.tags, ...(fill.tags ?? [])]);
    const newTags = cleanTags([...c.tags, ...importTags]).filter((t) => !haveTags.has(t));
    if (newTags.length > 0) {
      if (draft) p.tags = [...p.tags, ...newTags];
      else fill.tags = [...(fill.tags ?? []), ...newTags];
      filled.push('tags');
    }
    const others = (kind: 'otherEmails' | 'otherPhones', primary: 'email' | 'phone', given: Array<string | null>) => {
      const have = new Set(
        [p[primary] ?? fill[primary] ?? null, ...p[kind], ...(fill[kind] ?? [])].filter((v) => v !== null),
      );
      // An email another prospect has, or a phone another of the same name has, stays theirs:
      // given to this one too, the same file imported again would find the one or the other.
      const theirs = (v: string) =>
        primary === 'email' ? (people.emailHolder(v) ?? p) !== p : people.phoneTaken(v, p);
      const fresh = [...new Set(given.filter((v): v is string => v !== null && !have.has(v) && !theirs(v)))];
      if (fresh.length === 0) return;
      if (draft) p[kind] = [...p[kind], ...fresh];
      else fill[kind] = [...(fill[kind] ?? []), ...fresh];
      // Findable by them from now on, as they will be once the import is applied.
      for (const v of fresh) primary === 'email' ? people.addEmail(v, p, true) : people.addPhone(v, p);
      filled.push(primary === 'email' ? 'other emails' : 'other phones');
    };
    others('otherEmails', 'email', [c.email, ...c.otherEmails]);
    others('otherPhones', 'phone', [c.phone, ...c.otherPhones]);
    const newFields = Object.entries(c.fields).filter(
      ([k, v]) => v !== '' && !Object.hasOwn(p.fields, k) && !(fill.fields && Object.hasOwn(fill.fields, k)),
    );
    if (newFields.length > 0) {
      // Spread, not Object.assign: an assignment to a `__proto__` key would set the prototype.
      if (draft) p.fields = { ...p.fields, ...Object.fromEntries(newFields) };
      else fill.fields = { ...fill.fields, ...Object.fromEntries(newFields) };
      filled.push(...newFields.map(([k]) => k));
    }
    if (!draft && Object.keys(fill).length > 0) this.plan.updates.set(p.id, fill);
    filled.push(...extras.bring(p.id, c.notes, c.followUp));
    return filled;
  }

  /**
   * Gives a prospect named by their email (a row with no name) the row's real name: in place
   * for one this file plans, as a fill with `--on-duplicate update` for one on file.
   */
  betterName(p: Prospect, c: Candidate): boolean {
    const { known } = this.steps;
    const current = known.nameOf(p);
    if (!isValidEmail(normaliseEmail(current)) || isValidEmail(normaliseEmail(c.name))) return false;
    if (known.people.named(nameMatchKey(c.name)).some((q) => q !== p)) return false;
    if (known.isPlanned(p)) p.name = c.name;
    else if (this.options.onDuplicate === 'update') this.fillOf(p).name = c.name;
    else return false;
    known.people.addName(c.name, known.current(p, 'company') as string | null, p);
    return true;
  }

  /** A row's value for a fillable field; a campaign is resolved (or planned) only when needed. */
  private rowValue(c: Candidate, field: Fillable): string | number | undefined {
    switch (field) {
      case 'valueCents':
        return c.valueCents ?? undefined;
      case 'campaign':
        return c.campaign ? this.steps.campaigns.resolve(c.campaign) : (this.options.campaignId ?? undefined);
      default:
        return c[field] ?? undefined;
    }
  }
}
