import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { assertSameAsShown, fingerprint } from '../../domain/fingerprint.js';
import { type Mention, mentions, Words, wordsOf } from '../../domain/mentions.js';
import { removeProspect } from '../../domain/prospects.js';
import { MeldError, UsageError } from '../../errors.js';
import type { Db, Prospect } from '../../domain/types.js';
import { plural } from '../../ui/format.js';
import { cleanLine } from '../../ui/sanitize.js';
import { confirmRemoval } from '../flags/ask.js';
import { announce, suggest, warn } from '../../ui/output.js';
import { resolveProspect } from '../flags/resolve.js';

export function registerProspectRemove(parent: Command, ctx: Context): void {
  parent
    .command('remove')
    .alias('rm')
    .description('delete a prospect with their deals, follow-ups and activities (asks first)')
    .argument('<prospect>', 'id, email or part of the name')
    .option('-y, --yes', 'do not ask (needed when not in a terminal)')
    .option('--purge', 'also erase them from every backup and history summary (undo cannot bring them back)')
    .option(
      '--redact-mentions',
      "with --purge: also blank their name, email and phone in other records' notes, follow-ups and activities",
    )
    .addHelpText(
      'after',
      `
Examples:
  meld prospect remove 12
  meld prospect remove ana@acme.io --yes
  meld prospect remove 12 --purge          # erase them from the backups too (a privacy request)
  meld prospect remove 12 --purge --redact-mentions --yes   # and where others' notes mention them

Without --purge a removed person stays in the backups of the last 30 changes (\`meld undo\`).
--purge lists other records whose text mentions them; in a terminal it asks whether to blank
those mentions too.`,
    )
    .action((ref: string, opts: RemoveOptions) => runProspectRemove(ctx, ref, opts));
}

export interface RemoveOptions {
  yes?: boolean;
  purge?: boolean;
  redactMentions?: boolean;
}

/** What the prompt shows: the prospect and the records removed with it. */
const view = (db: Db, p: Prospect) => ({
  prospect: p,
  deals: db.deals.filter((d) => d.prospectId === p.id).map((d) => d.id),
  followUps: db.followUps.filter((f) => f.prospectId === p.id).map((f) => f.id),
  activities: db.activities.filter((a) => a.prospectId === p.id).map((a) => a.id),
});

export async function runProspectRemove(ctx: Context, ref: string, opts: RemoveOptions): Promise<void> {
  if (opts.redactMentions && !opts.purge) {
    throw new UsageError('--redact-mentions goes with --purge', {
      hint: 'e.g. meld prospect remove 12 --purge --redact-mentions',
    });
  }
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
  const words = wordsOf(found as unknown as Record<string, unknown>);
  let redact = Boolean(opts.redactMentions);
  if (opts.purge && !redact && ctx.io.interactive) {
    const mentioned = mentions(db as unknown as Record<string, unknown>, new Words(words), new Set([found.id]));
    if (mentioned.length > 0) {
      redact = await ctx.prompter.confirm({
        message: `${plural(mentioned.length, 'other record')} ${mentioned.length === 1 ? 'mentions' : 'mention'} them (${refList(mentioned)}). Blank their name, email and phone there too?`,
        flag: '--redact-mentions',
        default: true,
      });
    }
  }
  const purge = { id: found.id, createdAt: found.createdAt, words, redactMentions: redact };
  // Written first, so a crash after the removal is saved still ends with the backups purged.
  if (opts.purge) await ctx.store().markPurge(purge);
  const removed = await ctx.store().write((data) => {
    const p = data.prospects.find((x) => x.id === found.id);
    // The very record that was shown (or named with --yes), not whoever has its id now.
    assertSameAsShown(shown, p && view(data, p), `#${found.id} ${cleanLine(found.name)}`);
    const counts = removeProspect(data, p!, ctx.clock.now());
    const left = opts.purge
      ? mentions(data as unknown as Record<string, unknown>, new Words(words), new Set(), redact)
      : [];
    const summary = opts.purge ? `prospect remove --purge #${p!.id}` : `prospect remove ${p!.name} (#${p!.id})`;
    return { summary, result: { name: p!.name, id: p!.id, ...counts, mentions: left } };
  });
  announce(
    ctx,
    `Removed ${removed.name} (#${removed.id}) with ${plural(removed.followUps, 'follow-up')} and ${plural(removed.activities, 'activity', 'activities')}`,
  );
  if (!opts.purge) return;
  if (removed.mentions.length > 0 && redact) {
    announce(
      ctx,
      `Blanked their name, email and phone where ${plural(removed.mentions.length, 'other record')} mentioned them: ${refList(removed.mentions)}`,
    );
  } else if (removed.mentions.length > 0) {
    warn(
      ctx,
      `${plural(removed.mentions.length, 'other record')} still ${removed.mentions.length === 1 ? 'mentions' : 'mention'} them: ${refList(removed.mentions)}`,
    );
    suggest(ctx, '--redact-mentions with --purge blanks mentions; edit these by hand to remove them now');
  }
  const { files, uncleaned } = await ctx.store().purge(purge);
  announce(ctx, `Erased them from ${plural(files, 'backup file')} and the change history; undo cannot bring them back`);
  if (uncleaned.length > 0) {
    throw new MeldError(
      `could not erase them from ${plural(uncleaned.length, 'file')}, which still hold them: ${uncleaned.join(', ')}`,
      { hint: `delete ${uncleaned.length === 1 ? 'it' : 'them'} to finish: rm ${uncleaned.map(shellQuote).join(' ')}` },
    );
  }
}

/** `a3 (text), f4 (note)`: each record that mentions the person, and where. */
const refList = (list: readonly Mention[]) => list.map((m) => `${m.ref} (${m.where.join(', ')})`).join(', ');

const shellQuote = (path: string) => (/^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`);
