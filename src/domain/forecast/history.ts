import { isLater } from '../instants.js';
import { PIPELINE, type Instant, type IsoDay, type PipelineStage, type Stage } from '../types.js';

/*
 * What a deal's stage history says at any moment. Everything the forecast knows comes from
 * here: nothing about a forecast is stored, so history imported or synced from another device
 * forecasts the same, and the past can be replayed (see replay.ts).
 */

/** The part of a deal the forecast reads (schema 4's Deal has all of it). */
export interface ForecastDeal {
  id: number;
  prospectId: number;
  title: string;
  valueCents: number | null;
  stage: Stage;
  history: ReadonlyArray<{ stage: Stage; at: Instant }>;
  campaign: string | null;
  /** The owner's own chance for this deal, in percent: overrides any rate. */
  probability: number | null;
  closeBy: IsoDay | null;
  closeByChanges: ReadonlyArray<{ at: Instant; from: IsoDay | null; to: IsoDay | null }>;
  createdAt: Instant;
}

export const OPEN_STAGES = ['new', 'contacted', 'qualified', 'proposal'] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];

const rank = (stage: Stage): number => PIPELINE.indexOf(stage as PipelineStage);

/** Instants compare as text only in one notation; these are ISO strings meld wrote. */
const time = (at: Instant): number => Date.parse(at);

/** The deal's steps in time order (a hand-edited file may list them out of order). The history
 * as it is when already in order, as meld writes it: the agenda and the report ask this of every
 * deal several times, and a sort that parses each instant on every comparison was most of it. */
function steps(deal: Pick<ForecastDeal, 'history'>): ReadonlyArray<{ stage: Stage; at: Instant }> {
  const list = deal.history;
  let ordered = true;
  for (let i = 1; i < list.length && ordered; i++) ordered = !isLater(list[i - 1]!.at, list[i]!.at);
  if (ordered) return list;
  return list
    .map((step) => ({ step, t: time(step.at) }))
    .sort((a, b) => a.t - b.t)
    .map(({ step }) => step);
}

/** Its stage at `at` (null: it did not exist yet). Without a history, its stage since it was made. */
export function stageAt(deal: Pick<ForecastDeal, 'history' | 'stage' | 'createdAt'>, at: number): Stage | null {
  let stage: Stage | null = null;
  const list = steps(deal);
  if (list.length === 0) return time(deal.createdAt) <= at ? deal.stage : null;
  for (const step of list) {
    if (time(step.at) > at) break;
    stage = step.stage;
  }
  return stage;
}

/** When it was won or lost for good: the step that took it to its closed stage; null while open. */
export function closedAt(deal: Pick<ForecastDeal, 'history' | 'stage' | 'createdAt'>): number | null {
  if (deal.stage !== 'won' && deal.stage !== 'lost') return null;
  const last = [...steps(deal)].reverse().find((s) => s.stage === deal.stage);
  return last ? time(last.at) : time(deal.createdAt);
}

/** How a deal ended as seen at `at`: 'won' or 'lost' once closed by then, else null. */
export function outcomeBy(
  deal: Pick<ForecastDeal, 'history' | 'stage' | 'createdAt'>,
  at: number,
): 'won' | 'lost' | null {
  const closed = closedAt(deal);
  if (closed === null || closed > at) return null;
  return deal.stage as 'won' | 'lost';
}

/**
 * The furthest open stage a lost deal reached before it was lost (by its history); a deal with
 * no open step at all was lost at `new`. Won deals passed every stage.
 */
export function furthestOpenStage(deal: Pick<ForecastDeal, 'history' | 'stage'>): OpenStage {
  let best = 0;
  for (const step of deal.history) {
    const r = rank(step.stage);
    if (r >= 0 && r < OPEN_STAGES.length && r > best) best = r;
  }
  return OPEN_STAGES[best]!;
}

/** When the deal entered the stage it was in at `at` (the first step of the run that reached it). */
export function enteredStageAt(deal: Pick<ForecastDeal, 'history' | 'createdAt' | 'stage'>, at: number): number {
  const list = steps(deal).filter((s) => time(s.at) <= at);
  if (list.length === 0) return time(deal.createdAt);
  const current = list[list.length - 1]!.stage;
  let i = list.length - 1;
  while (i > 0 && list[i - 1]!.stage === current) i -= 1;
  return time(list[i]!.at);
}

/** When the deal first reached `stage` (or a later one: skipped stages count as passed). */
export function reachedAt(deal: Pick<ForecastDeal, 'history'>, stage: OpenStage): number | null {
  for (const step of steps(deal)) {
    const r = rank(step.stage);
    if (r >= rank(stage)) return time(step.at);
  }
  return null;
}

/** reachedAt for every open stage at once, in OPEN_STAGES order: one walk over the steps where
 * four calls walked them four times (medianDaysToWin asks it of every won deal, #19). */
export function reachedTimes(deal: Pick<ForecastDeal, 'history'>): Array<number | null> {
  const reached: Array<number | null> = OPEN_STAGES.map(() => null);
  let found = 0;
  for (const step of steps(deal)) {
    const r = rank(step.stage);
    for (let i = found; i < OPEN_STAGES.length; i++) {
      if (r < rank(OPEN_STAGES[i]!)) break;
      reached[i] = time(step.at);
      found = i + 1;
    }
    if (found === OPEN_STAGES.length) break;
  }
  return reached;
}

/**
 * Its expected close day as it stood at `at` (null: none set). The day set now (`closeBy`) is the
 * one in force; the recorded changes made after `at` are undone, latest first, to find the one
 * before. Only pushes are recorded, so a move earlier is known by `closeBy` alone: from the last
 * recorded change on, the day is taken to be the one set now.
 */
export function closeByAt(deal: Pick<ForecastDeal, 'closeBy' | 'closeByChanges'>, at: number): IsoDay | null {
  let value = deal.closeBy;
  if (deal.closeByChanges.length === 0) return value;
  const changes = [...deal.closeByChanges].sort((a, b) => time(b.at) - time(a.at));
  for (const c of changes) {
    if (time(c.at) <= at) break;
    value = c.from;
  }
  return value;
}

/** Whether a recorded close-by change moved the day later (meld records only those; a file
 * edited by hand or imported may hold others). */
export function isPush(c: { from: IsoDay | null; to: IsoDay | null }): boolean {
  return c.from !== null && c.to !== null && c.to > c.from;
}

/** How many times its close-by day was moved later. */
export function pushes(deal: Pick<ForecastDeal, 'closeByChanges'>): number {
  return deal.closeByChanges.filter(isPush).length;
}
