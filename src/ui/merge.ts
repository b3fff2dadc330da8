import type { MergePlan } from '../domain/merge.js';
import type { Prospect } from '../domain/types.js';
import { plural } from './format.js';
import { cleanLine } from './sanitize.js';
import type { Style } from './style.js';

/** The preview `prospect merge` shows before it merges (and alone with --dry-run). */
export function renderMergePreview(plan: MergePlan, keep: Prospect, other: Prospect, style: Style): string {
  const lines = [style.bold(`Merge #${other.id} ${cleanLine(other.name)} into #${keep.id} ${cleanLine(keep.name)}`)];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(11)} ${cleanLine(text)}`);
  for (const f of plan.fields) {
    if (f.outcome === 'filled') row(f.field, `— → ${f.other}`);
    else if (f.outcome === 'kept-aside') row(f.field, `${f.keep} (kept); ${f.other} → ${f.aside}`);
  }
  if (plan.tagsAdded.length > 0) {
    row('tags', `${keep.tags.join(', ') || '—'} → ${plan.merged.tags.join(', ')}`);
  }
  if (plan.stage.merged !== plan.stage.keep)
    row(
      'stage',
      `${plan.stage.keep ?? '—'} → ${plan.stage.merged ?? '—'}${plan.mergedDeal ? ' (furthest along)' : ''}`,
    );
  const moves = [
    plan.moves.activities > 0 ? plural(plan.moves.activities, 'activity', 'activities') : '',
    plan.moves.followUps > 0 ? plural(plan.moves.followUps, 'follow-up') : '',
    plan.moves.deals > 0 ? plural(plan.moves.deals, 'deal') : '',
    plan.moves.stageChanges > 0 ? plural(plan.moves.stageChanges, 'stage change') : '',
    plan.moves.referrals > 0 ? plural(plan.moves.referrals, 'referral') : '',
  ].filter(Boolean);
  if (moves.length > 0) row('moves', moves.join(', '));
  if (plan.note) row('note', plan.note);
  row('removes', `#${other.id} ${other.name}`);
  return lines.join('\n');
}
