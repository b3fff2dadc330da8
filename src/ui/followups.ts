import type { DueRow } from '../domain/due-rows.js';
import type { Urgency } from '../domain/agenda.js';
import { daysBetween } from '../domain/dates.js';
import { followUpRef, prospectRef } from '../domain/refs.js';
import type { FollowUp, IsoDay, Prospect } from '../domain/types.js';
import { dueLabel, formatMoney } from './format.js';
import { everyText } from '../domain/recurrence.js';
import type { Style } from './style.js';
import { renderTable, type Cell } from './table.js';

/**
 * The line a lost deal prints for the follow-ups it left open because their person is a customer
 * (followups.ts followUpsAfterLoss). `who`: "Dan Wu (#4)".
 */
export function keptAfterLoss(kept: readonly FollowUp[], who: string): string {
  const refs = kept.map((f) => followUpRef(f.id)).join(', ');
  return `kept ${kept.length === 1 ? 'follow-up' : 'follow-ups'} ${refs}: ${who} is a customer, so check-ins go on`;
}

/** "follow-up f9 with Anna Rossi (#9)": how confirmations name a follow-up. */
export function followUpWho(f: FollowUp, p: Prospect): string {
  return `follow-up ${followUpRef(f.id)} with ${p.name} (${prospectRef(p.id)})`;
}

export function whenCell(due: IsoDay, today: IsoDay, style: Style): Cell {
  const days = daysBetween(today, due);
  const text = dueLabel(days);
  return { text, paint: days < 0 ? style.red : days === 0 ? style.yellow : undefined };
}

/** The follow-up list: the prospect's number (`#`, what `meld log` takes) beside the follow-up's (f20), who,
 * where they came from, when. Fits `width` columns. */
export function renderFollowUpTable(
  items: readonly DueRow[],
  today: IsoDay,
  opts: { style: Style; width: number },
): string {
  // The column shows only when one of them repeats: most lists have none.
  const repeats = items.some((item) => item.followUp.every !== null);
  return renderTable(
    [
      { header: '#', align: 'right' },
      { header: 'Fup', align: 'right' },
      { header: 'Prospect', shrink: true, min: 10 },
      { header: 'Company', shrink: true, min: 7, optional: true, priority: 2 },
      { header: 'Campaign', shrink: true, min: 8, optional: true, priority: 1 },
      { header: 'Due', optional: true, priority: 3 },
      { header: 'When' },
      { header: 'Note', shrink: true, min: 4, optional: true, priority: 0 },
      ...(repeats ? [{ header: 'Repeats', optional: true, priority: 0 }] : []),
    ],
    items.map((item) => {
      const row: Array<string | Cell> = [
        String(item.prospect.id),
        followUpRef(item.followUp.id),
        item.prospect.name,
        item.prospect.company ?? '',
        item.prospect.campaign ?? '',
        item.followUp.due,
        whenCell(item.followUp.due, today, opts.style),
        item.followUp.note ?? '',
      ];
      if (repeats) row.push(item.followUp.every ? everyText(item.followUp.every) : '');
      return row;
    }),
    opts,
  );
}

/** "2d overdue +14, stage proposal +6, value $4,000 +1 = 21": the terms of a score. */
export function explainUrgency(u: Urgency, currency: string): string {
  const terms = [
    u.overdue.days > 0 ? `${u.overdue.days}d overdue +${u.overdue.points}` : 'due today +0',
    `stage ${u.stage.stage} +${u.stage.points}`,
    u.value.cents === null ? 'no value +0' : `value ${formatMoney(u.value.cents, currency)} +${u.value.points}`,
  ];
  return `${terms.join(', ')} = ${u.score}`;
}
