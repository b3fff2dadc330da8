import { beforeAll, describe, expect, it } from 'vitest';
import { runMeld, tempDbPath } from '../helpers/harness.js';
import { displayWidth, truncate } from '../../src/ui/sanitize.js';
import { columns } from '../helpers/width.js';

const TABLE_COMMANDS = [
  ['prospect', 'list'],
  ['prospect', 'list', '--stage', 'won'],
  ['followups', 'overdue'],
  ['followups', 'all'],
  ['followups', 'week'],
  ['today'],
  ['today', '--explain'],
  ['campaign', 'list'],
  ['campaign', 'show', 'linkedin-ads'],
  ['history'],
];

describe('tables never wrap: no line is wider than the terminal', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDbPath();
    expect((await runMeld(['demo'], { db })).exitCode).toBe(0);
  });

  for (const width of [40, 50, 60, 80]) {
    it.each(TABLE_COMMANDS.map((args) => [args.join(' '), args] as const))(
      `keeps \`meld %s\` within ${width} columns`,
      async (_name, args) => {
        const r = await runMeld([...args], { db, columns: width });
        expect(r.exitCode).toBe(0);
        expect(r.stdout.length).toBeGreaterThan(0);
        const tooWide = r.stdout.split('\n').filter((line) => columns(line) > width);
        expect(tooWide).toEqual([]);
      },
    );
  }

  it('keeps the Next header whole at 50 columns, leaving out Campaign before Company and Value', async () => {
    const r = await runMeld(['prospect', 'list'], { db, columns: 50 });
    const header = r.stdout.split('\n')[0]!;
    expect(header).toMatch(/Next$/);
    expect(header).not.toContain('Campaign');
  });
});

describe('campaign list keeps the Name column', () => {
  it('leaves out End and Start before Name when the ids are long, so look-alike names stay told apart', async () => {
    const db = tempDbPath();
    await runMeld(['demo'], { db });
    await runMeld(
      ['campaign', 'add', 'Alpha-Webinar Extended Edition', '--start', '2026-11-01', '--end', '2026-12-31'],
      { db },
    );
    await runMeld(
      ['campaign', 'add', 'ALPHA WEBINAR! Extended Edition', '--start', '2026-11-01', '--end', '2026-12-31'],
      { db },
    );
    const r = await runMeld(['campaign', 'list'], { db, columns: 80 });
    const [header, ...rows] = r.stdout.split('\n');
    expect(header).toMatch(/^ID +Name +Channel/);
    expect(header).not.toContain('End');
    expect(rows.some((row) => row.includes('ALPHA WEBI'))).toBe(true);
    expect(rows.some((row) => row.includes('Alpha-Webi'))).toBe(true);
  });
});

describe('tables that leave out columns themselves', () => {
  it('still leave out whole columns rather than cutting every one (campaign report at 60 columns)', async () => {
    const db = tempDbPath();
    await runMeld(['demo'], { db });
    const r = await runMeld(['campaign', 'report'], { db, columns: 60 });
    const header = r.stdout.split('\n')[0]!;
    expect(header).toMatch(/^Campaign +Pros +Won +Conv +Cost/);
    expect(header.length).toBeLessThanOrEqual(60);
  });
});

describe('wide characters keep the columns straight', () => {
  it('emoji, emoji sequences and CJK names take the columns a terminal gives them', async () => {
    const db = tempDbPath();
    const people = [
      ['✅ Done Deal', 'done@x.io'],
      ['🎉 Party Co', 'party@x.io'],
      ['王芳', 'wang@x.io'],
      ['👩‍👩‍👧 Family Ltd', 'family@x.io'],
      ['Plain Name', 'plain@x.io'],
    ];
    for (const [name, email] of people)
      expect((await runMeld(['add-prospect', name!, '--email', email!], { db })).exitCode).toBe(0);
    for (const width of [40, 60, 100]) {
      const r = await runMeld(['prospect', 'list'], { db, columns: width });
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.filter((l) => columns(l) > width)).toEqual([]);
      // The column after the name starts at the same place on every row.
      const starts = lines
        .filter((l) => /^\d+ {2}/.test(l))
        .map((l) => {
          const at = l.search(/\S+@x\.io|\bnew\b/);
          return columns(l.slice(0, at));
        });
      expect(new Set(starts).size, `${width}:\n${r.stdout}`).toBe(1);
    }
  });

  it('a name cut short is cut between graphemes, never inside an emoji sequence or a flag', () => {
    expect(truncate('👩‍👩‍👧 Family', 3)).toBe('👩‍👩‍👧…');
    expect(truncate('🇩🇪🇫🇷 Co', 4)).toBe('🇩🇪…');
    expect(truncate('✋🏽✋🏽', 3)).toBe('✋🏽…');
    expect(truncate('王芳王芳', 5)).toBe('王芳…');
    expect(truncate('Ana Souza', 5)).toBe('Ana …');
    expect(truncate('Ana', 3)).toBe('Ana');
    expect(displayWidth('✅ 🎉 王芳')).toBe(columns('✅ 🎉 王芳'));
  });
});
