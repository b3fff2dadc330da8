import { MeldError } from '../errors.js';
import { SCHEMA_VERSION, type Db } from '../domain/types.js';
import { checkSchema } from './schema.js';

/** Where a JSON syntax error sits, as "line L, column C", from the offset V8 reports. */
function jsonErrorPlace(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  const lineCol = /line (\d+) column (\d+)/.exec(error.message);
  if (lineCol) return `line ${lineCol[1]}, column ${lineCol[2]}`;
  if (position === undefined) return 'unexpected end or token';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

export function damaged(path: string, detail: string): MeldError {
  return new MeldError(`${path} is damaged: ${detail}`, {
    hint: 'meld did not change it; run `meld doctor` to see what is wrong',
  });
}

/** Parses and validates the file's text; never returns a Db that failed a check. */
export function parseDbText(path: string, text: string): Db {
  if (text.trim() === '') throw damaged(path, 'the file is empty (0 bytes of JSON)');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw damaged(path, `invalid JSON at ${jsonErrorPlace(text, error as Error)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw damaged(path, 'expected a JSON object at the top level');
  }
  const version = (data as { version?: unknown }).version;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new MeldError(
      `${path} was written by a newer meld (schema version ${version}, this meld reads up to ${SCHEMA_VERSION})`,
      { hint: 'upgrade meld; the file was not changed' },
    );
  }
  const result = checkSchema(data);
  if (!result.ok) throw damaged(path, result.problems[0]!);
  return result.db;
}
