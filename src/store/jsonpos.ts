// Node 20's JSON.parse often says only "Unexpected token ..., is not valid JSON" with no
// position. When it fails, this small scanner walks the text by the JSON grammar and reports
// where the first problem is, as line and column (1-based), plus what was expected there.

export interface JsonPlace {
  line: number;
  column: number;
  offset: number;
  detail: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/**
 * With `duplicateKeys`, a key written twice in one object is a problem too (JSON.parse keeps the
 * last value silently; a hand edit that pasted a line without deleting the old one loses it).
 */
export function locateJsonError(text: string, options: { duplicateKeys?: boolean } = {}): JsonPlace | null {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const describe = (at: number) => (at >= n ? 'the end of the file' : JSON.stringify(text[at]));
  const fail = (expected: string): never => {
    throw new Stop(i, `expected ${expected}, found ${describe(i)}`);
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i, 'a control character (such as a line break) inside a string');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'a bad \\u escape in a string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Stop(i, 'a bad escape in a string');
      } else i++;
    }
    throw new Stop(i, 'a string that is never closed');
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail('a value');
    i += m![0].length;
  };
  /** A property name and its colon (the start of an object member). */
  const key = (keys: Set<string> | null) => {
    ws();
    if (text[i] !== '"') fail('a property name in double quotes');
    const start = i;
    string();
    if (keys) {
      const name = JSON.parse(text.slice(start, i)) as string;
      if (keys.has(name)) throw new Stop(start, `the key ${JSON.stringify(name)} twice in one record`);
      keys.add(name);
    }
    ws();
    if (text[i] !== ':') fail('":"');
    i++;
  };
  /** A scalar value (string, number, true, false, null) at i, or a refusal. */
  const scalar = (c: string | undefined) => {
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail('a value');
  };
  /**
   * The whole document. Iterative, with the open arrays and objects on a stack of its own: a
   * damaged file nested 100,000 deep must be located, not overflow the call stack.
   */
  const value = (): void => {
    const open: Array<{ array: boolean; keys: Set<string> | null }> = [];
    let wantValue = true;
    for (;;) {
      if (wantValue) {
        ws();
        const c = text[i];
        if (c === '{' || c === '[') {
          const array = c === '[';
          i++;
          ws();
          if (text[i] === (array ? ']' : '}')) i++;
          else {
            const frame = { array, keys: !array && options.duplicateKeys ? new Set<string>() : null };
            open.push(frame);
            if (!array) key(frame.keys);
            continue;
          }
        } else scalar(c);
        wantValue = false;
      }
      const frame = open.at(-1);
      if (!frame) return;
      ws();
      if (text[i] === ',') {
        i++;
        if (!frame.array) key(frame.keys);
        wantValue = true;
        continue;
      }
      if (text[i] === (frame.array ? ']' : '}')) {
        i++;
        open.pop();
        continue;
      }
      fail(frame.array ? '"," or "]"' : '"," or "}"');
    }
  };
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < n) fail('the end of the file');
    return null;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...lineColumn(text, error.offset), offset: error.offset, detail: error.detail };
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let k = text.indexOf('\n'); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    lineStart = k + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
