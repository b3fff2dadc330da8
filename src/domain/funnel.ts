import { ratio } from './ratio.js';
import { PIPELINE, type PipelineStage, type Stage, type StageChange } from './types.js';

/** Anything with a stage and its history: a deal. */
export interface Staged {
  stage: Stage;
  history: readonly StageChange[];
}

/** How many deals ever reached each pipeline stage. */
export type Funnel = Record<PipelineStage, number>;

/** Share of the prospects that reached the previous stage and went on to reach this one. */
export type FunnelRates = Record<Exclude<PipelineStage, 'new'>, number | null>;

/**
 * The furthest pipeline stage in a deal's history (its current stage included).
 * `lost` is not a pipeline stage: a prospect lost at `qualified` reached `qualified` and
 * no further. A prospect that skipped stages (new → proposal) counts as having passed the
 * skipped ones: "reached S" means "got at least as far as S". Moving back does not undo it.
 */
export function furthestStage(prospect: Staged): PipelineStage {
  let best = 0;
  const stages = [...prospect.history.map((h) => h.stage), prospect.stage];
  for (const stage of stages) {
    const at = (PIPELINE as readonly string[]).indexOf(stage);
    if (at > best) best = at;
  }
  return PIPELINE[best]!;
}

export function hasReached(prospect: Staged, stage: PipelineStage): boolean {
  return PIPELINE.indexOf(furthestStage(prospect)) >= PIPELINE.indexOf(stage);
}

/** Deals that ever reached each stage, from their stage history. */
export function campaignFunnel(prospects: ReadonlyArray<Staged>): Funnel {
  const funnel: Funnel = { new: 0, contacted: 0, qualified: 0, proposal: 0, won: 0 };
  for (const p of prospects) {
    const furthest = PIPELINE.indexOf(furthestStage(p));
    for (let i = 0; i <= furthest; i++) funnel[PIPELINE[i]!] += 1;
  }
  return funnel;
}

/** Stage-to-stage conversion: contacted ÷ new, qualified ÷ contacted, … (null on a zero divisor). */
export function funnelRates(funnel: Funnel): FunnelRates {
  return {
    contacted: ratio(funnel.contacted, funnel.new),
    qualified: ratio(funnel.qualified, funnel.contacted),
    proposal: ratio(funnel.proposal, funnel.qualified),
    won: ratio(funnel.won, funnel.proposal),
  };
}
