import { MeldError } from '../errors.js';

/**
 * One wording per file-system error, wherever it happens (saving the data file, reading an
 * import, writing an export, or anything that reaches main): `cannot <read|write> "<path>": <cause>`.
 * A full disk reads the same in every command.
 */
export const FS_CAUSES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file would be larger than the system allows (a file system or `ulimit -f` limit)',
  // meld's own: a file that holds fewer bytes than were written to it (atomic.ts).
  ESHORT: 'the file came out shorter than what was written (is the disk full?)',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files open in meld',
  ENFILE: 'too many files open on this system',
  EEXIST: 'a file is already there',
  ENOTEMPTY: 'the folder is not empty',
  EXDEV: 'it is on another file system',
  ELOOP: 'too many symbolic links (a link loop?)',
  EIO: 'the disk reported an input/output error',
  EBUSY: 'it is busy (in use by another program)',
  ETXTBSY: 'it is busy (in use by another program)',
  ENOTSUP: 'the file system does not support this',
  EOPNOTSUPP: 'the file system does not support this',
  ESTALE: 'the network file system lost it (stale file handle)',
};

/** System calls that only look: an error there is a failed read, anything else a failed write. */
const READING_CALLS = new Set([
  'read',
  'stat',
  'lstat',
  'fstat',
  'access',
  'scandir',
  'opendir',
  'readlink',
  'realpath',
]);

export type FsAction = 'read' | 'write';

export interface FsErrorOptions {
  /** What meld was doing; by default guessed from the error's system call (stat/read = read). */
  action?: FsAction;
  /** The path to name when the error carries none (or to name instead of it: see `dataFile`). */
  path?: string;
  /**
   * The data file, when the error is about it: meld's lock, temp and journal files beside it
   * are named as the data file (the path the user chose), and a parent folder that failed is
   * named in brackets after it.
   */
  dataFile?: string;
}

/** `"path"` as the user typed it, on one line. */
export function quotePath(path: string): string {
  return `"${path.replace(/[\u0000-\u001f\u007f-\u009f]/g, '�')}"`;
}

/** The cause of a file-system error in words, or undefined when `error` is not one. */
export function fsCause(error: unknown): string | undefined {
  if (error instanceof MeldError || typeof error !== 'object' || error === null) return undefined;
  const { code, syscall } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string') return undefined;
  const known = FS_CAUSES[code];
  if (known) return known;
  // An errno meld has no words for still comes from the system, not from a bug in meld.
  return /^E[A-Z0-9]+$/.test(code) && typeof syscall === 'string' ? `the system refused it (${code})` : undefined;
}

/**
 * One line naming the path and the cause, e.g. `cannot write "/data/meld.json": no space left
 * on the disk`, or undefined when `error` is not a file-system error.
 */
export function fsErrorLine(error: unknown, options: FsErrorOptions = {}): string | undefined {
  const cause = fsCause(error);
  if (cause === undefined) return undefined;
  const { path: failed, syscall } = error as NodeJS.ErrnoException;
  const action = options.action ?? (syscall && READING_CALLS.has(syscall) ? 'read' : 'write');
  const { dataFile } = options;
  if (dataFile !== undefined && failed !== undefined) {
    if (failed.startsWith(dataFile)) return `cannot ${action} ${quotePath(dataFile)}: ${cause}`;
    if (dataFile.startsWith(`${failed.replace(/\/+$/, '')}/`)) {
      return `cannot ${action} ${quotePath(dataFile)}: ${cause} (${quotePath(failed)})`;
    }
  }
  const named = options.path ?? failed ?? dataFile;
  return named === undefined ? `cannot ${action} a file: ${cause}` : `cannot ${action} ${quotePath(named)}: ${cause}`;
}

/** The error as a MeldError (exit 1, one line) when it is a file-system error; otherwise unchanged. */
export function fsError(error: unknown, options: FsErrorOptions = {}): unknown {
  const line = fsErrorLine(error, options);
  return line === undefined ? error : new MeldError(line);
}
