import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configObject, peekZone } from '../../src/store/zone.js';
import { applyBusinessZone } from '../../src/context.js';
import { tempDbPath, testContext } from '../helpers/harness.js';

describe("reading a data file's business time zone before a command runs", () => {
  it('finds config.timezone near the top of the file, as written (applyBusinessZone settles its spelling)', async () => {
    const path = tempDbPath();
    writeFileSync(
      path,
      '{\n  "version": 3,\n  "config": {\n    "currency": "USD",\n    "timezone": "europe/paris"\n  },\n  "prospects": []\n}\n',
    );
    expect(await peekZone(path)).toBe('europe/paris');
  });

  it('finds nothing in a missing file, a file without a zone, or text not shaped like a zone', async () => {
    expect(await peekZone(`${tempDbPath()}.missing`)).toBeNull();
    const path = tempDbPath();
    writeFileSync(path, '{"version": 3, "config": {"currency": "USD"}}');
    expect(await peekZone(path)).toBeNull();
    writeFileSync(path, '{"version": 3, "config": {"timezone": "+05:30"}}');
    expect(await peekZone(path)).toBeNull();
    writeFileSync(path, '{"version": 3, "config": {"timezone": "Europe/Paris; rm -rf"}}');
    expect(await peekZone(path)).toBeNull();
  });

  it('cuts the config object out whole, nested values and braces inside strings included', () => {
    expect(configObject('{"config": {"a": {"b": [1, {"c": "}"}]}, "timezone": "UTC"}, "x": 1}')).toEqual({
      a: { b: [1, { c: '}' }] },
      timezone: 'UTC',
    });
    expect(configObject('{"config": {"timezone": "UTC"')).toBeNull();
  });

  it('runs a command in the zone the file names, in the spelling Node takes; in the machine zone when it names none', async () => {
    const zoneOf = async (zone: string) => {
      const db = tempDbPath();
      writeFileSync(db, JSON.stringify({ version: 4, config: { timezone: zone } }));
      const { ctx } = testContext({ db, zone: 'America/Bogota' });
      const restore = await applyBusinessZone(ctx);
      try {
        return [ctx.settings.zone, process.env.TZ, new Date(Date.UTC(2026, 0, 1, 12)).getHours()];
      } finally {
        restore();
      }
    };
    expect(await zoneOf('Asia/Kolkata')).toEqual(['Asia/Kolkata', 'Asia/Kolkata', 17]);
    expect(await zoneOf('europe/paris')).toEqual(['Europe/Paris', 'Europe/Paris', 13]);
    expect(await zoneOf('Mars/Olympus')).toEqual(['America/Bogota', 'America/Bogota', 7]);
    expect(await zoneOf('UTC')).toEqual(['UTC', 'UTC', 12]);
  });
});
