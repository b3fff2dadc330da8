import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configObject, peekZone } from '../../src/store/zone.js';
import { tempDbPath } from '../helpers/harness.js';

describe("reading a data file's business time zone before a command runs", () => {
  it('finds config.timezone near the top of the file, in the spelling Node uses', async () => {
    const path = tempDbPath();
    writeFileSync(
      path,
      '{\n  "version": 3,\n  "config": {\n    "currency": "USD",\n    "timezone": "europe/paris"\n  },\n  "prospects": []\n}\n',
    );
    expect(await peekZone(path)).toBe('Europe/Paris');
  });

  it('finds nothing in a missing file, a file without a zone, or one naming no real zone', async () => {
    expect(await peekZone(`${tempDbPath()}.missing`)).toBeNull();
    const path = tempDbPath();
    writeFileSync(path, '{"version": 3, "config": {"currency": "USD"}}');
    expect(await peekZone(path)).toBeNull();
    writeFileSync(path, '{"version": 3, "config": {"timezone": "+05:30"}}');
    expect(await peekZone(path)).toBeNull();
    writeFileSync(path, '{"version": 3, "config": {"timezone": "Mars/Olympus"}}');
    expect(await peekZone(path)).toBeNull();
  });

  it('cuts the config object out whole, nested values and braces inside strings included', () => {
    expect(configObject('{"config": {"a": {"b": [1, {"c": "}"}]}, "timezone": "UTC"}, "x": 1}')).toEqual({
      a: { b: [1, { c: '}' }] },
      timezone: 'UTC',
    });
    expect(configObject('{"config": {"timezone": "UTC"')).toBeNull();
  });
});
