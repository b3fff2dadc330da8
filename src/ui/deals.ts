import type { DealTotals } from '../domain/deals.js';
import { isPush, pushes as pushCount } from '../domain/forecast/history.js';
import { dealRef, prospectRef } from '../domain/refs.js';
import { isOpenStage, type Deal, type IsoDay, type Prospect } from '../domain/types.js';
import { echoDay, formatMoney, plural, stageLabel } from './format.js';
import { localTime } from './prospects.js';
import { cleanLine } from './sanitize.js';
import type { Style } from './style.js';
import { renderTable } from './table.js';

/** `d3 "Website" with Lia Park (#1)`: how confirmations name a deal. */
export function dealWho(d: Deal, p: Pick<Prospect, 'id' | 'name'> | undefined): string {
  const whose = p ? ` with ${p.name} (${prospectRef(p.id)})` : '';
  return `${dealRef(d.id)} "${d.title}"${whose}`;
}

/** A percent as typed: 40 -> "40%", 12.5 -> "12.5%". */
export const percentText = (value: number): string => `${value}%`;

/** `2026-12-20 (2 pushes)`: the close-by day with how often it was moved later. */
export function closeByText(d: Deal): string {
  if (d.closeBy === null) return '';
  const pushes = pushCount(d);
  return pushes === 0 ? d.closeBy : `${d.closeBy} (${plural(pushes, 'push', 'pushes')})`;
}

/** 1 -> "1st push", 2 -> "2nd push", 13 -> "13th push". */
export function nthPush(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix} push`;
}

/** The deal list: the deal's number beside the person's (`#`, what `meld log` takes), then what it is. */
export function renderDealTable(
  deals: readonly Deal[],
  names: (prospectId: number) => string,
  opts: { style: Style; width: number; currency: string; today: IsoDay },
): string {
  const { style } = opts;
  return renderTable(
    [
      { header: 'Deal', align: 'right' },
      { header: '#', align: 'right' },
      { header: 'Person', shrink: true, min: 8 },
      { header: 'Title', shrink: true, min: 8 },
      { header: 'Stage' },
      { header: 'Value', align: 'right' },
      { header: 'Campaign', shrink: true, min: 8, optional: true, priority: 1 },
      { header: 'Close by', optional: true, priority: 2 },
    ],
    deals.map((d) => [
      dealRef(d.id),
      String(d.prospectId),
      names(d.prospectId),
      d.title,
      { text: d.stage, paint: (t) => stageLabel(d.stage, style).replace(d.stage, t) },
      d.valueCents === null ? '' : formatMoney(d.valueCents, opts.currency),
      d.campaign ?? '',
      // An open deal past its close-by day is late: red, as an overdue follow-up.
      {
        text: closeByText(d),
        paint: d.closeBy !== null && isOpenStage(d.stage) && d.closeBy < opts.today ? style.red : undefined,
      },
    ]),
    opts,
  );
}

/** `4 deals: open $6,000 (2), won $2,000 (1), lost (1)`: the parts with any deals in them. */
export function dealTotalsLine(t: DealTotals, currency: string, shown = t.count): string {
  const part = (name: string, b: { count: number; cents: number }) =>
    b.count === 0 ? [] : [`${name} ${b.cents > 0 ? `${formatMoney(b.cents, currency)} ` : ''}(${b.count})`];
  const parts = [...part('open', t.open), ...part('won', t.won), ...part('lost', t.lost)];
  const count = shown < t.count ? `${shown} of ${t.count} deals` : plural(t.count, 'deal');
  return `${count}: ${parts.join(', ')}`;
}

/** `meld deal show`: the deal, its close-by day and each push, then its stage history. */
export function renderDealCard(
  d: Deal,
  related: { person: Pick<Prospect, 'id' | 'name'> | undefined; campaignName: string | null },
  opts: { style: Style; currency: string; today: IsoDay },
): string {
  const { style } = opts;
  const lines: string[] = [style.bold(`${dealRef(d.id)} ${cleanLine(d.title)}`)];
  const field = (name: string, value: string | null) =>
    lines.push(`  ${name.padEnd(11)} ${value === null || value === '' ? style.dim('—') : value}`);
  field('person', related.person ? `${cleanLine(related.person.name)} (${prospectRef(related.person.id)})` : null);
  field(
    'stage',
    `${stageLabel(d.stage, style)}${d.stage === 'lost' && d.lostReason ? ` — ${cleanLine(d.lostReason)}` : ''}`,
  );
  field('value', d.valueCents === null ? null : formatMoney(d.valueCents, opts.currency));
  field('campaign', d.campaign === null ? null : `${cleanLine(related.campaignName ?? d.campaign)} (${d.campaign})`);
  field('probability', d.probability === null ? null : `${percentText(d.probability)} (set for this deal)`);
  const late = d.closeBy !== null && isOpenStage(d.stage) && d.closeBy < opts.today;
  field('close by', d.closeBy === null ? null : `${closeByText(d)}${late ? style.red(' — passed') : ''}`);
  field('opened', localTime(d.createdAt));

  lines.push('', style.bold('Stage history'));
  for (const h of d.history) {
    lines.push(`  ${localTime(h.at)}  ${h.stage.padEnd(9)}${h.reason ? ` ${cleanLine(h.reason)}` : ''}`.trimEnd());
  }
  // The pushes the forecast and the agenda count (the close-by line says how many).
  const pushed = d.closeByChanges.filter(isPush);
  if (pushed.length > 0) {
    lines.push('', style.bold(`Close-by pushed (${pushed.length})`));
    for (const c of pushed) lines.push(`  ${localTime(c.at)}  ${c.from} → ${c.to}`);
  }
  return lines.join('\n');
}

/**
 * "Close by fri 2026-12-18, in 21 days", after deal add or edit set it; a day before today on
 * an open deal is taken (a deal late already) but noted, as followup edit notes an overdue day.
 */
export function closeByLine(deal: Pick<Deal, 'closeBy' | 'stage'>, today: IsoDay): string {
  const past = deal.closeBy! < today && isOpenStage(deal.stage) ? ': already past' : '';
  return `Close by ${echoDay(deal.closeBy!, today)}${past}`;
}
