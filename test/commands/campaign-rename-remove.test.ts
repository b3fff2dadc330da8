import { readFileSync } from 'node:fs';
import { FileStore } from '../../src/store/store.js';
import type { Change } from '../../src/store/types.js';
import type { Db, Prospect } from '../../src/domain/types.js';
import { describe, expect, it } from 'vitest';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';
import { prospect } from '../helpers/records.js';

async function twoCampaigns(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Sprng Webinar', '--channel', 'event'],
    ['campaign', 'add', 'Spring Webinar', '--channel', 'event'],
    ['add-prospect', 'Ana Souza', '--campaign', 'sprng-webinar'],
    ['add-prospect', 'Ben Ito', '--campaign', 'sprng-webinar'],
    ['add-prospect', 'Cid Roy', '--campaign', 'spring-webinar'],
  ]);
  return db;
}

describe('meld campaign rename', () => {
  it('changes the name and keeps the id, so references keep working; one undo reverts it', async () => {
    const db = await twoCampaigns();
    const r = await runMeld(['campaign', 'rename', 'sprng-webinar', 'Autumn Webinar'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Renamed Sprng Webinar to Autumn Webinar (id sprng-webinar unchanged)\n');
    expect(r.db?.campaigns.map((c) => [c.id, c.name])).toEqual([
      ['spring-webinar', 'Spring Webinar'],
      ['sprng-webinar', 'Autumn Webinar'],
    ]);
    const list = await runMeld(['prospect', 'list', '--campaign', 'Autumn Webinar', '--ids'], { db });
    expect(list.stdout).toBe('1\n2\n');
    // the new name's slug finds it too, though the id stays
    const bySlug = await runMeld(['prospect', 'list', '--campaign', 'autumn-webinar', '--ids'], { db });
    expect(bySlug.stdout).toBe('1\n2\n');
    const history = JSON.parse((await runMeld(['history', '--json'], { db })).stdout);
    expect(history[0].summary).toBe('campaign rename Sprng Webinar -> Autumn Webinar (sprng-webinar)');
    const undo = await runMeld(['undo'], { db });
    expect(undo.db?.campaigns[1]?.name).toBe('Sprng Webinar');
  });

  it("refuses another campaign's name or id, a reserved word and the same name; the file stays as it was", async () => {
    const db = await twoCampaigns();
    const before = readFileSync(db);
    const cases: Array<[string, string, number]> = [
      ['spring webinar', 'error: a campaign named "Spring Webinar" already exists (spring-webinar)', 1],
      ['spring-webinar', 'error: "spring-webinar" is already the id of the campaign "Spring Webinar"', 1],
      ['none', 'error: "none" cannot be a campaign\'s name: --campaign none means no campaign', 1],
      // The same name: nothing to change, a usage error as everywhere else.
      ['Sprng Webinar', 'error: sprng-webinar is already called "Sprng Webinar"', 2],
      ['  ', 'error: a campaign needs a name', 1],
    ];
    for (const [name, message, code] of cases) {
      const r = await runMeld(['campaign', 'rename', 'sprng-webinar', name], { db });
      expect(r.exitCode).toBe(code);
      expect(r.stderr.split('\n')[0]).toBe(message);
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('lets a campaign change only the case of its own name', async () => {
    const db = await twoCampaigns();
    const r = await runMeld(['campaign', 'rename', 'sprng-webinar', 'SPRNG Webinar', '--json'], { db });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 'sprng-webinar', name: 'SPRNG Webinar' });
  });
});

describe('meld campaign remove', () => {
  it('refuses a campaign that still has prospects, naming the way out; the file stays as it was', async () => {
    const db = await twoCampaigns();
    const before = readFileSync(db);
    const r = await runMeld(['campaign', 'remove', 'sprng-webinar', '--yes'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: campaign Sprng Webinar (sprng-webinar) still has 2 prospects\n  hint: pass --move-to <campaign> to move them, or --detach to leave them without a campaign\n',
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('moves the prospects with --move-to, as one change that one undo reverts', async () => {
    const db = await twoCampaigns();
    const r = await runMeld(['campaign', 'remove', 'Sprng Webinar', '--move-to', 'spring-webinar', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Removed campaign Sprng Webinar (sprng-webinar); moved 2 prospects to Spring Webinar (spring-webinar)\n',
    );
    expect(r.db?.campaigns.map((c) => c.id)).toEqual(['spring-webinar']);
    expect(r.db?.prospects.map((p) => p.campaign)).toEqual(['spring-webinar', 'spring-webinar', 'spring-webinar']);
    const undo = await runMeld(['undo'], { db });
    expect(undo.db?.campaigns.map((c) => c.id)).toEqual(['spring-webinar', 'sprng-webinar']);
    expect(undo.db?.prospects.map((p) => p.campaign)).toEqual(['sprng-webinar', 'sprng-webinar', 'spring-webinar']);
  });

  it('leaves the prospects without a campaign with --detach, and prints JSON references', async () => {
    const db = await twoCampaigns();
    const r = await runMeld(['campaign', 'remove', 'sprng-webinar', '--detach', '--yes', '--json'], { db });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      removed: { id: 'sprng-webinar', name: 'Sprng Webinar' },
      movedTo: null,
      prospects: 2,
      activities: 0,
    });
    expect(r.db?.prospects.map((p) => p.campaign)).toEqual([null, null, 'spring-webinar']);
  });

  it('needs --yes outside a terminal, asks in one, and keeps the campaign on no', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Test']]);
    const before = readFileSync(db);
    const r = await runMeld(['campaign', 'remove', 'test'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'error: removing campaign Test (test) needs confirmation\n  hint: pass --yes to remove without being asked\n',
    );
    const no = await runMeld(['campaign', 'remove', 'test'], { db, answers: [false] });
    expect(no.questions).toEqual(['Remove campaign Test (test)?']);
    expect(no.stderr).toBe('nothing removed\n');
    expect(readFileSync(db).equals(before)).toBe(true);
    const yes = await runMeld(['campaign', 'remove', 'test'], { db, answers: [true] });
    expect(yes.stderr).toBe('✓ Removed campaign Test (test)\n');
    expect(yes.db?.campaigns).toEqual([]);
  });

  it('refuses --move-to with --detach, an unknown target and moving to itself', async () => {
    const db = await twoCampaigns();
    const both = await runMeld(['campaign', 'remove', 'sprng-webinar', '--move-to', 'spring-webinar', '--detach'], {
      db,
    });
    expect(both.exitCode).toBe(2);
    const unknown = await runMeld(['campaign', 'remove', 'sprng-webinar', '--move-to', 'nope', '--yes'], { db });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr.split('\n')[0]).toBe('error: no campaign "nope"');
    const self = await runMeld(['campaign', 'remove', 'sprng-webinar', '--move-to', 'sprng-webinar', '--yes'], { db });
    expect(self.stderr).toBe("error: cannot move sprng-webinar's prospects to itself\n");
  });
});

describe('meld campaign list filters with several values', () => {
  it('takes comma-separated and repeated --status and --channel values', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['campaign', 'add', 'Webinar', '--channel', 'event'],
      ['campaign', 'add', 'Ads', '--channel', 'ads'],
      ['campaign', 'add', 'Posts', '--channel', 'social'],
      ['campaign', 'adjust', 'ads', '--status', 'paused'],
    ]);
    // The day after the pause was set: it starts then (the day it was set on ran).
    const ids = async (args: string[]) =>
      JSON.parse(
        (await runMeld(['campaign', 'list', ...args, '--json'], { db, now: '2026-11-28T10:00:00.000Z' })).stdout,
      )
        .map((c: { id: string }) => c.id)
        .sort();
    expect(await ids(['--channel', 'event,social'])).toEqual(['posts', 'webinar']);
    expect(await ids(['--channel', 'ads', '--channel', 'event'])).toEqual(['ads', 'webinar']);
    expect(await ids(['--status', 'paused,ended'])).toEqual(['ads']);
    const bad = await runMeld(['campaign', 'list', '--channel', 'event,adz'], { db });
    expect(bad.exitCode).toBe(1);
  });
});

describe('meld campaign remove after asking', () => {
  it('refuses when a prospect joined the campaign while the question was open', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Test']]);
    // Another meld adds a prospect to the campaign after the question was shown, before the write.
    class RacingStore extends FileStore {
      override async write<T>(change: (data: Db) => Change<T>): Promise<T> {
        await super.write((d) => {
          d.lastIds.prospect += 1;
          d.prospects.push({ ...structuredClone(PROSPECT), id: d.lastIds.prospect, campaign: 'test' });
          return { summary: 'add elsewhere', result: null };
        });
        return super.write(change);
      }
    }
    const store = new RacingStore(db);
    const prompted = { answers: [true], store };
    const r = await runMeld(['campaign', 'remove', 'test', '--detach'], { db, ...prompted });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: campaign Test (test) changed while you were asked (another meld changed the file); nothing was changed',
    );
    expect(r.db?.campaigns.map((c) => c.id)).toEqual(['test']);
  });
});

const PROSPECT: Prospect = prospect({ id: 0, name: 'Zed', createdAt: '2026-11-27T10:00:00.000Z' });
