import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { assertSameAsShown, fingerprint } from '../../domain/fingerprint.js';
import { removeProspect } from '../../domain/prospects.js';
import type { Db, Prospect } from '../../domain/types.js';
import { plural } from '../../ui/format.js';
import { cleanLine } from '../../ui/sanitize.js';
import { confirmRemoval } from '../flags/ask.js';
import { announce } from '../../ui/output.js';
import { resolveProspect } from '../flags/resolve.js';

export function registerProspectRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove')
    .alias('rm')
    .description('delete a prospect with its follow-ups and activities (asks first)')
    .argument('<prospect>', 'id, email or part of the name')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .option('--purge', 'also erase them from every backup and history summary (undo cannot bring them back)')
    .addHelpText(
      'after',
      `
Examples:
  meld prospect remove 12
  meld prospect remove ana@acme.io --yes
  meld prospect remove 12 --purge          # erase them from the backups too (a privacy request)

Without --purge a removed person stays in the backups of the last 30 changes (\`meld undo\`).`,
    )
    .action((ref: string, opts: RemoveOptions) => runProspectRemove(ctx, ref, opts));
}

export interface RemoveOptions {
  yes?: boolean;
  purge?: boolean;
}

/** What the prompt shows: the prospect and the records removed with it. */
const view = (db: Db, p: Prospect) => ({
  prospect: p,
  followUps: db.followUps.filter((f) => f.prospectId === p.id).map((f) => f.id),
  activities: db.activities.filter((a) => a.prospectId === p.id).map((a) => a.id),
});

export async function runProspectRemove(ctx: Context, ref: string, opts: RemoveOptions): Promise<void> {
  const db = await ctx.store().read();
  const found = resolveProspect(db, ref);
  const followUps = db.followUps.filter((f) => f.prospectId === found.id).length;
  const activities = db.activities.filter((a) => a.prospectId === found.id).length;
  const what = `#${found.id} ${cleanLine(found.name)} with ${plural(followUps, 'follow-up')} and ${plural(activities, 'activity', 'activities')}`;
  const shown = fingerprint(view(db, found));
  const message = opts.purge
    ? `Remove ${what} and erase them from every backup? Undo cannot bring them back.`
    : `Remove ${what}?`;
  if (!(await confirmRemoval(ctx, what, opts.yes, message))) return;
  const words = [found.name, found.email, ...found.otherEmails, found.phone, ...found.otherPhones].filter(
    (w): w is string => typeof w === 'string' && w.trim().length > 2,
  );
  const purge = { id: found.id, createdAt: found.createdAt, words };
  // Written first, so a crash after the removal is saved still ends with the backups purged.
  if (opts.purge) await ctx.store().markPurge(purge);
  const removed = await ctx.store().write((data) => {
    const p = data.prospects.find((x) => x.id === found.id);
    // The very record that was shown (or named with --yes), not whoever has its id now.
    assertSameAsShown(shown, p && view(data, p), `#${found.id} ${cleanLine(found.name)}`);
    const counts = removeProspect(data, p!);
    const summary = opts.purge ? `prospect remove --purge #${p!.id}` : `prospect remove ${p!.name} (#${p!.id})`;
    return { summary, result: { name: p!.name, id: p!.id, ...counts } };
  });
  announce(
    ctx,
    `Removed ${removed.name} (#${removed.id}) with ${plural(removed.followUps, 'follow-up')} and ${plural(removed.activities, 'activity', 'activities')}`,
  );
  if (opts.purge) {
    const files = await ctx.store().purge(purge);
    announce(
      ctx,
      `Erased them from ${plural(files, 'backup file')} and the change history; undo cannot bring them back`,
    );
  }
}
