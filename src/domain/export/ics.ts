import { viewProspects } from '../deals.js';
import { compareIso, shiftDay } from '../dates.js';
import type { Db, FollowUp } from '../types.js';

// iCalendar (RFC 5545) for follow-ups: one all-day VEVENT per open follow-up.

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines; other control
 * characters are not allowed in a content line, so they go. */
export function escapeText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with a space,
 * and a UTF-8 character is never split. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space counts
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const compactDay = (day: string) => day.replace(/-/g, '');
const compactInstant = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');

/** Stable across exports: the same follow-up keeps its UID, so re-importing the calendar
 * updates events instead of duplicating them. */
export function followUpUid(f: Pick<FollowUp, 'id' | 'createdAt'>): string {
  return `followup-${f.id}-${compactInstant(f.createdAt)}@meld`;
}

export function followUpsCalendar(db: Db, now: Date): string {
  const prospects = new Map(viewProspects(db).map((p) => [p.id, p]));
  const campaigns = new Map(db.campaigns.map((c) => [c.id, c]));
  const stamp = compactInstant(now.toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//meld//meld follow-ups//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:meld follow-ups',
  ];
  const open = db.followUps.filter((f) => f.status === 'open').sort((a, b) => compareIso(a.due, b.due) || a.id - b.id);
  for (const f of open) {
    const p = prospects.get(f.prospectId);
    const who = p ? `${p.name}${p.company ? ` (${p.company})` : ''}` : `prospect #${f.prospectId}`;
    const campaign = p?.campaign ? campaigns.get(p.campaign) : undefined;
    const details = [
      f.note,
      p ? `Prospect: ${p.name} (#${p.id})` : null,
      p?.company ? `Company: ${p.company}` : null,
      p?.title ? `Title: ${p.title}` : null,
      p?.email ? `Email: ${p.email}` : null,
      p?.phone ? `Phone: ${p.phone}` : null,
      p ? `Stage: ${p.stage ?? '—'}` : null,
      campaign ? `Campaign: ${campaign.name}` : null,
      `meld follow-up f${f.id}: meld followup done f${f.id}`,
    ].filter((x): x is string => x !== null && x !== '');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${followUpUid(f)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDay(f.due)}`,
      `DTEND;VALUE=DATE:${compactDay(shiftDay(f.due, 1))}`,
      `SUMMARY:${escapeText(`Follow up: ${who}${f.note ? ` — ${f.note.split('\n')[0]}` : ''}`)}`,
      `DESCRIPTION:${escapeText(details.join('\n'))}`,
      ...(campaign ? [`CATEGORIES:${escapeText(campaign.name)}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
