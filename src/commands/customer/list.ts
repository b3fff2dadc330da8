import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { lastActivityIndex } from '../../domain/agenda.js';
import { customers } from '../../domain/customers.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { customerJson } from '../../domain/json/customer.js';
import { renderCustomerTable } from '../../ui/customers.js';
import { printJson, printLines, suggest } from '../../ui/output.js';

export interface CustomerListOptions {
  atRisk?: boolean;
  json?: boolean;
}

export function registerCustomerList(parent: Command, ctx: Context): void {
  parent
    .command('list')
    .description('people with a won deal: lifetime value, won deals, since when, last touch, next step, risk')
    .option('--at-risk', 'only customers at risk (a recurring check-in overdue, or no touch for customer-days)')
    .option('--json', 'print the customers as a JSON array')
    .addHelpText(
      'after',
      `
A customer is at risk when a recurring check-in of theirs is overdue, or when nobody touched them
for \`meld config get customer-days\` days (90 unless set). Biggest lifetime value first.

Examples:
  meld customer list
  meld customer list --at-risk
  meld config set customer-days 60
  meld followup add lia "in 3 months" "check-in" --every "3 months"`,
    )
    .action((opts: CustomerListOptions) => runCustomerList(ctx, opts));
}

export async function runCustomerList(ctx: Context, opts: CustomerListOptions): Promise<void> {
  const db = await ctx.store().read();
  const today = ctx.clock.today();
  const all = customers(db, today, db.config.customerDays, lastActivityIndex(db));
  const rows = opts.atRisk ? all.filter((c) => c.risk !== null) : all;
  if (opts.json) {
    const refs = jsonRefs(db);
    printJson(
      ctx,
      rows.map((c) => customerJson(c, refs)),
    );
    return;
  }
  if (rows.length === 0) {
    ctx.io.err.write(opts.atRisk && all.length > 0 ? 'no customer is at risk\n' : 'no customers yet\n');
    if (all.length === 0) suggest(ctx, 'a customer is anyone with a won deal: meld deal stage <d> won');
    return;
  }
  printLines(
    ctx,
    renderCustomerTable(rows, { style: ctx.io.style, width: ctx.io.columns, currency: db.config.currency }),
  );
}
