// `meld import <mailbox>`: the mail path of the import command (./import.ts recognises mail by
// its content and comes here). Reads the mailbox as a stream (src/io/mail), decides who each
// message belongs to (src/domain/mail), writes every touch in one step, and reports (src/ui).
import { basename } from 'node:path';
import type { Context } from '../context.js';
import { toDay } from '../domain/dates.js';
import { parseMyEmails } from '../domain/mail/addresses.js';
import { applyMailPlan, existingMailKeys, type MailApplied } from '../domain/mail/apply.js';
import { mailIndex } from '../domain/mail/classify.js';
import { likelyOwner, MailTally } from '../domain/mail/plan.js';
import { batchId } from '../domain/import/plan.js';
import type { MailMessage } from '../domain/mail/message.js';
import { MeldError } from '../errors.js';
import type { MailSource } from '../io/mail/source.js';
import { mailProgress, reportMailImport } from '../ui/mail-report.js';

export interface MailImportOptions {
  dryRun?: boolean;
  json?: boolean;
  withBody?: boolean;
  addPeople?: boolean;
  partial?: boolean;
  myEmail?: string;
}

/** Messages read to propose the owner's address when none is set. */
const OWNER_SAMPLE = 2000;
const DAY_MS = 86_400_000;

/** The owner's addresses: --my-email, else `config my-email`, else asked (in a terminal). */
async function ownerAddresses(
  ctx: Context,
  source: MailSource,
  configured: readonly string[],
  flag: string | undefined,
): Promise<{ emails: string[]; save: boolean }> {
  if (flag !== undefined) return { emails: parseMyEmails(flag), save: configured.length === 0 };
  if (configured.length > 0) return { emails: [...configured], save: false };
  const { readMail } = await import('../io/mail/read.js');
  const sample: Array<Pick<MailMessage, 'from' | 'labels' | 'folder'>> = [];
  try {
    for await (const m of readMail(source, { withBody: false })) {
      sample.push({ from: m.from, labels: m.labels, folder: m.folder });
      if (sample.length >= OWNER_SAMPLE) break;
    }
  } catch {
    // A damaged mailbox is reported by the import itself; the messages before are enough here.
  }
  const proposal = likelyOwner(sample);
  if (!ctx.io.interactive) {
    throw new MeldError(
      'meld does not know your email address, so it cannot tell the mail you sent from the mail you received',
      {
        hint: proposal
          ? `meld config set my-email ${proposal}   (the most frequent sender in ${basename(source.path)}), or pass --my-email`
          : 'meld config set my-email <your address>[,<another>], or pass --my-email',
      },
    );
  }
  const answer = await ctx.prompter.input({
    message: 'Your own email address(es), comma-separated (mail from them is "sent"):',
    flag: '--my-email',
    default: proposal ?? undefined,
    validate: (value) => {
      try {
        parseMyEmails(value);
        return true;
      } catch (error) {
        return error instanceof MeldError ? error.message : String(error);
      }
    },
  });
  return { emails: parseMyEmails(answer), save: true };
}

export async function runMailImport(ctx: Context, source: MailSource, opts: MailImportOptions): Promise<void> {
  const { readMail, DamagedMailbox } = await import('../io/mail/read.js');
  const fileName = basename(source.path);
  const before = await ctx.store().read();
  const owner = await ownerAddresses(ctx, source, before.config.myEmails ?? [], opts.myEmail);
  const now = ctx.clock.now();
  const tally = new MailTally(mailIndex(before.prospects, owner.emails), existingMailKeys(before.activities), {
    addPeople: Boolean(opts.addPeople),
    latest: new Date(now.getTime() + DAY_MS),
    dayOf: toDay,
  });
  const progress = await mailProgress(ctx, source.totalBytes);
  let bytes = 0;
  let read = 0;
  let damaged: { why: string; complete: number } | null = null;
  try {
    for await (const message of readMail(source, {
      withBody: Boolean(opts.withBody),
      onBytes: (b) => {
        bytes = b;
      },
    })) {
      tally.add(message);
      read++;
      progress?.update(bytes, read);
    }
  } catch (error) {
    if (!(error instanceof DamagedMailbox)) throw error;
    damaged = { why: error.why, complete: error.complete };
  } finally {
    progress?.stop();
  }
  const where = source.files.length > 1 && damaged ? ` in ${basename(source.path)}` : '';
  if (damaged && !opts.partial) {
    throw new MeldError(
      `${fileName} is damaged: ${damaged.why}${where} after ${damaged.complete.toLocaleString('en-US')} whole ${damaged.complete === 1 ? 'message' : 'messages'}; nothing imported`,
      { hint: 'import the whole messages before the damage with --partial, or export the mailbox again' },
    );
  }
  const plan = tally.plan();
  const names = new Map(before.prospects.map((p) => [p.id, p.name]));
  let logged = plan.counts.activities;
  let added = plan.people.map((p) => ({
    id: null as number | null,
    name: p.name,
    email: p.address,
    firstSeen: p.firstSeen as string | null,
    activities: p.touches.length,
  }));
  let written = false;
  if (!opts.dryRun) {
    const applied: MailApplied = await ctx.store().write((db) => {
      const result = applyMailPlan(db, plan, now, batchId(db, now));
      if (owner.save) db.config.myEmails = owner.emails;
      written = result.activities > 0 || result.added.length > 0 || owner.save;
      for (const p of db.prospects) names.set(p.id, p.name);
      const people = result.added.length > 0 ? `, ${result.added.length} people added` : '';
      return {
        summary: `import ${fileName}: ${result.activities} emails logged${people}`,
        result,
        unchanged: !written,
      };
    });
    logged = applied.activities;
    added = applied.added.map(({ prospect, activities }) => ({
      id: prospect.id,
      name: prospect.name,
      email: prospect.email ?? '',
      firstSeen: prospect.firstSeen,
      activities,
    }));
  }
  reportMailImport(ctx, {
    fileName,
    label: source.label,
    owner: owner.emails,
    plan,
    dryRun: Boolean(opts.dryRun),
    written,
    logged,
    added,
    damaged,
    names,
    json: Boolean(opts.json),
  });
}
