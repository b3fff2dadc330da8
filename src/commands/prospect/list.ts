import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { Context } from '../../context.js';
import {
  filterProspects,
  listTotals,
  nextFollowUpDays,
  nextFollowUps,
  PROSPECT_SORTS,
  sortProspects,
  type ProspectFilter,
  type ProspectSort,
} from '../../domain/listing.js';
import { viewProspects } from '../../domain/deals.js';
import { type Db, STAGES, type Stage } from '../../domain/types.js';
import { meansNoCampaign } from '../../domain/campaigns.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { prospectListItemJson } from '../../domain/json/prospect.js';
import { formatMoney, plural } from '../../ui/format.js';
import { renderProspectTable } from '../../ui/prospects.js';
import { printJson, printLines, suggest } from '../../ui/output.js';
import { collectValues, oneOf, positiveInt, resolveCampaign } from '../flags/resolve.js';

export interface ProspectListOptions {
  campaign?: string[];
  stage?: string[];
  tag?: string[];
  search?: string;
  sort?: string;
  reverse?: boolean;
  limit?: string;
  ids?: boolean;
  json?: boolean;
}

export function registerProspectList(parent: Command, ctx: Context): void {
  parent
    .command('list')
    .alias('ls')
    .description('list prospects, optionally filtered and sorted')
    .option(
      '--campaign <campaign>',
      'only those a campaign brought in (slug or name; none: without one); several: repeat or a,b',
      collectValues,
    )
    .option('--stage <stage>', `only those at a stage (${STAGES.join(', ')}); several: repeat or a,b`, collectValues)
    .option('--tag <tag>', 'only those with a tag; several (any of them): repeat or a,b', collectValues)
    .option(
      '--search <text>',
      'name, email, company, notes or activities containing the text (ignores case and accents)',
    )
    .option(
      '--sort <order>',
      `${PROSPECT_SORTS.join('|')}: value biggest first, created newest first, last-contact oldest first, next soonest first`,
    )
    .option('--reverse', 'the other way round')
    .option('--limit <n>', 'show the first n only')
    .option('--ids', 'print bare prospect ids, one per line (for scripts)')
    .option('--json', 'print the prospects as a JSON array')
    .addHelpText(
      'after',
      `
Examples:
  meld prospect list
  meld prospect list --stage qualified,proposal --campaign spring-webinar
  meld prospect list --stage won --stage lost
  meld prospect list --sort value --limit 10
  meld prospect list --sort last-contact            # who to chase first
  meld prospect list --search "pricing" --json      # notes and activities too
  meld prospect list --tag warm --ids | xargs -I{} meld followup add {} tomorrow`,
    )
    .action((opts: ProspectListOptions) => runProspectList(ctx, opts));
}

export async function runProspectList(ctx: Context, opts: ProspectListOptions): Promise<void> {
  if (opts.ids && opts.json) throw new UsageError('--ids and --json do not go together', { hint: 'choose one' });
  const choice: ListChoice = {
    campaign: opts.campaign,
    stage: opts.stage?.map((s) => oneOf(s, STAGES, 'stage')),
    tag: opts.tag,
    search: opts.search,
    sort: opts.sort !== undefined ? oneOf(opts.sort, PROSPECT_SORTS, 'sort order') : undefined,
    reverse: opts.reverse,
    limit: opts.limit !== undefined ? positiveInt(opts.limit, '--limit') : undefined,
  };
  if (opts.json) {
    const db = await ctx.store().read();
    // The same next follow-up the table's Next column shows.
    const next = nextFollowUps(db);
    const refs = jsonRefs(db);
    printJson(
      ctx,
      listed(db, choice).prospects.map((p) => prospectListItemJson(p, refs, next.get(p.id) ?? null)),
    );
    return;
  }
  // The list as printed, kept between runs while the file is unchanged (Store.answer): the key
  // names every option, the width and the colour level (the list has no day in it).
  const { style, columns } = ctx.io;
  const ids = opts.ids === true;
  const shown = await ctx
    .store()
    .answer(
      `prospect list ${JSON.stringify({ ...choice, ids })} width ${columns} colour ${style.level}`,
      (db): ListShown => {
        const { filter, matched, prospects } = listed(db, choice);
        if (ids) return { text: prospects.map((p) => String(p.id)).join('\n') };
        if (prospects.length === 0) return { none: Object.values(filter).some((v) => v !== undefined) };
        const totals = listTotals(matched);
        const count =
          prospects.length < totals.count
            ? `${prospects.length} of ${totals.count} prospects`
            : plural(totals.count, 'prospect');
        const table = renderProspectTable(prospects, nextFollowUpDays(db), {
          style,
          width: columns,
          currency: db.config.currency,
        });
        return {
          text: `${table}\n${style.dim(`${count}, open pipeline ${formatMoney(totals.openCents, db.config.currency)}`)}`,
        };
      },
    );
  if ('text' in shown) {
    printLines(ctx, shown.text);
    return;
  }
  ctx.io.err.write(shown.none ? 'no prospects match\n' : 'no prospects yet\n');
  suggest(
    ctx,
    shown.none
      ? 'try fewer filters, or `meld prospect list` for all'
      : 'add one: meld add-prospect "Ana Souza" --follow-up tomorrow   (or meld demo for a sample)',
  );
}

/** The options that choose and order the people listed, checked. */
interface ListChoice {
  campaign?: string[];
  stage?: Stage[];
  tag?: string[];
  search?: string;
  sort?: ProspectSort;
  reverse?: boolean;
  limit?: number;
}

/** What the list prints: its text, or that nothing matched (`none`: with filters). */
type ListShown = { text: string } | { none: boolean };

/** The people chosen, in the order asked, cut to the limit; and all matched, for the totals. */
function listed(db: Db, choice: ListChoice) {
  const filter: ProspectFilter = {
    campaign: choice.campaign?.map((c) => (meansNoCampaign(c) ? null : resolveCampaign(db, c).id)),
    stage: choice.stage,
    tag: choice.tag,
    search: choice.search,
  };
  const matched = filterProspects(viewProspects(db), filter, db.activities);
  const ordered =
    choice.sort !== undefined
      ? sortProspects(matched, choice.sort, db, choice.reverse)
      : choice.reverse
        ? [...matched].reverse()
        : matched;
  return { filter, matched, prospects: choice.limit !== undefined ? ordered.slice(0, choice.limit) : ordered };
}
