// `meld export`'s record filters (--campaign, --stage, --tag, --since, --until) and its vCard
// format, apart from the command's own file handling.
import { viewProspects } from '../../domain/deals.js';
import type { Context } from '../../context.js';
import { meansNoCampaign } from '../../domain/campaigns.js';
import { toDay } from '../../domain/dates.js';
import { filterForExport, type ExportFilters } from '../../domain/export/filters.js';
import type { ExportKind } from '../../domain/export/records.js';
import { prospectsVcard } from '../../domain/export/vcard.js';
import { type Db, STAGES } from '../../domain/types.js';
import { MeldError, UsageError } from '../../errors.js';
import { oneOf, resolveCampaign, resolveDay } from './resolve.js';

export interface FilterOptions {
  campaign?: string;
  stage?: string[];
  tag?: string;
  since?: string;
  until?: string;
  open?: boolean;
  won?: boolean;
  lost?: boolean;
}

const STATUSES = ['open', 'won', 'lost'] as const;

/** `--open`, `--won` or `--lost`: deals only, one at a time, and not beside `--stage`. */
function statusFilter(kind: ExportKind, opts: FilterOptions): ExportFilters['status'] {
  const given = STATUSES.filter((s) => opts[s]);
  if (given.length === 0) return undefined;
  if (kind !== 'deals')
    throw new UsageError(`--${given[0]} is for deals, not ${kind}`, { hint: `meld export deals --${given[0]}` });
  if (given.length > 1)
    throw new UsageError(`--${given[0]} and --${given[1]} do not go together`, { hint: 'choose one' });
  if (opts.stage !== undefined)
    throw new UsageError(`--${given[0]} and --stage do not go together`, {
      hint: `--stage names stages; --${given[0]} ${given[0] === 'open' ? 'is --stage new,contacted,qualified,proposal' : `is --stage ${given[0]}`}`,
    });
  return given[0];
}

/** The data with only what the filters keep (the data itself when none is given). */
export async function exportFilters(ctx: Context, kind: ExportKind, opts: FilterOptions, db: Db): Promise<Db> {
  // Follow-ups are filtered by their due day, mostly ahead: a yearless "dec 5" is the nearer one.
  // Everything else is filtered by when it happened, so it looks back.
  const direction = kind === 'followups' ? 'nearest' : 'past';
  const filters: ExportFilters = {
    campaignId:
      opts.campaign === undefined
        ? undefined
        : meansNoCampaign(opts.campaign)
          ? null
          : resolveCampaign(db, opts.campaign).id,
    stages: opts.stage?.map((s) => oneOf(s.toLowerCase(), STAGES, 'stage')),
    status: statusFilter(kind, opts),
    tag: opts.tag,
    since: opts.since !== undefined ? await resolveDay(ctx, opts.since, '--since', direction) : undefined,
    until: opts.until !== undefined ? await resolveDay(ctx, opts.until, '--until', direction) : undefined,
  };
  if (filters.since && filters.until && filters.since > filters.until) {
    throw new MeldError(`--since ${filters.since} is after --until ${filters.until}`);
  }
  return filterForExport(db, kind, filters, (instant) => toDay(new Date(instant)));
}

/** The prospects as vCard 3.0, written by ical.js (loaded only for this format). */
export async function vcardContent(db: Db): Promise<string> {
  const ical = await import('ical.js');
  const ICAL = ((ical as { default?: unknown }).default ?? ical) as Parameters<typeof prospectsVcard>[2];
  const prospects = viewProspects(db).sort((a, b) => a.id - b.id);
  return prospectsVcard(prospects, new Map(db.campaigns.map((c) => [c.id, c])), ICAL);
}
