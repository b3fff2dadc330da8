import { campaignJson } from '../json/campaign.js';
import { dealJson } from '../json/deal.js';
import { jsonRefs } from '../json/refs.js';
import { prospectJson } from '../json/prospect.js';
import { dealRef } from '../refs.js';
import { compactHistory } from '../stage-history.js';
import { campaignState, rateOn, spentToDate } from '../spend.js';
import { centsToMajor } from '../money.js';
import { formatTags } from '../import/text.js';
import { ownValue } from '../own.js';
import { customerSince, dealsByProspect, lifetimeValueCents, standingOf } from '../deals.js';
import type { Activity, Campaign, Db, Deal, FollowUp, IsoDay, Prospect } from '../types.js';

export const EXPORT_KINDS = ['prospects', 'deals', 'campaigns', 'followups', 'activities'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** A sheet to write as CSV: the header and the rows, every cell already a string. */
export interface Sheet {
  columns: string[];
  rows: string[][];
}

/** meld's prospect columns. `import` recognises every one of them, so an export round-trips. */
export const PROSPECT_COLUMNS = [
  'id',
  'name',
  'email',
  'company',
  'phone',
  'title',
  'campaign_id',
  'campaign_name',
  'stage',
  'value',
  'tags',
  'created_at',
  'lost_reason',
  'next_follow_up',
  'history',
  'batch',
  'other_emails',
  'other_phones',
  'first_seen',
  'referred_by',
  'lifetime_value',
  'customer_since',
] as const;

/** Columns of the prospects export that are worked out from the deals (the sum of the won ones,
 * the day of the first win): `import` reads past them, as it does not set them. */
export const DERIVED_PROSPECT_COLUMNS: ReadonlySet<string> = new Set(['lifetime_value', 'customer_since']);

/** The columns of `meld export followups` and `meld export activities`; `import` reads them back
 * onto their prospects (domain/import/records.ts). */
export const FOLLOW_UP_COLUMNS = [
  'id',
  'prospect_id',
  'prospect_name',
  'prospect_email',
  'company',
  'campaign_id',
  'campaign_name',
  'due',
  'status',
  'note',
  'created_at',
  'done_at',
  'outcome',
] as const;
export const ACTIVITY_COLUMNS = ['id', 'prospect_id', 'prospect_name', 'prospect_email', 'type', 'at', 'text'] as const;

/** The columns of `meld export deals`: the person by id, name and email (so that an import into
 * another file finds them), the deal, and its stage history in one cell (../stage-history.ts).
 * `import` puts the deals back on their people (domain/import/deals.ts). */
export const DEAL_COLUMNS = [
  'id',
  'prospect_id',
  'prospect_name',
  'prospect_email',
  'title',
  'value',
  'stage',
  'lost_reason',
  'campaign_id',
  'campaign_name',
  'probability',
  'close_by',
  'created_at',
  'history',
  'updated_at',
  // Every move of the close-by day, as JSON ([{at, from, to}]): the pushes the agenda counts come
  // back with the deal (empty when there were none).
  'close_by_changes',
] as const;

/**
 * Spreadsheet formula guard: a cell that begins with `=`, `+`, `-`, `@`, tab or CR would run
 * as a formula in Excel, LibreOffice or Google Sheets ("CSV injection"), so it gets a leading
 * `'`. So does one that already starts with quotes before such a character, so that meld's
 * import, which removes one quote, gives back exactly what was exported.
 */
export function guardCell(cell: string): string {
  return /^'*[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const str = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const money = (cents: number | null) => str(centsToMajor(cents));

interface Lookups {
  campaigns: Map<string, Campaign>;
  prospects: Map<number, Prospect>;
  deals: Map<number, Deal[]>;
  nextFollowUp: Map<number, IsoDay>;
}

function lookups(db: Db): Lookups {
  const nextFollowUp = new Map<number, IsoDay>();
  for (const f of db.followUps) {
    if (f.status !== 'open') continue;
    const current = nextFollowUp.get(f.prospectId);
    if (current === undefined || f.due < current) nextFollowUp.set(f.prospectId, f.due);
  }
  return {
    campaigns: new Map(db.campaigns.map((c) => [c.id, c])),
    prospects: new Map(db.prospects.map((p) => [p.id, p])),
    deals: dealsByProspect(db.deals),
    nextFollowUp,
  };
}

const byId = <T extends { id: number | string }>(items: readonly T[]) =>
  [...items].sort((a, b) =>
    typeof a.id === 'number' && typeof b.id === 'number' ? a.id - b.id : String(a.id).localeCompare(String(b.id)),
  );

/** The keys of the prospects' extra fields, in the order they first appear. */
function fieldKeys(prospects: readonly Prospect[]): string[] {
  const keys = new Set<string>();
  for (const p of prospects) for (const k of Object.keys(p.fields)) keys.add(k);
  return [...keys];
}

/** A person's stage, value, lost reason and history are where their deals leave them
 * (deals.ts standingOf; the history is that of the deal giving the stage). */
function prospectCells(p: Prospect, look: Lookups): string[] {
  const deals = look.deals.get(p.id) ?? [];
  const s = standingOf(deals);
  return [
    str(p.id),
    p.name,
    str(p.email),
    str(p.company),
    str(p.phone),
    str(p.title),
    str(p.campaign),
    str(p.campaign ? look.campaigns.get(p.campaign)?.name : null),
    str(s.stage),
    money(s.valueCents),
    formatTags(p.tags),
    p.createdAt,
    str(s.lostReason),
    str(look.nextFollowUp.get(p.id)),
    s.lead ? JSON.stringify(s.lead.history) : '',
    str(p.batch),
    p.otherEmails.join('; '),
    p.otherPhones.join('; '),
    str(p.firstSeen),
    referrerCell(p.referredBy, look),
    money(lifetimeValueCents(deals)),
    str(customerSince(deals)),
  ];
}

/** Who referred a prospect, as import finds them again: their email, else `#id`. */
function referrerCell(id: number | null, look: Lookups): string {
  if (id === null) return '';
  return look.prospects.get(id)?.email ?? `#${id}`;
}

/** `today`: campaigns' cost and status are as of that day (see domain/json/campaign.ts). */
export function exportSheet(db: Db, kind: ExportKind, today: IsoDay): Sheet {
  const look = lookups(db);
  const guard = (rows: string[][]) => rows.map((row) => row.map(guardCell));
  switch (kind) {
    case 'prospects': {
      const prospects = byId(db.prospects);
      const keys = fieldKeys(prospects);
      return {
        columns: [...PROSPECT_COLUMNS, ...keys.map((k) => `fields.${k}`)],
        rows: guard(prospects.map((p) => [...prospectCells(p, look), ...keys.map((k) => str(ownValue(p.fields, k)))])),
      };
    }
    case 'campaigns':
      return {
        columns: [
          'id',
          'name',
          'channel',
          'status',
          'cost',
          'start',
          'end',
          'goal',
          'note',
          'created_at',
          'adjustments',
          'budget',
          'rate',
          'rate_per',
        ],
        rows: guard(
          byId(db.campaigns).map((c) => [
            c.id,
            c.name,
            c.channel,
            campaignState(c, today),
            money(spentToDate(c, today)),
            c.start,
            str(c.end),
            str(c.goal),
            str(c.note),
            c.createdAt,
            // Adjustments as in --json: money in major units, like every other amount in the sheet.
            c.adjustments.length > 0 ? JSON.stringify(campaignJson(c, today).adjustments) : '',
            money(c.budgetCents),
            money(rateOn(c, today)?.cents ?? null),
            str(rateOn(c, today)?.per),
          ]),
        ),
      };
    case 'followups':
      return {
        columns: [...FOLLOW_UP_COLUMNS],
        rows: guard(
          byId(db.followUps).map((f) => {
            const p = look.prospects.get(f.prospectId);
            const c = p?.campaign ? look.campaigns.get(p.campaign) : undefined;
            return [
              str(f.id),
              str(f.prospectId),
              str(p?.name),
              str(p?.email),
              str(p?.company),
              str(p?.campaign),
              str(c?.name),
              f.due,
              f.status,
              str(f.note),
              f.createdAt,
              str(f.doneAt),
              str(f.outcome),
            ];
          }),
        ),
      };
    case 'deals':
      return {
        columns: [...DEAL_COLUMNS],
        rows: guard(
          byId(db.deals).map((d) => {
            const p = look.prospects.get(d.prospectId);
            return [
              dealRef(d.id),
              str(d.prospectId),
              str(p?.name),
              str(p?.email),
              d.title,
              money(d.valueCents),
              d.stage,
              str(d.lostReason),
              str(d.campaign),
              str(d.campaign ? look.campaigns.get(d.campaign)?.name : null),
              str(d.probability),
              str(d.closeBy),
              d.createdAt,
              compactHistory(d.history),
              d.updatedAt,
              d.closeByChanges.length > 0 ? JSON.stringify(d.closeByChanges) : '',
            ];
          }),
        ),
      };
    case 'activities':
      return {
        columns: [...ACTIVITY_COLUMNS],
        rows: guard(
          byId(db.activities).map((a) => [
            str(a.id),
            str(a.prospectId),
            str(look.prospects.get(a.prospectId)?.name),
            str(look.prospects.get(a.prospectId)?.email),
            a.type,
            a.at,
            a.text,
          ]),
        ),
      };
  }
}

const ref = (c: Campaign | undefined, id: string | null) => (id === null ? null : { id, name: c?.name ?? null });

/** `--format json`: the same records with relations as `{id, name}` and money in major units. */
export function exportJson(db: Db, kind: ExportKind, today: IsoDay): unknown[] {
  const look = lookups(db);
  const refs = jsonRefs(db);
  const prospectRef = (id: number) => {
    const p = look.prospects.get(id);
    return { id, name: p?.name ?? null };
  };
  switch (kind) {
    case 'prospects':
      return byId(db.prospects).map((p) => ({
        ...prospectJson(p, refs),
        campaign: ref(p.campaign ? look.campaigns.get(p.campaign) : undefined, p.campaign),
        nextFollowUp: look.nextFollowUp.get(p.id) ?? null,
        // With the email, so that an import into another data file finds the referrer again.
        referredBy:
          p.referredBy === null
            ? null
            : { ...prospectRef(p.referredBy), email: look.prospects.get(p.referredBy)?.email ?? null },
        // From the deals, as in `prospect show --json`: import reads past them.
        lifetimeValue: centsToMajor(lifetimeValueCents(look.deals.get(p.id) ?? [])),
        customerSince: customerSince(look.deals.get(p.id) ?? []),
      }));
    case 'deals':
      // As `deal list --json`, the person with their email (an import into another file finds them by it).
      return byId(db.deals).map((d) => ({
        ...dealJson(d, refs),
        prospect: { ...prospectRef(d.prospectId), email: look.prospects.get(d.prospectId)?.email ?? null },
      }));
    case 'campaigns':
      return byId(db.campaigns).map((c) => campaignJson(c, today));
    case 'followups':
      return byId(db.followUps).map((f: FollowUp) => {
        const p = look.prospects.get(f.prospectId);
        return {
          id: f.id,
          prospect: { ...prospectRef(f.prospectId), email: p?.email ?? null, company: p?.company ?? null },
          campaign: ref(p?.campaign ? look.campaigns.get(p.campaign) : undefined, p?.campaign ?? null),
          due: f.due,
          status: f.status,
          note: f.note,
          createdAt: f.createdAt,
          doneAt: f.doneAt,
          outcome: f.outcome,
        };
      });
    case 'activities':
      return byId(db.activities).map((a: Activity) => ({
        id: a.id,
        prospect: { ...prospectRef(a.prospectId), email: look.prospects.get(a.prospectId)?.email ?? null },
        type: a.type,
        text: a.text,
        at: a.at,
      }));
  }
}

export function exportCount(db: Db, kind: ExportKind): number {
  const lists = {
    prospects: db.prospects,
    deals: db.deals,
    campaigns: db.campaigns,
    followups: db.followUps,
    activities: db.activities,
  };
  return lists[kind].length;
}
