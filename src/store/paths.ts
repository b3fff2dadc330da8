import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** `--db`, else MELD_DB, else the XDG data folder. */
export function resolveDbPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag) return resolve(flag);
  if (env.MELD_DB) return resolve(env.MELD_DB);
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'meld', 'meld.json');
}
