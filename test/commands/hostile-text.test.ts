import { describe, expect, it } from 'vitest';
import { cleanBlock, cleanLine, displayWidth } from '../../src/ui/sanitize.js';
import { runMeld, seed, tempDbPath } from '../helpers/harness.js';

// Text a prospect list, a CSV import or a hand edit could carry: clear screen, recolour, move the
// cursor, set the window title, overwrite the line with \r, erase with backspace.
const EVIL_NAME = 'Eve\u001b[2J\u001b[31mRed\u001b[0m\rOVERWRITE\b\b\u001b]0;pwned\u0007 \u009b31m Smith';
const EVIL_NOTE = 'line one\u001b[1A\u001b[Kgone\r\nline two\u0008\u0007\u001bc';
const LONG = `${'Very Long Company Name '.repeat(12)}End`;

/** No byte of the output may drive the terminal. */
function expectInert(text: string): void {
  expect(text).not.toMatch(/[\u001b\u009b\r\u0008\u0007]/);
}

async function evilFile(): Promise<string> {
  const db = tempDbPath();
  await seed(db, [
    ['campaign', 'add', 'Spring Webinar'],
    [
      'add-prospect',
      EVIL_NAME,
      '--company',
      LONG,
      '--campaign',
      'spring-webinar',
      '--note',
      EVIL_NOTE,
      '--follow-up',
      'today',
    ],
    ['log', '1', EVIL_NOTE],
    ['followup', 'add', '1', 'tomorrow', EVIL_NOTE],
  ]);
  return db;
}

describe('hostile text in names and notes', () => {
  it('is neutralised by cleanLine and cleanBlock', () => {
    expect(cleanLine(EVIL_NAME)).toBe('EveRed\uFFFDOVERWRITE\uFFFD\uFFFD  Smith');
    expect(cleanBlock(EVIL_NOTE)).toBe('line onegone\nline two\uFFFD\uFFFDc');
  });

  it('cannot drive the terminal from the prospect list, and long text is cut to fit 80 columns', async () => {
    const db = await evilFile();
    const r = await runMeld(['prospect', 'list'], { db });
    expect(r.exitCode).toBe(0);
    expectInert(r.stdout);
    expect(r.stdout).toContain('EveRed');
    expect(r.stdout).toContain('…');
    for (const line of r.stdout.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
  });

  it('cannot drive the terminal from prospect show (name, company, notes, activities, follow-ups)', async () => {
    const db = await evilFile();
    const r = await runMeld(['prospect', 'show', '1'], { db });
    expect(r.exitCode).toBe(0);
    expectInert(r.stdout);
    expectInert(r.stderr);
    expect(r.stdout).toContain('EveRed');
    expect(r.stdout).toContain('line onegone');
  });

  it('cannot drive the terminal from the follow-up list, the agenda or the history', async () => {
    const db = await evilFile();
    for (const args of [['followups', 'all'], ['today'], ['history'], ['campaign', 'show', 'spring-webinar']]) {
      const r = await runMeld(args, { db });
      expect({ args, exitCode: r.exitCode }).toEqual({ args, exitCode: 0 });
      expectInert(r.stdout);
      expectInert(r.stderr);
      for (const line of r.stdout.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    }
  });

  it('cannot drive the terminal from confirmations and error messages', async () => {
    const db = tempDbPath();
    const add = await runMeld(['add-prospect', EVIL_NAME], { db });
    expectInert(add.stderr);
    const missing = await runMeld(['prospect', 'show', '\u001b[2Jnobody'], { db });
    expect(missing.exitCode).toBe(1);
    expectInert(missing.stderr);
    const undo = await runMeld(['undo'], { db });
    expect(undo.stderr.split('\n')[0]).toBe(`undid: add-prospect ${cleanLine(EVIL_NAME)} (#1)`);
    expectInert(undo.stderr);
  });

  it('keeps the stored text exactly as given (cleaning is for display only)', async () => {
    const db = await evilFile();
    const r = await runMeld(['prospect', 'show', '1', '--json'], { db });
    expect(JSON.parse(r.stdout).name).toBe(EVIL_NAME.trim());
  });
});
