import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { removeProspect } from '../../domain/prospects.js';
import { plural } from '../../ui/format.js';
import { cleanLine } from '../../ui/sanitize.js';
import { announce } from '../support/output.js';
import { resolveProspect } from '../support/resolve.js';

export function registerProspectRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove')
    .alias('rm')
    .description('delete a prospect with its follow-ups and activities (asks first)')
    .argument('<prospect>', 'id, email or part of the name')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .addHelpText('after', '\nExamples:\n  meld prospect remove 12\n  meld prospect remove ana@acme.io --yes')
    .action((ref: string, opts: { yes?: boolean }) => runProspectRemove(ctx, ref, opts));
}

export async function runProspectRemove(ctx: Context, ref: string, opts: { yes?: boolean }): Promise<void> {
  const db = await ctx.store().read();
  const found = resolveProspect(db, ref);
  const followUps = db.followUps.filter((f) => f.prospectId === found.id).length;
  const activities = db.activities.filter((a) => a.prospectId === found.id).length;
  const what = `#${found.id} ${cleanLine(found.name)} with ${plural(followUps, 'follow-up')} and ${plural(activities, 'activity', 'activities')}`;
  if (!opts.yes) {
    if (!ctx.io.interactive) {
      throw new UsageError(`removing ${what} needs confirmation`, { hint: 'pass --yes to remove without being asked' });
    }
    const sure = await ctx.prompter.confirm({ message: `Remove ${what}?`, flag: '--yes', default: false });
    if (!sure) {
      ctx.io.err.write('nothing removed\n');
      return;
    }
  }
  const removed = await ctx.store().write((data) => {
    const p = resolveProspect(data, String(found.id));
    const counts = removeProspect(data, p);
    return { summary: `prospect remove ${p.name} (#${p.id})`, result: { name: p.name, id: p.id, ...counts } };
  });
  announce(
    ctx,
    `Removed ${removed.name} (#${removed.id}) with ${plural(removed.followUps, 'follow-up')} and ${plural(removed.activities, 'activity', 'activities')}`,
  );
}
