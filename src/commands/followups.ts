import type { Command } from 'commander';
import { viewProspects } from '../domain/deals.js';
import { jsonRefs } from '../domain/json/refs.js';
import type { Context } from '../context.js';
import { MeldError, UsageError } from '../errors.js';
import { meansNoCampaign } from '../domain/campaigns.js';
import { dueItems, dueList, type DueList, type DueRow } from '../domain/due-rows.js';
import type { Style } from '../ui/style.js';
import { FOLLOW_UP_WINDOWS, type FollowUpWindow } from '../domain/followups.js';
import type { IsoDay } from '../domain/types.js';
import { dueFollowUpJson } from '../domain/json/followup.js';
import { renderFollowUpTable } from '../ui/followups.js';
import { cleanLine } from '../ui/sanitize.js';
import { followUpRef } from '../domain/refs.js';
import { echoDay } from '../ui/format.js';
import { printJson, printLines, suggest } from '../ui/output.js';
import { collectValues, oneOf, resolveCampaign } from './flags/resolve.js';
import { filterProspects, type ProspectFilter } from '../domain/listing.js';
import { STAGES } from '../domain/types.js';

const EMPTY: Record<FollowUpWindow, string> = {
  today: 'nothing due today',
  overdue: 'nothing overdue',
  week: 'nothing due in the next 7 days',
  all: 'no open follow-ups',
};

export function registerFollowups(parent: Command, ctx: Context): void {
  parent
    .command('followups')
    .description('open follow-ups: today (due today or overdue, most urgent first), overdue, week or all')
    .argument('[window]', `${FOLLOW_UP_WINDOWS.join(', ')} (default: today)`)
    .option(
      '--campaign <campaign>',
      'only those whose prospect a campaign brought in (none: without one); several: repeat or a,b',
      collectValues,
    )
    .option('--stage <stage>', `only those whose prospect is at a stage; several: repeat or a,b`, collectValues)
    .option('--tag <tag>', 'only those whose prospect has a tag; several (any of them): repeat or a,b', collectValues)
    .option('--ids', 'print only the follow-up references, one per line (f20), for scripts')
    .option('--json', 'print the follow-ups as a JSON array')
    .addHelpText(
      'after',
      `
Windows:
  today     due today or earlier, ranked like \`meld today\` (overdue first)
  overdue   due before today, oldest first
  week      due from today to 7 days from today
  all       every open follow-up, soonest first

Examples:
  meld followups
  meld followups week
  meld followups overdue --json
  meld followups week --stage qualified,proposal --campaign spring-webinar
  meld followup snooze $(meld followups overdue --ids) mon   # every overdue one to Monday`,
    )
    .action((window: string | undefined, opts: FollowupsOptions) => runFollowups(ctx, window, opts));
}

export interface FollowupsOptions {
  campaign?: string[];
  stage?: string[];
  tag?: string[];
  ids?: boolean;
  json?: boolean;
}

export async function runFollowups(ctx: Context, windowArg: string | undefined, opts: FollowupsOptions): Promise<void> {
  if (opts.ids && opts.json) throw new UsageError('--ids and --json do not go together', { hint: 'choose one' });
  const window = (windowArg ?? 'today').trim().toLowerCase() as FollowUpWindow;
  if (!FOLLOW_UP_WINDOWS.includes(window)) {
    throw new MeldError(`unknown window "${cleanLine(windowArg ?? '')}"`, {
      hint: `use one of ${FOLLOW_UP_WINDOWS.join(', ')}`,
    });
  }
  const stage = opts.stage?.map((v) => oneOf(v, STAGES, 'stage'));
  const today = ctx.clock.today();
  // The activity log (40% of a file) plays no part in what follow-ups are due.
  const reading = { without: ['activities'] } as const;
  const ids = opts.ids === true;
  if (!opts.json && !opts.campaign && !stage && !opts.tag) {
    // What is printed, kept between runs while the file is unchanged (Store.answer): the key
    // names every input but the data.
    const { style, columns } = ctx.io;
    const shown = await ctx
      .store()
      .answer(
        `followups ${window} ${today} width ${columns} colour ${style.level} ids ${ids}`,
        (db) => dueShown(dueList(db, window, today), today, { style, width: columns }, ids),
        reading,
      );
    printDueShown(ctx, window, today, shown);
    return;
  }
  const db = await ctx.store().read(reading);
  const filter: ProspectFilter = {
    campaign: opts.campaign?.map((c) => (meansNoCampaign(c) ? null : resolveCampaign(db, c).id)),
    stage,
    tag: opts.tag,
  };
  const kept = new Set(filterProspects(viewProspects(db), filter).map((p) => p.id));
  const items = dueItems(db, window, today).filter((item) => kept.has(item.prospect.id));
  if (opts.json) {
    const refs = jsonRefs(db);
    printJson(
      ctx,
      items.map((item) => dueFollowUpJson(item, refs)),
    );
    return;
  }
  if (items.length === 0 && !opts.ids) {
    ctx.io.err.write(`no follow-ups match (${window})\n`);
    suggest(ctx, `try fewer filters, or \`meld followups ${window}\` for all`);
    return;
  }
  printDueShown(
    ctx,
    window,
    today,
    dueShown({ rows: items, next: null }, today, { style: ctx.io.style, width: ctx.io.columns }, ids),
  );
}

/** What `meld followups` prints: the table (or the references), or for none the next one due. */
type DueShown = { text: string } | { next: DueRow | null };

function dueShown(list: DueList, today: IsoDay, opts: { style: Style; width: number }, ids: boolean): DueShown {
  if (ids) return { text: list.rows.map((row) => followUpRef(row.followUp.id)).join('\n') };
  if (list.rows.length === 0) return { next: list.next };
  return { text: renderFollowUpTable(list.rows, today, opts) };
}

function printDueShown(ctx: Context, window: FollowUpWindow, today: IsoDay, shown: DueShown): void {
  if ('text' in shown) {
    printLines(ctx, shown.text);
    return;
  }
  const { next } = shown;
  ctx.io.err.write(`${EMPTY[window]}\n`);
  if (next && window !== 'all')
    suggest(
      ctx,
      `next up: ${followUpRef(next.followUp.id)} with #${next.prospect.id} ${cleanLine(next.prospect.name)} on ${echoDay(next.followUp.due, today)}`,
    );
  else if (!next) suggest(ctx, 'plan one: meld followup add <prospect> tomorrow');
}
