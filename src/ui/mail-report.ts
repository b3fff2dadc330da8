// What `meld import <mailbox>` says: a progress bar while it reads (on a terminal only), then
// the summary (read, logged, skipped by reason, unknown senders), the per-person counts of a
// --dry-run, or all of it as JSON.
import type { Context } from '../context.js';
import { SKIP_LABEL, SKIP_REASONS, type SkipReason } from '../domain/mail/classify.js';
import type { SkipExample } from '../domain/mail/plan.js';
import { mailImportJson, type MailImportFacts } from '../domain/json/import.js';
import { announce, printJson, suggest, warn } from './output.js';
import { cleanLine } from './sanitize.js';
import { renderTable } from './table.js';

/** Unknown addresses listed in the text summary (JSON lists more: domain/json/import.ts). */
const LISTED_UNKNOWN = 10;

const n = (value: number) => value.toLocaleString('en-US');
const many = (count: number, one: string, more = `${one}s`) => `${n(count)} ${count === 1 ? one : more}`;

export interface MailReport extends MailImportFacts {
  json: boolean;
}

function example(e: SkipExample | undefined, reason: SkipReason): string {
  if (!e) return '';
  const where = `message ${n(e.index)}${e.file ? ` in ${e.file}` : ''}`;
  const subject = e.subject ? ` "${e.subject}"` : '';
  const date = reason === 'no-date' ? (e.date ? `, Date: "${e.date}"` : ', no Date header') : '';
  return ` (e.g. ${where}${subject}${date})`;
}

export function reportMailImport(ctx: Context, r: MailReport): void {
  const { counts } = r.plan;
  if (r.json) {
    printJson(ctx, mailImportJson(r));
    return;
  }
  if (r.dryRun && r.plan.perPerson.size + r.added.length > 0) {
    const rows = [...r.plan.perPerson]
      .map(([id, c]) => [`#${id}`, r.names.get(id) ?? '', n(c.sent), n(c.received), c.last.slice(0, 10)])
      .concat(
        r.added.map((a) => {
          const sent = r.plan.people.find((p) => p.address === a.email)?.touches ?? [];
          return [
            'new',
            `${a.name} <${a.email}>`,
            n(sent.filter((t) => t.direction === 'sent').length),
            n(sent.filter((t) => t.direction === 'received').length),
            sent.reduce((last, t) => (t.at > last ? t.at : last), '').slice(0, 10),
          ];
        }),
      );
    ctx.io.out.write(
      `${renderTable(
        [
          { header: 'ID', align: 'right' },
          { header: 'PERSON', shrink: true, min: 12 },
          { header: 'SENT', align: 'right' },
          { header: 'RECEIVED', align: 'right' },
          { header: 'LAST' },
        ],
        rows,
        { style: ctx.io.style, width: ctx.io.columns, unicode: ctx.io.unicode },
      )}\n`,
    );
  }
  const people = r.plan.perPerson.size + r.added.length;
  const logged = r.dryRun ? counts.activities : r.logged;
  const verb = r.dryRun ? 'would log' : 'logged';
  const already = counts.already > 0 ? ` (${n(counts.already)} already on file)` : '';
  announce(
    ctx,
    `${cleanLine(r.fileName)} (${r.label}): ${many(counts.read, 'message')} read, ${verb} ${many(logged, 'email')} with ${many(people, 'person', 'people')}${already}`,
  );
  if (r.added.length > 0) {
    suggest(
      ctx,
      `${r.dryRun ? 'would add' : 'added'} ${many(r.added.length, 'person', 'people')} you wrote to: ${r.added
        .slice(0, 5)
        .map((a) => (a.id !== null ? `${a.name} (#${a.id})` : a.name))
        .join(', ')}${r.added.length > 5 ? ', …' : ''}`,
    );
  }
  const skipped = SKIP_REASONS.filter((reason) => counts.skipped[reason] > 0);
  if (skipped.length > 0) {
    suggest(ctx, 'skipped:');
    for (const reason of skipped) {
      suggest(
        ctx,
        `  ${n(counts.skipped[reason])} ${SKIP_LABEL[reason]}${reason === 'no-date' || reason === 'unreadable' ? example(r.plan.examples[reason], reason) : ''}`,
      );
    }
  }
  if (counts.nobody > 0) {
    const unknown = r.plan.unknown.filter((u) => !u.machine && !u.list).slice(0, LISTED_UNKNOWN);
    suggest(
      ctx,
      `${many(counts.nobody, 'message')} named nobody on file${unknown.length > 0 ? '; the addresses seen most:' : ''}`,
    );
    for (const u of unknown) {
      const name = u.name ? `${u.name} <${u.address}>` : u.address;
      suggest(
        ctx,
        `  ${n(u.messages).padStart(6)}  ${name}${u.sentTo > 0 ? ` (you wrote to them ${u.sentTo === 1 ? 'once' : `${n(u.sentTo)} times`})` : ''}`,
      );
    }
    if (r.added.length === 0 && r.plan.unknown.some((u) => u.sentTo >= 2 && !u.machine && !u.list)) {
      suggest(ctx, 'add the people you wrote to at least twice with --add-people');
    }
  }
  if (r.dryRun) suggest(ctx, 'nothing written (--dry-run)');
  else if (!r.written) suggest(ctx, 'nothing new: the data file is unchanged');
  if (r.damaged) {
    warn(
      ctx,
      `the mailbox is damaged (${r.damaged.why}): imported the ${many(r.damaged.complete, 'whole message')} before it (--partial)`,
    );
  }
}

/** A progress bar over the bytes of a mailbox, with messages read and messages per second. */
export interface MailProgress {
  update(bytes: number, messages: number): void;
  stop(): void;
}

export async function mailProgress(ctx: Context, totalBytes: number): Promise<MailProgress | null> {
  if (!(ctx.io.err as { isTTY?: boolean }).isTTY || totalBytes <= 0) return null;
  const { SingleBar } = await import('cli-progress');
  const columns = (ctx.io.err as { columns?: number }).columns || ctx.io.columns;
  const started = performance.now();
  // "reading mail [bar] 100% 1,234,567 messages 12,345/s": the bar gets what the line leaves.
  const barsize = Math.max(5, Math.min(30, columns - 1 - 'reading mail  100%  messages /s'.length - 24));
  const bar = new SingleBar({
    stream: ctx.io.err as unknown as NodeJS.WritableStream,
    format: 'reading mail {bar} {percentage}% {messages} messages {rate}/s',
    barsize,
    barCompleteChar: ctx.io.unicode ? '█' : '#',
    barIncompleteChar: ctx.io.unicode ? '░' : '-',
    hideCursor: true,
    clearOnComplete: true,
    fps: 5,
  });
  bar.start(totalBytes, 0, { messages: '0', rate: '0' });
  let last = 0;
  return {
    update(bytes, messages) {
      const t = performance.now();
      if (t - last < 100) return;
      last = t;
      const seconds = (t - started) / 1000;
      bar.update(Math.min(bytes, totalBytes), {
        messages: n(messages),
        rate: n(seconds > 0 ? Math.round(messages / seconds) : 0),
      });
    },
    stop() {
      bar.stop();
    },
  };
}
