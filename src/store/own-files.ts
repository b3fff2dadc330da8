import { type BigIntStats, fstatSync, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { backupDirFor } from './backups.js';

/*
 * Which files on disk are meld's own: the data file, its lock, everything in its `.d/` folder
 * (backups, latest.json, the journal, temp files), and the temp, conflict and migration copies
 * beside it. Known by device and inode, not only by name: the same file reached under another
 * name (a hard link made by `cp -al`, a bind mount of the file, /dev/stdout or /proc/self/fd
 * when the shell opened it) is still the data file, and an export written into it would
 * append to it or replace it.
 */

/** What meld keeps beside a data file `meld.json`: `.lock`, `.d/…`, temp, conflict and migration copies. */
export const OWN_SUFFIX =
  /^\.(?:lock(?:\.break)?(?:\.\d+\.[0-9a-f]+\.tmp)?|\d+\.[0-9a-f]+\.(?:tmp|stale)|conflict-[^/]*\.json|v\d+(?:-\d+)?\.json|d(?:\/.*)?)$/;

/** `dev:ino` of a stat. */
export const fileKey = (s: { dev: number | bigint; ino: number | bigint }) => `${s.dev}:${s.ino}`;

/**
 * The device and inode of every file meld keeps for the data file `dataPath` (and, when it is a
 * symlink, for the file it points to), mapped to one of its names.
 */
export async function ownFileKeys(dataPath: string): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const add = async (path: string) => {
    const s = await fs.stat(path, { bigint: true }).catch(() => null);
    if (s?.isFile()) keys.set(fileKey(s), path);
  };
  const bases = new Set([resolve(dataPath)]);
  const real = await fs.realpath(dataPath).catch(() => null);
  if (real) bases.add(real);
  for (const base of bases) {
    await add(base);
    const name = basename(base);
    const folder = dirname(base);
    for (const entry of await fs.readdir(folder).catch(() => [] as string[])) {
      if (entry.startsWith(name) && entry !== `${name}.d` && OWN_SUFFIX.test(entry.slice(name.length)))
        await add(join(folder, entry));
    }
    const backups = backupDirFor(base);
    for (const entry of await fs.readdir(backups).catch(() => [] as string[])) await add(join(backups, entry));
  }
  return keys;
}

/** The name of meld's own file that `path` (followed to the end) is, or null. */
export async function ownFileAt(path: string, dataPath: string): Promise<string | null> {
  const s = await fs.stat(path, { bigint: true }).catch(() => null);
  if (!s?.isFile()) return null;
  return (await ownFileKeys(dataPath)).get(fileKey(s)) ?? null;
}

/** The name of meld's own file that descriptor `fd` is open on, or null. */
export async function ownFileOnFd(fd: number, dataPath: string): Promise<string | null> {
  let s: BigIntStats;
  try {
    s = fstatSync(fd, { bigint: true });
  } catch {
    return null;
  }
  if (!s.isFile()) return null;
  return (await ownFileKeys(dataPath)).get(fileKey(s)) ?? null;
}
