import type { Context } from '../../context.js';
import { meansNoCampaign } from '../../domain/campaigns.js';
import { findCampaign } from '../../domain/lookup.js';
import { checkMinorUnits, parseMoney } from '../../domain/money.js';
import type { Db, IsoDay } from '../../domain/types.js';
import { askCampaign } from '../flags/ask.js';
import { parsePercent, resolveCampaign, resolveDay } from '../flags/resolve.js';

// The flags `deal add` and `deal edit` share, checked before anything is read or written.

export interface DealFieldOptions {
  value?: string;
  campaign?: string;
  closeBy?: string;
  probability?: string;
}

/** The fields as given (undefined: not given; null: `none`), the campaign still as typed. */
export interface DealFields {
  valueCents?: number | null;
  campaign?: string | null;
  closeBy?: IsoDay | null;
  probability?: number | null;
}

/** "none", "-" or "" clears a field, as in prospect edit. */
export const meansNone = (v: string): boolean => ['', 'none', '-'].includes(v.trim().toLowerCase());

export async function parseDealFields(ctx: Context, opts: DealFieldOptions): Promise<DealFields> {
  const f: DealFields = {};
  if (opts.value !== undefined) f.valueCents = meansNone(opts.value) ? null : parseMoney(opts.value, '--value');
  if (opts.probability !== undefined)
    f.probability = meansNone(opts.probability) ? null : parsePercent(opts.probability, '--probability');
  if (opts.closeBy !== undefined)
    f.closeBy = meansNone(opts.closeBy) ? null : await resolveDay(ctx, opts.closeBy, '--close-by');
  if (opts.campaign !== undefined) f.campaign = meansNoCampaign(opts.campaign) ? null : opts.campaign;
  return f;
}

/** An unknown campaign in a terminal is offered as a list (nearest names first) instead of refused. */
export async function pickCampaign(ctx: Context, db: Pick<Db, 'campaigns'>, f: DealFields): Promise<void> {
  if (typeof f.campaign !== 'string' || !ctx.io.interactive || db.campaigns.length === 0) return;
  if (findCampaign(db.campaigns, f.campaign)) return;
  f.campaign = await askCampaign(ctx, db.campaigns, f.campaign);
}

/** The fields as stored, inside the write: the campaign resolved to its id, the amount checked for the currency. */
export function settle(db: Db, f: DealFields): Omit<DealFields, 'campaign'> & { campaign?: string | null } {
  if (typeof f.valueCents === 'number') checkMinorUnits(f.valueCents, db.config.currency, '--value');
  const campaign = typeof f.campaign === 'string' ? resolveCampaign(db, f.campaign).id : f.campaign;
  return { ...f, campaign };
}
