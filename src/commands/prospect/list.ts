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
} from '../../domain/listing.js';
import { viewProspects } from '../../domain/deals.js';
import { STAGES } from '../../domain/types.js';
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
  const stage = opts.stage?.map((s) => oneOf(s, STAGES, 'stage'));
  const sort = opts.sort !== undefined ? oneOf(opts.sort, PROSPECT_SORTS, 'sort order') : undefined;
  const limit = opts.limit !== undefined ? positiveInt(opts.limit, '--limit') : undefined;
  const db = await ctx.store().read();
  const filter: ProspectFilter = {
    campaign: opts.campaign?.map((c) => (meansNoCampaign(c) ? null : resolveCampaign(db, c).id)),
    stage,
    tag: opts.tag,
    search: opts.search,
  };
  const matched = filterProspects(viewProspects(db), filter, db.activities);
  const ordered =
    sort !== undefined
      ? sortProspects(matched, sort, db, opts.reverse)
      : opts.reverse
        ? [...matched].reverse()
        : matched;
  const prospects = limit !== undefined ? ordered.slice(0, limit) : ordered;
  if (opts.ids) {
    printLines(ctx, prospects.map((p) => String(p.id)).join('\n'));
    return;
  }
  if (opts.json) {
    // The same next follow-up the table's Next column shows.
    const next = nextFollowUps(db);
    const refs = jsonRefs(db);
    printJson(
      ctx,
      prospects.map((p) => prospectListItemJson(p, refs, next.get(p.id) ?? null)),
    );
    return;
  }
  if (prospects.length === 0) {
    const filtered = Object.values(filter).some((v) => v !== undefined);
    ctx.io.err.write(filtered ? 'no prospects match\n' : 'no prospects yet\n');
    suggest(
      ctx,
      filtered
        ? 'try fewer filters, or `meld prospect list` for all'
        : 'add one: meld add-prospect "Ana Souza" --follow-up tomorrow   (or meld demo for a sample)',
    );
    return;
  }
  const totals = listTotals(matched);
  const shown =
    prospects.length < totals.count
      ? `${prospects.length} of ${totals.count} prospects`
      : plural(totals.count, 'prospect');
  printLines(
    ctx,
    `${renderProspectTable(prospects, nextFollowUpDays(db), {
      style: ctx.io.style,
      width: ctx.io.columns,
      currency: db.config.currency,
    })}\n${ctx.io.style.dim(`${shown}, open pipeline ${formatMoney(totals.openCents, db.config.currency)}`)}`,
  );
}
