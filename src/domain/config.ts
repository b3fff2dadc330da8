import { MeldError } from '../errors.js';
import { isCurrencyCode } from './money.js';
import { nearest } from './lookup.js';
import { canonicalZone } from './dates.js';
import type { Config, OpenStage } from './types.js';
import { parseMyEmails } from './mail/addresses.js';

/** The settings `meld config` knows, by the name users type. */
export const CONFIG_KEYS = [
  'currency',
  'stale-days',
  'timezone',
  'customer-days',
  'my-email',
  'forecast-min-closed',
  'stage-probability.new',
  'stage-probability.contacted',
  'stage-probability.qualified',
  'stage-probability.proposal',
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

type StageKey = Extract<ConfigKey, `stage-probability.${string}`>;
const isStageKey = (key: ConfigKey): key is StageKey => key.startsWith('stage-probability.');
const stageOf = (key: StageKey) => key.slice('stage-probability.'.length) as OpenStage;

/** The Config field of each key (`timezone` is schema 4's; a file from before may lack it). */
const FIELD: Record<
  Exclude<ConfigKey, StageKey>,
  'currency' | 'staleDays' | 'timezone' | 'customerDays' | 'myEmails' | 'forecastMinClosed'
> = {
  currency: 'currency',
  'stale-days': 'staleDays',
  timezone: 'timezone',
  'customer-days': 'customerDays',
  'my-email': 'myEmails',
  'forecast-min-closed': 'forecastMinClosed',
};

/** The settings as a plain record: `timezone` may be missing from a file made before it existed. */
const fields = (config: Config) => config as unknown as Record<string, string | number | undefined>;

export const CONFIG_HELP: Record<ConfigKey, string> = {
  currency: 'ISO 4217 code money is shown in (default USD)',
  'stale-days': 'days without activity before a prospect counts as stale (default 14)',
  timezone: 'IANA time zone whose days meld counts in (default: where the file was made)',
  'customer-days': 'days without a touch before a customer is at risk (default 90)',
  'my-email': 'your own email address(es), comma-separated: a mail import tells sent from received by them',
  'forecast-min-closed': 'closed deals a stage needs before its learned win rate is used (default 10)',
  'stage-probability.new': 'win rate in percent for a new deal until enough have closed (default 10)',
  'stage-probability.contacted': 'win rate in percent for a contacted deal until enough have closed (default 20)',
  'stage-probability.qualified': 'win rate in percent for a qualified deal until enough have closed (default 40)',
  'stage-probability.proposal': 'win rate in percent for a deal at proposal until enough have closed (default 60)',
};

export function configKey(input: string): ConfigKey {
  const key = input.trim().toLowerCase().replace(/_/g, '-');
  if ((CONFIG_KEYS as readonly string[]).includes(key)) return key as ConfigKey;
  if (key === 'staledays') return 'stale-days';
  if (key === 'tz' || key === 'time-zone') return 'timezone';
  if (key === 'customerdays') return 'customer-days';
  if (key.startsWith('stage-probability.')) {
    throw new MeldError(
      `unknown stage "${input.slice('stage-probability.'.length).replace(/[^\x20-\x7e]/g, '')}" in ${input.replace(/[^\x20-\x7e]/g, '')}`,
      {
        hint: 'stages with a set rate: new, contacted, qualified, proposal (won and lost are closed)',
      },
    );
  }
  const guesses = nearest(key, CONFIG_KEYS);
  throw new MeldError(`unknown setting "${input.replace(/[^\x20-\x7e]/g, '')}"`, {
    hint: `${guesses.length > 0 ? `did you mean ${guesses.join(', ')}? ` : ''}keys: ${CONFIG_KEYS.join(', ')}`,
  });
}

/** A setting's value; `zone` stands in for a file that records no time zone (the zone in effect). */
export function configValue(config: Config, key: ConfigKey, zone = 'UTC'): string | number {
  // A list is shown and set as one comma-separated value.
  if (key === 'my-email') return (config.myEmails ?? []).join(',');
  if (key === 'timezone') return fields(config).timezone ?? zone;
  if (isStageKey(key)) return config.stageProbability[stageOf(key)];
  return config[FIELD[key] as 'currency' | 'staleDays' | 'customerDays' | 'forecastMinClosed'];
}

export function allConfig(config: Config, zone = 'UTC'): Record<ConfigKey, string | number> {
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, configValue(config, k, zone)])) as Record<
    ConfigKey,
    string | number
  >;
}

/** Checks a value for a key; returns it in the type the file stores. */
export function parseConfigValue(key: ConfigKey, raw: string): string | number {
  const text = raw.trim();
  const shown = text.replace(/[^\x20-\x7e]/g, '');
  if (key === 'my-email') return parseMyEmails(text).join(',');
  if (isStageKey(key)) {
    if (!/^\d+(\.\d)?$/.test(text) || Number(text) > 100) {
      throw new MeldError(`${key} is a percent from 0 to 100 (one decimal at most), got "${shown}"`);
    }
    return Number(text);
  }
  if (key === 'forecast-min-closed') {
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 100_000) {
      throw new MeldError(`forecast-min-closed must be a whole number of deals from 1 to 100000, got "${shown}"`);
    }
    return Number(text);
  }
  if (key === 'currency') {
    const code = text.toUpperCase();
    if (!isCurrencyCode(code)) {
      throw new MeldError(`"${shown}" is not an ISO 4217 currency code`, {
        hint: 'use a code such as USD, EUR, GBP, BRL or JPY',
      });
    }
    return code;
  }
  if (key === 'timezone') {
    const zone = canonicalZone(text);
    if (zone === null) {
      throw new MeldError(`"${shown}" is not an IANA time zone name`, {
        hint: 'use a name such as Europe/Lisbon, America/New_York, Asia/Kolkata or UTC',
      });
    }
    return zone;
  }
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 3650) {
    throw new MeldError(`${key} must be a whole number of days from 1 to 3650, got "${shown}"`);
  }
  return Number(text);
}

/** Sets a key; returns the previous value (`zone`: the zone in effect, for a file that records
 * none). Setting the value it already has is refused. */
export function setConfig(config: Config, key: ConfigKey, value: string | number, zone = 'UTC'): string | number {
  const from = configValue(config, key, zone);
  if (from === value) throw new MeldError(`${key} is already ${value}`);
  if (isStageKey(key)) {
    config.stageProbability = { ...config.stageProbability, [stageOf(key)]: Number(value) };
    return from;
  }
  const field = FIELD[key];
  if (field === 'myEmails') config.myEmails = String(value).split(',');
  else fields(config)[field] = value;
  return from;
}
