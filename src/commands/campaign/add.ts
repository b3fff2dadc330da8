import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { addCampaign, nameProblem } from '../../domain/campaigns.js';
import { checkMinorUnits, parseMoney } from '../../domain/money.js';
import { parseRate } from '../../domain/spend.js';
import { CHANNELS, type Channel } from '../../domain/types.js';
import { echoDay, formatMoney } from '../../ui/format.js';
import { campaignJson } from '../../domain/json/campaign.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { askCampaignDetails } from '../flags/ask.js';
import { oneOf, positiveInt, resolveDay } from '../flags/resolve.js';

export interface CampaignAddOptions {
  channel?: string;
  cost?: string;
  rate?: string;
  budget?: string;
  start?: string;
  end?: string;
  goal?: string;
  note?: string;
  json?: boolean;
}

export function registerCampaignAdd(parent: Command, ctx: Context): void {
  parent
    .command('add')
    .description('log a campaign you are running')
    .argument('[name]', 'what the campaign is called, e.g. "Spring Webinar"')
    .option('--channel <channel>', `where it runs: ${CHANNELS.join(', ')}`)
    .option('--cost <amount>', 'a one-off spent on the start day (a booth, a list), e.g. 1200 or 1200.50')
    .option('--rate <amount/unit>', 'a running cost from the start day: 15/day, 80/week, 2000/month')
    .option('--budget <amount>', 'the plan, shown beside what is spent')
    .option('--start <date>', 'first day (default: today)')
    .option('--end <date>', 'last day, if planned; relative dates ("in 6 weeks") count from today, not from --start')
    .option('--goal <n>', 'how many prospects it should bring in')
    .option('--note <text>', 'anything worth remembering about it')
    .option('--json', 'print the campaign as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld campaign add "Spring Webinar" --channel event --cost 1200 --goal 40
  meld campaign add "Google Ads" --channel ads --rate 80/week --budget 1000 --end "in 12 weeks"
  meld campaign add "LinkedIn ads Q1" --channel ads --cost 800 --start 2026-01-05 --end 2026-02-15
  meld campaign add "Black Friday mailing" --channel email --end "in 2 weeks"   # counts from today`,
    )
    .action((name: string | undefined, opts: CampaignAddOptions) => runCampaignAdd(ctx, name, opts));
}

export async function runCampaignAdd(
  ctx: Context,
  nameArg: string | undefined,
  opts: CampaignAddOptions,
): Promise<void> {
  // A name already taken is said as it is typed, not after the last question.
  const taken = nameArg === undefined ? await ctx.store().read() : undefined;
  const name =
    nameArg ??
    (await ctx.prompter.input({
      message: 'Campaign name:',
      flag: '<name>',
      validate: (v) => nameProblem(taken ?? { campaigns: [] }, v.trim())?.message ?? true,
    }));
  const channel: Channel = opts.channel
    ? oneOf(opts.channel, CHANNELS, 'channel')
    : ctx.io.interactive && nameArg === undefined
      ? await ctx.prompter.select({
          message: 'Channel:',
          flag: '--channel',
          choices: CHANNELS.map((c) => ({ name: c, value: c })),
          // Enter skips, as with the other questions: the same channel as without --channel.
          default: 'other',
        })
      : 'other';
  if (ctx.io.interactive && nameArg === undefined) {
    await askCampaignDetails(ctx, opts, (await ctx.store().read()).config.currency);
  }
  const costCents = opts.cost !== undefined ? parseMoney(opts.cost, '--cost') : 0;
  const rate = opts.rate !== undefined ? parseRate(opts.rate, '--rate') : null;
  const budgetCents = opts.budget !== undefined ? parseMoney(opts.budget, '--budget') : null;
  const start =
    opts.start !== undefined
      ? await resolveDay(ctx, opts.start, '--start', 'nearest')
      : await resolveDay(ctx, 'today', '--start');
  const end = opts.end !== undefined ? await resolveDay(ctx, opts.end, '--end') : null;
  const goal = opts.goal !== undefined ? positiveInt(opts.goal, '--goal') : null;
  const campaign = await ctx.store().write((db) => {
    checkMinorUnits(costCents, db.config.currency, '--cost');
    if (rate) checkMinorUnits(rate.cents, db.config.currency, '--rate');
    if (budgetCents !== null) checkMinorUnits(budgetCents, db.config.currency, '--budget');
    const created = addCampaign(
      db,
      { name, channel, costCents, rate, budgetCents, start, end, goal, note: opts.note?.trim() || null },
      ctx.clock.now(),
    );
    return {
      summary: `campaign add ${created.name} (${created.id})`,
      result: { created, currency: db.config.currency },
    };
  });
  const { created, currency } = campaign;
  if (opts.json) printJson(ctx, campaignJson(created, ctx.clock.today()));
  const running = rate && rate.cents > 0 ? `${formatMoney(rate.cents, currency)}/${rate.per}` : null;
  const oneOff = costCents > 0 || !running ? formatMoney(costCents, currency) : null;
  const budget = budgetCents !== null ? `, budget ${formatMoney(budgetCents, currency)}` : '';
  const money = [oneOff, running].filter((m) => m !== null).join(' + ') + budget;
  announce(
    ctx,
    `Added campaign ${created.name} (${created.id}): ${created.channel}, ${money}, from ${created.start}${created.end ? ` to ${created.end}` : ''}`,
  );
  // The days typed, echoed with how far they are (a forgiving guess is never silent).
  const today = ctx.clock.today();
  if (opts.start !== undefined) suggest(ctx, `starts ${echoDay(created.start, today)}`);
  if (created.end) suggest(ctx, `ends ${echoDay(created.end, today)}`);
}
