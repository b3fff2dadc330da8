import { MeldError } from '../errors.js';
import { activityRef, parseRef } from './refs.js';
import type { Activity, ActivityType, Db, FieldChange } from './types.js';

/** Several activities by reference (`a7` or a bare `7`); any unknown one refuses the lot. */
export function findActivities(db: Pick<Db, 'activities'>, refs: readonly string[]): Activity[] {
  const found: Activity[] = [];
  const unknown: string[] = [];
  for (const ref of refs) {
    const id = parseRef('activity', ref);
    const hit = db.activities.find((a) => a.id === id);
    if (!hit) unknown.push(activityRef(id));
    else if (!found.includes(hit)) found.push(hit);
  }
  if (unknown.length > 0) {
    throw new MeldError(`no activity ${unknown.join(', ')}${refs.length > 1 ? '; nothing was changed' : ''}`, {
      hint: "`meld prospect show <prospect>` lists a prospect's activities with their a-numbers",
    });
  }
  return found;
}

export function findActivity(db: Pick<Db, 'activities'>, ref: string): Activity {
  return findActivities(db, [ref])[0]!;
}

export interface ActivityEdit {
  text?: string;
  type?: ActivityType;
  /** When it happened (an ISO instant: the command works out noon of a past day, or now). */
  at?: string;
}

/** Corrects an activity; returns the fields that changed (none when all were already so). */
export function editActivity(activity: Activity, edit: ActivityEdit, now: Date): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  if (edit.text !== undefined) {
    const text = edit.text.trim();
    if (text === '') throw new MeldError('an activity needs some text');
    if (text !== activity.text) {
      changes.text = { from: activity.text, to: text };
      activity.text = text;
    }
  }
  if (edit.type !== undefined && edit.type !== activity.type) {
    changes.type = { from: activity.type, to: edit.type };
    activity.type = edit.type;
  }
  if (edit.at !== undefined && edit.at !== activity.at) {
    changes.at = { from: activity.at, to: edit.at };
    activity.at = edit.at;
  }
  if (Object.keys(changes).length > 0) activity.updatedAt = now.toISOString();
  return changes;
}

/** Removes an activity (its id is never reused). */
export function removeActivity(db: Pick<Db, 'activities'>, activity: Activity): void {
  db.activities = db.activities.filter((a) => a.id !== activity.id);
}
