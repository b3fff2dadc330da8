import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/store.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';
import { stubStore } from '../helpers/stub-store.js';

/** Ana twice: #1 from the webinar (contacted), #2 from a later import with other details (proposal). */
async function twins(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Spring Webinar', '--channel', 'event'],
    ['campaign', 'add', 'Cold Email', '--channel', 'email'],
  ]);
  const at = async (now: string, args: string[]) => {
    const r = await runMeld(args, { db, now });
    if (r.exitCode !== 0) throw new Error(r.stderr);
  };
  await at('2026-11-20T10:00:00Z', [
    'add-prospect',
    'Ana Souza',
    '--email',
    'ana@acme.io',
    '--company',
    'Acme',
    '--campaign',
    'spring-webinar',
    '--tag',
    'warm',
  ]);
  await at('2026-11-21T10:00:00Z', [
    'add-prospect',
    'Ana S.',
    '--email',
    'ana.souza@gmail.com',
    '--company',
    'Acme GmbH',
    '--phone',
    '+49 30 1234',
    '--title',
    'CTO',
    '--campaign',
    'cold-email',
    '--value',
    '3000',
    '--tag',
    'vip,warm',
  ]);
  await at('2026-11-22T10:00:00Z', ['prospect', 'stage', '1', 'contacted']);
  await at('2026-11-23T10:00:00Z', ['prospect', 'stage', '2', 'proposal']);
  await at('2026-11-24T10:00:00Z', ['log', '2', 'sent the proposal']);
  await at('2026-11-24T10:00:00Z', ['followup', 'add', '2', '2026-12-01']);
  await at('2026-11-25T10:00:00Z', ['log', '1', 'called']);
  return db;
}

describe('meld prospect merge', () => {
  it('shows a preview with --dry-run and writes nothing', async () => {
    const db = await twins();
    const before = readFileSync(db);
    const r = await runMeld(['prospect', 'merge', '1', '2', '--dry-run'], { db });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'Merge #2 Ana S. into #1 Ana Souza',
        '  name        Ana Souza (kept); Ana S. → note',
        '  email       ana@acme.io (kept); ana.souza@gmail.com → other emails',
        '  phone       — → +49 30 1234',
        '  company     Acme (kept); Acme GmbH → note',
        '  title       — → CTO',
        '  campaign    spring-webinar (kept); cold-email → note',
        '  value       — → $3,000',
        '  tags        warm → warm, vip',
        '  stage       contacted → proposal (furthest along)',
        '  moves       1 activity, 1 follow-up, 1 stage change',
        '  note        Merged from #2 Ana S.; its values that differed: name: Ana S.; company: Acme GmbH; campaign: cold-email',
        '  removes     #2 Ana S.',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('dry run: nothing was changed\n');
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('makes one prospect of two, losing nothing', async () => {
    const db = await twins();
    const r = await runMeld(['prospect', 'merge', '1', '2', '--yes'], { db, now: '2026-11-26T10:00:00Z' });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('✓ Merged #2 Ana S. into Ana Souza (#1)\n');
    const data = r.db!;
    expect(data.prospects.map((p) => p.id)).toEqual([1]);
    expect(data.prospects[0]).toMatchObject({
      name: 'Ana Souza',
      email: 'ana@acme.io',
      otherEmails: ['ana.souza@gmail.com'],
      phone: '+49 30 1234',
      company: 'Acme',
      title: 'CTO',
      campaign: 'spring-webinar',
      tags: ['warm', 'vip'],
    });
    // One deal each: one deal now, keep's, the furthest stage of the two, both histories.
    expect(data.deals).toHaveLength(1);
    expect(data.deals[0]).toMatchObject({ id: 1, prospectId: 1, valueCents: 300000, stage: 'proposal' });
    expect(data.deals[0]!.history).toEqual([
      { stage: 'new', at: '2026-11-20T10:00:00.000Z' },
      { stage: 'contacted', at: '2026-11-22T10:00:00.000Z' },
      { stage: 'proposal', at: '2026-11-23T10:00:00.000Z' },
    ]);
    expect(data.activities.map((a) => [a.id, a.prospectId, a.type, a.text])).toEqual([
      [1, 1, 'note', 'sent the proposal'],
      [2, 1, 'note', 'called'],
      [
        3,
        1,
        'note',
        'Merged from #2 Ana S.; its values that differed: name: Ana S.; company: Acme GmbH; campaign: cold-email',
      ],
    ]);
    expect(data.followUps.map((f) => [f.id, f.prospectId])).toEqual([[1, 1]]);
  });

  it('is undone by one undo, which restores both records exactly', async () => {
    const db = await twins();
    const before = readFileSync(db, 'utf8');
    await runMeld(['prospect', 'merge', '1', '2', '--yes'], { db });
    const history = JSON.parse((await runMeld(['history', '--json'], { db })).stdout);
    expect(history[0].summary).toBe('prospect merge #2 Ana S. into #1 Ana Souza');
    const undo = await runMeld(['undo'], { db });
    expect(undo.exitCode).toBe(0);
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('takes the furthest stage and keeps a lost reason only when the result is lost', async () => {
    const db = tempDbPath();
    await seed(db, [
      ['add-prospect', 'Bo Li', '--stage', 'qualified'],
      ['add-prospect', 'Bo Li', '--stage', 'lost', '--reason', 'no budget', '--allow-duplicate'],
    ]);
    const r = await runMeld(['prospect', 'merge', '1', '2', '--yes', '--json'], { db });
    const out = JSON.parse(r.stdout);
    expect(out.prospect).toMatchObject({ id: 1, stage: 'lost', lostReason: 'no budget' });
    expect(out.removed).toEqual({ id: 2, name: 'Bo Li' });
    expect(out.dryRun).toBe(false);
  });

  it('needs --yes outside a terminal, asks in one showing the preview, and keeps both on no', async () => {
    const db = await twins();
    const before = readFileSync(db);
    const r = await runMeld(['prospect', 'merge', '1', '2'], { db });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'error: merging #2 into #1 needs confirmation\n  hint: see what changes with --dry-run, then pass --yes\n',
    );
    const no = await runMeld(['prospect', 'merge', '1', '2'], { db, answers: [false] });
    expect(no.questions).toEqual(['Merge #2 into #1?']);
    expect(no.stderr.split('\n')[0]).toBe('Merge #2 Ana S. into #1 Ana Souza');
    expect(no.stderr.endsWith('nothing merged\n')).toBe(true);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('refuses a prospect with itself and an unknown one, writing nothing', async () => {
    const db = await twins();
    const before = readFileSync(db);
    const self = await runMeld(['prospect', 'merge', '1', '#1', '--yes'], { db });
    expect(self.exitCode).toBe(1);
    expect(self.stderr).toBe('error: cannot merge #1 Ana Souza with itself\n');
    const unknown = await runMeld(['prospect', 'merge', '1', '9', '--yes'], { db });
    expect(unknown.exitCode).toBe(1);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('refuses when a record changed between the preview and the write', async () => {
    const db = await twins();
    // A store that lets another program edit #2 after the preview was read, before the locked write.
    const real = new FileStore(db);
    let reads = 0;
    const racing = stubStore({
      path: real.path,
      read: async () => {
        const data = await real.read();
        if (++reads === 1) {
          await real.write((d) => {
            d.prospects.find((p) => p.id === 2)!.title = 'CEO';
            return { summary: 'edit elsewhere', result: null };
          });
        }
        return data;
      },
      write: real.write.bind(real),
    });
    const r = await runMeld(['prospect', 'merge', '1', '2', '--yes'], { db, store: racing });
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: #1 Ana Souza or #2 Ana S. changed while you were asked (another meld changed the file); nothing was changed',
    );
    expect(r.db?.prospects.map((p) => p.id)).toEqual([1, 2]);
  });
});
