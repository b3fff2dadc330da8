import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { MeldError, UsageError } from '../../errors.js';
import { findDeals, moveDeal } from '../../domain/deals.js';
import { assertSameAsShown, fingerprint } from '../../domain/fingerprint.js';
import { followUpsAfterLoss, openFollowUpsOf, type AfterLoss } from '../../domain/followups.js';
import { dealRef, followUpRef } from '../../domain/refs.js';
import { dealJson } from '../../domain/json/deal.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { STAGES, isOpenStage, type Db, type Deal, type Prospect, type Stage } from '../../domain/types.js';
import { dealWho } from '../../ui/deals.js';
import { keptAfterLoss } from '../../ui/followups.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { cleanLine } from '../../ui/sanitize.js';
import { oneOf } from '../flags/resolve.js';
import { askLostReason } from '../prospect/stage.js';

export interface DealStageOptions {
  reason?: string;
  correct?: boolean;
  json?: boolean;
}

export function registerDealStage(parent: Command, ctx: Context): void {
  const command = parent
    .command('stage')
    .description('move one or more deals to another stage (kept in their stage history), as one change')
    .usage('[options] <deal>... <stage>')
    .argument('<deal...>', `deals (d3, or 3), then the stage last: ${STAGES.join(', ')}`)
    .option('--reason <text>', 'why (required for lost; asked in a terminal)')
    .option('--correct', 'replace the last stage step instead of adding one (a mis-click leaves no trace)')
    .option('--json', 'print the deal as JSON (an array when several are moved)')
    .addHelpText(
      'after',
      `
Examples:
  meld deal stage d3 proposal
  meld deal stage d3 lost --reason "went with a competitor"
  meld deal stage d3 d5 d8 won                 # several at once; the stage is last
  meld deal stage d3 proposal --correct        # it was never won: undo a mis-click

A deal lost when its person has no other open deal cancels their open follow-ups (meld undo
brings them back), unless they are a customer (a won deal): a customer's check-ins go on.`,
    )
    .action((args: string[], opts: DealStageOptions) => {
      if (args.length < 2)
        throw new UsageError("missing required argument 'stage'", { hint: 'e.g. meld deal stage d3 proposal' });
      return runDealStage(ctx, args.slice(0, -1), args.at(-1)!, opts);
    });
  // Shell completion: the second word is a stage (see commands/completion.ts).
  Object.assign(command, { completeArgs: ['deal', 'stage'] });
}

/** The reason a move to lost needs: the flag, else asked in a terminal, else a usage error naming --reason. */
async function reasonFor(
  ctx: Context,
  db: Db,
  moving: Deal[],
  stage: Stage,
  given: string | undefined,
): Promise<string | undefined> {
  if (stage !== 'lost' || given?.trim()) return given;
  const one = moving.length === 1 ? moving[0]! : null;
  if (!ctx.io.interactive) {
    throw new UsageError(`marking ${one ? dealRef(one.id) : `${moving.length} deals`} lost needs a reason`, {
      hint: 'pass --reason "<why>", e.g. --reason "went with a competitor"',
    });
  }
  const person = one ? db.prospects.find((p) => p.id === one.prospectId) : undefined;
  const message = one
    ? `Why was ${cleanLine(dealWho(one, person))} lost?`
    : `Why were ${moving.map((d) => dealRef(d.id)).join(', ')} lost?`;
  return askLostReason(ctx, message, db);
}

export async function runDealStage(
  ctx: Context,
  refs: string[],
  stageArg: string,
  opts: DealStageOptions,
): Promise<void> {
  if (/^\s*d\d+\s*$/i.test(stageArg)) {
    throw new UsageError(`the stage comes last, after the deals ("${stageArg.trim()}" is a deal)`, {
      hint: 'e.g. meld deal stage d3 d5 won',
    });
  }
  const stage = oneOf(stageArg, STAGES, 'stage');
  const db = await ctx.store().read();
  // Every reference is resolved before anything is asked or written: one unknown, nothing moves.
  const found = findDeals(db, refs);
  const moving = found.filter((d) => d.stage !== stage);
  if (moving.length === 0) {
    throw new UsageError(
      `${found.map((d) => dealRef(d.id)).join(', ')} ${found.length === 1 ? 'is' : 'are'} already at ${stage}`,
    );
  }
  const reason = await reasonFor(ctx, db, moving, stage, opts.reason);
  // Asked in a prompt: the write must find the very deals that were shown.
  const shown = reason !== opts.reason ? new Map(moving.map((d) => [d.id, fingerprint(d)])) : null;
  const now = ctx.clock.now();
  const done = await ctx.store().write((data) => {
    const rows = moving.map((m) => {
      const deal = data.deals.find((d) => d.id === m.id);
      if (shown) assertSameAsShown(shown.get(m.id)!, deal, dealRef(m.id));
      if (!deal) throw new MeldError(`no deal ${dealRef(m.id)}`);
      const prospect = data.prospects.find((p) => p.id === deal.prospectId);
      const from = deal.stage;
      moveDeal(deal, stage, now, reason, { correct: opts.correct });
      return { deal, prospect, from };
    });
    // Lost, with no other deal of theirs open: the person's open follow-ups are cancelled with
    // the reason (one change with the move: undo brings them back), unless they are a customer,
    // whose check-ins go on (followups.ts followUpsAfterLoss).
    const after = new Map<number, AfterLoss>();
    if (stage === 'lost') {
      for (const { deal } of rows) {
        const id = deal.prospectId;
        if (!after.has(id)) after.set(id, followUpsAfterLoss(data, id, reason, now));
      }
    }
    const refsNow = jsonRefs(data);
    const which =
      rows.length === 1
        ? `${dealRef(rows[0]!.deal.id)} ${rows[0]!.from} `
        : `${rows.map((r) => dealRef(r.deal.id)).join(' ')} `;
    return {
      summary: `deal stage ${which}-> ${stage}${opts.correct ? ' (corrected)' : ''}`,
      result: {
        rows: rows.map((r) => ({ ...r, json: dealJson(r.deal, refsNow) })),
        cancelled: [...after.entries()]
          .filter(([, a]) => a.cancelled.length > 0)
          .map(([id, a]) => [id, a.cancelled] as const),
        kept: [...after.entries()].filter(([, a]) => a.kept.length > 0).map(([id, a]) => [id, a.kept] as const),
        idle: nextStepFor(data, rows, stage),
      },
    };
  });
  if (opts.json) printJson(ctx, refs.length === 1 ? done.rows[0]!.json : done.rows.map((r) => r.json));
  const skipped = found.filter((d) => d.stage === stage);
  if (skipped.length > 0) ctx.io.err.write(`already at ${stage}: ${skipped.map((d) => dealRef(d.id)).join(', ')}\n`);
  for (const { deal, prospect, from } of done.rows) {
    const why = deal.history.at(-1)?.reason;
    announce(
      ctx,
      `${opts.correct ? 'Corrected' : 'Moved'} ${dealWho(deal, prospect)} from ${from} to ${stage}${why ? `: ${why}` : ''}`,
    );
  }
  for (const [prospectId, list] of done.cancelled) {
    const whose = done.cancelled.length > 1 || done.rows.length > 1 ? ` of #${prospectId}` : '';
    announce(
      ctx,
      `Cancelled ${list.length === 1 ? 'follow-up' : 'follow-ups'} ${list.map((f) => followUpRef(f.id)).join(', ')}${whose} (lost; meld undo brings them back)`,
    );
  }
  for (const [prospectId, list] of done.kept) {
    const person = done.rows.find((r) => r.deal.prospectId === prospectId)?.prospect;
    suggest(ctx, keptAfterLoss(list, person ? `${person.name} (#${prospectId})` : `#${prospectId}`));
  }
  if (done.idle !== null) suggest(ctx, `next step: meld followup add ${done.idle} tomorrow`);
}

/** One moved deal, now open, whose person has nothing planned: the person to plan a next step with. */
function nextStepFor(db: Db, rows: Array<{ prospect: Prospect | undefined }>, stage: Stage): number | null {
  if (rows.length !== 1 || !isOpenStage(stage)) return null;
  const p = rows[0]!.prospect;
  return p && openFollowUpsOf(db, p.id).length === 0 ? p.id : null;
}
