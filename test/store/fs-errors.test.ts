import { describe, expect, it } from 'vitest';
import { MeldError } from '../../src/errors.js';
import { FS_CAUSES, fsError, fsErrorLine } from '../../src/store/fs-errors.js';

const sysError = (code: string, syscall: string, path?: string) =>
  Object.assign(new Error(`${code}: boom, ${syscall}${path ? ` '${path}'` : ''}`), { code, syscall, path });

describe('one wording per file-system error', () => {
  it.each([
    ['ENOSPC', 'write', 'cannot write "/d/out.csv": no space left on the disk'],
    ['EDQUOT', 'write', 'cannot write "/d/out.csv": the disk quota is used up'],
    ['EACCES', 'open', 'cannot write "/d/out.csv": permission denied'],
    ['EPERM', 'rename', 'cannot write "/d/out.csv": operation not permitted'],
    ['EROFS', 'open', 'cannot write "/d/out.csv": the file system is read-only'],
    ['ENOENT', 'open', 'cannot write "/d/out.csv": no such file or folder'],
    ['ENOTDIR', 'mkdir', 'cannot write "/d/out.csv": part of the path is a file, not a folder'],
    ['EISDIR', 'open', 'cannot write "/d/out.csv": it is a folder, not a file'],
    ['ENAMETOOLONG', 'open', 'cannot write "/d/out.csv": the name is too long'],
    ['EMFILE', 'open', 'cannot write "/d/out.csv": too many files open in meld'],
    ['ENFILE', 'open', 'cannot write "/d/out.csv": too many files open on this system'],
    ['EEXIST', 'link', 'cannot write "/d/out.csv": a file is already there'],
    ['ENOTEMPTY', 'rmdir', 'cannot write "/d/out.csv": the folder is not empty'],
    ['EXDEV', 'rename', 'cannot write "/d/out.csv": it is on another file system'],
    ['ELOOP', 'open', 'cannot write "/d/out.csv": too many symbolic links (a link loop?)'],
    ['EIO', 'write', 'cannot write "/d/out.csv": the disk reported an input/output error'],
    [
      'EFBIG',
      'write',
      'cannot write "/d/out.csv": the file would be larger than the system allows (a file system or `ulimit -f` limit)',
    ],
    ['EBUSY', 'rename', 'cannot write "/d/out.csv": it is busy (in use by another program)'],
    ['ETXTBSY', 'open', 'cannot write "/d/out.csv": it is busy (in use by another program)'],
    ['ENOTSUP', 'link', 'cannot write "/d/out.csv": the file system does not support this'],
    ['EOPNOTSUPP', 'link', 'cannot write "/d/out.csv": the file system does not support this'],
    [
      'ESHORT',
      'write',
      'cannot write "/d/out.csv": the file came out shorter than what was written (is the disk full?)',
    ],
    ['ESTALE', 'open', 'cannot write "/d/out.csv": the network file system lost it (stale file handle)'],
    ['EWHATEVER', 'open', 'cannot write "/d/out.csv": the system refused it (EWHATEVER)'],
  ])('words %s (%s) as one line naming the path', (code, syscall, line) => {
    expect(fsErrorLine(sysError(code, syscall, '/d/out.csv'))).toBe(line);
  });

  it('has a test row above for every errno it has words for', () => {
    expect(Object.keys(FS_CAUSES).sort()).toEqual(
      [
        'EACCES',
        'EBUSY',
        'EDQUOT',
        'EEXIST',
        'EFBIG',
        'EIO',
        'EISDIR',
        'ELOOP',
        'EMFILE',
        'ENAMETOOLONG',
        'ENFILE',
        'ENOENT',
        'ENOSPC',
        'ENOTDIR',
        'ENOTEMPTY',
        'ENOTSUP',
        'EOPNOTSUPP',
        'EPERM',
        'EROFS',
        'ESHORT',
        'ESTALE',
        'ETXTBSY',
        'EXDEV',
      ].sort(),
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
