import { MeldError } from '../errors.js';

/**
 * The id after `last`. Ids are exact integers up to 2^53 - 1 (Number.MAX_SAFE_INTEGER); past it
 * two records could share an id, so meld refuses before anything is written.
 */
export function nextId(last: number, what: string): number {
  if (last >= Number.MAX_SAFE_INTEGER) {
    throw new MeldError(`no ${what} ids left: the last one used is ${last}, the largest meld can store`, {
      hint: 'lastIds in the data file was set by hand; set it back to the largest id in use',
    });
  }
  return last + 1;
}
