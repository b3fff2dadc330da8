import { format } from 'date-fns/format';
import type { CampaignMovement, TodayAgenda } from '../domain/agenda.js';
import { dayStart } from '../domain/dates.js';
import { centsToMajor } from '../domain/money.js';
import { explainUrgency, rankedFollowUpJson, whenCell } from './followups.js';
import { formatRatio, plural } from './format.js';
import { cleanLine, displayWidth, truncate } from './sanitize.js';
import type { Style } from './style.js';
import { renderTable } from './table.js';

/** How many rows each part of the agenda shows, so it fits one screen. */
export const AGENDA_LIMITS = { due: 7, noNextStep: 3, stale: 3, campaigns: 3 } as const;

const count = (total: number, limit: number) => (total > limit ? `${total}, top ${limit}` : String(total));

/** `meld today --json`. */
export function agendaJson(agenda: TodayAgenda) {
  return {
    today: agenda.today,
    due: agenda.due.map(rankedFollowUpJson),
    noNextStep: agenda.noNextStep.map((p) => ({ id: p.id, name: p.name, stage: p.stage })),
    stale: agenda.stale.map((s) => ({ id: s.prospect.id, name: s.prospect.name, lastActivity: s.lastActivity, idleDays: s.idleDays })),
    campaigns: agenda.campaigns.map((m) => ({
      id: m.campaign.id,
      name: m.campaign.name,
      adjustedAt: m.adjustedAt,
      before: m.before,
      after: m.after,
      change: m.change,
      cost: centsToMajor(m.campaign.costCents),
    })),
  };
}

const perWeek = (n: number | null) => (n === null ? '—' : `${n.toFixed(1)}/wk`);

/** One line per campaign: its pace since the last adjustment against the pace before. */
export function campaignLine(m: CampaignMovement): string {
  const name = cleanLine(m.campaign.name);
  if (m.before === null || m.adjustedAt === null) {
    const pace = m.after.perWeek === null ? 'just started' : perWeek(m.after.perWeek);
    return `${name}: ${plural(m.after.prospects, 'prospect')} since ${m.after.from} (${pace}), never adjusted`;
  }
  const since = m.adjustedAt.slice(0, 10);
  if (m.after.perWeek === null) {
    return `${name}: adjusted ${since}, too early to tell (${perWeek(m.before.perWeek)} before)`;
  }
  const change = m.change === null ? '' : ` (${formatRatio(m.change)})`;
  return `${name}: ${perWeek(m.after.perWeek)} since the ${since} adjustment, ${perWeek(m.before.perWeek)} before${change}`;
}

/** The one-screen agenda. */
export function renderAgenda(agenda: TodayAgenda, opts: { style: Style; width: number; currency: string; explain: boolean }): string {
  const { style, width } = opts;
  const fit = (line: string) => truncate(line, width);
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
  if (agenda.due.length === 0) {
    out.push('Nothing due today.');
  } else {
    const shown = agenda.due.slice(0, AGENDA_LIMITS.due);
    const wide = width >= 70; // the note column only where there is room for it
    out.push(
      style.bold(`Due now (${count(agenda.due.length, AGENDA_LIMITS.due)})`) +
        style.dim(opts.explain ? ' urgency = overdue + stage + deal value' : ' most urgent first; --explain shows why'),
    );
    const table = renderTable(
      [
        { header: '#', align: 'right' },
        { header: 'Prospect', shrink: true, min: 10 },
        { header: 'Company', shrink: true, min: 7 },
        { header: 'Stage' },
        { header: 'When' },
        { header: 'Urgency', align: 'right' },
        ...(wide ? [{ header: 'Note', shrink: true, min: 4 }] : []),
      ],
      shown.map((item) => [
        String(item.followUp.id),
        item.prospect.name,
        item.prospect.company ?? '',
        item.prospect.stage,
        whenCell(item.followUp.due, agenda.today, style),
        String(item.urgency.score),
        ...(wide ? [item.followUp.note ?? ''] : []),
      ]),
      { style, width: width - 2 },
    ).split('\n');
    out.push(`  ${table[0]}`);
    shown.forEach((item, i) => {
      out.push(`  ${table[i + 1]}`);
      if (opts.explain) out.push(style.dim(fit(`      ${explainUrgency(item.urgency, opts.currency)}`)));
    });
    const first = shown[0]!;
    const more = agenda.due.length > shown.length ? '; all of them: meld followups today' : '';
    out.push(style.dim(fit(`  did #${first.followUp.id}? meld log ${first.prospect.id} "<what happened>" --next <date>${more}`)));
  }

  if (agenda.noNextStep.length > 0) {
    out.push('', style.bold(`No next step (${count(agenda.noNextStep.length, AGENDA_LIMITS.noNextStep)})`) + style.dim(' open, nothing planned'));
    for (const p of agenda.noNextStep.slice(0, AGENDA_LIMITS.noNextStep)) {
      const room = Math.max(20, width - 36);
      const who = truncate(cleanLine(`#${p.id} ${p.name} (${p.stage})`), room);
      out.push(fit(`  ${who}${' '.repeat(Math.max(0, room - displayWidth(who)))}  meld followup add ${p.id} tomorrow`));
    }
  }

  if (agenda.stale.length > 0) {
    out.push('', style.bold(`Stale (${count(agenda.stale.length, AGENDA_LIMITS.stale)})`) + style.dim(` no activity for ${agenda.staleDays}+ days`));
    for (const s of agenda.stale.slice(0, AGENDA_LIMITS.stale)) {
      out.push(fit(cleanLine(`  #${s.prospect.id} ${s.prospect.name} (${s.prospect.stage}): last touched ${s.lastActivity}, ${s.idleDays}d ago`)));
    }
  }

  if (agenda.campaigns.length > 0) {
    out.push('', style.bold(`Active campaigns (${count(agenda.campaigns.length, AGENDA_LIMITS.campaigns)})`) + style.dim(' prospects per week'));
    const ranked = [...agenda.campaigns].sort((a, b) => Number(b.adjustedAt !== null) - Number(a.adjustedAt !== null));
    for (const m of ranked.slice(0, AGENDA_LIMITS.campaigns)) out.push(fit(`  ${campaignLine(m)}`));
  }

  if (!agenda.hasProspects) {
    out.push('', 'No prospects yet: meld add-prospect "Ana Souza" --follow-up tomorrow');
  } else if (agenda.due.length === 0 && agenda.noNextStep.length === 0 && agenda.stale.length === 0) {
    out.push('', 'All clear: every open prospect has a next step.');
  }
  return out.join('\n');
}
