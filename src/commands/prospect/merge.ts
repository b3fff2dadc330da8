import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { applyMerge, mergeView, planMerge } from '../../domain/merge.js';
import { assertSameAsShown, fingerprint } from '../../domain/fingerprint.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { mergeJson } from '../../domain/json/merge.js';
import { formatMoney } from '../../ui/format.js';
import { cleanLine } from '../../ui/sanitize.js';
import { renderMergePreview } from '../../ui/merge.js';
import { announce, printJson, printLines } from '../../ui/output.js';
import { resolveProspect } from '../flags/resolve.js';

export interface ProspectMergeOptions {
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
}

export function registerProspectMerge(parent: Command, ctx: Context): void {
  parent
    .command('merge')
    .description('make one prospect of two records of the same person, losing nothing (shows what will change)')
    .argument('<keep>', 'the prospect that stays (id, email or part of the name): its values win')
    .argument('<other>', 'the prospect merged into it and removed')
    .option('--dry-run', 'show what would change and write nothing')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .option('--json', 'print the merged prospect and what moved as JSON')
    .addHelpText(
      'after',
      `
What happens: keep's values win and its empty ones are filled from other; other's differing
email and phone join keep's other emails and phones, its other differing values are written
in a note; tags join; activities, follow-ups and stage history move over; the stage is the
furthest along; other is removed. One \`meld undo\` restores both.

Examples:
  meld prospect merge 12 31 --dry-run
  meld prospect merge ana@acme.io "Ana S." --yes`,
    )
    .action((keep: string, other: string, opts: ProspectMergeOptions) => runProspectMerge(ctx, keep, other, opts));
}

export async function runProspectMerge(
  ctx: Context,
  keepRef: string,
  otherRef: string,
  opts: ProspectMergeOptions,
): Promise<void> {
  const db = await ctx.store().read();
  const keep = resolveProspect(db, keepRef);
  const other = resolveProspect(db, otherRef);
  const now = ctx.clock.now();
  const money = (cents: number) => formatMoney(cents, db.config.currency);
  const plan = planMerge(db, keep, other, now, money);
  const preview = renderMergePreview(plan, keep, other, ctx.io.style);
  if (opts.dryRun) {
    if (opts.json) printJson(ctx, mergeJson(plan.merged, other, plan.moves, jsonRefs(db), true, plan.deals));
    else printLines(ctx, preview);
    ctx.io.err.write('dry run: nothing was changed\n');
    return;
  }
  if (!opts.yes) {
    if (!ctx.io.interactive) {
      throw new UsageError(`merging #${other.id} into #${keep.id} needs confirmation`, {
        hint: 'see what changes with --dry-run, then pass --yes',
      });
    }
    ctx.io.err.write(`${preview}\n`);
    const sure = await ctx.prompter.confirm({
      message: `Merge #${other.id} into #${keep.id}?`,
      flag: '--yes',
      default: false,
    });
    if (!sure) {
      ctx.io.err.write('nothing merged\n');
      return;
    }
  }
  // The merge is made from what was shown: if either record changed since, refuse rather than merge blind.
  const shown = fingerprint(mergeView(db, [keep.id, other.id]));
  const result = await ctx.store().write((data) => {
    assertSameAsShown(
      shown,
      mergeView(data, [keep.id, other.id]),
      `#${keep.id} ${cleanLine(keep.name)} or #${other.id} ${cleanLine(other.name)}`,
    );
    applyMerge(data, plan, now);
    const merged = resolveProspect(data, String(keep.id));
    return {
      summary: `prospect merge #${other.id} ${other.name} into #${keep.id} ${keep.name}`,
      result: mergeJson(merged, other, plan.moves, jsonRefs(data), false),
    };
  });
  if (opts.json) printJson(ctx, result);
  else if (opts.yes) printLines(ctx, preview);
  announce(ctx, `Merged #${other.id} ${other.name} into ${keep.name} (#${keep.id})`);
}
