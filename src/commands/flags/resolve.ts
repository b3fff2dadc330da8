import { InvalidArgumentError } from 'commander';
import { MeldError } from '../../errors.js';
import { findCampaign, findProspect, nearest } from '../../domain/lookup.js';
import {
  FarAheadDate,
  NeedsNaturalParser,
  parseDay,
  type DateDirection,
  type NaturalDateParser,
} from '../../domain/dates.js';
import type { Campaign, Db, IsoDay, Prospect } from '../../domain/types.js';
import { cleanLine } from '../../ui/sanitize.js';
import { echoDay } from '../../ui/format.js';
import type { Context } from '../../context.js';

export function resolveProspect(db: Db, ref: string): Prospect {
  const found = findProspect(db.prospects, ref);
  if (found.kind === 'one') return found.item;
  if (found.kind === 'many') {
    const list = found.matches
      .slice(0, 5)
      .map((p) => `#${p.id} ${cleanLine(p.name)}`)
      .join(', ');
    const more = found.matches.length > 5 ? ` and ${found.matches.length - 5} more` : '';
    throw new MeldError(`"${cleanLine(ref)}" matches ${found.matches.length} prospects: ${list}${more}`, {
      hint: 'use the id (#) or the email',
    });
  }
  // d3, f20 and a7 name a deal, a follow-up and an activity: point at their prospect instead.
  const other = /^\s*([dfa])(\d+)\s*$/i.exec(ref);
  if (other) {
    const letter = other[1]!.toLowerCase() as 'd' | 'f' | 'a';
    const [what, records] =
      letter === 'd'
        ? (['deal', db.deals] as const)
        : letter === 'f'
          ? (['follow-up', db.followUps] as const)
          : (['activity', db.activities] as const);
    const owner = (records as ReadonlyArray<{ id: number; prospectId: number }>).find((r) => r.id === Number(other[2]));
    throw new MeldError(`${cleanLine(ref.trim())} is ${what === 'activity' ? 'an' : 'a'} ${what}, not a prospect`, {
      hint: owner ? `its prospect is #${owner.prospectId}` : 'a prospect is its number (12 or #12), email or name',
    });
  }
  throw new MeldError(`no prospect matches "${cleanLine(ref)}"`, {
    hint: 'run `meld prospect list --search <text>` to find it',
  });
}

export function resolveCampaign(db: Db, ref: string): Campaign {
  const campaign = findCampaign(db.campaigns, ref);
  if (campaign) return campaign;
  const guesses = nearest(
    ref,
    db.campaigns.map((c) => c.id),
  );
  throw new MeldError(`no campaign "${cleanLine(ref)}"`, {
    hint: guesses.length > 0 ? `did you mean ${guesses.join(', ')}?` : 'run `meld campaign list` to see them',
  });
}

/** A value that must be one of `allowed`, with a "did you mean" for typos. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  const guesses = nearest(v, allowed);
  throw new MeldError(`unknown ${what} "${cleanLine(value)}"`, {
    hint:
      guesses.length > 0
        ? `did you mean ${guesses.join(', ')}? (one of ${allowed.join(', ')})`
        : `use one of ${allowed.join(', ')}`,
  });
}

let chrono: NaturalDateParser | undefined;

/** chrono-node, loaded once: for a prompt that checks dates as they are typed. */
export async function loadNaturalParser(): Promise<NaturalDateParser> {
  chrono ??= (await import('chrono-node')) as unknown as NaturalDateParser;
  return chrono;
}

/**
 * parseDay with the natural-language parser loaded only when an input needs it. `direction`:
 * flags that look back (--since, --until, log --date) pass 'past', so "nov 1" is the last
 * Nov 1, not the next one; a campaign's --start passes 'nearest'; the rest look ahead.
 */
export async function resolveDay(
  ctx: Context,
  input: string,
  flag: string,
  direction: DateDirection = 'future',
): Promise<IsoDay> {
  try {
    try {
      return parseDay(input, ctx.clock.now(), chrono, direction);
    } catch (error) {
      if (!(error instanceof NeedsNaturalParser)) throw error;
      chrono = (await import('chrono-node')) as unknown as NaturalDateParser;
      return parseDay(input, ctx.clock.now(), chrono, direction);
    }
  } catch (error) {
    if (error instanceof FarAheadDate && ctx.io.interactive) {
      const today = ctx.clock.today();
      return ctx.prompter.select({
        message: `"${cleanLine(error.input)}" has no year: which day?`,
        flag,
        choices: [error.recent, error.ahead].map((day) => ({ name: echoDay(day, today), value: day })),
        default: error.nearer,
      });
    }
    if (error instanceof MeldError) throw new MeldError(`${flag}: ${error.message}`, { hint: error.hint });
    throw error;
  }
}

/** A phone number from a flag: it must have digits in it, as the phone question asks ("" clears). */
export function checkPhone(value: string | undefined, flag = '--phone'): void {
  if (value === undefined || value.trim() === '' || /\d/.test(value)) return;
  throw new MeldError(`${flag}: "${cleanLine(value.trim())}" has no digits, e.g. +49 30 1234567`);
}

/** A positive whole number from a flag, refusing "3.5", "-1", "1e9" and friends. */
export function positiveInt(value: string, flag: string, max = 1_000_000_000): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) {
    throw new MeldError(`${flag} must be a whole number from 1 to ${max}, got "${cleanLine(value)}"`);
  }
  return Number(value);
}

/** A repeatable option whose values may also be comma-separated: `--stage won,lost --stage new`. */
export function collectValues(value: string, previous: string[] = []): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('empty: give a value, or leave the option out');
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

/** A percent from a flag (`--probability 40`, `12.5%`): 0 to 100, one decimal at most. */
export function parsePercent(value: string, flag: string): number {
  const text = value.trim().replace(/\s*%$/, '');
  if (!/^\d{1,3}(\.\d)?$/.test(text) || Number(text) > 100) {
    throw new MeldError(`${flag} is a percent from 0 to 100 (one decimal at most), got "${cleanLine(value.trim())}"`);
  }
  return Number(text);
}
