import { MeldError } from '../errors.js';
import { compareIso, daysBetween, shiftDay } from './dates.js';
import { findProspect, prospectIndex } from './lookup.js';
import { followUpRef, parseRef, prospectRef } from './refs.js';
import { formatInterval, sameInterval } from './recurrence.js';
import {
  isOpenStage,
  type Db,
  type FieldChange,
  type FollowUp,
  type IsoDay,
  type Prospect,
  type Recurrence,
} from './types.js';

/**
 * Which open follow-ups a list shows:
 * - `today`: due today or earlier (what to do now; overdue ones included);
 * - `overdue`: due before today;
 * - `week`: due from today up to 7 days from today (the week ahead; overdue ones are in `today`);
 * - `all`: every open follow-up, whatever its date.
 */
export const FOLLOW_UP_WINDOWS = ['today', 'overdue', 'week', 'all'] as const;
export type FollowUpWindow = (typeof FOLLOW_UP_WINDOWS)[number];

export interface DueFollowUp {
  followUp: FollowUp;
  prospect: Prospect;
  /** Whole days past the due date; 0 when due today or later. */
  overdueDays: number;
}

export function overdueDays(due: IsoDay, today: IsoDay): number {
  return Math.max(0, daysBetween(due, today));
}

export function inWindow(due: IsoDay, today: IsoDay, window: FollowUpWindow): boolean {
  switch (window) {
    case 'today':
      return due <= today;
    case 'overdue':
      return due < today;
    case 'week':
      return due >= today && due <= shiftDay(today, 7);
    case 'all':
      return true;
  }
}

/**
 * Open follow-ups in a window, oldest due date first (then by id). `meld followups today`
 * and the agenda re-rank the `today` window by urgency (see agenda.ts).
 */
export function dueFollowUps(
  db: Pick<Db, 'followUps' | 'prospects'>,
  today: IsoDay,
  window: FollowUpWindow = 'today',
): DueFollowUp[] {
  const prospects = prospectIndex(db);
  const items: DueFollowUp[] = [];
  for (const followUp of db.followUps) {
    if (followUp.status !== 'open' || !inWindow(followUp.due, today, window)) continue;
    const prospect = prospects.get(followUp.prospectId);
    if (!prospect) continue;
    items.push({ followUp, prospect, overdueDays: overdueDays(followUp.due, today) });
  }
  return items.sort((a, b) => compareIso(a.followUp.due, b.followUp.due) || a.followUp.id - b.followUp.id);
}

/** A follow-up by its reference: `f7` or a bare `7` (`#7` is a prospect: refused, see parseRef). */
export function findFollowUp(db: Pick<Db, 'followUps' | 'prospects'>, ref: string): FollowUp {
  return findFollowUps(db, [ref])[0]!;
}

/**
 * Several follow-ups by reference, in the order given (a repeat counted once). Any unknown
 * reference refuses the lot, naming every one that is unknown, so a bulk command writes all
 * or nothing.
 */
export function findFollowUps(db: Pick<Db, 'followUps' | 'prospects'>, refs: readonly string[]): FollowUp[] {
  const found: FollowUp[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const prospectNumber = /^\s*#(\d+)\s*$/.exec(ref);
    if (!prospectNumber && !/^\s*f?\d+\s*$/i.test(ref)) {
      // A name or an email where a follow-up was expected: point at that prospect's follow-ups.
      const found = findProspect(db.prospects, ref);
      if (found.kind === 'one') {
        const p = found.item;
        const open = openFollowUpsOf(db, p.id).map((f) => followUpRef(f.id));
        throw new MeldError(`"${ref.trim().slice(0, 40)}" is a prospect; follow-ups are named f<number>`, {
          hint:
            open.length > 0
              ? `${prospectRef(p.id)} ${p.name}'s open follow-ups: ${open.join(', ')}`
              : `${prospectRef(p.id)} ${p.name} has no open follow-up`,
        });
      }
    }
    if (prospectNumber) {
      const p = db.prospects.find((x) => x.id === Number(prospectNumber[1]));
      const open = p ? openFollowUpsOf(db, p.id).map((f) => followUpRef(f.id)) : [];
      throw new MeldError(`${prospectRef(Number(prospectNumber[1]))} is a prospect; follow-ups are named f<number>`, {
        hint:
          p && open.length > 0
            ? `${prospectRef(p.id)} ${p.name}'s open follow-ups: ${open.join(', ')}`
            : 'run `meld followups all` to see the follow-up numbers',
      });
    }
    const id = parseRef('follow-up', ref);
    const hit = db.followUps.find((f) => f.id === id);
    if (!hit) unknown.push(followUpRef(id));
    else if (!found.includes(hit)) found.push(hit);
  }
  if (unknown.length > 0) {
    throw new MeldError(`no follow-up ${unknown.join(', ')}${refs.length > 1 ? '; nothing was changed' : ''}`, {
      hint: 'run `meld followups all` to see the open ones',
    });
  }
  return found;
}

/** The open follow-ups of a prospect, soonest first. */
export function openFollowUpsOf(db: Pick<Db, 'followUps'>, prospectId: number): FollowUp[] {
  return db.followUps
    .filter((f) => f.prospectId === prospectId && f.status === 'open')
    .sort((a, b) => compareIso(a.due, b.due) || a.id - b.id);
}

/** Refuses a follow-up that is already closed (done or cancelled), saying when. */
export function requireOpen(followUp: FollowUp): void {
  if (followUp.status !== 'open') {
    throw new MeldError(
      `follow-up ${followUpRef(followUp.id)} is already ${followUp.status} (${followUp.doneAt?.slice(0, 10) ?? 'earlier'})`,
    );
  }
}

/** Marks a follow-up done, keeping what came of it. */
export function completeFollowUp(followUp: FollowUp, outcome: string | null, now: Date): void {
  requireOpen(followUp);
  followUp.status = 'done';
  followUp.doneAt = now.toISOString();
  followUp.outcome = outcome?.trim() || null;
  followUp.updatedAt = now.toISOString();
}

/** Moves an open follow-up to a later day (today counts: "not now, later today"). */
export function snoozeFollowUp(followUp: FollowUp, due: IsoDay, today: IsoDay, now: Date): IsoDay {
  requireOpen(followUp);
  if (due < today) throw new MeldError(`cannot snooze to ${due}: that is in the past (today is ${today})`);
  if (due === followUp.due) throw new MeldError(`follow-up ${followUpRef(followUp.id)} is already due ${due}`);
  const from = followUp.due;
  followUp.due = due;
  followUp.updatedAt = now.toISOString();
  return from;
}

/** Closes a follow-up without it counting as done (no touch, not in any list); `reason` is kept as its outcome. */
export function cancelFollowUp(followUp: FollowUp, reason: string | null, now: Date): void {
  requireOpen(followUp);
  followUp.status = 'cancelled';
  followUp.doneAt = now.toISOString();
  followUp.outcome = reason?.trim() || null;
  followUp.updatedAt = now.toISOString();
}

/** What a lost deal did to its person's open follow-ups (followUpsAfterLoss). */
export interface AfterLoss {
  /** Cancelled with the lost reason: no open deal is left and the person is not a customer. */
  cancelled: FollowUp[];
  /** Left open: no open deal is left, but the person is a customer (a won deal), whose check-ins go on. */
  kept: FollowUp[];
}

/**
 * The rule for a person's open follow-ups once one of their deals is lost (deal stage, prospect
 * stage and log --stage lost; call it after the move). While another deal of theirs is open,
 * nothing changes. With none open: someone who never bought has nothing left to follow up, so
 * their open follow-ups are cancelled with the reason (one change with the move: undo brings
 * them back); a customer (any won deal) keeps theirs, so a lost upsell does not end their
 * recurring check-ins. `among`: the follow-ups to consider (default: all their open ones);
 * closed ones among them are passed over.
 */
export function followUpsAfterLoss(
  db: Pick<Db, 'deals' | 'followUps'>,
  prospectId: number,
  reason: string | null | undefined,
  now: Date,
  among: readonly FollowUp[] = openFollowUpsOf(db, prospectId),
): AfterLoss {
  const deals = db.deals.filter((d) => d.prospectId === prospectId);
  const open = among.filter((f) => f.status === 'open');
  if (open.length === 0 || deals.some((d) => isOpenStage(d.stage))) return { cancelled: [], kept: [] };
  if (deals.some((d) => d.stage === 'won')) return { cancelled: [], kept: open };
  for (const f of open) cancelFollowUp(f, reason ? `lost: ${reason}` : 'lost', now);
  return { cancelled: open, kept: [] };
}

export interface FollowUpEdit {
  due?: IsoDay;
  /** null or empty clears the note. */
  note?: string | null;
  /** The interval it repeats at; null: it stops repeating (a one-off). */
  every?: Recurrence | null;
}

/**
 * Corrects a follow-up: its day (open ones only) and its note. Returns the fields that
 * changed, as "from -> to" pairs; none when every value was already so.
 */
export function editFollowUp(followUp: FollowUp, edit: FollowUpEdit, now: Date): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  if (edit.due !== undefined && edit.due !== followUp.due) {
    if (followUp.status !== 'open') {
      throw new MeldError(`follow-up ${followUpRef(followUp.id)} is already ${followUp.status}: its day stays`, {
        hint: `plan a new one: meld followup add ${followUp.prospectId} ${edit.due}`,
      });
    }
    changes.due = { from: followUp.due, to: edit.due };
    followUp.due = edit.due;
  }
  if (edit.note !== undefined) {
    const note = edit.note?.trim() || null;
    if (note !== followUp.note) {
      changes.note = { from: followUp.note, to: note };
      followUp.note = note;
    }
  }
  if (edit.every !== undefined && !sameInterval(edit.every, followUp.every)) {
    if (followUp.status !== 'open') {
      throw new MeldError(`follow-up ${followUpRef(followUp.id)} is already ${followUp.status}: it no longer repeats`, {
        hint: `plan a new one: meld followup add ${followUp.prospectId} <date> --every "<interval>"`,
      });
    }
    const text = (r: Recurrence | null) => (r === null ? null : formatInterval(r));
    changes.every = { from: text(followUp.every), to: text(edit.every) };
    followUp.every = edit.every === null ? null : { ...edit.every };
  }
  if (Object.keys(changes).length > 0) followUp.updatedAt = now.toISOString();
  return changes;
}

/** Closes a prospect's open follow-ups due today or earlier: the touch just logged did them. */
export function closeDueFollowUps(
  db: Pick<Db, 'followUps'>,
  prospectId: number,
  today: IsoDay,
  outcome: string | null,
  now: Date,
): FollowUp[] {
  const due = openFollowUpsOf(db, prospectId).filter((f) => f.due <= today);
  for (const f of due) completeFollowUp(f, outcome, now);
  return due;
}
