import type { Command } from 'commander';
import type { Context } from '../context.js';
import { MeldError, UsageError } from '../errors.js';
import { forecastAt } from '../domain/forecast/forecast.js';
import { accuracy } from '../domain/forecast/replay.js';
import type { Db } from '../domain/types.js';
import { toDay } from '../domain/dates.js';
import { accuracyJson, forecastJson, rateJson, renderAccuracy, renderForecast, renderRates } from '../ui/forecast.js';
import { printJson, printLines } from '../ui/output.js';

export interface ForecastOptions {
  months?: string;
  deals?: boolean;
  rates?: boolean;
  accuracy?: boolean;
  json?: boolean;
}

export function registerForecast(program: Command, ctx: Context): void {
  program
    .command('forecast')
    .description('what the open deals are expected to bring, month by month, learned from your own history')
    .option('--months <n>', 'months to show (default 3; with --accuracy: months to replay, default 6)')
    .option('--deals', 'list the deals behind each month')
    .option('--rates', 'show the win rate per stage: set, learned from closed deals, and which is used')
    .option('--accuracy', 'replay past months: the forecast made on each first day against what was won')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld forecast                      # this month and the next two, with 80% ranges
  meld forecast --months 6 --deals   # and which deals stand behind each month
  meld forecast --rates              # win rates learned from your closed deals
  meld forecast --accuracy           # how past forecasts compared with what was won
  meld config set stage-probability.proposal 70

A deal's chance is its own --probability (meld deal edit), else its stage's learned rate once
enough deals have closed (config forecast-min-closed), else the rate set for the stage.`,
    )
    .action((opts: ForecastOptions) => runForecast(ctx, opts));
}

/** --months as a number: a value meld understood but cannot use is a wrong VALUE, exit 1 (as
 * `--probability 150`), not a usage error. */
function months(raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > 120) {
    throw new MeldError(`--months takes a whole number from 1 to 120, got "${raw.replace(/[^\x20-\x7e]/g, '')}"`);
  }
  return Number(raw);
}

function settings(db: Db) {
  return { set: db.config.stageProbability, minClosed: db.config.forecastMinClosed };
}

export async function runForecast(ctx: Context, opts: ForecastOptions): Promise<void> {
  if (opts.rates && opts.accuracy) throw new UsageError('--rates and --accuracy: choose one');
  const n = months(opts.months, opts.accuracy ? 6 : 3);
  // Deals, people's names and the config: the activity log and the follow-ups (most of a big
  // file) stay unparsed when the derived index allows (#19's read budget).
  const db = await ctx.store().read({ without: ['activities', 'followUps'] });
  const now = ctx.clock.now();
  const view = { style: ctx.io.style, width: ctx.io.columns, currency: db.config.currency };
  if (opts.accuracy) {
    const result = accuracy(db.deals, toDay(now), settings(db), n);
    if (opts.json) printJson(ctx, accuracyJson(result));
    else printLines(ctx, renderAccuracy(result, view));
    return;
  }
  const forecast = forecastAt(db.deals, now.getTime(), settings(db), n);
  if (opts.rates) {
    if (opts.json) printJson(ctx, { rates: forecast.rates.map(rateJson) });
    else printLines(ctx, renderRates(forecast.rates, db.config.forecastMinClosed, view));
    return;
  }
  const names = new Map(db.prospects.map((p) => [p.id, p.name]));
  if (opts.json) {
    printJson(ctx, forecastJson(forecast, names));
    return;
  }
  if (forecast.open.length === 0) {
    ctx.io.err.write('nothing to forecast: no open deals\n');
    ctx.io.err.write(ctx.io.style.dim('  open one with: meld deal add <prospect> "Renewal" --value 2000\n'));
    return;
  }
  printLines(ctx, renderForecast(forecast, view, { deals: Boolean(opts.deals), names }));
}
