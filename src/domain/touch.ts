import { dayStart } from './dates.js';
import { addActivity, addFollowUp, moveStage } from './prospects.js';
import { closeDueFollowUps } from './followups.js';
import type { Activity, ActivityType, Db, FollowUp, IsoDay, Prospect, Stage } from './types.js';
import { MeldError } from '../errors.js';

/** When an activity logged for `day` happened: now when it is today, else noon that day. */
export function activityInstant(day: IsoDay, today: IsoDay, now: Date): Date {
  if (day > today) throw new MeldError(`--date ${day} is in the future: log what already happened`, { hint: 'plan it instead: meld followup add <prospect> <date>' });
  return day === today ? now : new Date(dayStart(day).getTime() + 12 * 3_600_000);
}

export interface Touch {
  type: ActivityType;
  text: string;
  day: IsoDay;
  stage?: Stage;
  reason?: string | null;
  next?: IsoDay;
}

export interface TouchResult {
  activity: Activity;
  stageFrom: Stage | null;
  closed: FollowUp[];
  next: FollowUp | null;
}

/**
 * A whole touch in one step: log the activity, move the stage, close the follow-ups that were
 * due (today or earlier) and plan the next one. Due follow-ups close when a next one is
 * planned or the deal ends (won/lost); otherwise they stay open.
 */
export function logTouch(db: Db, prospect: Prospect, touch: Touch, today: IsoDay, now: Date): TouchResult {
  const at = activityInstant(touch.day, today, now);
  if (touch.next !== undefined && touch.next < today) {
    throw new MeldError(`--next ${touch.next} is in the past (today is ${today})`);
  }
  const activity = addActivity(db, prospect, touch.type, touch.text, at);
  let stageFrom: Stage | null = null;
  if (touch.stage !== undefined && touch.stage !== prospect.stage) {
    stageFrom = prospect.stage;
    moveStage(prospect, touch.stage, now, touch.reason);
  }
  const ends = touch.stage === 'won' || touch.stage === 'lost';
  const closed = touch.next !== undefined || ends ? closeDueFollowUps(db, prospect.id, today, touch.text, now) : [];
  const next = touch.next !== undefined ? addFollowUp(db, prospect, touch.next, null, now) : null;
  return { activity, stageFrom, closed, next };
}
