import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { followUpsAfterLoss, openFollowUpsOf } from '../../domain/followups.js';
import { assertSameAsShown, fingerprint } from '../../domain/fingerprint.js';
import { moveStage } from '../../domain/prospects.js';
import { theDeal } from '../../domain/deals.js';
import { dealRef } from '../../domain/refs.js';
import { STAGES, isOpenStage, type Db, type Prospect, type Stage } from '../../domain/types.js';
import { cleanLine } from '../../ui/sanitize.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { prospectJson } from '../../domain/json/prospect.js';
import { keptAfterLoss } from '../../ui/followups.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { oneOf, resolveProspect } from '../flags/resolve.js';

export interface ProspectStageOptions {
  reason?: string;
  correct?: boolean;
  json?: boolean;
}

export function registerProspectStage(parent: Command, ctx: Context): void {
  const command = parent
    .command('stage')
    .description(
      "move one or more prospects' deal to another stage (kept in its stage history), as one change; a person with several open deals: meld deal stage",
    )
    .usage('[options] <prospect>... <stage>')
    .argument('<prospect...>', `ids, emails or parts of names, then the stage last: ${STAGES.join(', ')}`)
    .option('--reason <text>', 'why (required for lost; asked in a terminal)')
    .option('--correct', 'replace the last stage step instead of adding one (a mis-click leaves no trace)')
    .option('--json', 'print the prospect as JSON (an array when several are moved)')
    .addHelpText(
      'after',
      `
Examples:
  meld prospect stage 12 proposal
  meld prospect stage ana lost --reason "went with a competitor"
  meld prospect stage 12 14 '#15' qualified          # several at once; the stage is last
  meld prospect stage 12 proposal --correct          # it was never won: undo a mis-click

It moves the person's one open deal (or their only deal); with several open deals it names
them: move one with \`meld deal stage d<n> <stage>\`.`,
    )
    .action((args: string[], opts: ProspectStageOptions) => {
      if (args.length < 2)
        throw new UsageError("missing required argument 'stage'", { hint: 'e.g. meld prospect stage 12 proposal' });
      return runProspectStage(ctx, args.slice(0, -1), args.at(-1)!, opts);
    });
  // Shell completion: the second word is a stage (see commands/completion.ts).
  Object.assign(command, { completeArgs: ['prospect', 'stage'] });
}

/**
 * The stage of the deal a move of `prospect` would move (deals.ts theDeal: refused with several
 * open deals or none), or undefined when no stage is being set.
 */
export function movingFrom(db: Pick<Db, 'deals'>, prospect: Prospect, stage: Stage | undefined): Stage | undefined {
  return stage === undefined ? undefined : theDeal(db, prospect).stage;
}

/**
 * The reason a move to `lost` needs: the flag, else asked in a terminal (offering the reasons
 * used before), else a usage error naming --reason. Undefined when the move is not to lost.
 * `from`: the stage of the deal being moved.
 */
export async function lostReason(
  ctx: Context,
  prospect: Prospect,
  from: Stage | undefined,
  stage: Stage | undefined,
  given: string | undefined,
  db?: Pick<Db, 'deals'>,
): Promise<string | undefined> {
  if (stage !== 'lost' || from === 'lost') return given;
  if (given?.trim()) return given;
  if (!ctx.io.interactive) {
    throw new UsageError(`marking #${prospect.id} ${cleanLine(prospect.name)} lost needs a reason`, {
      hint: 'pass --reason "<why>", e.g. --reason "went with a competitor"',
    });
  }
  return askLostReason(ctx, `Why was ${cleanLine(prospect.name)} lost?`, db ?? (await ctx.store().read()));
}

async function lostReasonForMany(
  ctx: Context,
  prospects: Prospect[],
  stage: Stage,
  given: string | undefined,
  db: Pick<Db, 'deals'>,
): Promise<string | undefined> {
  if (stage !== 'lost' || given?.trim()) return given;
  if (!ctx.io.interactive) {
    throw new UsageError(`marking ${prospects.length} prospects lost needs a reason`, {
      hint: 'pass --reason "<why>", e.g. --reason "went with a competitor"',
    });
  }
  return askLostReason(ctx, `Why were ${prospects.map((p) => `#${p.id}`).join(', ')} lost?`, db);
}

const OTHER_REASON = '\u0000other';

/** Asks why a deal was lost: a pick among the reasons used before (most used first), or typed. */
export async function askLostReason(ctx: Context, message: string, db?: Pick<Db, 'deals'>): Promise<string> {
  const used = db ? reasonsUsed(db.deals) : [];
  if (used.length > 0) {
    const choice = await ctx.prompter.select<string>({
      message,
      flag: '--reason',
      choices: [
        ...used.map((r) => ({ name: cleanLine(r), value: r })),
        { name: '(another reason)', value: OTHER_REASON },
      ],
    });
    if (choice !== OTHER_REASON) return choice;
  }
  return ctx.prompter.input({
    message: used.length > 0 ? 'Reason:' : message,
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

/** Lost reasons recorded before, most used first, then A→Z; the same words once whatever their case. */
export function reasonsUsed(deals: readonly { lostReason: string | null }[]): string[] {
  const counts = new Map<string, { text: string; n: number }>();
  for (const p of deals) {
    const text = p.lostReason?.trim();
    if (!text) continue;
    const key = text.toLowerCase();
    const seen = counts.get(key);
    if (seen) seen.n += 1;
    else counts.set(key, { text, n: 1 });
  }
  return [...counts.values()]
    .sort((a, b) => b.n - a.n || a.text.localeCompare(b.text))
    .slice(0, 8)
    .map((r) => r.text);
}

export async function runProspectStage(
  ctx: Context,
  refs: string[],
  stageArg: string,
  opts: ProspectStageOptions,
): Promise<void> {
  const stage = oneOf(stageArg, STAGES, 'stage');
  const db = await ctx.store().read();
  // Every reference is resolved before anything is asked or written: one unknown, nothing moves.
  const found = uniqueById(refs.map((ref) => resolveProspect(db, ref)));
  // The deal each one moves: refused before anything is asked when a person has several open deals.
  const dealOf = new Map(found.map((p) => [p.id, theDeal(db, p, opts.correct ? 'correct' : 'move')]));
  const moving = found.filter((p) => dealOf.get(p.id)!.stage !== stage);
  if (moving.length === 0) {
    const [first] = found;
    // Nothing to change is a usage error (exit 2), as with `prospect edit` given the same values.
    throw new UsageError(
      found.length === 1
        ? `#${first!.id} ${cleanLine(first!.name)} is already at ${stage}`
        : `${found.map((p) => `#${p.id}`).join(', ')} are already at ${stage}`,
    );
  }
  const reason =
    moving.length === 1
      ? await lostReason(ctx, moving[0]!, dealOf.get(moving[0]!.id)!.stage, stage, opts.reason, db)
      : await lostReasonForMany(ctx, moving, stage, opts.reason, db);
  // Asked in a prompt: the write must find the very records that were shown.
  const shown = reason !== opts.reason ? new Map(moving.map((m) => [m.id, fingerprint(m)])) : null;
  const now = ctx.clock.now();
  const moved = await ctx.store().write((data) => {
    const rows = moving.map((m) => {
      const p = prospectAsShown(data, m, shown?.get(m.id) ?? null);
      const { deal, from } = moveStage(data, p, stage, now, reason, { correct: opts.correct });
      const several = data.deals.filter((d) => d.prospectId === p.id).length > 1;
      // Lost, with no other deal open: the person's open follow-ups are cancelled with the reason
      // (one change with the move: undo brings them back), so they do not top the agenda; a
      // customer's check-ins go on (followups.ts followUpsAfterLoss).
      const { cancelled, kept } =
        stage === 'lost' ? followUpsAfterLoss(data, p.id, reason, now) : { cancelled: [], kept: [] };
      return { prospect: p, deal, from, several, open: openFollowUpsOf(data, p.id), cancelled, kept };
    });
    const refsNow = jsonRefs(data);
    const who =
      rows.length === 1
        ? `${rows[0]!.prospect.name} (#${rows[0]!.prospect.id})`
        : rows.map((r) => `#${r.prospect.id}`).join(' ');
    return {
      summary: `prospect stage ${who} ${rows.length === 1 ? `${rows[0]!.from} ` : ''}-> ${stage}${opts.correct ? ' (corrected)' : ''}`,
      result: rows.map((r) => ({ ...r, json: prospectJson(r.prospect, refsNow) })),
    };
  });
  if (opts.json) printJson(ctx, refs.length === 1 ? moved[0]!.json : moved.map((m) => m.json));
  const skipped = found.filter((p) => dealOf.get(p.id)!.stage === stage);
  if (skipped.length > 0) {
    ctx.io.err.write(`already at ${stage}: ${skipped.map((p) => `#${p.id} ${cleanLine(p.name)}`).join(', ')}\n`);
  }
  for (const { prospect, deal, from, several, open, cancelled, kept } of moved) {
    const why = deal.history.at(-1)?.reason;
    const what = opts.correct ? 'Corrected' : 'Moved';
    const which = several ? ` (${dealRef(deal.id)})` : '';
    announce(
      ctx,
      `${what} ${prospect.name} (#${prospect.id})${which} from ${from} to ${stage}${why ? `: ${why}` : ''}`,
    );
    if (cancelled.length > 0) {
      const which = cancelled.map((f) => `f${f.id}`).join(', ');
      announce(
        ctx,
        `Cancelled ${cancelled.length === 1 ? 'follow-up' : 'follow-ups'} ${which} (lost; meld undo brings them back)`,
      );
    }
    if (kept.length > 0) suggest(ctx, keptAfterLoss(kept, `${prospect.name} (#${prospect.id})`));
    if (moved.length > 1) continue;
    if (!isOpenStage(stage) && open.length > 0 && kept.length === 0) {
      suggest(
        ctx,
        `still open: follow-up ${open.map((f) => `f${f.id}`).join(', ')}; close with meld followup done f${open[0]!.id}`,
      );
    } else if (isOpenStage(stage) && open.length === 0) {
      suggest(ctx, `next step: meld followup add ${prospect.id} tomorrow`);
    }
  }
}

function uniqueById(prospects: Prospect[]): Prospect[] {
  const seen = new Set<number>();
  return prospects.filter((p) => !seen.has(p.id) && seen.add(p.id));
}
