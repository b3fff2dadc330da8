import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { answerFiles, tamper } from '../helpers/kept.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

/** Runs a command as if it were another day, to build follow-ups around "today" (2026-11-27). */
async function on(db: string, now: string, args: string[]): Promise<void> {
  const r = await runMeld(args, { db, now });
  if (r.exitCode !== 0) throw new Error(`meld ${args.join(' ')}: ${r.stderr}`);
}

async function agendaData(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [['campaign', 'add', 'Spring Webinar', '--start', '2026-11-01']]);
  await on(db, '2026-11-10T10:00:00Z', [
    'add-prospect',
    'Ana Souza',
    '--company',
    'Acme',
    '--campaign',
    'spring-webinar',
    '--follow-up',
    '2026-11-24',
  ]);
  await on(db, '2026-11-10T10:00:00Z', [
    'add-prospect',
    'Li Wei',
    '--company',
    'Globex',
    '--stage',
    'proposal',
    '--value',
    '12000',
    '--follow-up',
    '2026-11-26',
  ]);
  await on(db, '2026-11-26T10:00:00Z', ['add-prospect', 'Bo Chen', '--follow-up', '2026-11-27']);
  await on(db, '2026-11-26T10:00:00Z', ['add-prospect', 'Eva Ruiz', '--follow-up', '2026-12-02']);
  return db;
}

describe('meld followup add', () => {
  it('backfills a past date but says it is already overdue', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza']]);
    const r = await runMeld(['followup', 'add', 'ana', 'yesterday'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Planned follow-up f1 with Ana Souza (#1) due thu 2026-11-26, yesterday: already overdue\n',
    );
    expect(r.db!.followUps[0]).toMatchObject({ due: '2026-11-26', status: 'open' });
  });

  it('plans a follow-up and echoes the exact date', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza']]);
    const r = await runMeld(['followup', 'add', 'ana', 'fri', 'send the proposal'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Planned follow-up f1 with Ana Souza (#1) due fri 2026-12-04, in 7 days\n');
    expect(r.db?.followUps[0]).toMatchObject({
      id: 1,
      prospectId: 1,
      due: '2026-12-04',
      note: 'send the proposal',
      status: 'open',
    });
  });

  it('refuses a date that is not wholly a date, quoting it, and writes nothing', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza']]);
    const before = readFileSync(db);
    const r = await runMeld(['followup', 'add', '1', 'tomorrow;rm -rf /'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: <date>: invalid date "tomorrow;rm -rf /"');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('meld followups', () => {
  it("lists today's follow-ups, overdue first, most urgent first, with how late they are", async () => {
    const db = await agendaData();
    const r = await runMeld(['followups'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        '#  Fup  Prospect   Company  Campaign        Due         When        Note',
        '2   f2  Li Wei     Globex                   2026-11-26  1d overdue',
        '1   f1  Ana Souza  Acme     spring-webinar  2026-11-24  3d overdue',
        '3   f3  Bo Chen                             2026-11-27  today',
        '',
      ].join('\n'),
    );
  });

  it('prints the documented JSON items', async () => {
    const db = await agendaData();
    const items = JSON.parse((await runMeld(['followups', 'overdue', '--json'], { db })).stdout);
    expect(items).toEqual([
      {
        id: 1,
        prospect: { id: 1, name: 'Ana Souza' },
        company: 'Acme',
        campaign: { id: 'spring-webinar', name: 'Spring Webinar' },
        due: '2026-11-24',
        note: null,
        status: 'open',
        every: null,
        overdueDays: 3,
      },
      {
        id: 2,
        prospect: { id: 2, name: 'Li Wei' },
        company: 'Globex',
        campaign: null,
        due: '2026-11-26',
        note: null,
        status: 'open',
        every: null,
        overdueDays: 1,
      },
    ]);
  });

  it('shows the week ahead and every open follow-up', async () => {
    const db = await agendaData();
    const ids = async (window: string) =>
      JSON.parse((await runMeld(['followups', window, '--json'], { db })).stdout).map((f: { id: number }) => f.id);
    expect(await ids('week')).toEqual([3, 4]);
    expect(await ids('all')).toEqual([1, 2, 3, 4]);
  });

  it('says when nothing is due and what is next, and refuses an unknown window with exit 1', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--follow-up', 'mon']]);
    const r = await runMeld(['followups'], { db });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('nothing due today\n  next up: f1 with #1 Ana Souza on mon 2026-11-30, in 3 days\n');
    const bad = await runMeld(['followups', 'month'], { db });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe('error: unknown window "month"\n  hint: use one of today, overdue, week, all\n');
  });
});

describe('meld followup done and snooze', () => {
  it('marks one done with its outcome and plans the next, echoing the date', async () => {
    const db = await agendaData();
    const r = await runMeld(['followup', 'done', '1', '--note', 'wants a call in January', '--next', 'in 2 weeks'], {
      db,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Done: follow-up f1 with Ana Souza (#1): wants a call in January\n✓ Next follow-up f5 due fri 2026-12-11, in 14 days\n',
    );
    expect(r.db?.followUps[0]).toMatchObject({
      status: 'done',
      outcome: 'wants a call in January',
      doneAt: '2026-11-27T10:00:00.000Z',
    });
    expect(r.db?.followUps[4]).toMatchObject({ prospectId: 1, due: '2026-12-11', status: 'open' });
  });

  it('suggests the next step when none is left, and refuses a follow-up already done', async () => {
    const db = await agendaData();
    const r = await runMeld(['followup', 'done', 'f3'], { db });
    expect(r.stderr).toBe('✓ Done: follow-up f3 with Bo Chen (#3)\n  next step: meld followup add 3 tomorrow\n');
    const again = await runMeld(['followup', 'done', '3'], { db });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toBe('error: follow-up f3 is already done (2026-11-27)\n');
  });

  it('snoozes to a later day and echoes both dates; refuses the past and unknown ids', async () => {
    const db = await agendaData();
    const r = await runMeld(['followup', 'snooze', '1', 'mon'], { db });
    expect(r.stderr).toBe('✓ Snoozed follow-up f1 with Ana Souza (#1) to mon 2026-11-30, in 3 days (was 2026-11-24)\n');
    const before = readFileSync(db);
    const past = await runMeld(['followup', 'snooze', '2', 'yesterday'], { db });
    expect(past.exitCode).toBe(1);
    expect(past.stderr).toBe('error: cannot snooze to 2026-11-26: that is in the past (today is 2026-11-27)\n');
    const missing = await runMeld(['followup', 'snooze', '42', 'mon'], { db });
    expect(missing.stderr).toBe('error: no follow-up f42\n  hint: run `meld followups all` to see the open ones\n');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('meld today', () => {
  it('greets an empty file with a way in', async () => {
    const r = await runMeld([]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Nothing on file yet. Two ways in:\n  meld demo');
    expect(r.stdout).toContain('meld add-prospect "Ana Souza" --follow-up tomorrow');
    expect(r.db).toBeUndefined();
    const json = JSON.parse((await runMeld(['--json'])).stdout);
    expect(json).toEqual({
      today: '2026-11-27',
      due: [],
      customers: [],
      deals: [],
      noNextStep: [],
      stale: [],
      campaigns: [],
    });
  });

  it('ranks what is due, lists leads with no next step and stale ones, and each active campaign', async () => {
    const db = await agendaData();
    await on(db, '2026-11-01T10:00:00Z', ['add-prospect', 'Old Lead', '--stage', 'contacted']);
    const r = await runMeld(['today'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'Friday 27 November 2026',
        '',
        'Due now (3) most urgent first; --explain shows why',
        '  #  Prospect   Company  Stage     When        Urgency  Fup  Note',
        '  2  Li Wei     Globex   proposal  1d overdue       20  f2',
        '  1  Ana Souza  Acme     new       3d overdue       16  f1',
        '  3  Bo Chen             new       today             0  f3',
        '  followed up #2? meld log 2 "<what happened>" --next <date>',
        '',
        'No next step (1) open, nothing planned',
        `  ${'#5 Old Lead (contacted)'.padEnd(44)}  meld followup add 5 tomorrow`,
        '',
        'Stale (3) no activity for 14+ days',
        '  #5 Old Lead (contacted): last touched 2026-11-01, 26d ago',
        '  #1 Ana Souza (new): last touched 2026-11-10, 17d ago',
        '  #2 Li Wei (proposal): last touched 2026-11-10, 17d ago',
        '',
        'Active campaigns (1) prospects per week',
        '  Spring Webinar: 1 prospect since 2026-11-01 (0.3/wk), never adjusted',
        '',
      ].join('\n'),
    );
  });

  it('numbers prospects with # and follow-ups with f everywhere in the agenda, and never cuts a hint command', async () => {
    const db = tempDbPath();
    await runMeld(['add-prospect', 'Zed Quiet'], { db });
    await runMeld(['add-prospect', 'Tom Jensen', '--follow-up', '2026-11-25'], { db });
    for (let i = 0; i < 8; i++) await runMeld(['add-prospect', `Lead ${i}`, '--follow-up', 'today'], { db });
    const wide = await runMeld(['today'], { db, columns: 80 });
    expect(wide.stdout).toContain(
      '  #  Prospect    Company  Stage  When        Urgency  Fup  Note\n  2  Tom Jensen           new    2d overdue       14  f1\n',
    );
    expect(wide.stdout).toContain(
      '  followed up #2? meld log 2 "<what happened>" --next <date>;\n  all of them: meld followups today\n',
    );
    expect(wide.stdout).toContain('  #1 Zed Quiet (new)');
    for (const width of [40, 50, 60]) {
      const narrow = await runMeld(['today'], { db, columns: width });
      const lines = narrow.stdout.split('\n');
      expect(lines.filter((l) => l.length > width)).toEqual([]);
      expect(lines.some((l) => l.includes('meld followups today'))).toBe(true);
      expect(lines.some((l) => /meld log 2 "<(what happened|note)>" --next <date>/.test(l))).toBe(true);
      expect(lines.some((l) => l.includes('meld followup add 1 tomorrow'))).toBe(true);
    }
  });

  it('explains each urgency score with --explain', async () => {
    const db = await agendaData();
    const r = await runMeld(['--explain'], { db });
    expect(r.stdout).toContain(
      '  2  Li Wei     Globex   proposal  1d overdue       20  f2\n      1d overdue +12, stage proposal +6, value $12,000 +2 = 20\n',
    );
    expect(r.stdout).toContain('      due today +0, stage new +0, no value +0 = 0\n');
  });

  it('prints the agenda JSON: due items as in followups --json plus urgency', async () => {
    const db = await agendaData();
    const agenda = JSON.parse((await runMeld(['today', '--json'], { db })).stdout);
    const followups = JSON.parse((await runMeld(['followups', 'today', '--json'], { db })).stdout);
    expect(agenda.due).toEqual(
      followups.map((f: object, i: number) => ({ ...f, urgency: [20, 16, 0][i], replied: null })),
    );
    expect(agenda.noNextStep).toEqual([]);
    expect(agenda.stale).toEqual([
      { id: 1, name: 'Ana Souza', lastActivity: '2026-11-10', idleDays: 17 },
      { id: 2, name: 'Li Wei', lastActivity: '2026-11-10', idleDays: 17 },
    ]);
    expect(agenda.campaigns).toEqual([
      {
        id: 'spring-webinar',
        name: 'Spring Webinar',
        adjustedAt: null,
        before: null,
        cost: 0,
        status: 'active',
        verdict: null,
        pValue: null,
        change: null,
        after: { from: '2026-11-01', to: '2026-11-27', days: 27, prospects: 1, perWeek: 0.3 },
      },
    ]);
  });

  it('follows the stale-days setting', async () => {
    const db = await agendaData();
    await seed(db, [['config', 'set', 'stale-days', '30']]);
    const agenda = JSON.parse((await runMeld(['today', '--json'], { db })).stdout);
    expect(agenda.stale).toEqual([]);
  });
});

describe('meld log', () => {
  it('logs an activity and echoes its date', async () => {
    const db = await agendaData();
    const r = await runMeld(['log', 'eva', 'met at the fair', '--type', 'meeting', '--date', 'yesterday'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Logged meeting a1 with Eva Ruiz (#4) on thu 2026-11-26, yesterday\n');
    expect(r.db?.activities[0]).toMatchObject({
      id: 1,
      prospectId: 4,
      type: 'meeting',
      text: 'met at the fair',
      at: '2026-11-26T12:00:00.000Z',
    });
  });

  it('does the whole touch in one command: log, stage, close the due follow-up, plan the next', async () => {
    const db = await agendaData();
    const r = await runMeld(
      ['log', 'ana', 'demo went well', '--type', 'call', '--stage', 'proposal', '--next', 'in 3 days'],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Logged call a1 with Ana Souza (#1) on fri 2026-11-27, today\n✓ Moved from new to proposal\n✓ Closed follow-up f1 (due 2026-11-24)\n✓ Next follow-up f5 due mon 2026-11-30, in 3 days\n',
    );
    expect(r.db?.followUps[0]).toMatchObject({ status: 'done', outcome: 'demo went well' });
    const agenda = JSON.parse((await runMeld(['today', '--json'], { db })).stdout);
    expect(agenda.due.map((d: { id: number }) => d.id)).toEqual([2, 3]);
  });

  it('keeps the due follow-up open without --next and says so', async () => {
    const db = await agendaData();
    const r = await runMeld(['log', '1', 'left a voicemail', '--type', 'call'], { db });
    expect(r.stderr).toBe(
      '✓ Logged call a1 with Ana Souza (#1) on fri 2026-11-27, today\n  follow-up f1 is still due: meld followup done f1 --next <date>\n',
    );
  });

  it('needs a reason to log a loss when not in a terminal, and changes nothing', async () => {
    const db = await agendaData();
    const before = readFileSync(db);
    const r = await runMeld(['log', '2', 'they said no', '--stage', 'lost'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: marking #2 Li Wei lost needs a reason');
    expect(r.stderr).toContain('--reason');
    const future = await runMeld(['log', '2', 'call', '--date', 'tomorrow'], { db });
    expect(future.exitCode).toBe(1);
    expect(future.stderr.split('\n')[0]).toBe('error: --date 2026-11-28 is in the future: log what already happened');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('followups --ids', () => {
  it('refuses --ids with --json, as prospect list does', async () => {
    const db = await agendaData();
    const r = await runMeld(['followups', 'all', '--ids', '--json'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --ids and --json do not go together\n  hint: choose one\n');
  });
});

describe('followups --campaign none', () => {
  it('lists the follow-ups of prospects without a campaign, as prospect list --campaign none does', async () => {
    const db = await agendaData();
    const ids = async (campaign: string) =>
      (await runMeld(['followups', 'all', '--campaign', campaign, '--ids'], { db })).stdout;
    expect(await ids('none')).toBe('f2\nf3\nf4\n');
    expect(await ids('none,spring-webinar')).toBe('f1\nf2\nf3\nf4\n');
  });
});

describe('followups kept between runs (Store.answer)', () => {
  it('prints from what the last run kept while the file is unchanged, per day and window', async () => {
    const db = await agendaData();
    const first = await runMeld(['followups', 'today'], { db });
    expect(answerFiles(db)).toHaveLength(1);
    // Proof that the kept text is what is printed: a name changed in it shows.
    tamper(db, 'Ana Souza', 'Ana Kepta');
    const second = await runMeld(['followups', 'today'], { db });
    expect(second.stdout).toBe(first.stdout.replace('Ana Souza', 'Ana Kepta'));
    // Another day or window is another answer, computed from the file.
    const tomorrow = await runMeld(['followups', 'today'], { db, now: '2026-11-28T10:00:00Z' });
    expect(tomorrow.stdout).toContain('Ana Souza');
    expect((await runMeld(['followups', 'week'], { db })).stdout).toContain('Eva Ruiz');
    expect(answerFiles(db)).toHaveLength(3);
    // A change drops them all; what is printed comes from the file again.
    await on(db, '2026-11-27T10:00:00Z', ['prospect', 'edit', '1', '--company', 'Acme Ltd']);
    expect(answerFiles(db)).toHaveLength(0);
    expect((await runMeld(['followups', 'today'], { db })).stdout).toContain('Ana Souza');
  });

  it('gives the same output, ids and next-up line from a kept answer as from the file', async () => {
    const db = await agendaData();
    for (const args of [
      ['followups', 'today'],
      ['followups', 'today', '--ids'],
      ['followups', 'overdue'],
      ['followups', 'all'],
    ]) {
      const fresh = await runMeld(args, { db });
      const kept = await runMeld(args, { db });
      expect([kept.stdout, kept.stderr, kept.exitCode]).toEqual([fresh.stdout, fresh.stderr, fresh.exitCode]);
    }
    const empty = await runMeld(['followups', 'today'], { db, now: '2026-11-01T10:00:00Z' });
    const again = await runMeld(['followups', 'today'], { db, now: '2026-11-01T10:00:00Z' });
    expect(again.stderr).toBe(empty.stderr);
    expect(again.stderr).toContain('next up: f1 with #1 Ana Souza');
  });
});

describe('the agenda kept between runs (Store.answer, as of an instant)', () => {
  it('is printed from what was kept until the clock passes a timestamp in the data', async () => {
    const db = await agendaData();
    // Written "later today" (a second device's clock ahead, say): a timestamp after 10:00.
    await on(db, '2026-11-27T15:00:00Z', ['add-prospect', 'Zoe Late', '--follow-up', '2026-11-27']);
    const morning = await runMeld([], { db, now: '2026-11-27T10:00:00Z' });
    tamper(db, 'Ana Souza', 'Ana Kepta');
    const later = await runMeld([], { db, now: '2026-11-27T11:00:00Z' });
    expect(later.stdout).toBe(morning.stdout.replaceAll('Ana Souza', 'Ana Kepta')); // kept
    const afternoon = await runMeld([], { db, now: '2026-11-27T16:00:00Z' });
    // Computed again: 15:00 lies between the two moments, so the agenda may differ.
    expect(afternoon.stdout).toContain('Ana Souza');
    expect(afternoon.stdout).not.toContain('Ana Kepta');
  });

  it('is kept per terminal width, colour and --explain, and --json always reads the file', async () => {
    const db = await agendaData();
    const narrow = await runMeld([], { db, columns: 60 });
    const wide = await runMeld([], { db, columns: 120 });
    const explained = await runMeld(['today', '--explain'], { db });
    expect(answerFiles(db)).toHaveLength(3);
    expect((await runMeld([], { db, columns: 60 })).stdout).toBe(narrow.stdout);
    expect((await runMeld([], { db, columns: 120 })).stdout).toBe(wide.stdout);
    expect((await runMeld(['today', '--explain'], { db })).stdout).toBe(explained.stdout);
    expect(narrow.stdout).not.toBe(wide.stdout);
    const json = await runMeld(['today', '--json'], { db });
    expect(JSON.parse(json.stdout).due.length).toBeGreaterThan(0);
    expect(answerFiles(db)).toHaveLength(3);
  });
});
