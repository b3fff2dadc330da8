import { dayStart, toDay } from './dates.js';
import { addActivity, addFollowUp, moveStage } from './prospects.js';
import { closeDueFollowUps } from './followups.js';
import { theDeal } from './deals.js';
import type { Activity, ActivityType, Db, FollowUp, IsoDay, Prospect, Stage } from './types.js';
import { MeldError } from '../errors.js';

/** When an activity logged for `day` happened: now when it is today, else noon that day. */
export function activityInstant(day: IsoDay, today: IsoDay, now: Date): Date {
  if (day > today)
    throw new MeldError(`--date ${day} is in the future: log what already happened`, {
      hint: 'plan it instead: meld followup add <prospect> <date>',
    });
  return day === today ? now : new Date(dayStart(day).getTime() + 12 * 3_600_000);
}

/**
 * When a touch logged for `touch.day` happened (see activityInstant), refusing a day before
 * the prospect was added; on the day it was added, not before that moment. With a stage
 * change it must also not come before the last stage change of the deal it moves (deals.ts
 * theDeal; history runs forward).
 */
export function touchInstant(
  db: Pick<Db, 'deals'>,
  prospect: Prospect,
  touch: Pick<Touch, 'day' | 'stage'>,
  today: IsoDay,
  now: Date,
): Date {
  let at = activityInstant(touch.day, today, now);
  const added = new Date(prospect.createdAt);
  if (touch.day < toDay(added)) {
    throw new MeldError(`--date ${touch.day} is before #${prospect.id} ${prospect.name} was added (${toDay(added)})`);
  }
  if (at < added) at = added;
  const deal = touch.stage !== undefined ? theDeal(db, prospect) : undefined;
  const last = deal?.history.at(-1);
  if (deal && touch.stage !== deal.stage && last && Date.parse(last.at) > at.getTime()) {
    const lastAt = new Date(last.at);
    if (toDay(lastAt) !== touch.day) {
      throw new MeldError(
        `--date ${touch.day} is before #${prospect.id}'s last stage change (${last.stage} on ${toDay(lastAt)})`,
        {
          hint: 'log it without --stage, or move the stage now with `meld prospect stage`',
        },
      );
    }
    at = lastAt;
  }
  return at;
}

export interface Touch {
  type: ActivityType;
  text: string;
  day: IsoDay;
  stage?: Stage;
  reason?: string | null;
  next?: IsoDay;
  /** What the next follow-up is for. */
  nextNote?: string | null;
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
  const at = touchInstant(db, prospect, touch, today, now);
  if (touch.next !== undefined && touch.next < today) {
    throw new MeldError(`--next ${touch.next} is in the past (today is ${today})`);
  }
  const activity = addActivity(db, prospect, touch.type, touch.text, at);
  let stageFrom: Stage | null = null;
  if (touch.stage !== undefined && touch.stage !== theDeal(db, prospect).stage) {
    // The stage moves when the touch happened (--date), not when it was typed in.
    stageFrom = moveStage(db, prospect, touch.stage, at, touch.reason).from;
  }
  const ends = touch.stage === 'won' || touch.stage === 'lost';
  const closed = touch.next !== undefined || ends ? closeDueFollowUps(db, prospect.id, today, touch.text, now) : [];
  const next = touch.next !== undefined ? addFollowUp(db, prospect, touch.next, touch.nextNote ?? null, now) : null;
  return { activity, stageFrom, closed, next };
}
