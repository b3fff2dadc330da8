import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { registerCustomerList } from './list.js';

export function registerCustomer(program: Command, ctx: Context): void {
  const customer = program
    .command('customer')
    .description('customers: the people with a won deal, what they are worth and who needs looking after')
    .addHelpText('after', '\nExamples:\n  meld customer list\n  meld customer list --at-risk --json');
  registerCustomerList(customer, ctx);
}
