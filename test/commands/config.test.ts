import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

describe('meld config', () => {
  it('lists every setting with its default on a missing file, without creating it', async () => {
    const r = await runMeld(['config', 'get']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'currency                     USD    ISO 4217 code money is shown in (default USD)\n' +
        'stale-days                   14     days without activity before a prospect counts as stale (default 14)\n' +
        'timezone                     UTC    IANA time zone whose days meld counts in (default: where the file was made)\n' +
        'customer-days                90     days without a touch before a customer is at risk (default 90)\n' +
        'my-email                            your own email address(es), comma-separated: a mail import tells sent from received by them\n' +
        'forecast-min-closed          10     closed deals a stage needs before its learned win rate is used (default 10)\n' +
        'stage-probability.new        10     win rate in percent for a new deal until enough have closed (default 10)\n' +
        'stage-probability.contacted  20     win rate in percent for a contacted deal until enough have closed (default 20)\n' +
        'stage-probability.qualified  40     win rate in percent for a qualified deal until enough have closed (default 40)\n' +
        'stage-probability.proposal   60     win rate in percent for a deal at proposal until enough have closed (default 60)\n',
    );
    expect(r.db).toBeUndefined();
    expect(JSON.parse((await runMeld(['config', 'get', '--json'])).stdout)).toEqual({
      currency: 'USD',
      'stale-days': 14,
      timezone: 'UTC',
      'customer-days': 90,
      'my-email': '',
      'forecast-min-closed': 10,
      'stage-probability.new': 10,
      'stage-probability.contacted': 20,
      'stage-probability.qualified': 40,
      'stage-probability.proposal': 60,
    });
  });

  it('sets the currency, echoing old and new, and money is shown in it', async () => {
    const db = tempDbPath();
    const r = await runMeld(['config', 'set', 'currency', 'eur'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ currency set to EUR (was USD)\n');
    expect((await runMeld(['config', 'get', 'currency'], { db })).stdout).toBe('EUR\n');
    await seed(db, [['add-prospect', 'Ana', '--value', '1200']]);
    expect((await runMeld(['prospect', 'list'], { db })).stdout).toContain('€1,200');
  });

  it('refuses an unknown key with the list of keys, and bad values, leaving the file unchanged', async () => {
    const db = tempDbPath();
    await seed(db, [['config', 'set', 'stale-days', '10']]);
    const before = readFileSync(db);
    const key = await runMeld(['config', 'set', 'colour', 'red'], { db });
    expect(key.exitCode).toBe(1);
    expect(key.stderr).toBe(
      'error: unknown setting "colour"\n  hint: keys: currency, stale-days, timezone, customer-days, my-email, forecast-min-closed, stage-probability.new, stage-probability.contacted, stage-probability.qualified, stage-probability.proposal\n',
    );
    const code = await runMeld(['config', 'set', 'currency', 'XXY'], { db });
    expect(code.stderr.split('\n')[0]).toBe('error: "XXY" is not an ISO 4217 currency code');
    const days = await runMeld(['config', 'set', 'stale-days', '1.5'], { db });
    expect(days.stderr).toBe('error: stale-days must be a whole number of days from 1 to 3650, got "1.5"\n');
    const same = await runMeld(['config', 'set', 'stale-days', '10'], { db });
    expect(same.stderr).toBe('error: stale-days is already 10\n');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('my-email takes your addresses as a comma list, checked, each once', async () => {
    const db = tempDbPath();
    const r = await runMeld(['config', 'set', 'my-email', 'Ana@Example.com, ana@gmail.com,a.na+crm@gmail.com'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ my-email set to ana@example.com,ana@gmail.com (was not set)\n');
    expect(r.db?.config.myEmails).toEqual(['ana@example.com', 'ana@gmail.com']);
    expect((await runMeld(['config', 'get', 'my-email'], { db })).stdout).toBe('ana@example.com,ana@gmail.com\n');
    const bad = await runMeld(['config', 'set', 'my-email', 'ana@example.com,nope'], { db });
    expect([bad.exitCode, bad.stderr.split('\n')[0]]).toEqual([1, 'error: my-email: "nope" is not an email address']);
  });

  it('prints a set value as JSON', async () => {
    const r = await runMeld(['config', 'set', 'stale-days', '7', '--json']);
    expect(JSON.parse(r.stdout)).toEqual({ 'stale-days': 7 });
    expect(r.db?.config).toMatchObject({ currency: 'USD', staleDays: 7, timezone: 'UTC' });
  });
});
