import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { openFollowUpsOf } from '../../domain/followups.js';
import { assertSameAsShown, fingerprint } from '../../domain/fingerprint.js';
import { moveStage } from '../../domain/prospects.js';
import { STAGES, isOpenStage, type Db, type Prospect, type Stage } from '../../domain/types.js';
import { cleanLine } from '../../ui/sanitize.js';
import { prospectJson } from '../../domain/shapes.js';
import { announce, printJson, suggest } from '../support/output.js';
import { oneOf, resolveProspect } from '../support/resolve.js';

export interface ProspectStageOptions {
  reason?: string;
  json?: boolean;
}

export function registerProspectStage(parent: Command, ctx: Context): void {
  parent
    .command('stage')
    .description('move a prospect to another stage (kept in its stage history)')
    .argument('<prospect>', 'id, email or part of the name')
    .argument('<stage>', STAGES.join(', '))
    .option('--reason <text>', 'why (required for lost; asked in a terminal)')
    .option('--json', 'print the prospect as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld prospect stage 12 proposal
  meld prospect stage ana lost --reason "went with a competitor"`,
    )
    .action((ref: string, stage: string, opts: ProspectStageOptions) => runProspectStage(ctx, ref, stage, opts));
}

/**
 * The reason a move to `lost` needs: the flag, else asked in a terminal, else a usage error
 * naming --reason. Undefined when the move is not to lost.
 */
export async function lostReason(
  ctx: Context,
  prospect: Prospect,
  stage: Stage | undefined,
  given: string | undefined,
): Promise<string | undefined> {
  if (stage !== 'lost' || prospect.stage === 'lost') return given;
  if (given?.trim()) return given;
  if (!ctx.io.interactive) {
    throw new UsageError(`marking #${prospect.id} ${cleanLine(prospect.name)} lost needs a reason`, {
      hint: 'pass --reason "<why>", e.g. --reason "went with a competitor"',
    });
  }
  return ctx.prompter.input({
    message: `Why was ${cleanLine(prospect.name)} lost?`,
    flag: '--reason',
    validate: (v) => (v.trim() ? true : 'a short reason helps the campaign report, e.g. "too expensive"'),
  });
}

/**
 * The prospect inside a write. When a prompt named it (`shown` is its fingerprint), it must be
 * the very record shown: another meld may have undone, edited or re-created that id meanwhile.
 */
export function prospectAsShown(db: Db, found: Prospect, shown: string | null): Prospect {
  if (shown === null) return resolveProspect(db, String(found.id));
  const p = db.prospects.find((x) => x.id === found.id);
  assertSameAsShown(shown, p, `#${found.id} ${cleanLine(found.name)}`);
  return p!;
}

export async function runProspectStage(
  ctx: Context,
  ref: string,
  stageArg: string,
  opts: ProspectStageOptions,
): Promise<void> {
  const stage = oneOf(stageArg, STAGES, 'stage');
  const found = resolveProspect(await ctx.store().read(), ref);
  const reason = await lostReason(ctx, found, stage, opts.reason);
  // Asked in a prompt: the write must find the record that was shown.
  const shown = reason !== opts.reason ? fingerprint(found) : null;
  const now = ctx.clock.now();
  const { prospect, from, open } = await ctx.store().write((db) => {
    const p = prospectAsShown(db, found, shown);
    const previous = p.stage;
    moveStage(p, stage, now, reason);
    return {
      summary: `prospect stage ${p.name} (#${p.id}) ${previous} -> ${stage}`,
      result: { prospect: p, from: previous, open: openFollowUpsOf(db, p.id) },
    };
  });
  if (opts.json) printJson(ctx, prospectJson(prospect));
  const why = prospect.history.at(-1)?.reason;
  announce(ctx, `Moved ${prospect.name} (#${prospect.id}) from ${from} to ${stage}${why ? `: ${why}` : ''}`);
  if (!isOpenStage(stage) && open.length > 0) {
    suggest(
      ctx,
      `still open: follow-up ${open.map((f) => `#${f.id}`).join(', ')}; close with meld followup done ${open[0]!.id}`,
    );
  } else if (isOpenStage(stage) && open.length === 0) {
    suggest(ctx, `next step: meld followup add ${prospect.id} tomorrow`);
  }
}
