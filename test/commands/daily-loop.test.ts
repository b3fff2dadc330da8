import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

// Today is Friday 2026-11-27 (the harness clock). Four prospects, one open follow-up each:
// #1 Ana f1 due 11-24, #2 Li f2 due 11-26, #3 Bo f3 due 11-27, #4 Eva f4 due 12-02.

async function on(db: string, now: string, args: string[]): Promise<void> {
  const r = await runMeld(args, { db, now });
  if (r.exitCode !== 0) throw new Error(`meld ${args.join(' ')}: ${r.stderr}`);
}

async function fourLeads(): Promise<string> {
  const db = tempDbPath();
  await on(db, '2026-11-10T10:00:00Z', ['add-prospect', 'Ana Souza', '--company', 'Acme', '--follow-up', '2026-11-24']);
  await on(db, '2026-11-10T10:00:00Z', ['add-prospect', 'Li Wei', '--follow-up', '2026-11-26']);
  await on(db, '2026-11-26T10:00:00Z', ['add-prospect', 'Bo Chen', '--follow-up', '2026-11-27']);
  await on(db, '2026-11-26T10:00:00Z', ['add-prospect', 'Eva Ruiz', '--follow-up', '2026-12-02']);
  return db;
}

async function historyCount(db: string): Promise<number> {
  return JSON.parse((await runMeld(['history', '--json'], { db })).stdout).length;
}

describe('references: # is a prospect, f a follow-up, a an activity', () => {
  it('never prints a follow-up or an activity with # in any command output', async () => {
    const db = await fourLeads();
    const outputs: string[] = [];
    const run = async (args: string[], now?: string) => {
      const r = await runMeld(args, { db, now });
      outputs.push(`${r.stdout}${r.stderr}`);
      return r;
    };
    await run(['followups']);
    await run(['followups', 'all']);
    await run(['followup', 'add', '1', 'tue', 'send the quote']);
    await run(['followup', 'snooze', 'f2', 'mon']);
    await run(['followup', 'edit', 'f2', '--note', 'ask about budget']);
    await run(['followup', 'done', 'f1', '--note', 'sent', '--next', 'fri', '--next-note', 'check it arrived']);
    await run(['followup', 'done', 'f1']);
    await run(['followup', 'cancel', 'f4', '--reason', 'duplicate']);
    await run(['followup', 'done', '#3']);
    await run(['followup', 'snooze', 'f99', 'mon']);
    await run(['log', '3', 'called', '--type', 'call']);
    await run(['log', '3', 'called again', '--type', 'call', '--next', 'wed', '--next-note', 'send deck']);
    await run(['activity', 'edit', 'a1', '--text', 'called, no answer']);
    await run(['activity', 'remove', 'a1', '--yes']);
    await run(['prospect', 'show', '1']);
    await run(['prospect', 'show', '3']);
    await run(['prospect', 'stage', '3', 'contacted']);
    await run(['prospect', 'edit', '2', '--follow-up', 'thu']);
    await run(['add-prospect', 'Kim Lee', '--follow-up', 'tomorrow']);
    await run(['today']);
    await run(['followups'], '2026-12-20T10:00:00Z');
    await run(['followups', 'today'], '2026-11-20T10:00:00Z');
    await run(['history']);
    // Every command's --help too (docs/commands.md is generated from them).
    outputs.push(readFileSync(new URL('../../docs/commands.md', import.meta.url), 'utf8'));
    const text = outputs.join('\n');
    expect(text).not.toMatch(
      /follow-?ups? #|#\d+ (?:is )?(?:due|done)|activit(?:y|ies) #|done #?\d|snooze #|^ +#\d+ +\d{4}-/im,
    );
    // Every follow-up mentioned in prose is an f-number, every activity an a-number.
    expect(text).toMatch(/follow-up f\d+/);
    expect(text).toMatch(/activity a\d+/);
  });

  it('takes f20 or a bare 20 for a follow-up, and refuses #3 as a prospect, naming its follow-ups', async () => {
    const db = await fourLeads();
    const before = readFileSync(db);
    const r = await runMeld(['followup', 'done', '#3'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      "error: #3 is a prospect; follow-ups are named f<number>\n  hint: #3 Bo Chen's open follow-ups: f3\n",
    );
    expect(readFileSync(db).equals(before)).toBe(true);
    const byName = await runMeld(['followup', 'snooze', 'ana', 'mon'], { db });
    expect(byName.stderr).toBe(
      'error: "ana" is a prospect; follow-ups are named f<number>\n  hint: #1 Ana Souza\'s open follow-ups: f1\n',
    );
    expect((await runMeld(['followup', 'done', 'F3'], { db })).exitCode).toBe(0);
    expect((await runMeld(['followup', 'done', '2'], { db })).exitCode).toBe(0);
  });

  it('refuses f3 or a1 where a prospect is expected, naming the prospect it belongs to', async () => {
    const db = await fourLeads();
    const r = await runMeld(['log', 'f3', 'called'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: f3 is a follow-up, not a prospect\n  hint: its prospect is #3\n');
    const a = await runMeld(['followup', 'add', 'a9', 'tomorrow'], { db });
    expect(a.stderr.split('\n')[0]).toBe('error: a9 is an activity, not a prospect');
  });

  it('shows the prospect number beside the follow-up number, and names both in the next-up hint', async () => {
    const db = await fourLeads();
    const r = await runMeld(['followups', 'week'], { db });
    expect(r.stdout.split('\n')[0]).toMatch(/^# +Fup +Prospect/);
    expect(r.stdout.split('\n')[1]).toMatch(/^3 +f3 +Bo Chen/);
    const empty = await runMeld(['followups'], { db, now: '2026-11-20T10:00:00Z' });
    expect(empty.stderr).toBe('nothing due today\n  next up: f1 with #1 Ana Souza on tue 2026-11-24, in 4 days\n');
  });

  it('prints bare references one per line with --ids, for scripts', async () => {
    const db = await fourLeads();
    const r = await runMeld(['followups', 'overdue', '--ids'], { db });
    expect(r.stdout).toBe('f1\nf2\n');
    expect((await runMeld(['followups', 'all', '--ids'], { db })).stdout).toBe('f1\nf2\nf3\nf4\n');
  });
});

describe('meld followups filters', () => {
  it('keeps the follow-ups of prospects matching any value of each filter, comma-separated or repeated', async () => {
    const db = await fourLeads();
    await seed(db, [
      ['prospect', 'stage', '1', 'qualified'],
      ['prospect', 'stage', '2', 'proposal'],
      ['prospect', 'edit', '3', '--tag', 'warm'],
    ]);
    const ids = async (...args: string[]) => (await runMeld(['followups', 'all', '--ids', ...args], { db })).stdout;
    expect(await ids('--stage', 'qualified,proposal')).toBe('f1\nf2\n');
    expect(await ids('--stage', 'qualified', '--stage', 'new')).toBe('f1\nf3\nf4\n');
    expect(await ids('--tag', 'warm')).toBe('f3\n');
    expect(await ids('--tag', 'warm', '--stage', 'proposal')).toBe('');
    const none = await runMeld(['followups', '--tag', 'cold'], { db });
    expect(none.stderr).toBe('no follow-ups match (today)\n  try fewer filters, or `meld followups today` for all\n');
    const bad = await runMeld(['followups', '--stage', 'qualifed'], { db });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('error: unknown stage "qualifed"');
  });
});

describe('meld followup edit and cancel', () => {
  it('changes the day and the note in one change, echoing the day, and one undo restores it', async () => {
    const db = await fourLeads();
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['followup', 'edit', 'f4', '--date', 'thu', '--note', 'bring the contract'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Updated follow-up f4 with Eva Ruiz (#4): due 2026-12-02 → thu 2026-12-03, in 6 days; note — → bring the contract\n',
    );
    expect(r.db!.followUps[3]).toMatchObject({ due: '2026-12-03', note: 'bring the contract', status: 'open' });
    expect((await runMeld(['history'], { db })).stdout).toContain('followup edit f4 Eva Ruiz (due, note)');
    expect((await runMeld(['undo'], { db })).exitCode).toBe(0);
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('refuses an edit with nothing to change or the same values (exit 2, as prospect edit)', async () => {
    const db = await fourLeads();
    expect((await runMeld(['followup', 'edit', 'f4'], { db })).exitCode).toBe(2);
    const same = await runMeld(['followup', 'edit', 'f4', '--date', '2026-12-02'], { db });
    expect(same.exitCode).toBe(2);
    expect(same.stderr).toBe('error: nothing to change: follow-up f4 already has those values\n');
    await seed(db, [['followup', 'done', 'f4']]);
    const closed = await runMeld(['followup', 'edit', 'f4', '--date', 'fri'], { db });
    expect(closed.stderr).toBe(
      'error: follow-up f4 is already done: its day stays\n  hint: plan a new one: meld followup add 4 2026-12-04\n',
    );
    expect((await runMeld(['followup', 'edit', 'f4', '--note', 'went fine'], { db })).exitCode).toBe(0);
  });

  it('cancels: gone from the lists and the agenda, shown as cancelled with its reason, not a touch', async () => {
    const db = await fourLeads();
    const r = await runMeld(['followup', 'cancel', 'f3', '--reason', 'planned twice'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Cancelled follow-up f3 with Bo Chen (#3), due 2026-11-27: planned twice\n');
    expect(r.db!.followUps[2]).toMatchObject({
      status: 'cancelled',
      outcome: 'planned twice',
      doneAt: '2026-11-27T10:00:00.000Z',
    });
    expect((await runMeld(['followups', 'all', '--ids'], { db })).stdout).toBe('f1\nf2\nf4\n');
    const agenda = JSON.parse((await runMeld(['today', '--json'], { db })).stdout);
    expect(agenda.due.map((d: { id: number }) => d.id)).not.toContain(3);
    expect(agenda.noNextStep.map((p: { id: number }) => p.id)).toContain(3);
    const show = await runMeld(['prospect', 'show', '3'], { db });
    expect(show.stdout).toContain('Follow-ups (1)\n  f3    2026-11-27  cancelled 2026-11-27       planned twice\n');
    const json = JSON.parse((await runMeld(['prospect', 'show', '3', '--json'], { db })).stdout);
    expect(json.followUps[0]).toMatchObject({ id: 3, status: 'cancelled', outcome: 'planned twice' });
    // Cancelling is not a touch: a month later Bo is stale, as if nothing happened.
    const later = JSON.parse((await runMeld(['today', '--json'], { db, now: '2026-12-27T10:00:00Z' })).stdout);
    expect(later.stale.map((s: { id: number }) => s.id)).toContain(3);
    const again = await runMeld(['followup', 'cancel', 'f3'], { db });
    expect(again.stderr).toBe('error: follow-up f3 is already cancelled (2026-11-27)\n');
  });

  it('cancels several as one change; one undo brings them all back', async () => {
    const db = await fourLeads();
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['followup', 'cancel', 'f1', 'f2', '--json'], { db });
    expect(JSON.parse(r.stdout).map((f: { status: string }) => f.status)).toEqual(['cancelled', 'cancelled']);
    expect((await runMeld(['history'], { db })).stdout).toContain('followup cancel f1 Ana Souza, f2 Li Wei');
    expect((await runMeld(['undo'], { db })).exitCode).toBe(0);
    expect(readFileSync(db, 'utf8')).toBe(before);
  });
});

describe('many follow-ups at once', () => {
  it('snoozes several to one day, the date last, as one change that one undo reverts', async () => {
    const db = await fourLeads();
    const before = readFileSync(db, 'utf8');
    const entries = await historyCount(db);
    const r = await runMeld(['followup', 'snooze', 'f1', 'f2', '3', 'mon'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      [
        '✓ Snoozed follow-up f1 with Ana Souza (#1) to mon 2026-11-30, in 3 days (was 2026-11-24)',
        '✓ Snoozed follow-up f2 with Li Wei (#2) to mon 2026-11-30, in 3 days (was 2026-11-26)',
        '✓ Snoozed follow-up f3 with Bo Chen (#3) to mon 2026-11-30, in 3 days (was 2026-11-27)',
        '',
      ].join('\n'),
    );
    expect(await historyCount(db)).toBe(entries + 1);
    expect((await runMeld(['undo'], { db })).exitCode).toBe(0);
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('leaves alone the ones already due that day, and says so', async () => {
    const db = await fourLeads();
    const r = await runMeld(['followup', 'snooze', 'f4', 'f3', '2026-12-02'], { db });
    expect(r.stderr).toBe(
      '✓ Snoozed follow-up f3 with Bo Chen (#3) to wed 2026-12-02, in 5 days (was 2026-11-27)\n  already due 2026-12-02: f4\n',
    );
    const none = await runMeld(['followup', 'snooze', 'f4', 'f3', '2026-12-02'], { db });
    expect(none.stderr).toBe('error: f4, f3 are already due 2026-12-02\n');
  });

  it('snoozes every overdue one from --ids', async () => {
    const db = await fourLeads();
    const ids = (await runMeld(['followups', 'overdue', '--ids'], { db })).stdout.trim().split('\n');
    const r = await runMeld(['followup', 'snooze', ...ids, 'mon', '--json'], { db });
    expect(JSON.parse(r.stdout).map((f: { id: number; due: string }) => [f.id, f.due])).toEqual([
      [1, '2026-11-30'],
      [2, '2026-11-30'],
    ]);
  });

  it('writes nothing when any reference is unknown, naming every unknown one', async () => {
    const db = await fourLeads();
    const before = readFileSync(db);
    for (const verb of [
      ['snooze', 'f1', 'f98', 'f99', 'mon'],
      ['done', 'f1', 'f98', 'f99'],
      ['cancel', 'f1', 'f98', 'f99'],
    ]) {
      const r = await runMeld(['followup', ...verb], { db });
      expect(r.exitCode).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe('error: no follow-up f98, f99; nothing was changed');
    }
    const closed = await runMeld(['followup', 'done', 'f1', 'f2'], { db });
    expect(closed.exitCode).toBe(0);
    const mixed = await runMeld(['followup', 'cancel', 'f3', 'f1'], { db });
    expect(mixed.stderr).toBe('error: follow-up f1 is already done (2026-11-27)\n');
    expect(mixed.db!.followUps[2]!.status).toBe('open');
    expect(readFileSync(db).equals(before)).toBe(false);
  });

  it('closes several with one outcome and plans one next follow-up per prospect, with its note', async () => {
    const db = await fourLeads();
    await runMeld(['followup', 'add', '1', 'today'], { db }); // f5: a second one for Ana
    const entries = await historyCount(db);
    const r = await runMeld(
      ['followup', 'done', 'f1', 'f5', 'f2', '--note', 'emailed', '--next', 'fri', '--next-note', 'call'],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      [
        '✓ Done: follow-up f1 with Ana Souza (#1): emailed',
        '✓ Done: follow-up f5 with Ana Souza (#1): emailed',
        '✓ Done: follow-up f2 with Li Wei (#2): emailed',
        '✓ Next follow-up f6 with Ana Souza (#1) due fri 2026-12-04, in 7 days: call',
        '✓ Next follow-up f7 with Li Wei (#2) due fri 2026-12-04, in 7 days: call',
        '',
      ].join('\n'),
    );
    expect(await historyCount(db)).toBe(entries + 1);
    expect(r.db!.followUps.filter((f) => f.status === 'open').map((f) => f.id)).toEqual([3, 4, 6, 7]);
  });

  it('refuses a snooze with no date and a snooze with only the date', async () => {
    const db = await fourLeads();
    const r = await runMeld(['followup', 'snooze', 'mon'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: give the follow-ups, then the date');
    const noDay = await runMeld(['followup', 'snooze', 'f1', 'f2'], { db });
    expect(noDay.exitCode).toBe(2);
    expect(noDay.stderr).toBe(
      'error: the new day comes last, after the follow-ups ("f2" is a follow-up)\n  hint: e.g. meld followup snooze f3 f7 mon\n',
    );
  });
});

describe('the next step has words: --next-note', () => {
  it('puts the note on the new follow-up; followup done --note stays the outcome of the old one', async () => {
    const db = await fourLeads();
    const r = await runMeld(
      [
        'followup',
        'done',
        'f1',
        '--note',
        'wants a call in January',
        '--next',
        'jan 8',
        '--next-note',
        'call re budget',
      ],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Done: follow-up f1 with Ana Souza (#1): wants a call in January\n✓ Next follow-up f5 due fri 2027-01-08, in 42 days: call re budget\n',
    );
    expect(r.db!.followUps[0]).toMatchObject({ status: 'done', outcome: 'wants a call in January', note: null });
    expect(r.db!.followUps[4]).toMatchObject({ status: 'open', due: '2027-01-08', note: 'call re budget' });
  });

  it('puts the note on the follow-up meld log plans', async () => {
    const db = await fourLeads();
    const r = await runMeld(
      ['log', '2', 'sent the quote', '--type', 'email', '--next', 'tue', '--next-note', 'ask if it works'],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('✓ Next follow-up f5 due tue 2026-12-01, in 4 days: ask if it works\n');
    expect(r.db!.followUps[4]).toMatchObject({ prospectId: 2, note: 'ask if it works' });
    expect(r.db!.followUps[1]).toMatchObject({ status: 'done', outcome: 'sent the quote' });
  });

  it('says when a later follow-up is still open after log --next plans another', async () => {
    const db = await fourLeads();
    const r = await runMeld(['log', '4', 'sent the deck', '--next', '+2w', '--next-note', 'ask for feedback'], { db });
    expect(r.stderr).toBe(
      [
        '✓ Logged note a1 with Eva Ruiz (#4) on fri 2026-11-27, today',
        '✓ Next follow-up f5 due fri 2026-12-11, in 14 days: ask for feedback',
        '  still open: f4 due 2026-12-02; if this did it: meld followup done f4',
        '',
      ].join('\n'),
    );
  });

  it('refuses --next-note without --next, writing nothing', async () => {
    const db = await fourLeads();
    const before = readFileSync(db);
    const a = await runMeld(['log', '2', 'called', '--next-note', 'x'], { db });
    const b = await runMeld(['followup', 'done', 'f2', '--next-note', 'x'], { db });
    expect([a.exitCode, b.exitCode]).toEqual([1, 1]);
    expect(a.stderr.split('\n')[0]).toBe('error: --next-note needs --next <date>: the note goes on the next follow-up');
    expect(readFileSync(db).equals(before)).toBe(true);
  });
});

describe('meld activity edit and remove', () => {
  it('lists activities with their a-number; --json carries the id', async () => {
    const db = await fourLeads();
    await seed(db, [['log', '1', 'called', '--type', 'call']]);
    const show = await runMeld(['prospect', 'show', '1'], { db });
    expect(show.stdout).toContain('Activities (1)\n  a1    2026-11-27 10:00  call     called\n');
    const json = JSON.parse((await runMeld(['prospect', 'show', '1', '--json'], { db })).stdout);
    expect(json.activities[0]).toMatchObject({ id: 1, type: 'call', text: 'called' });
  });

  it('corrects text, type and day as one change; one undo restores it', async () => {
    const db = await fourLeads();
    await seed(db, [['log', '1', 'caled', '--type', 'note']]);
    const before = readFileSync(db, 'utf8');
    const r = await runMeld(['activity', 'edit', 'a1', '--text', 'called', '--type', 'call', '--date', 'wed'], {
      db,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(
      '✓ Updated activity a1 with Ana Souza (#1): type note → call; day 2026-11-27 → wed 2026-11-25, 2 days ago; text\n',
    );
    expect(r.db!.activities[0]).toMatchObject({ text: 'called', type: 'call', at: '2026-11-25T12:00:00.000Z' });
    expect((await runMeld(['history'], { db })).stdout).toContain('activity edit a1 Ana Souza (text, type, at)');
    await runMeld(['undo'], { db });
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('refuses a day before the prospect was added, or in the future', async () => {
    const db = await fourLeads();
    await seed(db, [['log', '3', 'called']]);
    const before = readFileSync(db);
    const early = await runMeld(['activity', 'edit', '1', '--date', '2026-11-01'], { db });
    expect(early.stderr.split('\n')[0]).toBe('error: --date 2026-11-01 is before #3 Bo Chen was added (2026-11-26)');
    const future = await runMeld(['activity', 'edit', '1', '--date', 'tomorrow'], { db });
    expect(future.exitCode).toBe(1);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('removes after asking (or with --yes); one undo brings it back; an unknown one is an error', async () => {
    const db = await fourLeads();
    await seed(db, [['log', '1', 'called about the quote', '--type', 'call']]);
    const before = readFileSync(db, 'utf8');
    const refused = await runMeld(['activity', 'remove', 'a1'], { db });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.split('\n')[0]).toBe(
      'error: removing call a1 with Ana Souza (#1) on 2026-11-27: "called about the quote" needs confirmation',
    );
    const no = await runMeld(['activity', 'remove', 'a1'], { db, answers: [false] });
    expect(no.stderr).toBe('nothing removed\n');
    const yes = await runMeld(['activity', 'remove', 'a1'], { db, answers: [true] });
    expect(yes.stderr).toBe('✓ Removed call a1 with Ana Souza (#1) on 2026-11-27: "called about the quote"\n');
    expect(yes.db!.activities).toEqual([]);
    await runMeld(['undo'], { db });
    expect(readFileSync(db, 'utf8')).toBe(before);
    const missing = await runMeld(['activity', 'remove', 'a9', '--yes'], { db });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe('error: no activity a9');
    const wrong = await runMeld(['activity', 'edit', 'f1', '--text', 'x'], { db });
    expect(wrong.stderr.split('\n')[0]).toBe('error: "f1" is not an activity reference: use a<number>, e.g. a12');
  });
});

describe('dates never jump a year silently', () => {
  const dec29 = '2026-12-29T10:00:00Z';

  it('refuses a yearless date more than 300 days ahead, naming both days, and writes nothing', async () => {
    const db = await fourLeads();
    const before = readFileSync(db);
    for (const args of [
      ['followup', 'done', 'f4', '--next', 'dec 22'],
      ['followup', 'snooze', 'f4', 'dec 22'],
      ['followup', 'add', '1', 'dec 22'],
      ['followup', 'edit', 'f4', '--date', 'dec 22'],
      ['log', '1', 'called', '--next', 'dec 22'],
      ['add-prospect', 'Kim Lee', '--follow-up', 'dec 22'],
      ['campaign', 'add', 'Winter', '--end', 'dec 22'],
    ]) {
      const r = await runMeld(args, { db, now: dec29 });
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr.split('\n')[0]).toMatch(
        /^error: (--next|<date>|--date|--follow-up|--end): "dec 22" has no year: 2026-12-22 \(7 days ago\) or 2027-12-22 \(in 358 days\)\?$/,
      );
      expect(r.stderr).toContain('hint: type the year, e.g. 2027-12-22');
    }
    expect(readFileSync(db).equals(before)).toBe(true);
    const typed = await runMeld(['followup', 'snooze', 'f4', '2027-12-22'], { db, now: dec29 });
    expect(typed.stderr).toBe(
      '✓ Snoozed follow-up f4 with Eva Ruiz (#4) to wed 2027-12-22, in 358 days (was 2026-12-02)\n',
    );
  });

  it('echoes the campaign days that were typed, with how far they are', async () => {
    const db = tempDbPath();
    const r = await runMeld(['campaign', 'add', 'Fair', '--start', 'mon', '--end', '+3w'], { db });
    expect(r.stderr.split('\n').slice(1)).toEqual([
      '  starts mon 2026-11-30, in 3 days',
      '  ends fri 2026-12-18, in 21 days',
      '',
    ]);
    const adjusted = await runMeld(['campaign', 'adjust', 'fair', '--end', 'dec 24'], { db });
    expect(adjusted.stderr).toBe(
      '✓ Adjusted Fair (fair): end 2026-12-18 → 2026-12-24\n  ends thu 2026-12-24, in 27 days\n',
    );
  });

  it('asks which day in a terminal', async () => {
    const db = await fourLeads();
    const r = await runMeld(['followup', 'add', '1', 'dec 22'], { db, now: dec29, answers: ['2027-12-22'] });
    expect(r.questions).toEqual(['"dec 22" has no year: which day?']);
    expect(r.stderr).toBe('✓ Planned follow-up f5 with Ana Souza (#1) due wed 2027-12-22, in 358 days\n');
  });

  it('refuses an empty date instead of reading it as none', async () => {
    const db = tempDbPath();
    const r = await runMeld(['add-prospect', 'Kim Lee', '--follow-up', ''], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('error: --follow-up is empty\n  hint: give a value, or leave the option out\n');
    expect(r.db).toBeUndefined();
    const snooze = await runMeld(['followup', 'snooze', 'f1', ' '], { db: await fourLeads() });
    expect(snooze.stderr.split('\n')[0]).toBe('error: <date>: the date is empty');
  });
});
