import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

describe('meld campaign add', () => {
  it('logs a campaign with a slug id and echoes channel, cost and dates', async () => {
    const r = await runMeld([
      'campaign',
      'add',
      'Spring Webinar',
      '--channel',
      'event',
      '--cost',
      '1200.50',
      '--end',
      'dec 20',
      '--goal',
      '40',
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Added campaign Spring Webinar (spring-webinar): event, $1,200.50, from 2026-11-27 to 2026-12-20\n  ends sun 2026-12-20, in 23 days\n',
    );
    expect(r.db?.campaigns[0]).toMatchObject({
      id: 'spring-webinar',
      spend: [{ day: '2026-11-27', cents: 120050, note: null, at: expect.any(String) }],
      rates: [],
      start: '2026-11-27',
      end: '2026-12-20',
      goal: 40,
      adjustments: [],
      updatedAt: '2026-11-27T10:00:00.000Z',
    });
    expect(r.db?.campaigns[0]).not.toHaveProperty('status');
  });

  it('prints the campaign as JSON with money in major units', async () => {
    const r = await runMeld(['campaign', 'add', 'Ads', '--channel', 'ads', '--cost', '99.9', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({
      id: 'ads',
      name: 'Ads',
      channel: 'ads',
      cost: 99.9,
      start: '2026-11-27',
      end: null,
      goal: null,
    });
  });

  it('gives a second campaign with the same slug a distinct id, but refuses the same name', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Spring Webinar']]);
    const twin = await runMeld(['campaign', 'add', 'Spring: Webinar!'], { db });
    expect(twin.exitCode).toBe(0);
    expect(twin.db?.campaigns.map((c) => c.id)).toEqual(['spring-webinar', 'spring-webinar-2']);
    const before = readFileSync(db);
    const same = await runMeld(['campaign', 'add', 'spring webinar'], { db });
    expect(same.exitCode).toBe(1);
    expect(same.stderr.split('\n')[0]).toBe('error: a campaign named "Spring Webinar" already exists (spring-webinar)');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it.each([
    [['--channel', 'tv'], 'error: unknown channel "tv"'],
    [['--cost', '-5'], 'error: --cost cannot be negative: "-5"'],
    [['--goal', '2.5'], 'error: --goal must be a whole number from 1 to 1000000000, got "2.5"'],
    [['--start', '2026-02-30'], 'error: --start: invalid date "2026-02-30": no such day'],
    [['--start', 'dec 10', '--end', 'dec 1'], 'error: --end 2026-12-01 is before --start 2026-12-10'],
  ])('refuses bad input %j with one clear line and writes nothing', async (flags, message) => {
    const r = await runMeld(['campaign', 'add', 'Webinar', ...flags]);
    expect(r.exitCode).toBeGreaterThan(0);
    expect(r.stderr.split('\n')[0]).toBe(message);
    expect(r.db).toBeUndefined();
  });
});
