import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

describe('meld add-prospect', () => {
  it('adds a prospect from flags with a first follow-up and echoes the date it set', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Spring Webinar', '--channel', 'event', '--cost', '1200']]);
    const r = await runMeld(
      [
        'add-prospect',
        'Ana Souza',
        '--email',
        'Ana@Acme.io',
        '--campaign',
        'spring webinar',
        '--follow-up',
        'tomorrow',
        '--value',
        '4000.50',
      ],
      { db },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Added Ana Souza (#1) from spring-webinar\n✓ Follow-up f1 due sat 2026-11-28, tomorrow\n');
    expect(r.db?.prospects[0]).toMatchObject({
      id: 1,
      email: 'ana@acme.io',
      campaign: 'spring-webinar',
    });
    // Its first deal, credited to the campaign that brought them.
    expect(r.db?.deals[0]).toMatchObject({
      id: 1,
      prospectId: 1,
      title: 'Ana Souza',
      valueCents: 400050,
      stage: 'new',
      campaign: 'spring-webinar',
    });
    expect(r.db?.followUps[0]).toMatchObject({ id: 1, prospectId: 1, due: '2026-11-28', status: 'open' });
  });

  it('prints the documented JSON shape with money in major units', async () => {
    const r = await runMeld(['add-prospect', 'Li Wei', '--value', '1200.5', '--stage', 'contacted', '--json']);
    expect(r.exitCode).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      id: 1,
      name: 'Li Wei',
      email: null,
      company: null,
      phone: null,
      campaign: null,
      stage: 'contacted',
      value: 1200.5,
      tags: [],
    });
    expect(json.history.map((h: { stage: string }) => h.stage)).toEqual(['new', 'contacted']);
  });

  it('refuses an email already on file, naming the prospect, and leaves the file untouched', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza', '--email', 'ana@acme.io']]);
    const before = readFileSync(db);
    const r = await runMeld(['add-prospect', 'Another Ana', '--email', ' ANA@acme.io'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('error: ana@acme.io is already on file as #1 Ana Souza');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('asks for the name only in a terminal, and names the flag otherwise', async () => {
    const piped = await runMeld(['add-prospect']);
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr.split('\n')[0]).toBe('error: missing <name>');
    const asked = await runMeld(['add-prospect'], { answers: ['Ana Souza', 'ana@acme.io', '', '', '', 'fri'] });
    expect(asked.exitCode).toBe(0);
    expect(asked.questions).toEqual([
      'Name:',
      'Email (optional):',
      'Company (optional):',
      'Phone (optional):',
      'Deal value (optional, e.g. 4000):',
      'First follow-up (e.g. tomorrow, fri; empty for none):',
    ]);
    expect(asked.db?.followUps[0]?.due).toBe('2026-12-04');
  });

  it('refuses a --phone with no digits, as the phone question does, and prospect edit too', async () => {
    const db = tempDbPath();
    await seed(db, [['add-prospect', 'Ana Souza']]);
    const before = readFileSync(db);
    const r = await runMeld(['add-prospect', 'Ben Ito', '--phone', 'call me'], { db });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error: --phone: "call me" has no digits, e.g. +49 30 1234567\n');
    const edit = await runMeld(['prospect', 'edit', '1', '--phone', 'n/a'], { db });
    expect(edit.exitCode).toBe(1);
    expect(edit.stderr).toBe('error: --phone: "n/a" has no digits, e.g. +49 30 1234567\n');
    expect(readFileSync(db).equals(before)).toBe(true);
    const cleared = await runMeld(['prospect', 'edit', '1', '--phone', ''], { db });
    expect(cleared.exitCode).toBe(2); // "" clears it, and there is none to clear
  });

  it('takes --campaign none as no campaign, as prospect edit and prospect list do', async () => {
    const db = tempDbPath();
    await seed(db, [['campaign', 'add', 'Spring Webinar']]);
    const r = await runMeld(['add-prospect', 'Ana Souza', '--campaign', 'none'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.db?.prospects[0]?.campaign).toBeNull();
  });

  it('rejects an unknown stage with a suggestion', async () => {
    const r = await runMeld(['add-prospect', 'Ana', '--stage', 'qualifed']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: unknown stage "qualifed"');
    expect(r.stderr).toContain('did you mean qualified?');
    expect(r.db).toBeUndefined();
  });
});

describe('adding a prospect as lost', () => {
  it('needs --reason when not in a terminal: a usage error naming the flag, nothing written', async () => {
    const db = tempDbPath();
    const r = await runMeld(['add-prospect', 'Ana Souza', '--stage', 'lost'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('error: adding Ana Souza as lost needs a reason');
    expect(r.stderr).toContain('--reason');
    expect(r.db).toBeUndefined();
  });

  it('records the reason as the lost reason in the stage history', async () => {
    const r = await runMeld(['prospect', 'add', 'Ana Souza', '--stage', 'lost', '--reason', 'too expensive', '--json']);
    expect(r.exitCode).toBe(0);
    const p = JSON.parse(r.stdout);
    expect(p.lostReason).toBe('too expensive');
    expect(p.history.map((h: { stage: string; reason?: string }) => [h.stage, h.reason ?? null])).toEqual([
      ['new', null],
      ['lost', 'too expensive'],
    ]);
  });

  it('asks for the reason in a terminal', async () => {
    const r = await runMeld(['add-prospect', 'Ana Souza', '--stage', 'lost'], { answers: ['chose a competitor'] });
    expect(r.exitCode).toBe(0);
    expect(r.questions).toEqual(['Why was Ana Souza lost?']);
    expect(r.db!.deals[0]!.lostReason).toBe('chose a competitor');
  });
});
