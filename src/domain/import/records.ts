// meld's own follow-up, activity and deal exports, imported back onto the prospects they belong
// to (matched by email, else by name), so export -> import keeps follow-ups with their notes,
// activities with their text and deals with their history (./deals.ts). Pure: applyImportPlan
// adds what planRecordImport finds.
import { ACTIVITY_COLUMNS, FOLLOW_UP_COLUMNS } from '../export/records.js';
import { normaliseEmail } from '../text.js';
import {
  ACTIVITY_TYPES,
  FOLLOW_UP_STATUSES,
  type Activity,
  type ActivityType,
  type Db,
  type FollowUp,
  type FollowUpStatus,
  type Prospect,
} from '../types.js';
import { nameMatchKey } from './dedupe.js';
import { emptyImportPlan, type ImportPlan, recordRowOutcome, type RowOutcome } from './import-plan.js';
import type { SourceRow } from './rows.js';
import { parseImportedDate } from './dates.js';
import { unguard } from './text.js';
import { dealJsonRows, isDealHeaders, isDealJson, planDealRows } from './deals.js';

export type RecordKind = 'followups' | 'activities' | 'deals';

/** Which of meld's record exports a header row is, if any. */
export function recordKind(headers: readonly string[]): RecordKind | null {
  const has = new Set(headers.map((h) => h.trim().toLowerCase()));
  if (!has.has('prospect_id') || !has.has('prospect_name')) return null;
  if (has.has('due') && has.has('status')) return 'followups';
  if (has.has('type') && has.has('at') && has.has('text')) return 'activities';
  if (isDealHeaders(has)) return 'deals';
  return null;
}

/**
 * meld's campaigns export (CSV headers or JSON records): a campaign's dated spend, rates, pauses
 * and adjustments do not come back from a row, so meld refuses it rather than read each
 * campaign as a person (whole campaigns come back with a whole data file or a `meld sync`).
 */
export function isCampaignExport(headers: readonly string[]): boolean {
  const has = new Set(headers.map((h) => h.trim().toLowerCase()));
  return ['id', 'name', 'channel', 'cost', 'start', 'adjustments'].every((h) => has.has(h)) && !has.has('email');
}

export function isCampaignExportJson(data: unknown): boolean {
  if (!Array.isArray(data) || data.length === 0 || !isObject(data[0])) return false;
  const first = data[0] as Record<string, unknown>;
  return (
    ['id', 'name', 'channel', 'start'].every((k) => k in first) && Array.isArray(first.spend) && !('email' in first)
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** meld's JSON record export as rows of the CSV columns, or null when it is not one. */
export function recordJsonRows(data: unknown): { kind: RecordKind; headers: string[]; rows: SourceRow[] } | null {
  if (!Array.isArray(data) || data.length === 0 || !data.every(isObject)) return null;
  const first = data[0] as Record<string, unknown>;
  if (!isObject(first.prospect)) return null;
  if (isDealJson(first)) return { kind: 'deals', ...dealJsonRows(data as Array<Record<string, unknown>>) };
  const kind: RecordKind | null =
    'due' in first ? 'followups' : 'type' in first && 'text' in first ? 'activities' : null;
  if (!kind) return null;
  const rows = (data as Array<Record<string, unknown>>).map((item, i) => {
    const p = isObject(item.prospect) ? item.prospect : {};
    const c = isObject(item.campaign) ? item.campaign : {};
    const cells =
      kind === 'followups'
        ? [
            str(item.id),
            str(p.id),
            str(p.name),
            str(p.email),
            str(p.company),
            str(c.id),
            str(c.name),
            str(item.due),
            str(item.status),
            str(item.note),
            str(item.createdAt),
            str(item.doneAt),
            str(item.outcome),
          ]
        : [str(item.id), str(p.id), str(p.name), str(p.email), str(item.type), str(item.at), str(item.text)];
    return { line: i + 1, cells };
  });
  return { kind, headers: [...(kind === 'followups' ? FOLLOW_UP_COLUMNS : ACTIVITY_COLUMNS)], rows };
}

/** The prospect a record belongs to: by email, else by a name only one prospect has. */
function prospectFinder(db: Db): (email: string, name: string) => Prospect | string {
  const byEmail = new Map<string, Prospect>();
  const byName = new Map<string, Prospect[]>();
  for (const p of db.prospects) {
    for (const e of [p.email, ...p.otherEmails])
      if (e && !byEmail.has(normaliseEmail(e))) byEmail.set(normaliseEmail(e), p);
    const key = nameMatchKey(p.name);
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  return (email, name) => {
    const hit = email ? byEmail.get(normaliseEmail(email)) : undefined;
    if (hit) return hit;
    const named = name ? (byName.get(nameMatchKey(name)) ?? []) : [];
    if (named.length === 1) return named[0]!;
    if (named.length > 1) return `${named.length} prospects are named "${name}" and the row has no email on file`;
    return email || name
      ? `no prospect ${email ? `with email ${email}` : ''}${email && name ? ' or ' : ''}${name ? `named "${name}"` : ''}`
      : 'no prospect named on the row';
  };
}

const instantOf = (text: string): string | null => {
  if (text.trim() === '') return null;
  const parsed = parseImportedDate(text);
  if ('error' in parsed) return null;
  return parsed.instant ?? `${parsed.day}T00:00:00.000Z`;
};

/**
 * Plans importing meld's follow-up or activity export: each row goes onto its prospect (by
 * email, else name); a record already there (same prospect and due day and note, or same type,
 * time and text) is skipped, so importing the file twice adds nothing.
 */
export function planRecordImport(
  db: Db,
  kind: RecordKind,
  headers: readonly string[],
  rows: readonly SourceRow[],
  now: Date,
  recentBatches: Iterable<string> = [],
  fileName = 'the file',
): ImportPlan {
  const at = now.toISOString();
  const col = new Map(headers.map((h, i) => [h.trim().toLowerCase(), i]));
  const cell = (row: SourceRow, name: string) => {
    const i = col.get(name);
    return i === undefined ? '' : unguard(row.cells[i] ?? '').trim();
  };
  const plan: ImportPlan = { ...emptyImportPlan(db, now, recentBatches), records: kind };
  if (kind === 'deals') {
    planDealRows(db, plan, rows, cell, now, fileName);
    return plan;
  }
  const find = prospectFinder(db);
  const seen = new Set<string>();
  /** Open follow-ups on file by prospect and day: importing meld's prospects made them, without notes. */
  const openOn = new Map<string, FollowUp>();
  if (kind === 'followups')
    for (const f of db.followUps) {
      seen.add(`${f.prospectId}\u0000${f.due}\u0000${f.note ?? ''}`);
      if (f.status === 'open') openOn.set(`${f.prospectId}\u0000${f.due}`, f);
    }
  else for (const a of db.activities) seen.add(`${a.prospectId}\u0000${a.type}\u0000${a.at}\u0000${a.text}`);
  const out = (row: SourceRow, action: RowOutcome['action'], person: Prospect | null, detail: string | null) =>
    recordRowOutcome(plan, row, cell, { action, person, detail });
  for (const row of rows) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const found = find(cell(row, 'prospect_email'), cell(row, 'prospect_name'));
    if (typeof found === 'string') {
      out(row, 'reject', null, found);
      continue;
    }
    if (kind === 'followups') {
      const due = parseImportedDate(cell(row, 'due'));
      if ('error' in due) {
        out(row, 'reject', found, `invalid due date "${cell(row, 'due')}"`);
        continue;
      }
      const status = (FOLLOW_UP_STATUSES as readonly string[]).includes(cell(row, 'status'))
        ? (cell(row, 'status') as FollowUpStatus)
        : 'open';
      const note = cell(row, 'note') || null;
      const key = `${found.id}\u0000${due.day}\u0000${note ?? ''}`;
      if (seen.has(key)) {
        out(row, 'skip', found, `#${found.id} already has this follow-up`);
        continue;
      }
      seen.add(key);
      const openKey = `${found.id}\u0000${due.day}`;
      const open = status === 'open' ? openOn.get(openKey) : undefined;
      if (open && open.note === null) {
        // The open follow-up importing the prospects' next_follow_up made: it gets its note.
        openOn.delete(openKey);
        if (note !== null) {
          (plan.followUpNotes ??= []).push({ id: open.id, note });
          plan.rows.push({
            line: row.line,
            action: 'update',
            id: found.id,
            name: found.name,
            email: found.email,
            detail: `filled the note of f${open.id}`,
            warnings: [],
          });
          plan.counts.updated++;
        } else out(row, 'skip', found, `#${found.id} already has an open follow-up on ${due.day}`);
        continue;
      }
      const followUp: Omit<FollowUp, 'id'> = {
        prospectId: found.id,
        due: due.day,
        note,
        status,
        createdAt: instantOf(cell(row, 'created_at')) ?? at,
        doneAt: status === 'open' ? null : (instantOf(cell(row, 'done_at')) ?? at),
        outcome: status === 'open' ? null : cell(row, 'outcome') || null,
        every: null,
        updatedAt: at,
      };
      plan.carried.followUps.push(followUp);
      out(row, 'add', found, null);
    } else {
      const type = cell(row, 'type').toLowerCase();
      const text = cell(row, 'text');
      const when = instantOf(cell(row, 'at'));
      if (!(ACTIVITY_TYPES as readonly string[]).includes(type) || text === '' || when === null) {
        out(
          row,
          'reject',
          found,
          text === '' ? 'an activity needs its text' : `invalid ${when === null ? 'time' : 'type'}`,
        );
        continue;
      }
      const key = `${found.id}\u0000${type}\u0000${when}\u0000${text}`;
      if (seen.has(key)) {
        out(row, 'skip', found, `#${found.id} already has this activity`);
        continue;
      }
      seen.add(key);
      const activity: Omit<Activity, 'id'> = {
        prospectId: found.id,
        type: type as ActivityType,
        text,
        at: when,
        campaign: null,
        topics: [],
        mail: null,
        updatedAt: at,
      };
      plan.carried.activities.push(activity);
      out(row, 'add', found, null);
    }
  }
  return plan;
}
