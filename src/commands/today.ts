import type { Command } from 'commander';
import { jsonRefs } from '../domain/json/refs.js';
import type { Context } from '../context.js';
import { todayAgenda } from '../domain/agenda.js';
import { toDay } from '../domain/dates.js';
import { agendaJson } from '../domain/json/agenda.js';
import { dealReasons, renderAgenda } from '../ui/agenda.js';
import { printJson, printLines } from '../ui/output.js';

export interface TodayOptions {
  json?: boolean;
  explain?: boolean;
}

export function registerToday(parent: Command, ctx: Context): void {
  parent
    .command('today')
    .description(
      'the agenda (also plain `meld`): what is due, deals running late, leads with no next step, stale leads, campaigns',
    )
    .option('--explain', "show how each follow-up's urgency is scored")
    .option('--json', 'print the agenda as JSON')
    .addHelpText(
      'after',
      `
Urgency = overdue (10 + 2 per day late, up to 30 days) + stage (contacted 2, qualified 4,
proposal 6) + deal value (1 point per power of ten from $1,000, up to 4). Every overdue
follow-up ranks above every one due today.
Deals = open deals past their expected close day (--close-by, else the day learned from your
won deals: "(learned)") or pushed to a later day 3 times or more, ranked by the same urgency
with the close day as the due day.
Stale = an open prospect with no activity for \`stale-days\` days (default 14; set it with
\`meld config set stale-days 10\`). Activity: being added, a stage change, a logged call,
email, meeting or note (imported mail included), a follow-up marked done. Planning a
follow-up is not activity.

Examples:
  meld
  meld today --explain
  meld today --json`,
    )
    .action((opts: TodayOptions) => runToday(ctx, opts));
}

export async function runToday(ctx: Context, opts: TodayOptions): Promise<void> {
  const now = ctx.clock.now();
  const today = toDay(now);
  if (opts.json) {
    const db = await ctx.store().read();
    const agenda = todayAgenda(db, today, now);
    printJson(
      ctx,
      agendaJson(agenda, jsonRefs(db), (w) => dealReasons(w).join('; ')),
    );
    return;
  }
  const { style, columns } = ctx.io;
  const explain = Boolean(opts.explain);
  // The agenda as printed, kept between runs while the file is unchanged (Store.answer): the key
  // names every input of the rendering but the data, and its deals are worked out as of `now`.
  const text = await ctx
    .store()
    .answer(
      `today ${today} width ${columns} colour ${style.level} explain ${explain}`,
      (db) =>
        renderAgenda(todayAgenda(db, today, now), { style, width: columns, currency: db.config.currency, explain }),
      { asOf: now },
    );
  printLines(ctx, text);
}
