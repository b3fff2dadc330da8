import type { Command } from 'commander';
import type { Context } from '../../context.js';
import { MeldError, UsageError } from '../../errors.js';
import { referralLoop } from '../../domain/influence.js';
import { checkMinorUnits, parseMoney } from '../../domain/money.js';
import { addActivity, addFollowUp, editProspect, moveStage, type ProspectFields } from '../../domain/prospects.js';
import { STAGES, type IsoDay, type Stage } from '../../domain/types.js';
import { jsonRefs } from '../../domain/json/refs.js';
import { prospectJson } from '../../domain/json/prospect.js';
import { cleanLine } from '../../ui/sanitize.js';
import { toDay } from '../../domain/dates.js';
import { echoDay } from '../../ui/format.js';
import { describeChanges, shownFields } from '../../ui/prospects.js';
import { announce, printJson, suggest } from '../../ui/output.js';
import { keptAfterLoss } from '../../ui/followups.js';
import { followUpsAfterLoss } from '../../domain/followups.js';
import { followUpRef } from '../../domain/refs.js';
import type { ProspectAddOptions } from './add.js';
import { checkPhone, oneOf, resolveCampaign, resolveDay, resolveProspect } from '../flags/resolve.js';
import { fingerprint } from '../../domain/fingerprint.js';
import { lostReason, movingFrom, prospectAsShown } from './stage.js';
import { editDeal, theDeal, viewProspect } from '../../domain/deals.js';
import { askCampaign } from '../flags/ask.js';
import { findCampaign } from '../../domain/lookup.js';

/** The add flags (any of them changes that field), plus a new name and tags to remove. */
export interface ProspectEditOptions extends ProspectAddOptions {
  name?: string;
  untag?: string[];
}

/** Repeatable, and comma-separated too: `--tag warm,referral` is two tags. */
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',')];
const CHANGING: Array<keyof ProspectEditOptions> = [
  'name',
  'email',
  'company',
  'phone',
  'title',
  'campaign',
  'stage',
  'value',
  'tag',
  'untag',
  'note',
  'followUp',
  'referredBy',
];
/** The order "what changed" is told in. */
const ORDER = ['name', 'email', 'company', 'phone', 'title', 'campaign', 'value', 'tags', 'referred by', 'stage'];
const NONE = (v: string) => ['', 'none', '-'].includes(v.trim().toLowerCase());

export function registerProspectEdit(parent: Command, ctx: Context): void {
  parent
    .command('edit')
    .description("change a prospect's details (the same flags as add); prints what changed")
    .argument('<prospect>', 'id, email or part of the name')
    .option('--name <name>', 'new name')
    .option('--email <email>', 'email address ("" to clear)')
    .option('--company <company>', 'company ("" to clear)')
    .option('--phone <phone>', 'phone number ("" to clear)')
    .option('--title <title>', 'job title ("" to clear)')
    .option('--campaign <campaign>', 'the campaign that brought them (none to clear)')
    .option('--stage <stage>', `move to a stage: ${STAGES.join(', ')}`)
    .option('--reason <text>', 'why, when moving to lost')
    .option('--value <amount>', 'deal value (none to clear)')
    .option('--tag <tag>', 'add a tag; repeat, or separate with commas, for more', collect)
    .option('--untag <tag>', 'remove a tag; repeat, or separate with commas, for more', collect)
    .option('--note <text>', 'add a note')
    .option('--follow-up <date>', 'plan a follow-up: tomorrow, fri, "in 3 days", 2026-12-03')
    .option('--referred-by <prospect>', 'who referred them (none to clear)')
    .option('--json', 'print the prospect as JSON')
    .addHelpText(
      'after',
      `
Examples:
  meld prospect edit 12 --email ana@newco.io --company NewCo
  meld prospect edit ana --value 6000 --tag priority
  meld prospect edit ana --untag cold
  meld prospect edit 12 --campaign none
  meld prospect edit 14 --referred-by "#12"`,
    )
    .action((ref: string, opts: ProspectEditOptions) => runProspectEdit(ctx, ref, opts));
}

export async function runProspectEdit(ctx: Context, ref: string, opts: ProspectEditOptions): Promise<void> {
  if (!CHANGING.some((key) => opts[key] !== undefined)) {
    throw new UsageError('nothing to change', {
      hint: 'pass what to change, e.g. --email ana@newco.io or --stage proposal (see meld prospect edit --help)',
    });
  }
  const stage: Stage | undefined = opts.stage !== undefined ? oneOf(opts.stage, STAGES, 'stage') : undefined;
  const valueCents = opts.value === undefined ? undefined : NONE(opts.value) ? null : parseMoney(opts.value, '--value');
  checkPhone(opts.phone);
  const due: IsoDay | undefined =
    opts.followUp !== undefined ? await resolveDay(ctx, opts.followUp, '--follow-up') : undefined;
  const current = await ctx.store().read();
  const found = resolveProspect(current, ref);
  if (opts.campaign !== undefined && !NONE(opts.campaign) && ctx.io.interactive) {
    // An unknown campaign in a terminal: offered as a list (nearest names first) instead of refused.
    if (current.campaigns.length > 0 && !findCampaign(current.campaigns, opts.campaign)) {
      const picked = await askCampaign(ctx, current.campaigns, opts.campaign);
      opts.campaign = picked ?? 'none';
    }
  }
  const reason = await lostReason(ctx, found, movingFrom(current, found, stage), stage, opts.reason, current);
  // Asked in a prompt: the write must find the record that was shown.
  const shown = reason !== opts.reason ? fingerprint(found) : null;
  const now = ctx.clock.now();
  const outcome = await ctx.store().write((db) => {
    const p = prospectAsShown(db, found, shown);
    if (typeof valueCents === 'number') checkMinorUnits(valueCents, db.config.currency, '--value');
    const before = shownFields(viewProspect(db, p), db.config.currency);
    const source = p.campaign;
    const fields: ProspectFields = {
      name: opts.name,
      email: opts.email,
      company: opts.company,
      phone: opts.phone,
      title: opts.title,
      campaign:
        opts.campaign === undefined ? undefined : NONE(opts.campaign) ? null : resolveCampaign(db, opts.campaign).id,
      tags: opts.tag,
      untags: opts.untag,
    };
    const changed = editProspect(db, p, fields, now);
    // Deals credited to the person's source campaign follow it when it changes.
    if (changed.includes('campaign'))
      for (const d of db.deals)
        if (d.prospectId === p.id && d.campaign === source) editDeal(d, { campaign: p.campaign }, now);
    // The value is that of the deal `prospect stage` moves (their one open deal, or only deal).
    if (
      valueCents !== undefined &&
      editDeal(theDeal(db, p, { edit: `--value ${shellWord(opts.value!)}` }), { valueCents }, now).length > 0
    )
      changed.push('value');
    if (opts.referredBy !== undefined) {
      const referrer = NONE(opts.referredBy) ? null : resolveProspect(db, opts.referredBy);
      if (referrer && referralLoop(db, p, referrer)) {
        throw new MeldError(
          `#${referrer.id} ${cleanLine(referrer.name)} cannot have referred #${p.id}: ${referrer.id === p.id ? 'that is the same prospect' : `#${p.id} referred them`}`,
        );
      }
      if ((referrer?.id ?? null) !== p.referredBy) {
        p.referredBy = referrer?.id ?? null;
        p.updatedAt = now.toISOString();
        changed.push('referred by');
      }
    }
    let afterLoss: ReturnType<typeof followUpsAfterLoss> = { cancelled: [], kept: [] };
    if (stage !== undefined && stage !== theDeal(db, p).stage) {
      moveStage(db, p, stage, now, reason);
      changed.push('stage');
      // As prospect stage, deal stage and log --stage do: lost with nothing left open cancels
      // the follow-ups of someone who never bought; a customer's check-ins go on.
      if (stage === 'lost') afterLoss = followUpsAfterLoss(db, p.id, reason, now);
    }
    const note = opts.note?.trim() ? addActivity(db, p, 'note', opts.note, now) : null;
    const followUp = due !== undefined ? addFollowUp(db, p, due, null, now) : null;
    if (changed.length === 0 && !note && !followUp) {
      throw new UsageError(`nothing to change: #${p.id} ${cleanLine(p.name)} already has those values`);
    }
    changed.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    const description = describeChanges(before, shownFields(viewProspect(db, p), db.config.currency), changed);
    return {
      summary: `prospect edit ${p.name} (#${p.id})`,
      result: { prospect: p, description, note, followUp, afterLoss, json: prospectJson(p, jsonRefs(db)) },
    };
  });
  const { prospect } = outcome;
  if (opts.json) printJson(ctx, outcome.json);
  if (outcome.description) announce(ctx, `Updated ${prospect.name} (#${prospect.id}): ${outcome.description}`);
  const { cancelled, kept } = outcome.afterLoss;
  if (cancelled.length > 0)
    announce(
      ctx,
      `Cancelled ${cancelled.length === 1 ? 'follow-up' : 'follow-ups'} ${cancelled.map((f) => followUpRef(f.id)).join(', ')} (lost; meld undo brings them back)`,
    );
  if (kept.length > 0) suggest(ctx, keptAfterLoss(kept, `${prospect.name} (#${prospect.id})`));
  if (outcome.note) announce(ctx, `Added a note to ${prospect.name} (#${prospect.id})`);
  if (outcome.followUp)
    announce(ctx, `Follow-up f${outcome.followUp.id} due ${echoDay(outcome.followUp.due, toDay(now))}`);
}

/** A typed value as a hint repeats it: as it was when it needs no quoting, else in single quotes. */
function shellWord(text: string): string {
  return /^[\w.,+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
