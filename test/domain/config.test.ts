import { describe, expect, it } from 'vitest';
import { allConfig, configKey, parseConfigValue, setConfig } from '../../src/domain/config.js';
import { DEFAULT_CONFIG } from '../../src/domain/types.js';

describe('config', () => {
  it('knows currency and stale-days, and lists the keys when given another', () => {
    expect(configKey('Currency')).toBe('currency');
    expect(configKey('stale_days')).toBe('stale-days');
    expect(() => configKey('colour')).toThrow('unknown setting "colour"');
    try {
      configKey('curency');
    } catch (error) {
      expect((error as { hint: string }).hint).toBe(
        'did you mean currency? keys: currency, stale-days, timezone, customer-days, my-email, forecast-min-closed, stage-probability.new, stage-probability.contacted, stage-probability.qualified, stage-probability.proposal',
      );
    }
  });

  it('accepts ISO 4217 codes in any case and refuses others', () => {
    expect(parseConfigValue('currency', ' eur ')).toBe('EUR');
    expect(() => parseConfigValue('currency', 'XYZ')).toThrow('"XYZ" is not an ISO 4217 currency code');
    expect(() => parseConfigValue('currency', 'euro')).toThrow('not an ISO 4217');
  });

  it('accepts an IANA time zone name in the spelling Node uses, and refuses offsets and unknown names', () => {
    expect(configKey('tz')).toBe('timezone');
    expect(parseConfigValue('timezone', ' europe/lisbon ')).toBe('Europe/Lisbon');
    expect(parseConfigValue('timezone', 'UTC')).toBe('UTC');
    for (const bad of ['+05:30', 'Mars/Olympus', 'EST+5', '', 'Europe/../etc']) {
      expect(() => parseConfigValue('timezone', bad)).toThrow('is not an IANA time zone name');
    }
  });

  it('accepts stale-days as a positive whole number only', () => {
    expect(parseConfigValue('stale-days', '10')).toBe(10);
    for (const bad of ['0', '-3', '2.5', 'ten', '', '99999']) {
      expect(() => parseConfigValue('stale-days', bad)).toThrow('stale-days must be a whole number');
    }
  });

  it('returns the previous value and refuses a value already set', () => {
    const config = { ...DEFAULT_CONFIG };
    expect(setConfig(config, 'stale-days', 7)).toBe(14);
    expect(allConfig(config, 'Europe/Lisbon')).toMatchObject({
      currency: 'USD',
      'stale-days': 7,
      timezone: 'UTC',
      'customer-days': 90,
      'my-email': '',
    });
    expect(() => setConfig(config, 'currency', 'USD')).toThrow('currency is already USD');
  });
});
