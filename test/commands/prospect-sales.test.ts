import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

async function threeProspects(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Spring Webinar', '--channel', 'event'],
    [
      'add-prospect',
      'José Núñez',
      '--email',
      'jose@acme.io',
      '--company',
      'Acme',
      '--campaign',
      'spring-webinar',
      '--value',
      '4000',
      '--tag',
      'warm',
      '--follow-up',
      'tomorrow',
    ],
    ['add-prospect', 'Ana Souza', '--email', 'ana@globex.io', '--company', 'Globex', '--stage', 'proposal'],
    ['add-prospect', 'Ana Lima', '--company', 'Initech'],
  ]);
  return db;
}

describe('meld prospect list', () => {
  it('prints a table that fits 80 columns with the next follow-up', async () => {
    const db = await threeProspects();
    const r = await runMeld(['prospect', 'list'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        '#  Name        Company  Stage     Campaign         Value  Next',
        '1  José Núñez  Acme     new       spring-webinar  $4,000  2026-11-28',
        '2  Ana Souza   Globex   proposal                          —',
        '3  Ana Lima    Initech  new                               —',
        '3 prospects, open pipeline $4,000',
        '',
      ].join('\n'),
    );
  });

  it('includes in --json the next follow-up the Next column shows, or null', async () => {
    const db = await threeProspects();
    await seed(db, [
      ['followup', 'add', '1', '2026-12-10'],
      ['followup', 'add', '2', '2026-12-01'],
    ]);
    const list = JSON.parse((await runMeld(['prospect', 'list', '--json'], { db })).stdout);
    expect(list.map((p: { nextFollowUp: unknown }) => p.nextFollowUp)).toEqual([
      { id: 1, due: '2026-11-28' },
      { id: 3, due: '2026-12-01' },
      null,
    ]);
  });

  it('searches name, email and company ignoring accents and case, and filters by stage, campaign and tag', async () => {
    const db = await threeProspects();
    const ids = async (args: string[]) =>
      JSON.parse((await runMeld(['prospect', 'list', ...args, '--json'], { db })).stdout).map(
        (p: { id: number }) => p.id,
      );
    expect(await ids(['--search', 'JOSE'])).toEqual([1]);
    expect(await ids(['--search', 'globex'])).toEqual([2]);
    expect(await ids(['--search', 'ana'])).toEqual([2, 3]);
    expect(await ids(['--stage', 'new'])).toEqual([1, 3]);
    expect(await ids(['--campaign', 'Spring Webinar'])).toEqual([1]);
    expect(await ids(['--tag', 'warm'])).toEqual([1]);
  });

  it('prints the prospect JSON shape with money in major units', async () => {
    const db = await threeProspects();
    const [first] = JSON.parse((await runMeld(['prospect', 'list', '--json'], { db })).stdout);
    expect(first).toMatchObject({
      id: 1,
      name: 'José Núñez',
      email: 'jose@acme.io',
      company: 'Acme',
      phone: null,
      campaign: { id: 'spring-webinar', name: 'Spring Webinar' },
      stage: 'new',
      value: 4000,
      tags: ['warm'],
    });
    expect(first.history).toEqual([{ stage: 'new', at: '2026-11-27T10:00:00.000Z' }]);
  });

  it('says so on stderr when nothing matches, keeping stdout empty', async () => {
    const db = await threeProspects();
    const r = await runMeld(['prospect', 'list', '--search', 'zzz'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('no prospects match');
    const empty = await runMeld(['prospect', 'list', '--json']);
    expect(empty.stdout).toBe('[]\n');
  });

  it('refuses an unknown campaign with a suggestion', async () => {
    const db = await threeProspects();
    const r = await runMeld(['prospect', 'list', '--campaign', 'spring-webnar'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: no campaign "spring-webnar"\n  hint: did you mean spring-webinar?\n');
  });
});

describe('meld prospect show', () => {
  it('shows the full label of each field of your own, aligned, cutting only very long ones with …', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza']]);
    const data = JSON.parse(readFileSync(db, 'utf8'));
    data.prospects[0].fields = {
      MEMBER_RATING: '4',
      'Connected On': '2026-01-02',
      'How we met and who introduced us': 'Bo',
    };
    writeFileSync(db, JSON.stringify(data));
    const r = await runMeld(['prospect', 'show', '1'], { db });
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`  ${'email'.padEnd(24)} —`);
    expect(lines).toContain(`  ${'MEMBER_RATING'.padEnd(24)} 4`);
    expect(lines).toContain(`  ${'Connected On'.padEnd(24)} 2026-01-02`);
    expect(lines).toContain('  How we met and who intr… Bo');
  });

  it('shows details, stage history with reasons, activities and follow-ups', async () => {
    const db = await threeProspects();
    await seed(db, [
      ['log', '1', 'called, interested', '--type', 'call'],
      ['prospect', 'stage', '1', 'lost', '--reason', 'went with a competitor'],
    ]);
    const r = await runMeld(['prospect', 'show', 'josé'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('#1 José Núñez\n');
    expect(r.stdout).toContain('  stage     lost — went with a competitor\n');
    expect(r.stdout).toContain(
      'Stage history\n  2026-11-27 10:00  new\n  2026-11-27 10:00  lost      went with a competitor\n',
    );
    expect(r.stdout).toContain('Activities (1)\n  a1    2026-11-27 10:00  call     called, interested\n');
    // Marked lost: its open follow-up was cancelled with the reason.
    expect(r.stdout).toContain(
      'Follow-ups (1)\n  f1    2026-11-28  cancelled 2026-11-27       lost: went with a competitor\n',
    );
  });

  it('prints the prospect with activities and follow-ups as JSON', async () => {
    const db = await threeProspects();
    const json = JSON.parse((await runMeld(['prospect', 'show', '1', '--json'], { db })).stdout);
    expect(json).toMatchObject({
      id: 1,
      value: 4000,
      activities: [],
      followUps: [{ id: 1, prospect: { id: 1, name: 'José Núñez' }, due: '2026-11-28', status: 'open' }],
    });
  });

  it('lists the matches of an ambiguous reference and exits 1', async () => {
    const db = await threeProspects();
    const r = await runMeld(['prospect', 'show', 'ana'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'error: "ana" matches 2 prospects: #2 Ana Souza, #3 Ana Lima\n  hint: use the id (#) or the email\n',
    );
  });
});

describe('meld prospect edit', () => {
  it('splits --tag on commas, and removes tags with --untag', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--tag', 'warm, Referral', '--tag', 'q1']]);
    expect((await runMeld(['prospect', 'list', '--json'], { db })).stdout).toContain(
      '"tags": [\n      "warm",\n      "referral",\n      "q1"\n    ]',
    );
    const r = await runMeld(['prospect', 'edit', '1', '--tag', 'hot,vip', '--untag', 'warm,q1'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Updated Ana Souza (#1): tags warm, referral, q1 → referral, hot, vip\n');
    expect(r.db!.prospects[0]!.tags).toEqual(['referral', 'hot', 'vip']);
    const none = await runMeld(['prospect', 'edit', '1', '--untag', 'absent'], { db });
    expect(none.exitCode).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe('error: nothing to change: #1 Ana Souza already has those values');
  });

  it('echoes exactly what changed', async () => {
    const db = await threeProspects();
    const r = await runMeld(
      [
        'prospect',
        'edit',
        '2',
        '--email',
        'ana@newco.io',
        '--company',
        'NewCo',
        '--value',
        '2500.5',
        '--campaign',
        'spring-webinar',
      ],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Updated Ana Souza (#2): email ana@globex.io → ana@newco.io; company Globex → NewCo; campaign — → spring-webinar; value — → $2,500.50\n',
    );
    expect(r.db?.prospects[1]).toMatchObject({
      email: 'ana@newco.io',
      company: 'NewCo',
      campaign: 'spring-webinar',
    });
    // The value is their deal's; the deal follows them to the campaign they now come from.
    expect(r.db?.deals[1]).toMatchObject({ prospectId: 2, valueCents: 250050, campaign: 'spring-webinar' });
  });

  it('refuses a run with nothing to change, leaving the file byte-for-byte unchanged', async () => {
    const db = await threeProspects();
    const before = readFileSync(db);
    const none = await runMeld(['prospect', 'edit', '2'], { db });
    expect(none.exitCode).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe('error: nothing to change');
    const same = await runMeld(['prospect', 'edit', '2', '--company', 'Globex'], { db });
    expect(same.exitCode).toBe(2);
    expect(same.stderr).toBe('error: nothing to change: #2 Ana Souza already has those values\n');
    const taken = await runMeld(['prospect', 'edit', '2', '--email', 'JOSE@acme.io'], { db });
    expect(taken.exitCode).toBe(1);
    expect(taken.stderr).toBe('error: jose@acme.io is already on file as #1 José Núñez\n');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('clears the campaign and value with none, adds tags, notes and a follow-up', async () => {
    const db = await threeProspects();
    const r = await runMeld(
      [
        'prospect',
        'edit',
        '1',
        '--campaign',
        'none',
        '--value',
        'none',
        '--tag',
        'VIP',
        '--note',
        'met at the fair',
        '--follow-up',
        'fri',
      ],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Updated José Núñez (#1): campaign spring-webinar → —; value $4,000 → —; tags warm → warm, vip\n✓ Added a note to José Núñez (#1)\n✓ Follow-up f2 due fri 2026-12-04, in 7 days\n',
    );
  });
});

describe('meld prospect stage', () => {
  it('moves the stage, keeps the history and suggests a next step', async () => {
    const db = await threeProspects();
    const r = await runMeld(['prospect', 'stage', '3', 'qualified'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Moved Ana Lima (#3) from new to qualified\n  next step: meld followup add 3 tomorrow\n');
    expect(r.db?.deals[2]?.history.map((h) => h.stage)).toEqual(['new', 'qualified']);
  });

  it('needs a reason for lost: exit 2 naming --reason when not in a terminal, file unchanged', async () => {
    const db = await threeProspects();
    const before = readFileSync(db);
    const r = await runMeld(['prospect', 'stage', '1', 'lost'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'error: marking #1 José Núñez lost needs a reason\n  hint: pass --reason "<why>", e.g. --reason "went with a competitor"\n',
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('asks for the lost reason in a terminal and records it', async () => {
    const db = await threeProspects();
    const r = await runMeld(['prospect', 'stage', '1', 'lost'], { db, answers: ['too expensive'] });
    expect(r.exitCode).toBe(0);
    expect(r.questions).toEqual(['Why was José Núñez lost?']);
    expect(r.db?.deals[0]).toMatchObject({ stage: 'lost', lostReason: 'too expensive' });
    expect(r.stderr).toBe(
      '✓ Moved José Núñez (#1) from new to lost: too expensive\n✓ Cancelled follow-up f1 (lost; meld undo brings them back)\n',
    );
  });

  it('refuses an unknown stage and the stage a prospect is already at', async () => {
    const db = await threeProspects();
    const typo = await runMeld(['prospect', 'stage', '1', 'wonn'], { db });
    expect(typo.exitCode).toBe(1);
    expect(typo.stderr.split('\n')[0]).toBe('error: unknown stage "wonn"');
    const same = await runMeld(['prospect', 'stage', '2', 'proposal'], { db });
    expect(same.stderr).toBe('error: #2 Ana Souza is already at proposal\n');
    expect(same.exitCode).toBe(2);
  });
});

describe('meld prospect remove', () => {
  it('needs --yes when not in a terminal, and leaves the file alone', async () => {
    const db = await threeProspects();
    const before = readFileSync(db);
    const r = await runMeld(['prospect', 'remove', '1'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'error: removing #1 José Núñez with 1 follow-up and 0 activities needs confirmation\n  hint: pass --yes to remove without being asked\n',
    );
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('removes with --yes and says what went with it', async () => {
    const db = await threeProspects();
    await seed(db, [['log', '1', 'called']]);
    const r = await runMeld(['prospect', 'remove', 'jose@acme.io', '--yes'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Removed José Núñez (#1) with 1 follow-up and 1 activity\n');
    expect(r.db?.prospects.map((p) => p.id)).toEqual([2, 3]);
    expect(r.db?.followUps).toEqual([]);
    expect(r.db?.activities).toEqual([]);
  });

  it('asks in a terminal and keeps the prospect when the answer is no', async () => {
    const db = await threeProspects();
    const before = readFileSync(db);
    const r = await runMeld(['prospect', 'remove', '3'], { db, answers: [false] });
    expect(r.questions).toEqual(['Remove #3 Ana Lima with 0 follow-ups and 0 activities?']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('nothing removed\n');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});
