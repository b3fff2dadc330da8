import { describe, expect, it } from 'vitest';
import { MeldError } from '../../src/errors.js';
import { FS_CAUSES, fsError, fsErrorLine } from '../../src/store/fs-errors.js';

const sysError = (code: string, syscall: string, path?: string) =>
  Object.assign(new Error(`${code}: boom, ${syscall}${path ? ` '${path}'` : ''}`), { code, syscall, path });

describe('one wording per file-system error', () => {
  it('words every errno it knows as one line: the action, the quoted path, a cause in words', () => {
    for (const code of Object.keys(FS_CAUSES)) {
      const line = fsErrorLine(sysError(code, 'write', '/d/out.csv'));
      expect(line, code).toMatch(/^cannot write "\/d\/out\.csv": [a-z][^\n]+$/);
      // The system's own message ("ENOSPC: boom, write …") never shows through.
      expect(line, code).not.toContain('boom');
      expect(line, code).not.toContain(code);
    }
  });

  it('says the common ones as a user would', () => {
    expect(fsErrorLine(sysError('ENOSPC', 'write', '/d/out.csv'))).toBe(
      'cannot write "/d/out.csv": no space left on the disk',
    );
    expect(fsErrorLine(sysError('EACCES', 'open', '/d/out.csv'))).toBe('cannot write "/d/out.csv": permission denied');
  });

  it('names an errno it has no words for, rather than calling it a bug', () => {
    expect(fsErrorLine(sysError('EWHATEVER', 'open', '/d/out.csv'))).toBe(
      'cannot write "/d/out.csv": the system refused it (EWHATEVER)',
    );
  });

  it('says read for the system calls that only look, and lets the caller say which', () => {
    expect(fsErrorLine(sysError('EACCES', 'stat', '/d/a.csv'))).toBe('cannot read "/d/a.csv": permission denied');
    expect(fsErrorLine(sysError('EACCES', 'open', '/d/a.csv'), { action: 'read' })).toBe(
      'cannot read "/d/a.csv": permission denied',
    );
  });

  it("names the path the caller gives instead of meld's temp file", () => {
    expect(fsErrorLine(sysError('ENOSPC', 'write', '/d/out.csv.123.tmp'), { path: 'out.csv' })).toBe(
      'cannot write "out.csv": no space left on the disk',
    );
  });

  it('names the data file for its lock, temp and journal files, and a failing parent folder in brackets', () => {
    const dataFile = '/data/meld.json';
    expect(fsErrorLine(sysError('ENOSPC', 'write', '/data/meld.json.lock.1.tmp'), { dataFile })).toBe(
      'cannot write "/data/meld.json": no space left on the disk',
    );
    expect(fsErrorLine(sysError('ENOTDIR', 'mkdir', '/data'), { dataFile })).toBe(
      'cannot write "/data/meld.json": part of the path is a file, not a folder ("/data")',
    );
    expect(fsErrorLine(sysError('EEXIST', 'link', '/elsewhere/x'), { dataFile })).toBe(
      'cannot write "/elsewhere/x": a file is already there',
    );
    expect(fsErrorLine(sysError('EIO', 'write'), { dataFile })).toBe(
      'cannot write "/data/meld.json": the disk reported an input/output error',
    );
  });

  it('keeps a path on one line', () => {
    expect(fsErrorLine(sysError('ENOENT', 'open', '/d/a\nb.csv'), { action: 'read' })).toBe(
      'cannot read "/d/a�b.csv": no such file or folder',
    );
  });

  it('leaves anything that is not a file-system error alone', () => {
    const bug = new TypeError('x is undefined');
    const meld = new MeldError('already a sentence');
    expect(fsErrorLine(bug)).toBeUndefined();
    expect(fsError(bug)).toBe(bug);
    expect(fsError(meld)).toBe(meld);
    expect(fsErrorLine(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBeUndefined();
    const wrapped = fsError(sysError('ENOSPC', 'write', '/d/x'));
    expect(wrapped).toBeInstanceOf(MeldError);
    expect((wrapped as MeldError).exitCode).toBe(1);
  });
});
