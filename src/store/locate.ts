// Where the data file is: the path the user named, the file behind a symlink, and the checks on
// a name and a file type made before anything is read or written.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { MeldError } from '../errors.js';

/** The longest data file name: meld keeps files beside it whose names are up to 40 bytes longer. */
export const MAX_NAME_BYTES = 215;

/** The file a path stands for: itself, or the target of a symlink (followed to the end). */
export interface Where {
  /** The path the user named (its lock and `.d` folder are beside it). */
  path: string;
  /** The file whose content is the data (equal to path unless path is a symlink). */
  target: string;
  linked: boolean;
}

/** Synchronous (every run asks it first): the promise API's machinery costs ~2 ms to load. */
export async function locate(path: string): Promise<Where> {
  let stat: import('node:fs').Stats | undefined;
  try {
    stat = lstatSync(path);
  } catch {
    stat = undefined; // missing, or not reachable: the read or write says which
  }
  if (!stat?.isSymbolicLink()) return { path, target: path, linked: false };
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    // A link to a file not created yet: the first save creates it where the link points.
    real = resolve(dirname(path), readlinkSync(path));
  }
  return { path, target: real, linked: true };
}

export function checkName(path: string): void {
  const bytes = Buffer.byteLength(basename(path));
  if (bytes > MAX_NAME_BYTES) {
    throw new MeldError(
      `the data file name is too long (${bytes} bytes): meld keeps files beside it with names up to 40 bytes longer, and a file system allows 255`,
      { hint: `use a name of at most ${MAX_NAME_BYTES} bytes` },
    );
  }
}

const KIND: Array<[(s: import('node:fs').Stats) => boolean, string]> = [
  [(s) => s.isFIFO(), 'a fifo (named pipe)'],
  [(s) => s.isCharacterDevice(), 'a character device'],
  [(s) => s.isBlockDevice(), 'a block device'],
  [(s) => s.isSocket(), 'a socket'],
];

export function notRegular(path: string, stat: import('node:fs').Stats): MeldError {
  if (stat.isDirectory()) return new MeldError(`${path} is a folder, not a meld data file`);
  const kind = KIND.find(([test]) => test(stat))?.[1] ?? 'not a regular file';
  return new MeldError(`${path} is ${kind}, not a regular file; meld keeps its data in a regular file`, {
    hint: 'point --db or MELD_DB at a file',
  });
}
