import type { Context } from '../../context.js';
import { FarAheadDate, NeedsNaturalParser, parseDay, type DateDirection } from '../../domain/dates.js';
import { campaignState } from '../../domain/spend.js';
import { nearest } from '../../domain/lookup.js';
import { checkMinorUnits, parseMoney } from '../../domain/money.js';
import { prospectWithEmail } from '../../domain/prospects.js';
import { isValidEmail, normaliseEmail } from '../../domain/text.js';
import type { Campaign, Db } from '../../domain/types.js';
import { MeldError, UsageError } from '../../errors.js';
import { cleanLine } from '../../ui/sanitize.js';
import { loadNaturalParser, positiveInt } from './resolve.js';

// Questions whose answers are checked as they are typed: a wrong one is said at once and asked
// again, instead of failing after the last question with every answer lost.

/** A validator from a check that throws MeldError: its message becomes the prompt's complaint. */
function checked(check: (value: string) => void): (value: string) => string | true {
  return (value) => {
    try {
      check(value);
      return true;
    } catch (error) {
      if (error instanceof MeldError) return error.message;
      throw error;
    }
  };
}

/** How a complaint names what was asked: the question, not a flag nobody typed (`--cost` -> "the cost"). */
const said = (flag: string) => `the ${flag.replace(/^--/, '')}`;

/** An optional email: a valid address not already on file, or empty for none. */
export async function askEmail(ctx: Context, db: Pick<Db, 'prospects'>): Promise<string | undefined> {
  const answer = await ctx.prompter.input({
    message: 'Email (optional):',
    flag: '--email',
    validate: (v) => {
      if (v.trim() === '') return true;
      if (!isValidEmail(normaliseEmail(v)))
        return `"${cleanLine(v.trim())}" is not an email address (e.g. ana@acme.io)`;
      const existing = prospectWithEmail(db, v);
      return existing ? `already on file as #${existing.id} ${cleanLine(existing.name)}` : true;
    },
  });
  return answer.trim() || undefined;
}

/** An optional phone number: something with digits in it, or empty for none. */
export async function askPhone(ctx: Context): Promise<string | undefined> {
  const answer = await ctx.prompter.input({
    message: 'Phone (optional):',
    flag: '--phone',
    validate: (v) => (v.trim() === '' || /\d/.test(v) ? true : 'a phone number needs digits, e.g. +49 30 1234567'),
  });
  return answer.trim() || undefined;
}

/** An optional amount of money in the data file's currency, as typed (the command parses it again). */
export async function askMoney(
  ctx: Context,
  message: string,
  flag: string,
  currency: string,
): Promise<string | undefined> {
  const answer = await ctx.prompter.input({
    message,
    flag,
    validate: (v) =>
      v.trim() === '' ? true : checked((x) => checkMinorUnits(parseMoney(x, said(flag)), currency, said(flag)))(v),
  });
  return answer.trim() || undefined;
}

/** An optional whole number (a goal), as typed. */
export async function askCount(ctx: Context, message: string, flag: string): Promise<string | undefined> {
  const answer = await ctx.prompter.input({
    message,
    flag,
    validate: (v) => (v.trim() === '' ? true : checked((x) => positiveInt(x, said(flag)))(v)),
  });
  return answer.trim() || undefined;
}

/**
 * An optional day, checked as typed ("someday" is refused at once); `after` refuses a day
 * before it. Returns the text as typed: the command resolves it (and asks which year, if a
 * yearless date lands far ahead).
 */
export async function askDay(
  ctx: Context,
  q: { message: string; flag: string; direction?: DateDirection; after?: { day: string; what: string } },
): Promise<string | undefined> {
  const natural = await loadNaturalParser();
  const answer = await ctx.prompter.input({
    message: q.message,
    flag: q.flag,
    validate: (v) => {
      if (v.trim() === '') return true;
      try {
        const day = parseDay(v, ctx.clock.now(), natural, q.direction ?? 'future');
        if (q.after && day < q.after.day) return `${day} is before ${q.after.what} ${q.after.day}`;
        return true;
      } catch (error) {
        if (error instanceof FarAheadDate) return true; // asked about next, with both days
        if (error instanceof MeldError || error instanceof NeedsNaturalParser) return (error as Error).message;
        throw error;
      }
    },
  });
  return answer.trim() || undefined;
}

const NO_CAMPAIGN = '';

/**
 * The campaign a prospect came from, picked from a list: asked when none was given, or when
 * the one given is unknown (the nearest names first). Null for none.
 */
export async function askCampaign(
  ctx: Context,
  campaigns: readonly Campaign[],
  typed?: string,
): Promise<string | null> {
  const today = ctx.clock.today();
  const open = campaigns.filter((c) => campaignState(c, today) !== 'ended');
  const guesses =
    typed === undefined
      ? []
      : nearest(
          typed,
          campaigns.map((c) => c.id),
        );
  const first = guesses.map((id) => campaigns.find((c) => c.id === id)!);
  const rest = (typed === undefined ? open : campaigns).filter((c) => !first.includes(c));
  const choice = await ctx.prompter.select<string>({
    message: typed === undefined ? 'Which campaign brought them?' : `No campaign "${cleanLine(typed)}". Which one?`,
    flag: '--campaign',
    choices: [
      ...(typed === undefined ? [{ name: '(none)', value: NO_CAMPAIGN }] : []),
      ...[...first, ...rest].map((c) => ({ name: `${cleanLine(c.name)} (${c.id})`, value: c.id })),
      ...(typed === undefined ? [] : [{ name: '(none)', value: NO_CAMPAIGN }]),
    ],
  });
  return choice === NO_CAMPAIGN ? null : choice;
}

/**
 * `campaign add` in a terminal with no name given: cost, start, end and goal, each skippable
 * with an empty answer and checked as typed. Fills `opts` the way the flags would.
 */
export async function askCampaignDetails(
  ctx: Context,
  opts: { cost?: string; start?: string; end?: string; goal?: string },
  currency: string,
): Promise<void> {
  opts.cost ??= await askMoney(ctx, 'Cost (optional, e.g. 1200):', '--cost', currency);
  opts.start ??= await askDay(ctx, { message: 'Start (empty for today):', flag: '--start', direction: 'nearest' });
  const natural = await loadNaturalParser();
  let start: string;
  try {
    start = parseDay(opts.start ?? 'today', ctx.clock.now(), natural, 'nearest');
  } catch {
    start = parseDay('today', ctx.clock.now(), natural, 'nearest');
  }
  opts.end ??= await askDay(ctx, {
    message: 'End (optional):',
    flag: '--end',
    after: { day: start, what: 'the start' },
  });
  opts.goal ??= await askCount(ctx, 'Goal in prospects (optional):', '--goal');
}

/**
 * Whether to go ahead with removing `what` (`#12 Ana Souza with 2 follow-ups`): yes at once with
 * --yes; otherwise asks, and a no says "nothing removed". Without a terminal to ask in, --yes is
 * required (a usage error).
 */
export async function confirmRemoval(
  ctx: Context,
  what: string,
  yes: boolean | undefined,
  message = `Remove ${what}?`,
): Promise<boolean> {
  if (yes) return true;
  if (!ctx.io.interactive) {
    throw new UsageError(`removing ${what} needs confirmation`, { hint: 'pass --yes to remove without being asked' });
  }
  const sure = await ctx.prompter.confirm({ message, flag: '--yes', default: false });
  if (!sure) ctx.io.err.write('nothing removed\n');
  return sure;
}
