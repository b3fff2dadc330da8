import type { ImportPlan } from '../import/plan.js';
import type { Table } from '../import/rows.js';
import { SKIP_REASONS } from '../mail/classify.js';
import type { MailPlan } from '../mail/plan.js';

// docs/json.md, Other answers: `import` (a file of people, deals or records) and `import
// <mailbox>` (docs/import.md says what each field means).

/** The columns for `--json`: `{column, field, why}`, field null for a column kept as it is. */
function columnsJson(table: Table): Array<{ column: string; field: string | null; why: string }> {
  return (table.columns.choices ?? []).filter(Boolean).map((c) => ({ column: c.header, field: c.target, why: c.why }));
}

/** `import <file> --json`: the counts, the campaigns it creates, how each column is read and each row's fate. */
export function importJson(
  plan: ImportPlan,
  table: Table,
  run: { fileName: string; dryRun: boolean; written: boolean },
) {
  const { added, updated, skipped, rejected } = plan.counts;
  const where = table.source === 'meld-json' ? 'item' : 'line';
  return {
    file: run.fileName,
    source: table.source,
    dryRun: run.dryRun,
    written: run.written,
    batch: run.written || run.dryRun ? plan.batch : null,
    added,
    updated,
    skipped,
    rejected,
    campaignsCreated: plan.campaigns.map((c) => ({ id: c.id, name: c.name })),
    followUpsCarried: plan.carried.followUps.length,
    activitiesCarried: plan.carried.activities.length,
    columns: columnsJson(table),
    rows: plan.rows.map((row) => ({
      [where]: row.line,
      action: row.action,
      id: row.id,
      name: row.name,
      email: row.email,
      detail: row.detail,
      warnings: row.warnings.map((w) => ({ column: w.column, message: w.message })),
    })),
  };
}

/** Unknown addresses `import <mailbox> --json` lists (the text summary lists fewer). */
const JSON_UNKNOWN = 100;

/** What a mailbox import did, for its summary and its JSON. */
export interface MailImportFacts {
  fileName: string;
  label: string;
  owner: readonly string[];
  plan: MailPlan;
  dryRun: boolean;
  written: boolean;
  /** Activities actually logged (after a write), else the plan's count. */
  logged: number;
  /** People --add-people adds (id null in a dry run), with the emails logged on each. */
  added: Array<{ id: number | null; name: string; email: string; firstSeen: string | null; activities: number }>;
  /** The damage a --partial import read up to, or null. */
  damaged: { why: string; complete: number } | null;
  /** Names of the people on file, by id. */
  names: ReadonlyMap<number, string>;
}

/** `import <mailbox> --json`. */
export function mailImportJson(r: MailImportFacts) {
  const { counts } = r.plan;
  return {
    file: r.fileName,
    source: 'mail',
    kind: r.label,
    dryRun: r.dryRun,
    written: r.written,
    damaged: r.damaged,
    owner: r.owner,
    read: counts.read,
    logged: r.logged,
    messagesTouchingPeople: counts.touching,
    alreadyOnFile: counts.already,
    namingNobody: counts.nobody,
    skipped: counts.skipped,
    examples: Object.fromEntries(
      SKIP_REASONS.filter((reason) => r.plan.examples[reason]).map((reason) => {
        const e = r.plan.examples[reason]!;
        return [reason, { message: e.index, file: e.file, subject: e.subject, date: e.date }];
      }),
    ),
    people: [...r.plan.perPerson].map(([id, c]) => ({
      id,
      name: r.names.get(id) ?? null,
      sent: c.sent,
      received: c.received,
      last: c.last,
    })),
    added: r.added,
    unknown: r.plan.unknown.slice(0, JSON_UNKNOWN).map((u) => ({
      address: u.address,
      name: u.name || null,
      messages: u.messages,
      sentTo: u.sentTo,
    })),
    unknownCount: r.plan.unknown.length,
  };
}
