import { MeldError } from '../../errors.js';
import { PROSPECT_COLUMNS } from '../export/records.js';
import { mapColumns } from './columns.js';
import type { SourceRow, Table } from './rows.js';
import { formatTags } from './text.js';
import { ownValue } from '../own.js';

type Item = Record<string, unknown>;

const isObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

/** `referredBy` as meld's JSON export writes it (`{id, name, email}`) or a data file holds it (an id). */
const referrer = (v: unknown): string => {
  if (typeof v === 'number') return `#${v}`;
  if (!isObject(v)) return cell(v);
  if (typeof v.email === 'string' && v.email !== '') return v.email;
  return typeof v.id === 'number' ? `#${v.id}` : cell(v.name);
};

/**
 * meld's own JSON: `meld export prospects --format json` (an array) or a whole data file
 * (`{prospects, campaigns}`). Each item becomes a row of meld's CSV columns, so JSON and CSV
 * go through the same checks, dedupe and campaign creation. Rows are numbered by item (1 = first).
 */
export function jsonTable(data: unknown): Table {
  const items = Array.isArray(data)
    ? data
    : isObject(data) && Array.isArray(data.prospects)
      ? data.prospects
      : undefined;
  if (!items) {
    throw new MeldError('this JSON is not a meld export: expected a list of prospects', {
      hint: 'export one with `meld export prospects --format json`',
    });
  }
  const campaignNames = new Map<string, string>();
  if (isObject(data) && Array.isArray(data.campaigns)) {
    for (const c of data.campaigns)
      if (isObject(c) && typeof c.id === 'string' && typeof c.name === 'string') campaignNames.set(c.id, c.name);
  }
  const fieldKeys = new Set<string>();
  for (const item of items)
    if (isObject(item) && isObject(item.fields)) for (const k of Object.keys(item.fields)) fieldKeys.add(k);
  const keys = [...fieldKeys];
  const headers = [...PROSPECT_COLUMNS, ...keys.map((k) => `fields.${k}`)];
  const rows: SourceRow[] = items.map((item, i) => {
    if (!isObject(item)) return { line: i + 1, cells: headers.map(() => '') };
    const campaign = item.campaign;
    const campaignId = isObject(campaign) ? cell(campaign.id) : cell(campaign);
    const campaignName = isObject(campaign) ? cell(campaign.name) : (campaignNames.get(campaignId) ?? '');
    const value = typeof item.valueCents === 'number' ? item.valueCents / 100 : item.value;
    const fields = isObject(item.fields) ? item.fields : {};
    const byColumn: Record<(typeof PROSPECT_COLUMNS)[number], string> = {
      id: cell(item.id),
      name: cell(item.name),
      email: cell(item.email),
      company: cell(item.company),
      phone: cell(item.phone),
      title: cell(item.title),
      campaign_id: campaignId,
      campaign_name: campaignName,
      stage: cell(item.stage),
      value: cell(value),
      tags: Array.isArray(item.tags) ? formatTags(item.tags.map(cell)) : cell(item.tags),
      created_at: cell(item.createdAt),
      lost_reason: cell(item.lostReason),
      next_follow_up: cell(item.nextFollowUp),
      history: Array.isArray(item.history) ? JSON.stringify(item.history) : '',
      batch: cell(item.batch),
      other_emails: Array.isArray(item.otherEmails) ? item.otherEmails.map(cell).join('; ') : '',
      other_phones: Array.isArray(item.otherPhones) ? item.otherPhones.map(cell).join('; ') : '',
      first_seen: cell(item.firstSeen),
      referred_by: referrer(item.referredBy),
      // Worked out from the deals: not read back (columns.ts).
      lifetime_value: '',
      customer_since: '',
    };
    return {
      line: i + 1,
      cells: [...PROSPECT_COLUMNS.map((c) => byColumn[c]), ...keys.map((k) => cell(ownValue(fields, k)))],
    };
  });
  return { source: 'meld-json', headers, headerLine: 0, rows, columns: mapColumns(headers, 'meld') };
}
