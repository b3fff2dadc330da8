import type { MergeReport } from '../domain/sync-merge/three-way.js';
import { cleanLine } from './sanitize.js';

/** Lines of one kind beyond this are summed up ("… and 380 more renumbered"); --json has them all. */
const SHOWN = 20;

function capped(lines: string[], what: string): string[] {
  if (lines.length <= SHOWN) return lines;
  return [...lines.slice(0, SHOWN), `… and ${lines.length - SHOWN} more ${what} (--json lists them all)`];
}

/** The merge's decisions, one line each: renumbered records, records kept against a removal, conflicts. */
export function mergeLines(report: MergeReport | null): string[] {
  if (!report) return [];
  return [
    ...capped(
      report.renumbered.map((r) => `renumbered ${cleanLine(r.text)}`),
      'renumbered',
    ),
    ...capped(
      report.kept.map((k) => cleanLine(k.text)),
      'kept',
    ),
    ...capped(
      report.conflicts.map((c) => `conflict: ${cleanLine(c.text)}${c.noted ? ` (in ${c.noted})` : ''}`),
      'conflicts',
    ),
  ];
}

/** "2 prospects added, 1 follow-up done; 1 conflict" */
export function incomingText(incoming: string, report: MergeReport | null): string {
  const parts = [incoming || 'nothing new'];
  const n = report?.conflicts.length ?? 0;
  if (n > 0) parts.push(`${n} ${n === 1 ? 'conflict' : 'conflicts'}`);
  return parts.join('; ');
}
