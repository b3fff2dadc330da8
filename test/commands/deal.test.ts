import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyDb, type Db } from '../../src/domain/types.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';
import { campaign, deal, followUp, prospect } from '../helpers/records.js';

// `meld deal` (#16 item 1, #24's per-deal flags). "Today" is fri 2026-11-27 (the harness clock).

/**
 * Lia Park (#1, from spring-webinar) with a won deal d1 ($2,000) and an open one d2 at proposal
 * ($3,000, close by 2026-12-10); Bo Chen (#2, no campaign) with d3 at new and no value; Eva Ruiz
 * (#3) with no deal. Lia and Bo each have an open follow-up.
 */
function dealsDb(): string {
  const db: Db = emptyDb();
  db.campaigns = [
    campaign(),
    campaign({ id: 'summer-ads', name: 'Summer Ads', channel: 'ads', createdAt: '2026-11-02T08:00:00.000Z' }),
  ];
  db.prospects = [
    prospect({ id: 1, name: 'Lia Park', campaign: 'spring-webinar' }),
    prospect({ id: 2, name: 'Bo Chen' }),
    prospect({ id: 3, name: 'Eva Ruiz' }),
  ];
  db.deals = [
    deal({
      id: 1,
      prospectId: 1,
      title: 'Website',
      valueCents: 200_000,
      stage: 'won',
      campaign: 'spring-webinar',
      history: [
        { stage: 'new', at: '2026-11-01T10:00:00.000Z' },
        { stage: 'won', at: '2026-11-10T10:00:00.000Z' },
      ],
    }),
    deal({
      id: 2,
      prospectId: 1,
      title: 'Renewal 2027',
      valueCents: 300_000,
      stage: 'proposal',
      campaign: 'spring-webinar',
      closeBy: '2026-12-10',
      history: [
        { stage: 'new', at: '2026-11-12T10:00:00.000Z' },
        { stage: 'proposal', at: '2026-11-20T10:00:00.000Z' },
      ],
      createdAt: '2026-11-12T10:00:00.000Z',
      updatedAt: '2026-11-20T10:00:00.000Z',
    }),
    deal({ id: 3, prospectId: 2, title: 'Audit' }),
  ];
  db.followUps = [followUp({ id: 1, prospectId: 1 }), followUp({ id: 2, prospectId: 2, due: '2026-11-30' })];
  db.lastIds = { prospect: 3, deal: 3, followUp: 2, activity: 0 };
  const path = tempDbPath();
  writeFileSync(path, JSON.stringify(db, null, 2));
  return path;
}

const lastSummary = async (db: string) => JSON.parse((await runMeld(['history', '--json'], { db })).stdout)[0].summary;

/** Runs a command that must be refused: its exit code and error line, and the file not touched. */
async function refused(db: string, args: string[], exit: number, error: string | RegExp, hint?: string): Promise<void> {
  const before = readFileSync(db);
  const r = await runMeld(args, { db });
  expect(r.exitCode, args.join(' ')).toBe(exit);
  expect(r.stdout, args.join(' ')).toBe('');
  const [line, second] = r.stderr.split('\n');
  if (typeof error === 'string') expect(line, args.join(' ')).toBe(`error: ${error}`);
  else expect(line, args.join(' ')).toMatch(error);
  if (hint !== undefined) expect(second, args.join(' ')).toBe(`  hint: ${hint}`);
  expect(readFileSync(db).equals(before), `${args.join(' ')} changed the file`).toBe(true);
}

describe('meld deal add', () => {
  it("opens a deal credited to the person's campaign, as one change that one undo takes back", async () => {
    const db = dealsDb();
    const r = await runMeld(['deal', 'add', 'lia', 'Team plan', '--value', '4,800'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('✓ Added d4 "Team plan" with Lia Park (#1): new, $4,800, credited to spring-webinar\n');
    expect(r.db?.deals.at(-1)).toEqual({
      id: 4,
      prospectId: 1,
      title: 'Team plan',
      valueCents: 480_000,
      stage: 'new',
      history: [{ stage: 'new', at: '2026-11-27T10:00:00.000Z' }],
      lostReason: null,
      campaign: 'spring-webinar',
      probability: null,
      closeBy: null,
      closeByChanges: [],
      createdAt: '2026-11-27T10:00:00.000Z',
      updatedAt: '2026-11-27T10:00:00.000Z',
    });
    expect(await lastSummary(db)).toBe('deal add d4 Team plan for Lia Park (#1)');
    const undo = await runMeld(['undo'], { db });
    expect(undo.exitCode).toBe(0);
    expect(undo.db?.deals.map((d) => d.id)).toEqual([1, 2, 3]);
  });

  it('takes the stage, another campaign, a close-by day and a probability, echoing the day', async () => {
    const db = dealsDb();
    const r = await runMeld(
      [
        'deal',
        'add',
        '2',
        'Workshop',
        '--stage',
        'proposal',
        '--campaign',
        'Summer Ads',
        '--close-by',
        'in 3 weeks',
        '--probability',
        '40%',
        '--json',
      ],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Added d4 "Workshop" with Bo Chen (#2): proposal, credited to summer-ads, 40% chance\n' +
        '✓ Close by fri 2026-12-18, in 21 days\n',
    );
    expect(JSON.parse(r.stdout)).toEqual({
      id: 4,
      prospect: { id: 2, name: 'Bo Chen' },
      title: 'Workshop',
      stage: 'proposal',
      value: null,
      campaign: { id: 'summer-ads', name: 'Summer Ads' },
      lostReason: null,
      history: [
        { stage: 'new', at: '2026-11-27T10:00:00.000Z' },
        { stage: 'proposal', at: '2026-11-27T10:00:00.000Z' },
      ],
      probability: 40,
      closeBy: '2026-12-18',
      closeByChanges: [],
      createdAt: '2026-11-27T10:00:00.000Z',
      updatedAt: '2026-11-27T10:00:00.000Z',
    });
  });

  it('credits no campaign with --campaign none, and suggests a next step when nothing is planned', async () => {
    const db = dealsDb();
    const r = await runMeld(['deal', 'add', 'eva', 'Coaching', '--campaign', 'none'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Added d4 "Coaching" with Eva Ruiz (#3): new, no campaign\n  next step: meld followup add 3 tomorrow\n',
    );
    expect(r.db?.deals.at(-1)?.campaign).toBe(null);
  });

  it('needs a reason to add a lost deal: --reason, else asked in a terminal', async () => {
    const db = dealsDb();
    await refused(
      db,
      ['deal', 'add', '2', 'Retainer', '--stage', 'lost'],
      2,
      'adding a lost deal needs a reason',
      'pass --reason "<why>", e.g. --reason "went with a competitor"',
    );
    const asked = await runMeld(['deal', 'add', '2', 'Retainer', '--stage', 'lost'], { db, answers: ['no budget'] });
    expect(asked.exitCode).toBe(0);
    expect(asked.questions).toEqual(['Why was "Retainer" lost?']);
    expect(asked.stderr).toBe('✓ Added d4 "Retainer" with Bo Chen (#2): lost, no campaign: no budget\n');
    expect(asked.db?.deals.at(-1)?.history.at(-1)).toEqual({
      stage: 'lost',
      at: '2026-11-27T10:00:00.000Z',
      reason: 'no budget',
    });
    expect(asked.db?.deals.at(-1)?.lostReason).toBe('no budget');
  });

  it('refuses bad input with one line, changing nothing', async () => {
    const db = dealsDb();
    await refused(db, ['deal', 'add', '1', 'X', '--value', '-5'], 1, '--value cannot be negative: "-5"');
    await refused(
      db,
      ['deal', 'add', '1', 'X', '--value', 'lots'],
      1,
      '--value must be an amount like 1200 or 1200.50, got "lots"',
    );
    await refused(
      db,
      ['deal', 'add', '1', 'X', '--probability', '101'],
      1,
      '--probability is a percent from 0 to 100 (one decimal at most), got "101"',
    );
    await refused(
      db,
      ['deal', 'add', '1', 'X', '--probability', '-5'],
      1,
      '--probability is a percent from 0 to 100 (one decimal at most), got "-5"',
    );
    await refused(db, ['deal', 'add', '1', 'X', '--close-by', 'someday'], 1, /^error: --close-by: /);
    await refused(
      db,
      ['deal', 'add', '1', 'X', '--stage', 'wn'],
      1,
      'unknown stage "wn"',
      'did you mean won? (one of new, contacted, qualified, proposal, won, lost)',
    );
    await refused(db, ['deal', 'add', 'd2', 'X'], 1, 'd2 is a deal, not a prospect', 'its prospect is #1');
    await refused(db, ['deal', 'add', '99', 'X'], 1, 'no prospect matches "99"');
    await refused(db, ['deal', 'add', '1', 'X', '--campaign', 'nope'], 1, 'no campaign "nope"');
    await refused(db, ['deal', 'add', '1', '  '], 2, 'a deal needs a title');
  });
});

describe('meld deal list', () => {
  it('shows every deal with its person, stage, value, campaign and close-by day, and the totals', async () => {
    const db = dealsDb();
    await seed(db, [['deal', 'edit', 'd2', '--close-by', '2026-12-20']]);
    const r = await runMeld(['deal', 'list'], { db, columns: 100 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'Deal  #  Person    Title         Stage      Value  Campaign        Close by',
        '  d1  1  Lia Park  Website       won       $2,000  spring-webinar',
        '  d2  1  Lia Park  Renewal 2027  proposal  $3,000  spring-webinar  2026-12-20 (1 push)',
        '  d3  2  Bo Chen   Audit         new',
        '3 deals: open $3,000 (2), won $2,000 (1)',
        '',
      ].join('\n'),
    );
  });

  it('filters by person, stage, campaign and open, won or lost', async () => {
    const db = dealsDb();
    const ids = async (...args: string[]) => {
      const r = await runMeld(['deal', 'list', ...args, '--json'], { db });
      expect(r.exitCode, args.join(' ')).toBe(0);
      return JSON.parse(r.stdout).map((d: { id: number }) => d.id);
    };
    expect(await ids()).toEqual([1, 2, 3]);
    expect(await ids('--prospect', 'lia')).toEqual([1, 2]);
    expect(await ids('--open')).toEqual([2, 3]);
    expect(await ids('--won')).toEqual([1]);
    expect(await ids('--lost')).toEqual([]);
    expect(await ids('--stage', 'new,won')).toEqual([1, 3]);
    expect(await ids('--campaign', 'spring-webinar')).toEqual([1, 2]);
    expect(await ids('--campaign', 'none')).toEqual([3]);
    expect(await ids('--prospect', '1', '--open')).toEqual([2]);
  });

  it('says when there are no deals, or none that match', async () => {
    const empty = tempDbPath();
    const none = await runMeld(['deal', 'list'], { db: empty });
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(
      'no deals yet\n  open one: meld deal add <prospect> "<title>" --value <amount>   (add-prospect --value opens the first)\n',
    );
    const db = dealsDb();
    const unmatched = await runMeld(['deal', 'list', '--lost'], { db });
    expect(unmatched.stderr).toBe('no deals match\n  try fewer filters, or `meld deal list` for all\n');
  });

  it('refuses two of --open, --won, --lost, an unknown stage and a deal where a person is expected', async () => {
    const db = dealsDb();
    await refused(db, ['deal', 'list', '--open', '--won'], 2, '--open and --won do not go together');
    await refused(db, ['deal', 'list', '--stage', 'wn'], 1, 'unknown stage "wn"');
    await refused(db, ['deal', 'list', '--prospect', 'd3'], 1, 'd3 is a deal, not a prospect', 'its prospect is #2');
  });
});

describe('meld deal show', () => {
  it('shows the person, stage, value, campaign, chance, close-by day with its pushes and the stage history', async () => {
    const db = dealsDb();
    await seed(db, [
      ['deal', 'edit', 'd2', '--close-by', '2026-12-20', '--probability', '70'],
      ['deal', 'stage', 'd2', 'lost', '--reason', 'too expensive'],
    ]);
    const r = await runMeld(['deal', 'show', 'd2'], { db });
    expect(r.exitCode).toBe(0);
    // Times are in the file's business zone (UTC for a file a test made), whatever the reader's.
    expect(r.stdout).toBe(
      [
        'd2 Renewal 2027',
        '  person      Lia Park (#1)',
        '  stage       lost — too expensive',
        '  value       $3,000',
        '  campaign    Spring Webinar (spring-webinar)',
        '  probability 70% (set for this deal)',
        '  close by    2026-12-20 (1 push)',
        '  opened      2026-11-12 10:00',
        '',
        'Stage history',
        `  2026-11-12 10:00  new`,
        `  2026-11-20 10:00  proposal`,
        `  2026-11-27 10:00  lost      too expensive`,
        '',
        'Close-by pushed (1)',
        `  2026-11-27 10:00  2026-12-10 → 2026-12-20`,
        '',
      ].join('\n'),
    );
  });

  it('prints the deal as JSON, taking 3 as well as d3', async () => {
    const db = dealsDb();
    const r = await runMeld(['deal', 'show', '3', '--json'], { db });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      id: 3,
      prospect: { id: 2, name: 'Bo Chen' },
      title: 'Audit',
      stage: 'new',
      value: null,
      campaign: null,
      lostReason: null,
      history: [{ stage: 'new', at: '2026-11-01T10:00:00.000Z' }],
      probability: null,
      closeBy: null,
      closeByChanges: [],
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
    });
  });

  it('refuses an unknown deal, and points a prospect at their deals', async () => {
    const db = dealsDb();
    await refused(db, ['deal', 'show', 'd99'], 1, 'no deal d99', 'run `meld deal list` to see them');
    await refused(
      db,
      ['deal', 'show', '#1'],
      1,
      '#1 is a prospect; deals are named d<number>',
      "#1 Lia Park's deals: d1, d2",
    );
    await refused(
      db,
      ['deal', 'show', 'eva'],
      1,
      '"eva" is a prospect; deals are named d<number>',
      '#3 Eva Ruiz has no deal',
    );
    await refused(db, ['deal', 'show', 'f1'], 1, '"f1" is not a deal reference: use d<number>, e.g. d12');
  });
});

describe('meld deal edit', () => {
  it('changes the given fields and says what changed, as one change', async () => {
    const db = dealsDb();
    const r = await runMeld(
      ['deal', 'edit', 'd2', '--title', 'Renewal 2027 (3 seats)', '--value', '3600', '--probability', '75'],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Updated d2 "Renewal 2027 (3 seats)" with Lia Park (#1): title "Renewal 2027" → "Renewal 2027 (3 seats)"; value $3,000 → $3,600; probability — → 75%\n',
    );
    expect(await lastSummary(db)).toBe('deal edit d2 Renewal 2027 (3 seats) (Lia Park #1) (title, value, probability)');
    const undo = await runMeld(['undo'], { db });
    expect(undo.db?.deals[1]).toMatchObject({ title: 'Renewal 2027', valueCents: 300_000, probability: null });
  });

  it('takes a close-by day already past, noting it on an open deal', async () => {
    const db = dealsDb();
    const added = await runMeld(['deal', 'add', 'bo', 'Late one', '--close-by', 'yesterday'], { db });
    expect(added.exitCode).toBe(0);
    expect(added.stderr).toBe(
      '✓ Added d4 "Late one" with Bo Chen (#2): new, no campaign\n' +
        '✓ Close by thu 2026-11-26, yesterday: already past\n',
    );
    expect(added.db?.deals[3]?.closeBy).toBe('2026-11-26');
    const edited = await runMeld(['deal', 'edit', 'd2', '--close-by', '2026-11-20'], { db });
    expect(edited.stderr).toBe(
      '✓ Updated d2 "Renewal 2027" with Lia Park (#1): close-by 2026-12-10 → 2026-11-20\n' +
        '✓ Close by fri 2026-11-20, 7 days ago: already past\n',
    );
    const today = await runMeld(['deal', 'edit', 'd2', '--close-by', 'today'], { db });
    expect(today.stderr.split('\n')[1]).toBe('✓ Close by fri 2026-11-27, today');
    // A deal already won or lost is over: its close-by day is history, not late.
    const won = await runMeld(['deal', 'add', 'bo', 'Old win', '--stage', 'won', '--close-by', '2026-11-02'], { db });
    expect(won.stderr.split('\n')[1]).toBe('✓ Close by mon 2026-11-02, 25 days ago');
  });

  it('counts a close-by day moved later as a push, not one moved earlier or cleared', async () => {
    const db = dealsDb();
    const later = await runMeld(['deal', 'edit', 'd2', '--close-by', '2026-12-20'], { db });
    expect(later.stderr).toBe(
      '✓ Updated d2 "Renewal 2027" with Lia Park (#1): close-by 2026-12-10 → 2026-12-20 (1st push)\n' +
        '✓ Close by sun 2026-12-20, in 23 days\n',
    );
    const again = await runMeld(['deal', 'edit', 'd2', '--close-by', '2027-01-08'], { db });
    expect(again.stderr.split('\n')[0]).toBe(
      '✓ Updated d2 "Renewal 2027" with Lia Park (#1): close-by 2026-12-20 → 2027-01-08 (2nd push)',
    );
    const earlier = await runMeld(['deal', 'edit', 'd2', '--close-by', '2026-12-31'], { db });
    expect(earlier.stderr.split('\n')[0]).toBe(
      '✓ Updated d2 "Renewal 2027" with Lia Park (#1): close-by 2027-01-08 → 2026-12-31',
    );
    const cleared = await runMeld(['deal', 'edit', 'd2', '--close-by', 'none', '--json'], { db });
    expect(cleared.stderr).toBe('✓ Updated d2 "Renewal 2027" with Lia Park (#1): close-by 2026-12-31 → —\n');
    const json = JSON.parse(cleared.stdout);
    expect(json.closeBy).toBe(null);
    expect(json.closeByChanges).toEqual([
      { at: '2026-11-27T10:00:00.000Z', from: '2026-12-10', to: '2026-12-20' },
      { at: '2026-11-27T10:00:00.000Z', from: '2026-12-20', to: '2027-01-08' },
    ]);
  });

  it('moves the credit to another campaign or none, and clears a value and a probability', async () => {
    const db = dealsDb();
    await seed(db, [['deal', 'edit', 'd2', '--probability', '50']]);
    const r = await runMeld(
      ['deal', 'edit', 'd2', '--campaign', 'summer-ads', '--value', 'none', '--probability', 'none'],
      { db },
    );
    expect(r.stderr).toBe(
      '✓ Updated d2 "Renewal 2027" with Lia Park (#1): value $3,000 → —; campaign spring-webinar → summer-ads; probability 50% → —\n',
    );
    const none = await runMeld(['deal', 'edit', 'd2', '--campaign', 'none'], { db });
    expect(none.stderr).toBe('✓ Updated d2 "Renewal 2027" with Lia Park (#1): campaign summer-ads → —\n');
    expect(none.db?.deals[1]).toMatchObject({ campaign: null, valueCents: null, probability: null });
  });

  it('offers the campaigns in a terminal when the one given is unknown', async () => {
    const db = dealsDb();
    const r = await runMeld(['deal', 'edit', 'd3', '--campaign', 'sumer-ads'], { db, answers: ['summer-ads'] });
    expect(r.exitCode).toBe(0);
    expect(r.questions).toEqual(['No campaign "sumer-ads". Which one?']);
    expect(r.db?.deals[2]?.campaign).toBe('summer-ads');
  });

  it('refuses nothing to change, bad values and unknown deals, changing nothing', async () => {
    const db = dealsDb();
    await refused(db, ['deal', 'edit', 'd2'], 2, 'nothing to change');
    await refused(db, ['deal', 'edit', 'd2', '--value', '3000'], 2, 'nothing to change: d2 already has those values');
    await refused(db, ['deal', 'edit', 'd2', '--value', '-1'], 1, '--value cannot be negative: "-1"');
    await refused(
      db,
      ['deal', 'edit', 'd2', '--probability', '150'],
      1,
      '--probability is a percent from 0 to 100 (one decimal at most), got "150"',
    );
    await refused(db, ['deal', 'edit', 'd2', '--close-by', 'blursday'], 1, /^error: --close-by: /);
    await refused(db, ['deal', 'edit', 'd2', '--title', ' '], 2, '--title is empty');
    await refused(db, ['deal', 'edit', 'd99', '--value', '5'], 1, 'no deal d99');
  });
});

describe('meld deal stage', () => {
  it('moves several deals as one change that one undo reverts', async () => {
    const db = dealsDb();
    const r = await runMeld(['deal', 'stage', 'd2', '3', 'won'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Moved d2 "Renewal 2027" with Lia Park (#1) from proposal to won\n✓ Moved d3 "Audit" with Bo Chen (#2) from new to won\n',
    );
    expect(r.db?.deals.map((d) => d.stage)).toEqual(['won', 'won', 'won']);
    expect(await lastSummary(db)).toBe('deal stage d2 d3 -> won');
    const undo = await runMeld(['undo'], { db });
    expect(undo.db?.deals.map((d) => d.stage)).toEqual(['won', 'proposal', 'new']);
  });

  it('prints the deal as JSON, an array when several move, and skips those already there', async () => {
    const db = dealsDb();
    const one = await runMeld(['deal', 'stage', 'd3', 'contacted', '--json'], { db });
    expect(JSON.parse(one.stdout)).toMatchObject({ id: 3, stage: 'contacted' });
    expect(one.stderr).toBe('✓ Moved d3 "Audit" with Bo Chen (#2) from new to contacted\n');
    expect(await lastSummary(db)).toBe('deal stage d3 new -> contacted');
    const many = await runMeld(['deal', 'stage', 'd2', 'd3', 'contacted', '--json'], { db });
    expect(JSON.parse(many.stdout).map((d: { id: number }) => d.id)).toEqual([2]);
    expect(many.stderr).toBe(
      'already at contacted: d3\n✓ Moved d2 "Renewal 2027" with Lia Park (#1) from proposal to contacted\n',
    );
  });

  it("suggests a next step when a reopened deal's person has nothing planned", async () => {
    const db = dealsDb();
    await seed(db, [['deal', 'add', 'eva', 'Coaching', '--stage', 'won']]);
    const r = await runMeld(['deal', 'stage', 'd4', 'proposal'], { db });
    expect(r.stderr).toBe(
      '✓ Moved d4 "Coaching" with Eva Ruiz (#3) from won to proposal\n  next step: meld followup add 3 tomorrow\n',
    );
  });

  it('needs a reason for lost: --reason, else asked in a terminal offering the reasons used before', async () => {
    const db = dealsDb();
    await refused(
      db,
      ['deal', 'stage', 'd3', 'lost'],
      2,
      'marking d3 lost needs a reason',
      'pass --reason "<why>", e.g. --reason "went with a competitor"',
    );
    await refused(db, ['deal', 'stage', 'd2', 'd3', 'lost'], 2, 'marking 2 deals lost needs a reason');
    const asked = await runMeld(['deal', 'stage', 'd3', 'lost'], { db, answers: ['no budget'] });
    expect(asked.exitCode).toBe(0);
    expect(asked.questions).toEqual(['Why was d3 "Audit" with Bo Chen (#2) lost?']);
    expect(asked.db?.deals[2]?.lostReason).toBe('no budget');
    // The reasons used before are offered first.
    const again = await runMeld(['deal', 'stage', 'd2', 'lost'], { db, answers: ['no budget'] });
    expect(again.questions).toEqual(['Why was d2 "Renewal 2027" with Lia Park (#1) lost?']);
    expect(again.db?.deals[1]?.lostReason).toBe('no budget');
  });

  it('cancels the open follow-ups of a person whose last open deal is lost, and keeps them while one is open', async () => {
    const db = dealsDb();
    await seed(db, [['deal', 'add', 'bo', 'Upsell']]);
    const first = await runMeld(['deal', 'stage', 'd3', 'lost', '--reason', 'too expensive'], { db });
    expect(first.stderr).toBe('✓ Moved d3 "Audit" with Bo Chen (#2) from new to lost: too expensive\n');
    expect(first.db?.followUps[1]?.status).toBe('open');
    const last = await runMeld(['deal', 'stage', 'd4', 'lost', '--reason', 'too expensive'], { db });
    expect(last.stderr).toBe(
      '✓ Moved d4 "Upsell" with Bo Chen (#2) from new to lost: too expensive\n' +
        '✓ Cancelled follow-up f2 (lost; meld undo brings them back)\n',
    );
    expect(last.db?.followUps[1]).toMatchObject({ status: 'cancelled', outcome: 'lost: too expensive' });
    const undo = await runMeld(['undo'], { db });
    expect(undo.db?.followUps[1]?.status).toBe('open');
    expect(undo.db?.deals[3]?.stage).toBe('new');
  });

  it('keeps the follow-ups of a customer (a won deal) whose last open deal is lost: check-ins go on', async () => {
    const db = dealsDb();
    const r = await runMeld(['deal', 'stage', 'd2', 'lost', '--reason', 'too expensive'], { db });
    expect(r.stderr).toBe(
      '✓ Moved d2 "Renewal 2027" with Lia Park (#1) from proposal to lost: too expensive\n' +
        '  kept follow-up f1: Lia Park (#1) is a customer, so check-ins go on\n',
    );
    expect(r.db?.followUps[0]?.status).toBe('open');
  });

  it('replaces the last step with --correct, leaving no trace of the mis-click', async () => {
    const db = dealsDb();
    await seed(db, [['deal', 'stage', 'd2', 'won']]);
    const r = await runMeld(['deal', 'stage', 'd2', 'proposal', '--correct'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Corrected d2 "Renewal 2027" with Lia Park (#1) from won to proposal\n');
    expect(r.db?.deals[1]?.history).toEqual([
      { stage: 'new', at: '2026-11-12T10:00:00.000Z' },
      { stage: 'proposal', at: '2026-11-20T10:00:00.000Z' },
    ]);
    expect(await lastSummary(db)).toBe('deal stage d2 won -> proposal (corrected)');
  });

  it('refuses an unknown stage or deal, a deal already there and a stage not last, changing nothing', async () => {
    const db = dealsDb();
    await refused(db, ['deal', 'stage', 'd2', 'wonn'], 1, 'unknown stage "wonn"');
    await refused(db, ['deal', 'stage', 'd2', 'd99', 'won'], 1, 'no deal d99; nothing was changed');
    await refused(db, ['deal', 'stage', 'd2', 'proposal'], 2, 'd2 is already at proposal');
    await refused(db, ['deal', 'stage', 'won', 'd2'], 2, 'the stage comes last, after the deals ("d2" is a deal)');
    await refused(db, ['deal', 'stage', 'd2'], 2, "missing required argument 'stage'");
    await refused(db, ['deal', 'stage', 'lia', 'won'], 1, '"lia" is a prospect; deals are named d<number>');
  });
});

describe('meld deal remove', () => {
  it('needs --yes outside a terminal, and removes as one change that undo brings back', async () => {
    const db = dealsDb();
    await refused(
      db,
      ['deal', 'remove', 'd3'],
      2,
      'removing d3 "Audit" with Bo Chen (#2) needs confirmation',
      'pass --yes to remove without being asked',
    );
    const r = await runMeld(['deal', 'remove', 'd3', 'd2', '--yes', '--json'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Removed 2 deals: d3 "Audit" with Bo Chen (#2), d2 "Renewal 2027" with Lia Park (#1)\n');
    expect(JSON.parse(r.stdout).map((d: { id: number }) => d.id)).toEqual([3, 2]);
    expect(r.db?.deals.map((d) => d.id)).toEqual([1]);
    expect(await lastSummary(db)).toBe('deal remove d3 Audit, d2 Renewal 2027');
    const undo = await runMeld(['undo'], { db });
    expect(undo.db?.deals.map((d) => d.id)).toEqual([1, 2, 3]);
  });

  it('asks in a terminal, and a no removes nothing', async () => {
    const db = dealsDb();
    const before = readFileSync(db);
    const no = await runMeld(['deal', 'remove', 'd3'], { db, answers: [false] });
    expect(no.exitCode).toBe(0);
    expect(no.questions).toEqual(['Remove d3 "Audit" with Bo Chen (#2)?']);
    expect(no.stderr).toBe('nothing removed\n');
    expect(readFileSync(db).equals(before)).toBe(true);
    const yes = await runMeld(['deal', 'rm', 'd3'], { db, answers: [true] });
    expect(yes.stderr).toBe('✓ Removed d3 "Audit" with Bo Chen (#2)\n');
    expect(yes.db?.deals.map((d) => d.id)).toEqual([1, 2]);
  });

  it('refuses an unknown deal', async () => {
    await refused(dealsDb(), ['deal', 'remove', 'd9', '--yes'], 1, 'no deal d9');
  });
});

describe('prospects and their deals', () => {
  it('refuses to move a person with two open deals by prospect stage, naming them', async () => {
    const db = dealsDb();
    await seed(db, [['deal', 'add', 'lia', 'Upsell']]);
    await refused(
      db,
      ['prospect', 'stage', 'lia', 'won'],
      1,
      '#1 Lia Park has 2 open deals (d2, d4)',
      'move one of them: meld deal stage d2 <stage>',
    );
  });

  it('points prospect edit --value at the deal edit that sets the value of one of several deals', async () => {
    const db = dealsDb();
    await seed(db, [['deal', 'add', 'lia', 'Upsell']]);
    await refused(
      db,
      ['prospect', 'edit', 'lia', '--value', '900'],
      1,
      '#1 Lia Park has 2 open deals (d2, d4)',
      'edit one of them: meld deal edit d2 --value 900',
    );
    await refused(
      db,
      ['prospect', 'edit', 'lia', '--value', '$1,200'],
      1,
      '#1 Lia Park has 2 open deals (d2, d4)',
      "edit one of them: meld deal edit d2 --value '$1,200'",
    );
    await seed(db, [['deal', 'stage', 'd2', 'd4', 'won']]);
    await refused(
      db,
      ['prospect', 'edit', 'lia', '--value', '900'],
      1,
      '#1 Lia Park has no open deal (d1 won, d2 won, d4 won)',
      'open one with meld deal add 1 "<title>", or edit a closed one: meld deal edit d4 --value 900',
    );
  });

  it('says how to open a deal when a person has none, or none open', async () => {
    const db = dealsDb();
    await refused(
      db,
      ['prospect', 'stage', 'eva', 'contacted'],
      1,
      '#3 Eva Ruiz has no deal',
      'open one: meld deal add 3 "<title>" [--value <amount>]',
    );
    await seed(db, [['deal', 'stage', 'd2', 'won']]);
    await refused(
      db,
      ['prospect', 'stage', 'lia', 'proposal'],
      1,
      '#1 Lia Park has no open deal (d1 won, d2 won)',
      'open one with meld deal add 1 "<title>", or move a closed one: meld deal stage d2 <stage>',
    );
  });

  it('moves the one open deal with prospect stage, and corrects its last step with --correct', async () => {
    const db = dealsDb();
    const moved = await runMeld(['prospect', 'stage', 'lia', 'won'], { db });
    expect(moved.exitCode).toBe(0);
    expect(moved.stderr).toBe(
      '✓ Moved Lia Park (#1) (d2) from proposal to won\n  still open: follow-up f1; close with meld followup done f1\n',
    );
    // That was a mis-click: Lia now has no open deal, but --correct is about the deal moved last.
    const back = await runMeld(['prospect', 'stage', 'lia', 'proposal', '--correct'], { db });
    expect([back.exitCode, back.stderr]).toEqual([0, '✓ Corrected Lia Park (#1) (d2) from won to proposal\n']);
    expect(back.db?.deals.map((d) => [d.id, d.stage])).toEqual([
      [1, 'won'],
      [2, 'proposal'],
      [3, 'new'],
    ]);
    // Bo's only deal: a mis-click to won corrected to contacted replaces the step, keeping its time.
    await seed(db, [['prospect', 'stage', 'bo', 'won']]);
    const fixed = await runMeld(['prospect', 'stage', 'bo', 'contacted', '--correct'], { db });
    expect(fixed.exitCode).toBe(0);
    expect(fixed.stderr).toBe('✓ Corrected Bo Chen (#2) from won to contacted\n');
    expect(fixed.db?.deals[2]?.history).toEqual([
      { stage: 'new', at: '2026-11-01T10:00:00.000Z' },
      { stage: 'contacted', at: '2026-11-27T10:00:00.000Z' },
    ]);
    expect(await lastSummary(db)).toBe('prospect stage Bo Chen (#2) won -> contacted (corrected)');
    // Back to the stage before: the step is dropped, as if it never happened.
    await seed(db, [['prospect', 'stage', 'bo', 'won']]);
    const undone = await runMeld(['prospect', 'stage', 'bo', 'contacted', '--correct'], { db });
    expect(undone.db?.deals[2]?.history).toEqual([
      { stage: 'new', at: '2026-11-01T10:00:00.000Z' },
      { stage: 'contacted', at: '2026-11-27T10:00:00.000Z' },
    ]);
  });

  it('opens the first deal with add-prospect --value, credited to their campaign', async () => {
    const db = dealsDb();
    const r = await runMeld(['add-prospect', 'Kim Lee', '--value', '1500', '--campaign', 'summer-ads'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.db?.deals.at(-1)).toMatchObject({
      id: 4,
      prospectId: 4,
      title: 'Kim Lee',
      valueCents: 150_000,
      stage: 'new',
      campaign: 'summer-ads',
    });
  });

  it('points a deal given where a prospect is expected at its person', async () => {
    const db = dealsDb();
    await refused(db, ['prospect', 'show', 'd3'], 1, 'd3 is a deal, not a prospect', 'its prospect is #2');
    await refused(db, ['prospect', 'stage', 'd2', 'won'], 1, 'd2 is a deal, not a prospect', 'its prospect is #1');
    await refused(
      db,
      ['prospect', 'show', 'd99'],
      1,
      'd99 is a deal, not a prospect',
      'a prospect is its number (12 or #12), email or name',
    );
  });
});
