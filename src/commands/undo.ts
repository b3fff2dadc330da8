import type { Command } from 'commander';
import type { Context } from '../context.js';
import { cleanLine } from '../ui/sanitize.js';
import { printJson, suggest } from '../ui/output.js';

export function registerUndo(program: Command, ctx: Context): void {
  program
    .command('undo')
    .description('revert the last change meld made to the data file (again: one step further back)')
    .option('--json', 'print what was undone as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld undo             # undid: add-prospect Ana Souza (#12)
  meld undo && meld undo
  meld history          # what undo would revert, newest first`,
    )
    .action((opts: { json?: boolean }) => runUndo(ctx, opts));
}

export async function runUndo(ctx: Context, opts: { json?: boolean }): Promise<void> {
  const store = ctx.store();
  const undone = await store.undo();
  if (opts.json) {
    printJson(ctx, {
      undone: undone.summary,
      at: undone.at,
      keptAs: undone.keptAs,
      outsideEdit: undone.outsideEdit,
      remaining: undone.remaining,
    });
  }
  ctx.io.err.write(`undid: ${cleanLine(undone.summary)}\n`);
  if (undone.outsideEdit) {
    // Judged from the file's inode, size and mtime (hashing a large file on every save costs
    // too much), so a mere `touch` or copy also shows here; the undone version is kept either way.
    suggest(
      ctx,
      'the file changed on disk after meld saved that change (edited, touched or copied?); the undo replaced that version too',
    );
  }
  if (undone.keptAs) suggest(ctx, `the version you undid is kept as ${cleanLine(undone.keptAs)}`);
  suggest(
    ctx,
    undone.remaining > 0
      ? `${undone.remaining} earlier ${undone.remaining === 1 ? 'change' : 'changes'} can still be undone`
      : 'nothing earlier to undo',
  );
}
