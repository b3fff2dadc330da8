import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { filterProspects, nextFollowUpDays, nextFollowUps, type ProspectFilter } from '../../domain/listing.js';
import { STAGES } from '../../domain/types.js';
import { prospectJson } from '../../domain/shapes.js';
import { renderProspectTable } from '../../ui/prospects.js';
import { printJson, printLines, suggest } from '../support/output.js';
import { oneOf, resolveCampaign } from '../support/resolve.js';

export interface ProspectListOptions {
  campaign?: string;
  stage?: string;
  tag?: string;
  search?: string;
  json?: boolean;
}

export function registerProspectList(parent: Command, ctx: Context): void {
  parent
    .command('list')
    .alias('ls')
    .description('list prospects, optionally filtered')
    .option('--campaign <campaign>', 'only those a campaign brought in (slug or name)')
    .option('--stage <stage>', `only those at a stage: ${STAGES.join(', ')}`)
    .option('--tag <tag>', 'only those with a tag')
    .option('--search <text>', 'name, email or company containing the text (ignores case and accents)')
    .option('--json', 'print the prospects as a JSON array')
    .addHelpText(
      'after',
      `
Examples:
  meld prospect list
  meld prospect list --stage proposal --campaign spring-webinar
  meld prospect list --search jose --json`,
    )
    .action((opts: ProspectListOptions) => runProspectList(ctx, opts));
}

export async function runProspectList(ctx: Context, opts: ProspectListOptions): Promise<void> {
  const stage = opts.stage !== undefined ? oneOf(opts.stage, STAGES, 'stage') : undefined;
  const db = await ctx.store().read();
  const filter: ProspectFilter = {
    campaign: opts.campaign !== undefined ? resolveCampaign(db, opts.campaign).id : undefined,
    stage,
    tag: opts.tag,
    search: opts.search,
  };
  const prospects = filterProspects(db.prospects, filter);
  if (opts.json) {
    // The same next follow-up the table's Next column shows.
    const next = nextFollowUps(db);
    printJson(
      ctx,
      prospects.map((p) => ({ ...prospectJson(p), nextFollowUp: next.get(p.id) ?? null })),
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
  printLines(
    ctx,
    renderProspectTable(prospects, nextFollowUpDays(db), {
      style: ctx.io.style,
      width: ctx.io.columns,
      currency: db.config.currency,
    }),
  );
}
