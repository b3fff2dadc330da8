import { format } from 'date-fns/format';
import { PUSHES_TO_FLAG, type CampaignMovement, type DealWatch, type TodayAgenda } from '../domain/agenda.js';
import { dayStart, toDay } from '../domain/dates.js';
import { activityRef, dealRef } from '../domain/refs.js';
import { fractionValue } from '../domain/forecast/rates.js';
import { round } from '../domain/ratio.js';
import { centsToMajor } from '../domain/money.js';
import { explainUrgency, rankedFollowUpJson, whenCell } from './followups.js';
import type { Refs } from '../domain/shapes.js';
import { formatMoney, formatRatio, NO_STAGE, plural } from './format.js';
import { pText } from './verdict.js';
import { cleanLine, displayWidth, truncate } from './sanitize.js';
import type { Style } from './style.js';
import { renderTable } from './table.js';

/** How many rows each part of the agenda shows, so it fits one screen. */
export const AGENDA_LIMITS = { due: 7, customers: 2, deals: 2, noNextStep: 3, stale: 3, campaigns: 3 } as const;

/**
 * A hint as lines no wider than `width`: its atoms (a few words, or a whole command) are never
 * split; they share a line while they fit, else each starts a new line.
 */
export function packHint(atoms: string[], width: number, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const atom of atoms) {
    const joined = line === '' ? indent + atom : `${line} ${atom}`;
    if (line !== '' && displayWidth(joined) > width) {
      lines.push(line);
      line = indent + atom;
    } else {
      line = joined;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => (displayWidth(l) > width ? truncate(l, width) : l));
}

const count = (total: number, limit: number) => (total > limit ? `${total}, top ${limit}` : String(total));

/** `meld today --json`. */
export function agendaJson(agenda: TodayAgenda, refs: Refs) {
  return {
    today: agenda.today,
    due: agenda.due.map((item) => ({
      ...rankedFollowUpJson(item, refs),
      replied: agenda.replies.get(item.followUp.id) ?? null,
    })),
    customers: agenda.customers.map(({ customer: c, urgency }) => ({
      id: c.prospect.id,
      name: c.prospect.name,
      lifetimeValue: centsToMajor(c.lifetimeValueCents),
      lastTouch: c.lastTouch,
      checkIn: c.overdueCheckIn
        ? {
            id: c.overdueCheckIn.id,
            due: c.overdueCheckIn.due,
            note: c.overdueCheckIn.note,
            every: c.overdueCheckIn.every,
          }
        : null,
      risk: c.risk,
      urgency: urgency.score,
    })),
    deals: agenda.deals.map(dealWatchJson),
    noNextStep: agenda.noNextStep.map((p) => ({ id: p.id, name: p.name, stage: p.stage })),
    stale: agenda.stale.map((s) => ({
      id: s.prospect.id,
      name: s.prospect.name,
      lastActivity: s.lastActivity,
      idleDays: s.idleDays,
    })),
    campaigns: agenda.campaigns.map((m) => ({
      id: m.campaign.id,
      name: m.campaign.name,
      adjustedAt: m.adjustedAt,
      before: m.before,
      after: m.after,
      change: m.change,
      status: m.status,
      verdict: m.verdict,
      pValue: m.pValue,
      cost: centsToMajor(m.costCents),
    })),
  };
}

/** One item of `meld today --json`'s `deals`. */
export function dealWatchJson(w: DealWatch) {
  const { deal } = w.open;
  return {
    deal: { id: deal.id, title: deal.title },
    prospect: w.prospect,
    stage: w.stage,
    value: centsToMajor(deal.valueCents),
    probability: round(fractionValue(w.open.rate) * 100, 1),
    closeDay: w.open.closeDay,
    late: w.late,
    pushed: w.pushed,
    reason: dealReasons(w).join('; '),
    urgency: w.urgency.score,
  };
}

/** The days a pushed deal went through; past three, the first and the last around "…". */
function trail(days: readonly string[], arrow: string): string {
  const shown = days.length > 3 ? [days[0]!, '…', days.at(-1)!] : days;
  return shown.join(` ${arrow} `);
}

/** Why a deal is on the agenda, in words, one part per reason: "expected to close 2026-11-20,
 * 7 days ago" ("(learned)" when the day comes from your history), "pushed 3 times: 2026-10-01 →
 * … → 2027-01-15". */
export function dealReasons(w: DealWatch, arrow = '→'): string[] {
  const parts: string[] = [];
  if (w.late) {
    const learned = w.late.source === 'learned' ? ' (learned)' : '';
    parts.push(`expected to close ${w.late.closeDay}${learned}, ${plural(w.late.days, 'day')} ago`);
  }
  if (w.pushed) parts.push(`pushed ${w.pushed.count} times: ${trail(w.pushed.days, arrow)}`);
  return parts;
}

/**
 * A deal's line: who, then why. A reason that would be cut starts a line of its own (indented),
 * since the reason is the point of it; only a reason wider than the terminal is cut.
 */
function dealLines(w: DealWatch, width: number, currency: string): string[] {
  const { deal } = w.open;
  const value = deal.valueCents === null ? '' : ` (${formatMoney(deal.valueCents, currency)})`;
  const reasons = dealReasons(w);
  const lines = [cleanLine(`  ${dealRef(deal.id)} ${w.prospect.name}${value}:`)];
  reasons.forEach((reason, i) => {
    const part = i < reasons.length - 1 ? `${reason};` : reason;
    const joined = `${lines.at(-1)!} ${part}`;
    if (displayWidth(joined) <= width) lines[lines.length - 1] = joined;
    else lines.push(`    ${part}`);
  });
  // Who alone on the first line: no colon with nothing after it.
  if (lines[0]!.endsWith(':')) lines[0] = lines[0]!.slice(0, -1);
  return lines.map((l) => truncate(l, width));
}

const perWeek = (n: number | null) => (n === null ? '—' : `${n.toFixed(1)}/wk`);

/** One line per campaign: its pace since the last adjustment against the pace before. */
export function campaignLine(m: CampaignMovement): string {
  const { text, verdict } = campaignLineParts(m);
  return verdict ? `${text}: ${verdict}` : text;
}

/**
 * The campaign line as it fits `width` (with its two-space indent): a clear verdict that would
 * be cut goes on a line of its own, since it is the point of the line.
 */
function campaignLinesFitted(m: CampaignMovement, width: number): string[] {
  const whole = `  ${campaignLine(m)}`;
  const { text, verdict } = campaignLineParts(m);
  if (displayWidth(whole) <= width || verdict === null) return [truncate(whole, width)];
  return [truncate(`  ${text}`, width), truncate(`    ${verdict}`, width)];
}

function campaignLineParts(m: CampaignMovement): { text: string; verdict: string | null } {
  const name = cleanLine(m.campaign.name) + (m.status === 'paused' ? ' (paused)' : '');
  if (m.before === null || m.adjustedAt === null) {
    const pace = m.after.perWeek === null ? 'just started' : perWeek(m.after.perWeek);
    const adjusted = m.campaign.adjustments.length === 0 ? 'never adjusted' : 'no change to judge';
    return {
      text: `${name}: ${plural(m.after.prospects, 'prospect')} since ${m.after.from} (${pace}), ${adjusted}`,
      verdict: null,
    };
  }
  // The adjustment's day in the business time zone (the process's zone: see dates.ts).
  const since = toDay(new Date(m.adjustedAt));
  if (m.after.perWeek === null) {
    return {
      text: `${name}: adjusted ${since}, too early to tell (${perWeek(m.before.perWeek)} before)`,
      verdict: null,
    };
  }
  const change = m.change === null ? '' : ` (${formatRatio(m.change)})`;
  const verdict =
    (m.verdict === 'better' || m.verdict === 'worse') && m.pValue !== null ? `${m.verdict} (${pText(m.pValue)})` : null;
  return {
    text: `${name}: ${perWeek(m.after.perWeek)} since the ${since} adjustment, ${perWeek(m.before.perWeek)} before${change}`,
    verdict,
  };
}

/** The one-screen agenda. */
export function renderAgenda(
  agenda: TodayAgenda,
  opts: { style: Style; width: number; currency: string; explain: boolean },
): string {
  const { style, width } = opts;
  const fit = (line: string) => truncate(line, width);
  // A section's title, with its dim explanation only when the whole fits the width.
  const heading = (title: string, explanation: string) =>
    style.bold(title) + (displayWidth(title + explanation) <= width ? style.dim(explanation) : '');
  const out: string[] = [style.bold(format(dayStart(agenda.today), 'EEEE d MMMM yyyy'))];

  if (agenda.empty) {
    out.push(
      '',
      'Nothing on file yet. Two ways in:',
      fit('  meld demo                                        fill this file with a sample to explore'),
      fit('  meld add-prospect "Ana Souza" --follow-up tomorrow   start with your own'),
    );
    return out.join('\n');
  }

  out.push('');
  // One screen: each customer line the agenda shows takes the place of a due row, and the
  // section's heading and gap one row each of "no next step" and "stale".
  const care = Math.min(agenda.customers.length, AGENDA_LIMITS.customers);
  // The deals take the place of due rows: two lines (two deals, or one whose reason needs a line
  // of its own), more when fewer follow-ups are due than the screen has room for.
  const dealBudget =
    AGENDA_LIMITS.deals + Math.max(0, AGENDA_LIMITS.due - care - AGENDA_LIMITS.deals - agenda.due.length);
  const dealRows: string[][] = [];
  let dealLineCount = 0;
  for (const w of agenda.deals) {
    const lines = dealLines(w, width, opts.currency);
    if (dealRows.length > 0 && dealLineCount + lines.length > dealBudget) break;
    dealRows.push(lines);
    dealLineCount += lines.length;
  }
  const dueLimit = AGENDA_LIMITS.due - care - dealLineCount;
  const sections = (care > 0 ? 1 : 0) + (dealRows.length > 0 ? 1 : 0);
  const noNextLimit = AGENDA_LIMITS.noNextStep - sections;
  const staleLimit = AGENDA_LIMITS.stale - sections;
  if (agenda.due.length === 0) {
    out.push('Nothing due today.');
  } else {
    const shown = agenda.due.slice(0, dueLimit);
    out.push(
      heading(
        `Due now (${count(agenda.due.length, dueLimit)})`,
        opts.explain ? ' urgency = overdue + stage + deal value' : ' most urgent first; --explain shows why',
      ),
    );
    // `#` is a prospect everywhere in the agenda; a follow-up is `f20`, in its own column.
    const table = renderTable(
      [
        { header: '#', align: 'right' },
        { header: 'Prospect', shrink: true, min: 10 },
        { header: 'Company', shrink: true, min: 7, optional: true, priority: 1 },
        { header: 'Stage', optional: true, priority: 2 },
        { header: 'When' },
        { header: 'Urgency', align: 'right', optional: true, priority: 3 },
        { header: 'Fup', optional: true, priority: 4 },
        { header: 'Note', shrink: true, min: 4, optional: true, priority: 0 },
      ],
      shown.map((item) => [
        String(item.prospect.id),
        item.prospect.name,
        item.prospect.company ?? '',
        item.prospect.stage ?? NO_STAGE,
        whenCell(item.followUp.due, agenda.today, style),
        String(item.urgency.score),
        `f${item.followUp.id}`,
        item.followUp.note ?? '',
      ]),
      { style, width: width - 2 },
    ).split('\n');
    out.push(`  ${table[0]}`);
    shown.forEach((item, i) => {
      out.push(`  ${table[i + 1]}`);
      const reply = agenda.replies.get(item.followUp.id);
      if (reply) {
        const subject = reply.subject ? `: ${cleanLine(reply.subject)}` : '';
        out.push(
          style.dim(fit(`      replied ${toDay(new Date(reply.at))} (${activityRef(reply.activityId)})${subject}`)),
        );
      }
      if (opts.explain) out.push(style.dim(fit(`      ${explainUrgency(item.urgency, opts.currency)}`)));
    });
    const first = shown[0]!;
    const note = width >= 50 ? '"<what happened>"' : '"<note>"';
    const more = agenda.due.length > shown.length;
    const atoms = [
      `followed up #${first.prospect.id}?`,
      `meld log ${first.prospect.id} ${note} --next <date>${more ? ';' : ''}`,
    ];
    if (more) atoms.push('all of them: meld followups today');
    for (const line of packHint(atoms, width)) out.push(style.dim(line));
  }

  if (agenda.customers.length > 0) {
    out.push(
      '',
      heading(
        `Customers (${count(agenda.customers.length, AGENDA_LIMITS.customers)})`,
        ' check-ins overdue, or quiet with nothing planned',
      ),
    );
    const shown = agenda.customers.slice(0, AGENDA_LIMITS.customers);
    for (const { customer: c, urgency } of shown) {
      const money = formatMoney(c.lifetimeValueCents, opts.currency);
      out.push(fit(cleanLine(`  #${c.prospect.id} ${c.prospect.name} (${money}): ${c.risk}`)));
      if (opts.explain) out.push(style.dim(fit(`      ${explainUrgency(urgency, opts.currency)}`)));
    }
  }

  if (dealRows.length > 0) {
    out.push(
      '',
      heading(
        `Deals (${count(agenda.deals.length, dealRows.length)})`,
        ` past their expected close day, or pushed ${PUSHES_TO_FLAG}+ times`,
      ),
    );
    dealRows.forEach((lines, i) => {
      out.push(...lines);
      if (opts.explain) out.push(style.dim(fit(`      ${explainUrgency(agenda.deals[i]!.urgency, opts.currency)}`)));
    });
  }

  if (agenda.noNextStep.length > 0) {
    out.push('', heading(`No next step (${count(agenda.noNextStep.length, noNextLimit)})`, ' open, nothing planned'));
    for (const p of agenda.noNextStep.slice(0, noNextLimit)) {
      const command = `meld followup add ${p.id} tomorrow`;
      const room = Math.min(Math.max(20, width - 36), width - 4 - displayWidth(command));
      if (room >= 16) {
        const who = truncate(cleanLine(`#${p.id} ${p.name} (${p.stage ?? NO_STAGE})`), room);
        out.push(`  ${who}${' '.repeat(Math.max(0, room - displayWidth(who)))}  ${command}`);
      } else {
        // Too narrow for both: the command gets a line of its own rather than being cut.
        out.push(fit(cleanLine(`  #${p.id} ${p.name} (${p.stage ?? NO_STAGE})`)), `    ${command}`);
      }
    }
  }

  if (agenda.stale.length > 0) {
    out.push(
      '',
      heading(`Stale (${count(agenda.stale.length, staleLimit)})`, ` no activity for ${agenda.staleDays}+ days`),
    );
    for (const s of agenda.stale.slice(0, staleLimit)) {
      out.push(
        fit(
          cleanLine(
            `  #${s.prospect.id} ${s.prospect.name} (${s.prospect.stage ?? NO_STAGE}): last touched ${s.lastActivity}, ${s.idleDays}d ago`,
          ),
        ),
      );
    }
  }

  if (agenda.campaigns.length > 0) {
    out.push(
      '',
      heading(`Active campaigns (${count(agenda.campaigns.length, AGENDA_LIMITS.campaigns)})`, ' prospects per week'),
    );
    const ranked = [...agenda.campaigns].sort((a, b) => Number(b.adjustedAt !== null) - Number(a.adjustedAt !== null));
    for (const m of ranked.slice(0, AGENDA_LIMITS.campaigns)) out.push(...campaignLinesFitted(m, width));
  }

  if (!agenda.hasProspects) {
    out.push('', 'No prospects yet: meld add-prospect "Ana Souza" --follow-up tomorrow');
  } else if (
    agenda.due.length === 0 &&
    agenda.customers.length === 0 &&
    agenda.deals.length === 0 &&
    agenda.noNextStep.length === 0 &&
    agenda.stale.length === 0
  ) {
    out.push('', 'All clear: every open prospect has a next step.');
  }
  return out.join('\n');
}
