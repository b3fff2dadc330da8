// meld's own deals export (`meld export deals`, CSV or JSON), imported back: each deal goes onto
// its person, found by email, else by the prospect id and name, else by a name only one person
// on file has. A deal already there (the same person, title and created time, or the same stage
// history to the millisecond) is skipped, so importing the file twice adds nothing; the deal an
// import of meld's prospects export made for the person's row (its title their company, its
// value their summed standing) gets the real title, value, campaign and dates instead. Pure:
// applyImportPlan makes the changes.
import { toDay } from '../dates.js';
import { dealTitle } from '../deals.js';
import { DEAL_COLUMNS, guardCell } from '../export/records.js';
import { normaliseEmail, slugify } from '../text.js';
import { compactHistory, parseCompactHistory } from '../stage-history.js';
import { findCampaign } from '../lookup.js';
import {
  type Campaign,
  type CloseByChange,
  type Db,
  type Deal,
  isOpenStage,
  type IsoDay,
  type Prospect,
  STAGES,
  type Stage,
  type StageChange,
} from '../types.js';
import { nameMatchKey } from './dedupe.js';
import { parseImportedDate } from './dates.js';
import { importedCampaign } from './campaigns.js';
import { LOST_REASON_NOT_GIVEN, type ImportPlan, recordRowOutcome, type RowOutcome } from './import-plan.js';
import { importedMoney, type CellWarning, type SourceRow } from './rows.js';

/** Whether a header row is meld's deals export: the person's columns beside a title and a stage. */
export function isDealHeaders(has: ReadonlySet<string>): boolean {
  return has.has('prospect_id') && has.has('prospect_name') && has.has('title') && has.has('stage');
}

/** The column only the JSON export carries: the close-by changes, as JSON. */
const CLOSE_BY_CHANGES: (typeof DEAL_COLUMNS)[number] = 'close_by_changes';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v));

/** Whether a JSON export's first item is a deal (as `meld export deals --format json` writes it). */
export function isDealJson(first: Record<string, unknown>): boolean {
  return isObject(first.prospect) && 'title' in first && 'stage' in first && 'history' in first;
}

/** meld's JSON deals export as rows of the CSV columns (cells guarded as the CSV's are, so
 * reading them back gives the text exactly), with the close-by changes the CSV leaves out. */
export function dealJsonRows(items: ReadonlyArray<Record<string, unknown>>): { headers: string[]; rows: SourceRow[] } {
  const headers = [...DEAL_COLUMNS];
  const rows = items.map((item, i) => {
    const p = isObject(item.prospect) ? item.prospect : {};
    const c = isObject(item.campaign) ? item.campaign : {};
    const history = readHistory(item.history);
    const byColumn: Record<(typeof DEAL_COLUMNS)[number], string> = {
      id: typeof item.id === 'number' ? `d${item.id}` : str(item.id),
      prospect_id: str(p.id),
      prospect_name: str(p.name),
      prospect_email: str(p.email),
      title: str(item.title),
      value: str(item.value),
      stage: str(item.stage),
      lost_reason: str(item.lostReason),
      campaign_id: str(c.id),
      campaign_name: str(c.name),
      probability: str(item.probability),
      close_by: str(item.closeBy),
      created_at: str(item.createdAt),
      // A history that is not one is passed on as written, to be reported as such.
      history: history ? compactHistory(history) : str(item.history === undefined ? '' : JSON.stringify(item.history)),
      updated_at: str(item.updatedAt),
      close_by_changes: Array.isArray(item.closeByChanges) ? JSON.stringify(item.closeByChanges) : '',
    };
    const cells = DEAL_COLUMNS.map((column) => guardCell(byColumn[column]));
    return { line: i + 1, cells };
  });
  return { headers, rows };
}

/** A history as JSON holds it (`[{stage, at, reason?}]`), or null. */
function readHistory(data: unknown): StageChange[] | null {
  if (!Array.isArray(data) || data.length === 0) return null;
  const out: StageChange[] = [];
  for (const item of data) {
    if (!isObject(item)) return null;
    const { stage, at, reason } = item;
    if (typeof stage !== 'string' || !(STAGES as readonly string[]).includes(stage)) return null;
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
    if (reason !== undefined && typeof reason !== 'string') return null;
    out.push(reason === undefined ? { stage: stage as Stage, at } : { stage: stage as Stage, at, reason });
  }
  return out;
}

function readCloseByChanges(text: string): CloseByChange[] {
  if (text === '') return [];
  try {
    const data = JSON.parse(text) as unknown;
    if (!Array.isArray(data)) return [];
    return data.filter(
      (c): c is CloseByChange =>
        isObject(c) && typeof c.at === 'string' && typeof c.from === 'string' && typeof c.to === 'string',
    );
  } catch {
    return [];
  }
}

const instantOf = (text: string): string | null => {
  if (text === '') return null;
  const parsed = parseImportedDate(text);
  if ('error' in parsed) return null;
  return parsed.instant ?? `${parsed.day}T00:00:00.000Z`;
};

const sameHistory = (a: readonly StageChange[], b: readonly StageChange[]) =>
  a.length === b.length &&
  a.every((h, i) => h.stage === b[i]!.stage && Date.parse(h.at) === Date.parse(b[i]!.at) && h.reason === b[i]!.reason);

/** The person a row is about: by email; else by the prospect id with that name; else by a name only
 * one person has. A match by id or name is refused when both have an email and they differ. */
function personFinder(db: Db): (id: string, email: string, name: string) => Prospect | string {
  const byEmail = new Map<string, Prospect>();
  const byId = new Map<number, Prospect>();
  const byName = new Map<string, Prospect[]>();
  for (const p of db.prospects) {
    byId.set(p.id, p);
    for (const e of [p.email, ...p.otherEmails])
      if (e && !byEmail.has(normaliseEmail(e))) byEmail.set(normaliseEmail(e), p);
    const key = nameMatchKey(p.name);
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  return (id, email, name) => {
    const hit = email ? byEmail.get(normaliseEmail(email)) : undefined;
    if (hit) return hit;
    const differ = (p: Prospect) =>
      email !== '' && p.email !== null && normaliseEmail(p.email) !== normaliseEmail(email);
    const key = nameMatchKey(name);
    const numbered = /^#?\d{1,9}$/.test(id) ? byId.get(Number(id.replace('#', ''))) : undefined;
    if (numbered && name && nameMatchKey(numbered.name) === key && !differ(numbered)) return numbered;
    const named = name ? (byName.get(key) ?? []) : [];
    if (named.length === 1 && !differ(named[0]!)) return named[0]!;
    if (named.length === 1) return `no prospect with email ${email} (#${named[0]!.id} ${named[0]!.name} has another)`;
    if (named.length > 1)
      return email
        ? `no prospect with email ${email}, and ${named.length} prospects are named "${name}"`
        : `${named.length} prospects are named "${name}" and the row has no email on file`;
    return email || name
      ? `no prospect ${email ? `with email ${email}` : ''}${email && name ? ' or ' : ''}${name ? `named "${name}"` : ''}`
      : 'no prospect named on the row';
  };
}

/**
 * Whether a deal is one an import of meld's prospects export opened with the person: its title
 * the default, opened when the person was added, with no probability or close-by. It stands in
 * for the deal whose stage history it was given (the one where the person stood), so its title
 * and opening time say nothing: it is that deal by its history alone, and takes its details.
 */
const standsIn = (d: Deal, p: Prospect) =>
  p.batch !== null &&
  d.createdAt === p.createdAt &&
  d.title === dealTitle(p) &&
  d.probability === null &&
  d.closeBy === null &&
  d.closeByChanges.length === 0;

/** The deal fields a row gives, once read; or why the row cannot be imported. */
type Read =
  | {
      deal: Omit<Deal, 'id'>;
      /** Whether the file gave the stage history (one made up from the stage tells no deal apart). */
      historyGiven: boolean;
      warnings: CellWarning[];
    }
  | { problem: string };

/**
 * Plans importing meld's deals export onto `plan` (a record plan: ./records.ts). `cell` reads a
 * column of a row, unguarded and trimmed.
 */
export function planDealRows(
  db: Db,
  plan: ImportPlan,
  rows: readonly SourceRow[],
  cell: (row: SourceRow, column: string) => string,
  now: Date,
  fileName: string,
): void {
  const at = now.toISOString();
  const find = personFinder(db);
  const onFile = new Map<number, Deal[]>();
  for (const d of db.deals) onFile.set(d.prospectId, [...(onFile.get(d.prospectId) ?? []), d]);
  /** Deals this file adds, by person: a row repeated is skipped like one on file. */
  const planned = new Map<number, Array<{ deal: Omit<Deal, 'id'>; line: number }>>();
  /** Deals on file a row of this file already matched. */
  const claimed = new Set<number>();
  const deals: Array<Omit<Deal, 'id'>> = [];
  plan.carried.deals = deals;
  const campaigns = campaignResolver(db, plan, now, fileName);

  const out = (
    row: SourceRow,
    action: RowOutcome['action'],
    person: Prospect | null,
    detail: string | null,
    warnings: CellWarning[] = [],
  ) => recordRowOutcome(plan, row, cell, { action, person, detail, warnings });

  for (const row of rows) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const person = find(cell(row, 'prospect_id'), cell(row, 'prospect_email'), cell(row, 'prospect_name'));
    if (typeof person === 'string') {
      out(row, 'reject', null, person);
      continue;
    }
    const read = readDeal(row, person, cell, at, campaigns);
    if ('problem' in read) {
      out(row, 'reject', person, read.problem);
      continue;
    }
    const { deal, historyGiven, warnings } = read;
    const sameSteps = (d: Pick<Deal, 'history'>) => historyGiven && sameHistory(d.history, deal.history);
    const same = (d: Pick<Deal, 'title' | 'createdAt' | 'history'>) =>
      (d.title === deal.title && Date.parse(d.createdAt) === Date.parse(deal.createdAt)) || sameSteps(d);
    const earlier = (planned.get(person.id) ?? []).find((x) => same(x.deal));
    if (earlier) {
      out(row, 'skip', person, `the same deal as line ${earlier.line}`, warnings);
      continue;
    }
    const mine = onFile.get(person.id) ?? [];
    const there =
      mine.find(
        (d) =>
          d.title === deal.title &&
          Date.parse(d.createdAt) === Date.parse(deal.createdAt) &&
          (!standsIn(d, person) || sameSteps(d)),
      ) ?? mine.find((d) => !claimed.has(d.id) && sameSteps(d));
    if (there) {
      claimed.add(there.id);
      const changes = standsIn(there, person) ? changesFor(there, deal) : null;
      if (changes) {
        (plan.dealUpdates ??= []).push({ id: there.id, changes: changes.values });
        out(row, 'update', person, `d${there.id}: ${changes.names.join(', ')} from the file`, warnings);
      } else out(row, 'skip', person, `#${person.id} already has this deal (d${there.id})`, warnings);
      continue;
    }
    planned.set(person.id, [...(planned.get(person.id) ?? []), { deal, line: row.line }]);
    deals.push(deal);
    out(row, 'add', person, null, warnings);
  }
  campaigns.startAtTheirDeals(deals);
}

/** What the file says that the stand-in deal on file lacks; null when nothing. */
function changesFor(
  d: Deal,
  from: Omit<Deal, 'id'>,
): { values: Partial<Omit<Deal, 'id' | 'prospectId'>>; names: string[] } | null {
  const values: Partial<Omit<Deal, 'id' | 'prospectId'>> = {};
  const names: string[] = [];
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K], name: string, differs: boolean) => {
    if (!differs) return;
    values[key] = value;
    names.push(name);
  };
  set('title', from.title, 'title', d.title !== from.title);
  set('valueCents', from.valueCents, 'value', d.valueCents !== from.valueCents);
  set('campaign', from.campaign, 'campaign', d.campaign !== from.campaign);
  set('lostReason', from.lostReason, 'lost reason', d.lostReason !== from.lostReason);
  set('probability', from.probability, 'probability', d.probability !== from.probability);
  set('closeBy', from.closeBy, 'close-by', d.closeBy !== from.closeBy);
  set(
    'closeByChanges',
    from.closeByChanges,
    'close-by changes',
    JSON.stringify(d.closeByChanges) !== JSON.stringify(from.closeByChanges),
  );
  set('createdAt', from.createdAt, 'created', Date.parse(d.createdAt) !== Date.parse(from.createdAt));
  return names.length > 0 ? { values, names } : null;
}

/** One row as a deal for `person`. */
function readDeal(
  row: SourceRow,
  person: Prospect,
  cell: (row: SourceRow, column: string) => string,
  at: string,
  campaigns: ReturnType<typeof campaignResolver>,
): Read {
  const warnings: CellWarning[] = [];
  const valueText = cell(row, 'value');
  const valueCents = valueText === '' ? null : importedMoney(valueText);
  if (valueCents === null && valueText !== '') return { problem: `invalid value "${valueText}"` };
  const probabilityText = cell(row, 'probability');
  const probability = probabilityText === '' ? null : Number(probabilityText.replace(/%$/, ''));
  if (probability !== null && !(Number.isFinite(probability) && probability >= 0 && probability <= 100))
    return { problem: `invalid probability "${probabilityText}" (a percent from 0 to 100)` };
  const closeByText = cell(row, 'close_by');
  let closeBy: IsoDay | null = null;
  if (closeByText !== '') {
    const parsed = parseImportedDate(closeByText);
    if ('error' in parsed) return { problem: `invalid close-by date "${closeByText}"` };
    closeBy = parsed.day;
  }
  const historyText = cell(row, 'history');
  let history = historyText === '' ? null : parseCompactHistory(historyText);
  if (history === null && historyText.startsWith('[')) {
    try {
      history = readHistory(JSON.parse(historyText));
    } catch {
      history = null;
    }
  }
  if (history === null && historyText !== '')
    warnings.push({ column: 'history', message: `not a stage history: "${historyText}", the deal starts afresh` });
  const stageText = cell(row, 'stage').toLowerCase();
  if (stageText !== '' && !(STAGES as readonly string[]).includes(stageText))
    return { problem: `unknown stage "${cell(row, 'stage')}"` };
  const stage = (stageText || history?.at(-1)?.stage || 'new') as Stage;
  const createdText = cell(row, 'created_at');
  const createdAt = instantOf(createdText) ?? history?.[0]?.at ?? at;
  if (createdText !== '' && instantOf(createdText) === null)
    warnings.push({ column: 'created_at', message: `not a date: "${createdText}", the deal is dated now` });
  const reasonText = cell(row, 'lost_reason');
  // Lost always has a reason, as with `meld deal stage … lost`: the file's, else a marker. A won deal
  // keeps the reason it was once lost for, as meld keeps it.
  const lostReason = isOpenStage(stage)
    ? null
    : reasonText || (stage === 'lost' ? history?.at(-1)?.reason || LOST_REASON_NOT_GIVEN : null);
  const move = (when: string): StageChange =>
    stage === 'lost' && lostReason ? { stage, at: when, reason: lostReason } : { stage, at: when };
  const steps: StageChange[] = history
    ? // A stage edited in a spreadsheet after export: the history records the move, now.
      history.at(-1)!.stage === stage
      ? history
      : [...history, move(at)]
    : stage === 'new'
      ? [{ stage: 'new', at: createdAt }]
      : [{ stage: 'new', at: createdAt }, move(createdAt)];
  return {
    deal: {
      prospectId: person.id,
      title: cell(row, 'title') || dealTitle(person),
      valueCents,
      stage,
      history: steps,
      lostReason,
      campaign: campaigns.resolve(cell(row, 'campaign_id'), cell(row, 'campaign_name')),
      probability,
      closeBy,
      closeByChanges: readCloseByChanges(cell(row, CLOSE_BY_CHANGES)),
      createdAt,
      updatedAt: at,
    },
    historyGiven: history !== null,
    warnings,
  };
}

/** The campaign a row credits, by id, else by name; one on file by neither is made (as an import
 * of prospects makes it), starting on the day of the earliest deal crediting it. */
function campaignResolver(db: Db, plan: ImportPlan, now: Date, fileName: string) {
  const made = new Map<string, Campaign>();
  const all = () => [...db.campaigns, ...plan.campaigns];
  return {
    resolve(id: string, name: string): string | null {
      if (id === '' && name === '') return null;
      const everyone = all();
      const found =
        (id ? everyone.find((c) => c.id === id) : undefined) ??
        (name ? everyone.find((c) => c.name.toLowerCase() === name.toLowerCase()) : undefined) ??
        (!id && name ? findCampaign(everyone, name) : undefined);
      if (found) return found.id;
      const wanted = id && /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u.test(id) ? id : slugify(name || id) || 'campaign';
      let free = wanted;
      for (let n = 2; everyone.some((c) => c.id === free); n++) free = `${wanted}-${n}`;
      const campaign = importedCampaign(free, name || id, now, fileName);
      plan.campaigns.push(campaign);
      made.set(free, campaign);
      return free;
    },
    startAtTheirDeals(deals: ReadonlyArray<Omit<Deal, 'id'>>): void {
      for (const d of deals) {
        const c = d.campaign ? made.get(d.campaign) : undefined;
        const day = toDay(new Date(d.createdAt));
        if (c && day < c.start) c.start = day;
      }
    },
  };
}
