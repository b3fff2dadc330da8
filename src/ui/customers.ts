import type { Customer } from '../domain/customers.js';
import { followUpRef } from '../domain/refs.js';
import { everyText } from '../domain/recurrence.js';
import { formatMoney } from './format.js';
import type { Style } from './style.js';
import { renderTable } from './table.js';

/** The customer list: who, what they are worth, since when, last touch, next step, risk. */
export function renderCustomerTable(
  rows: readonly Customer[],
  opts: { style: Style; width: number; currency: string },
): string {
  return renderTable(
    [
      { header: '#', align: 'right' },
      { header: 'Customer', shrink: true, min: 10 },
      { header: 'Company', shrink: true, min: 7, optional: true, priority: 3 },
      { header: 'Lifetime', align: 'right' },
      { header: 'Won', align: 'right' },
      // What gives way on a narrow terminal: the dates first, then the company, then the next
      // step (never cut below its reference and day); the risk, what the list is for, never.
      { header: 'Since', optional: true, priority: 1 },
      { header: 'Last touch', optional: true, priority: 2 },
      { header: 'Next step', shrink: true, min: 15, optional: true, priority: 4 },
      { header: 'Risk', whole: true },
    ],
    rows.map((c) => [
      String(c.prospect.id),
      c.prospect.name,
      c.prospect.company ?? '',
      formatMoney(c.lifetimeValueCents, opts.currency),
      String(c.wonDeals),
      c.customerSince,
      c.lastTouch,
      c.nextStep
        ? `${followUpRef(c.nextStep.id)} ${c.nextStep.due}${c.nextStep.every ? ` (${everyText(c.nextStep.every)})` : ''}`
        : '—',
      c.risk ? { text: c.risk, paint: opts.style.red } : '',
    ]),
    opts,
  );
}
