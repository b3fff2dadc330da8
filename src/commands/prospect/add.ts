import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { checkMinorUnits, parseMoney } from '../../domain/money.js';
import { addActivity, addFollowUp, addProspect, prospectWithEmail } from '../../domain/prospects.js';
import { STAGES, type Db, type FollowUp, type IsoDay, type Prospect } from '../../domain/types.js';
import { MeldError, UsageError } from '../../errors.js';
import { findDuplicate } from '../../domain/duplicates.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { prospectJson } from '../../domain/json/prospect.js';
import { cleanLine } from '../../ui/sanitize.js';
import { toDay } from '../../domain/dates.js';
import { echoDay } from '../../ui/format.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { checkPhone, oneOf, resolveCampaign, resolveDay, resolveProspect } from '../flags/resolve.js';
import { meansNoCampaign } from '../../domain/campaigns.js';
import { campaignState } from '../../domain/spend.js';
import { askLostReason } from './stage.js';
import { askCampaign, askDay, askEmail, askMoney, askPhone } from '../flags/ask.js';
import { findCampaign } from '../../domain/lookup.js';

export interface ProspectAddOptions {
  email?: string;
  company?: string;
  phone?: string;
  title?: string;
  campaign?: string;
  stage?: string;
  reason?: string;
  value?: string;
  tag?: string[];
  note?: string;
  followUp?: string;
  allowDuplicate?: boolean;
  referredBy?: string;
  json?: boolean;
}

/** Repeatable, and comma-separated too: `--tag warm,referral` is two tags. */
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',')];

/** Declared twice: as `meld add-prospect` (the everyday verb) and `meld prospect add`. */
export function registerProspectAdd(parent: Command, ctx: Context, name: 'add' | 'add-prospect'): void {
  parent
    .command(name)
    .description('add a prospect, optionally with the campaign that brought them and a first follow-up')
    .argument('[name]', "the person's name")
    .option('--email <email>', 'email address (must be unique)')
    .option('--company <company>', 'company or organisation')
    .option('--phone <phone>', 'phone number')
    .option('--title <title>', 'job title')
    .option('--campaign <campaign>', 'the campaign that brought them (slug or name; none for none)')
    .option('--stage <stage>', `pipeline stage: ${STAGES.join(', ')} (default: new)`)
    .option('--reason <text>', 'why they were lost (required with --stage lost; asked in a terminal)')
    .option('--value <amount>', 'what the deal is worth, e.g. 4000')
    .option('--tag <tag>', 'a tag; repeat, or separate with commas, for more', collect)
    .option('--note <text>', 'a first note')
    .option('--follow-up <date>', 'schedule the first follow-up: tomorrow, fri, "in 3 days", 2026-12-03')
    .option('--referred-by <prospect>', 'the prospect or customer who referred them (#12, email or name)')
    .option('--allow-duplicate', 'add even when a prospect with the same name and company, or phone, is on file')
    .option('--json', 'print the prospect as JSON')
    .addHelpText(
      'after',
      `
Someone already on file (the same name and company, or the same phone) is refused, naming
them: merge later with \`meld prospect merge\`, or pass --allow-duplicate for two people.

Examples:
  meld add-prospect "Ana Souza" --email ana@acme.io --company Acme --campaign spring-webinar --follow-up tomorrow
  meld add-prospect "Li Wei" --stage contacted --value 4000 --tag warm --tag referral
  meld add-prospect "Sam Reed" --referred-by "#12"
  meld add-prospect                 # in a terminal: asks for the details`,
    )
    .action((nameArg: string | undefined, opts: ProspectAddOptions) => runProspectAdd(ctx, nameArg, opts));
}

/**
 * In a terminal with no name given, walk the user through the other details too, each answer
 * checked as it is typed (a bad email or date is asked again, not refused after the last question).
 */
async function askMissing(ctx: Context, opts: ProspectAddOptions): Promise<{ name: string; opts: ProspectAddOptions }> {
  const name = await ctx.prompter.input({
    message: 'Name:',
    flag: '<name>',
    validate: (v) => (v.trim() ? true : 'a prospect needs a name'),
  });
  if (!ctx.io.interactive) return { name, opts };
  const db = await ctx.store().read();
  const filled = { ...opts };
  if (filled.email === undefined) filled.email = await askEmail(ctx, db);
  filled.company ??=
    (await ctx.prompter.input({ message: 'Company (optional):', flag: '--company' })).trim() || undefined;
  if (filled.phone === undefined) filled.phone = await askPhone(ctx);
  // Someone already on file is said now, not after every question.
  if (
    !filled.allowDuplicate &&
    findDuplicate(db, { name, email: filled.email, company: filled.company, phone: filled.phone })
  ) {
    const dup = findDuplicate(db, { name, email: filled.email, company: filled.company, phone: filled.phone })!;
    const sure = await ctx.prompter.confirm({
      message: `#${dup.prospect.id} ${cleanLine(dup.prospect.name)} is already on file (same ${dup.by}). Add another one anyway?`,
      flag: '--allow-duplicate',
      default: false,
    });
    if (!sure) refuseDuplicate(db, { name, email: filled.email, company: filled.company, phone: filled.phone });
    filled.allowDuplicate = true;
  }
  if (filled.value === undefined) {
    filled.value = await askMoney(ctx, 'Deal value (optional, e.g. 4000):', '--value', db.config.currency);
  }
  if (filled.campaign === undefined && db.campaigns.some((c) => campaignState(c, ctx.clock.today()) !== 'ended')) {
    filled.campaign = (await askCampaign(ctx, db.campaigns)) ?? undefined;
  }
  if (filled.followUp === undefined) {
    filled.followUp = await askDay(ctx, {
      message: 'First follow-up (e.g. tomorrow, fri; empty for none):',
      flag: '--follow-up',
    });
  }
  return { name, opts: filled };
}

/** Added as lost needs a reason, as `prospect stage … lost` does: the flag, asked in a terminal, else a usage error. */
async function addedLostReason(ctx: Context, name: string, given: string | undefined): Promise<string> {
  if (given?.trim()) return given;
  if (!ctx.io.interactive) {
    throw new UsageError(`adding ${cleanLine(name.trim())} as lost needs a reason`, {
      hint: 'pass --reason "<why>", e.g. --reason "went with a competitor"',
    });
  }
  return askLostReason(ctx, `Why was ${cleanLine(name.trim())} lost?`, await ctx.store().read());
}

/** A prospect already on file by import's dedupe rules is refused, naming the match. */
function refuseDuplicate(db: Db, candidate: Parameters<typeof findDuplicate>[1]): void {
  // The same email is refused by addProspect in its own words.
  if (candidate.email && prospectWithEmail(db, candidate.email)) return;
  const dup = findDuplicate(db, candidate);
  if (!dup) return;
  const p = dup.prospect;
  const at = p.company ? ` at ${cleanLine(p.company)}` : '';
  throw new MeldError(`#${p.id} ${cleanLine(p.name)}${at} is already on file (same ${dup.by})`, {
    hint: `see it with \`meld prospect show ${p.id}\`; pass --allow-duplicate to add another one anyway`,
  });
}

export async function runProspectAdd(
  ctx: Context,
  nameArg: string | undefined,
  given: ProspectAddOptions,
): Promise<void> {
  const { name, opts } = nameArg !== undefined ? { name: nameArg, opts: given } : await askMissing(ctx, given);
  // `--campaign none` (or -) means no campaign, as in prospect edit and the list filters.
  if (opts.campaign !== undefined && meansNoCampaign(opts.campaign)) {
    opts.campaign = undefined;
  }
  if (opts.campaign !== undefined && ctx.io.interactive) {
    // An unknown campaign in a terminal: offered as a list (nearest names first) instead of refused.
    const { campaigns } = await ctx.store().read();
    if (campaigns.length > 0 && !findCampaign(campaigns, opts.campaign)) {
      opts.campaign = (await askCampaign(ctx, campaigns, opts.campaign)) ?? undefined;
    }
  }
  const stage = opts.stage !== undefined ? oneOf(opts.stage, STAGES, 'stage') : 'new';
  const valueCents = opts.value !== undefined ? parseMoney(opts.value, '--value') : null;
  checkPhone(opts.phone);
  const reason = stage === 'lost' ? await addedLostReason(ctx, name, opts.reason) : undefined;
  // `--follow-up ""` (a script's unset variable) is an error, not "no follow-up".
  const due: IsoDay | null = opts.followUp !== undefined ? await resolveDay(ctx, opts.followUp, '--follow-up') : null;
  const now = ctx.clock.now();
  const { prospect, followUp, json } = await ctx.store().write((db: Db) => {
    if (valueCents !== null) checkMinorUnits(valueCents, db.config.currency, '--value');
    const campaign = opts.campaign ? resolveCampaign(db, opts.campaign).id : null;
    const referrer = opts.referredBy !== undefined ? resolveProspect(db, opts.referredBy).id : null;
    if (!opts.allowDuplicate)
      refuseDuplicate(db, { name, email: opts.email, company: opts.company, phone: opts.phone });
    const created: Prospect = addProspect(
      db,
      {
        name,
        email: opts.email ?? null,
        company: opts.company,
        phone: opts.phone,
        title: opts.title,
        campaign,
        stage,
        reason,
        valueCents,
        tags: opts.tag ?? [],
      },
      now,
    );
    created.referredBy = referrer;
    if (opts.note?.trim()) addActivity(db, created, 'note', opts.note, now);
    const first: FollowUp | null = due ? addFollowUp(db, created, due, null, now) : null;
    return {
      summary: `add-prospect ${created.name} (#${created.id})`,
      result: { prospect: created, followUp: first, json: prospectJson(created, jsonRefs(db)) },
    };
  });
  if (opts.json) printJson(ctx, json);
  announce(ctx, `Added ${prospect.name} (#${prospect.id})${prospect.campaign ? ` from ${prospect.campaign}` : ''}`);
  if (followUp) announce(ctx, `Follow-up f${followUp.id} due ${echoDay(followUp.due, toDay(now))}`);
  else if (stage !== 'won' && stage !== 'lost') suggest(ctx, `next step: meld followup add ${prospect.id} tomorrow`);
}
