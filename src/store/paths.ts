import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** `--db`, else MELD_DB, else the XDG data folder. */
export function resolveDbPath(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag) return resolve(flag);
  if (env.MELD_DB) return resolve(env.MELD_DB);
  // The XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  const dataHome = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'meld', 'meld.json');
}
