import { format } from 'date-fns/format';
import { daysBetween } from '../domain/dates.js';
import type { ProspectRelations } from '../domain/influence.js';
import { activityRef, followUpRef } from '../domain/refs.js';
import type { ProspectView } from '../domain/deals.js';
import { dealRef } from '../domain/refs.js';
import type { Activity, FollowUp, IsoDay } from '../domain/types.js';
import { dueLabel, formatMoney, NO_STAGE, stageLabel } from './format.js';
import { cleanBlock, cleanLine, displayWidth, truncate } from './sanitize.js';

/** The widest a label of `prospect show` gets before it is cut with "…". */
const LABEL_CAP = 24;
import type { Style } from './style.js';
import { renderTable, type Cell, type Column } from './table.js';

/** An instant as the user's local date and time: "2026-11-27 10:00". */
export function localTime(at: string): string {
  return format(new Date(at), 'yyyy-MM-dd HH:mm');
}

/** The prospect list: one row each, with the next open follow-up's date. Email and phone are the
 * first columns left out on a narrow terminal. */
export function renderProspectTable(
  prospects: ProspectView[],
  nextDue: Map<number, IsoDay>,
  opts: { style: Style; width: number; currency: string },
): string {
  // A column nobody on the list has a value for is left out rather than shown empty; email and
  // phone are left out first, before any other column is cut, as a cut address is of no use.
  const columns: Array<[Column, (p: ProspectView) => string | Cell]> = [
    [{ header: '#', align: 'right' }, (p) => String(p.id)],
    [{ header: 'Name', shrink: true, min: 10 }, (p) => p.name],
    [{ header: 'Company', shrink: true, min: 7, optional: true, priority: 2 }, (p) => p.company ?? ''],
    [{ header: 'Email' }, (p) => p.email ?? ''],
    [{ header: 'Phone' }, (p) => p.phone ?? ''],
    [
      { header: 'Stage' },
      (p) => {
        const stage = p.stage ?? NO_STAGE;
        return { text: stage, paint: (t) => stageLabel(p.stage, opts.style).replace(stage, t) };
      },
    ],
    [{ header: 'Campaign', shrink: true, min: 8, optional: true, priority: 1 }, (p) => p.campaign ?? ''],
    [
      { header: 'Value', align: 'right', optional: true, priority: 3 },
      (p) => (p.valueCents === null ? '' : formatMoney(p.valueCents, opts.currency)),
    ],
    [
      { header: 'Next' },
      (p) => nextDue.get(p.id) ?? (p.stage === 'won' || p.stage === 'lost' || p.stage === null ? '' : '—'),
    ],
  ];
  const natural = columns.map(([column, cell]) =>
    Math.max(
      displayWidth(column.header),
      ...prospects.map((p) => {
        const c = cell(p);
        return displayWidth(cleanLine(typeof c === 'string' ? c : c.text));
      }),
    ),
  );
  const drop = new Set<string>();
  for (const [header, field] of [
    ['Email', 'email'],
    ['Phone', 'phone'],
  ] as const) {
    if (!prospects.some((p) => p[field] !== null)) drop.add(header);
  }
  const width = () => natural.reduce((sum, w, i) => (drop.has(columns[i]![0].header) ? sum : sum + w + 2), -2);
  if (width() > opts.width) drop.add('Phone');
  if (width() > opts.width) drop.add('Email');
  const shown = columns.filter(([column]) => !drop.has(column.header));
  return renderTable(
    shown.map(([column]) => column),
    prospects.map((p) => shown.map(([, cell]) => cell(p))),
    opts,
  );
}

/** `meld prospect show`: the card, then stage history, activities and follow-ups. */
export function renderProspectCard(
  p: ProspectView,
  related: {
    activities: Activity[];
    followUps: FollowUp[];
    campaignName: string | null;
    relations?: ProspectRelations;
  },
  opts: { style: Style; currency: string; today: IsoDay },
): string {
  const { style } = opts;
  const lines: string[] = [];
  lines.push(style.bold(`#${p.id} ${cleanLine(p.name)}`));
  // Labels aligned to the longest (your own field names too), up to a cap past which they end in "…".
  const rel = related.relations;
  const extra = Object.keys(p.fields).map((key) => cleanLine(key));
  if (rel?.touchedBy.length) extra.push('touched by');
  if (rel?.referredBy) extra.push('referred by');
  const labelWidth = Math.min(LABEL_CAP, Math.max(9, ...extra.map((key) => displayWidth(key))));
  const label = (text: string) => {
    const shown = truncate(text, labelWidth);
    return shown + ' '.repeat(Math.max(0, labelWidth - displayWidth(shown)));
  };
  const field = (name: string, value: string | null) =>
    lines.push(`  ${label(name)} ${value === null || value === '' ? style.dim('—') : cleanLine(value)}`);
  field('email', p.email);
  if (p.otherEmails.length > 0) field('emails', p.otherEmails.join(', '));
  field('company', p.company);
  field('title', p.title);
  field('phone', p.phone);
  if (p.otherPhones.length > 0) field('phones', p.otherPhones.join(', '));
  field('campaign', p.campaign ? `${related.campaignName ?? p.campaign} (${p.campaign})` : null);
  if (rel && rel.touchedBy.length > 0) field('touched by', rel.touchedBy.map((c) => `${c.name} (${c.id})`).join(', '));
  if (rel?.referredBy) field('referred by', `${rel.referredBy.name} (#${rel.referredBy.id})`);
  lines.push(
    `  ${label('stage')} ${stageLabel(p.stage, style)}${p.stage === 'lost' && p.lostReason ? ` — ${cleanLine(p.lostReason)}` : ''}`,
  );
  field('value', p.valueCents === null ? null : formatMoney(p.valueCents, opts.currency));
  field('tags', p.tags.join(', '));
  field('added', localTime(p.createdAt));
  if (p.firstSeen !== null) field('first seen', p.firstSeen);
  for (const [key, value] of Object.entries(p.fields)) field(cleanLine(key), value);

  const history = (h: { at: string; stage: string; reason?: string }, indent = '  ') =>
    lines.push(
      `${indent}${localTime(h.at)}  ${h.stage.padEnd(9)}${h.reason ? ` ${cleanLine(h.reason)}` : ''}`.trimEnd(),
    );
  if (p.deals.length === 1) {
    // One deal (every person before deals had one pipeline): its history, as it always was.
    lines.push('', style.bold('Stage history'));
    for (const h of p.deals[0]!.history) history(h);
  } else {
    lines.push('', style.bold(`Deals (${p.deals.length})`));
    if (p.deals.length === 0) lines.push(style.dim(`  none: meld deal add ${p.id} "<title>" --value <amount>`));
    for (const d of p.deals) {
      const value = d.valueCents === null ? '' : `  ${formatMoney(d.valueCents, opts.currency)}`;
      const credit =
        d.campaign === p.campaign ? '' : style.dim(` [${d.campaign === null ? 'no campaign' : cleanLine(d.campaign)}]`);
      lines.push(`  ${dealRef(d.id).padEnd(5)} ${cleanLine(d.title)}  ${stageLabel(d.stage, style)}${value}${credit}`);
      for (const h of d.history) history(h, '        ');
    }
  }

  if (rel && rel.referrals.length > 0) {
    lines.push('', style.bold(`Referred (${rel.referrals.length})`));
    for (const r of rel.referrals) {
      const value = r.valueCents === null ? '' : `  ${formatMoney(r.valueCents, opts.currency)}`;
      lines.push(`  #${String(r.id).padEnd(4)} ${cleanLine(r.name)}  ${r.stage ?? NO_STAGE}${value}`);
    }
  }

  lines.push('', style.bold(`Activities (${related.activities.length})`));
  if (related.activities.length === 0)
    lines.push(style.dim(`  none yet: meld log ${p.id} "called, left a message" --type call`));
  for (const a of related.activities) {
    const [first = '', ...rest] = cleanBlock(a.mail ? `${a.mail.direction}: ${a.text}` : a.text).split('\n');
    const via = a.campaign ? style.dim(` [${cleanLine(a.campaign)}]`) : '';
    lines.push(`  ${activityRef(a.id).padEnd(5)} ${localTime(a.at)}  ${a.type.padEnd(8)} ${first}${via}`);
    for (const more of rest) lines.push(`  ${' '.repeat(5)} ${' '.repeat(16)}  ${' '.repeat(8)} ${more}`);
  }

  lines.push('', style.bold(`Follow-ups (${related.followUps.length})`));
  if (related.followUps.length === 0) lines.push(style.dim(`  none: meld followup add ${p.id} tomorrow`));
  for (const f of related.followUps) {
    const when =
      f.status === 'open'
        ? dueLabel(daysBetween(opts.today, f.due))
        : (f.doneAt ?? '').slice(0, 10) && localTime(f.doneAt!).slice(0, 10);
    const text = f.status === 'open' ? f.note : (f.outcome ?? f.note);
    const status = f.status === 'cancelled' ? style.dim(f.status) : f.status;
    lines.push(
      `  ${followUpRef(f.id).padEnd(5)} ${f.due}  ${status}${' '.repeat(9 - f.status.length)} ${when.padEnd(16)}${text ? ` ${cleanLine(text)}` : ''}`.trimEnd(),
    );
  }
  return lines.join('\n');
}

/** Field values as shown in "changed" lines. */
export type Shown = Record<string, string>;

export function shownFields(p: ProspectView, currency: string): Shown {
  return {
    name: p.name,
    email: p.email ?? '—',
    company: p.company ?? '—',
    phone: p.phone ?? '—',
    title: p.title ?? '—',
    campaign: p.campaign ?? '—',
    value: p.valueCents === null ? '—' : formatMoney(p.valueCents, currency),
    tags: p.tags.length > 0 ? p.tags.join(', ') : '—',
    stage: p.stage ?? NO_STAGE,
    'referred by': p.referredBy === null ? '—' : `#${p.referredBy}`,
  };
}

/** "email ana@old.io → ana@new.io; company — → Acme" for the fields that changed. */
export function describeChanges(before: Shown, after: Shown, fields: string[]): string {
  return fields.map((f) => `${f} ${before[f] ?? '—'} → ${after[f] ?? '—'}`).join('; ');
}
