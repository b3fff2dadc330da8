import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { zoneShaped } from '../domain/dates.js';

/** How much of the data file is read to find its business time zone: `config` is written near
 * the top (src/store/serialize.ts), after `version` and `lastIds`. */
const HEAD_BYTES = 64 * 1024;

/**
 * The business time zone a data file records (`config.timezone`), read before a command runs so
 * every day it computes is a day in that zone. Reads the head of the file only: the config object
 * is cut out and parsed alone (a 50 MB file is not parsed twice). Null when there is no file, no
 * readable zone in it, or the text is not shaped like a zone name; the store's own checks
 * report a zone Node does not know when the command reads the file.
 */
export async function peekZone(path: string): Promise<string | null> {
  // Synchronous: the first use of the promise API loads its machinery (~2 ms of every run).
  let fd: number | undefined;
  try {
    // Non-blocking: opening a fifo for reading would otherwise wait for a writer forever.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return null;
    const buffer = Buffer.alloc(HEAD_BYTES);
    const bytesRead = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    const config = configObject(buffer.toString('utf8', 0, bytesRead));
    const zone = config !== null && typeof config.timezone === 'string' ? config.timezone : null;
    // The shape only: asking Intl whether it knows the zone costs ~15 ms (its first
    // DateTimeFormat), a tenth of a read on a small file. meld writes zones canonical (config
    // set, a new file), and a file whose zone Node does not know fails its integrity check on
    // load, so no command runs in a zone that is not one.
    return zone === null ? null : zoneShaped(zone);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The top-level `"config": {…}` object of a data file's text, parsed; null when not found whole. */
export function configObject(text: string): Record<string, unknown> | null {
  const key = /^\s{0,2}"config"\s*:\s*\{/m.exec(text) ?? /"config"\s*:\s*\{/.exec(text);
  if (!key) return null;
  const open = key.index + key[0].length - 1;
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) {
        try {
          const value: unknown = JSON.parse(text.slice(open, i + 1));
          return value !== null && typeof value === 'object' && !Array.isArray(value)
            ? (value as Record<string, unknown>)
            : null;
        } catch {
          return null;
        }
      }
    }
  }
  return null;
}

/** The IANA time zone of this machine (TZ honoured): what a new file or a migration records as
 * the business time zone (config.timezone). Read here, in the store, so the domain stays pure. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
