import type { MergeReport } from '../domain/sync-merge/three-way.js';
import { cleanLine } from './sanitize.js';

/** The merge's decisions, one line each: renumbered records, records kept against a removal, conflicts. */
export function mergeLines(report: MergeReport | null): string[] {
  if (!report) return [];
  const conflicts = report.conflicts.map((c) => `conflict: ${cleanLine(c.text)}${c.noted ? ` (in ${c.noted})` : ''}`);
  return [
    ...report.renumbered.map((r) => `renumbered ${cleanLine(r.text)}`),
    ...report.kept.map((k) => cleanLine(k.text)),
    ...conflicts,
  ];
}

/** "2 prospects added, 1 follow-up done; 1 conflict" */
export function incomingText(incoming: string, report: MergeReport | null): string {
  const parts = [incoming || 'nothing new'];
  const n = report?.conflicts.length ?? 0;
  if (n > 0) parts.push(`${n} ${n === 1 ? 'conflict' : 'conflicts'}`);
  return parts.join('; ');
}
