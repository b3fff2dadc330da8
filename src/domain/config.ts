import { MeldError } from '../errors.js';
import { isCurrencyCode } from './money.js';
import { nearest } from './lookup.js';
import type { Config } from './types.js';
import { parseMyEmails } from './mail/addresses.js';

/** The settings `meld config` knows, by the name users type. */
export const CONFIG_KEYS = ['currency', 'stale-days', 'customer-days', 'my-email'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

const FIELD: Record<ConfigKey, 'currency' | 'staleDays' | 'customerDays' | 'myEmails'> = {
  currency: 'currency',
  'stale-days': 'staleDays',
  'customer-days': 'customerDays',
  'my-email': 'myEmails',
};

export const CONFIG_HELP: Record<ConfigKey, string> = {
  currency: 'ISO 4217 code money is shown in (default USD)',
  'stale-days': 'days without activity before a prospect counts as stale (default 14)',
  'customer-days': 'days without a touch before a customer is at risk (default 90)',
  'my-email': 'your own email address(es), comma-separated: a mail import tells sent from received by them',
};

export function configKey(input: string): ConfigKey {
  const key = input.trim().toLowerCase().replace(/_/g, '-');
  if ((CONFIG_KEYS as readonly string[]).includes(key)) return key as ConfigKey;
  if (key === 'staledays') return 'stale-days';
  if (key === 'customerdays') return 'customer-days';
  const guesses = nearest(key, CONFIG_KEYS);
  throw new MeldError(`unknown setting "${input.replace(/[^\x20-\x7e]/g, '')}"`, {
    hint: `${guesses.length > 0 ? `did you mean ${guesses.join(', ')}? ` : ''}keys: ${CONFIG_KEYS.join(', ')}`,
  });
}

export function configValue(config: Config, key: ConfigKey): string | number {
  // A list is shown and set as one comma-separated value.
  if (key === 'my-email') return (config.myEmails ?? []).join(',');
  return config[FIELD[key] as 'currency' | 'staleDays' | 'customerDays'];
}

export function allConfig(config: Config): Record<ConfigKey, string | number> {
  return Object.fromEntries(CONFIG_KEYS.map((k) => [k, configValue(config, k)])) as Record<ConfigKey, string | number>;
}

/** Checks a value for a key; returns it in the type the file stores. */
export function parseConfigValue(key: ConfigKey, raw: string): string | number {
  const text = raw.trim();
  const shown = text.replace(/[^\x20-\x7e]/g, '');
  if (key === 'my-email') return parseMyEmails(text).join(',');
  if (key === 'currency') {
    const code = text.toUpperCase();
    if (!isCurrencyCode(code)) {
      throw new MeldError(`"${shown}" is not an ISO 4217 currency code`, {
        hint: 'use a code such as USD, EUR, GBP, BRL or JPY',
      });
    }
    return code;
  }
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 3650) {
    throw new MeldError(`${key} must be a whole number of days from 1 to 3650, got "${shown}"`);
  }
  return Number(text);
}

/** Sets a key; returns the previous value. Setting the value it already has is refused. */
export function setConfig(config: Config, key: ConfigKey, value: string | number): string | number {
  const field = FIELD[key];
  const from = configValue(config, key);
  if (from === value) throw new MeldError(`${key} is already ${value}`);
  if (field === 'myEmails') config.myEmails = String(value).split(',');
  else (config as unknown as Record<string, string | number>)[field] = value;
  return from;
}
