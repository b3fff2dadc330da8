import type { Activity, FollowUp, Stage } from '../types.js';
import { followUpJson } from './followup.js';
import type { Refs } from './refs.js';

// docs/json.md, Activity, and what `log` answers (Other answers).

export function activityJson(a: Activity, refs: Refs) {
  return {
    id: a.id,
    prospect: refs.prospect(a.prospectId),
    type: a.type,
    text: a.text,
    at: a.at,
    campaign: refs.campaign(a.campaign),
    topics: a.topics,
    mail: a.mail ?? null,
  };
}

/** `log --json`: the activity logged, whose it is, their stage now, and the follow-ups it closed, planned and repeated. */
export function logJson(
  logged: {
    activity: Activity;
    prospectId: number;
    stage: Stage | null;
    closed: readonly FollowUp[];
    next: FollowUp | null;
    repeated: readonly FollowUp[];
  },
  refs: Refs,
) {
  return {
    activity: activityJson(logged.activity, refs),
    prospect: refs.prospect(logged.prospectId),
    stage: logged.stage,
    closed: logged.closed.map((f) => followUpJson(f, refs)),
    next: logged.next ? followUpJson(logged.next, refs) : null,
    repeat: logged.repeated.map((f) => followUpJson(f, refs)),
  };
}
