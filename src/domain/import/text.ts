export { type DayOrder, type ImportedDate, parseImportedDate } from './dates.js';

/**
 * The text of an imported file when it is Unicode: UTF-8 with or without a BOM, UTF-16 with a
 * BOM (some Outlook and Excel exports) or without one (told by its zero bytes). Null when the
 * bytes are none of these: a legacy encoding, for chooseEncoding (./encoding.ts) to work out.
 * Line endings become "\n", so CRLF and CR files read the same.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } | null {
  const utf16 = utf16Order(bytes);
  let text: string;
  let encoding = 'utf-8';
  if (utf16) {
    const bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bom ? bytes.subarray(2) : bytes);
    } catch {
      return null;
    }
    // A BOM is honoured only when what follows reads as UTF-16: a table has line breaks or separators.
    if (text.length > 40 && !/[\n\r,;\t]/.test(text)) return null;
    encoding = utf16;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return null;
    }
  }
  return { text: unifyLineEnds(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), encoding };
}

/**
 * The bytes after a byte-order mark that the rest of the file does not bear out (decodeText
 * returned null): Gmail's "Outlook CSV" starts with a UTF-8 BOM and goes on in Windows-1252.
 * The mark is dropped, so it is neither glued to the first header nor read as letters.
 */
export function withoutFalseBom(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return bytes.subarray(2);
  return bytes;
}

/** UTF-16 by its BOM, or by zero bytes in every other place (ASCII text in UTF-16 without a BOM). */
function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length - (bytes.length % 2), 400);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero === 0) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero === 0) return 'utf-16be';
  return null;
}

/**
 * CRLF and CR line ends become "\n", but only between records: inside a quoted cell every
 * character is data and stays as it is (meld's export quotes a cell holding a CR, and must read
 * it back exactly). A quote opens a quoted cell only at the start of a cell, as csv-parse reads it.
 */
export function unifyLineEnds(text: string): string {
  if (!text.includes('\r')) return text;
  let out = '';
  let from = 0;
  let quoted = false;
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quoted) {
      if (ch === 34 /* " */) {
        if (text.charCodeAt(i + 1) === 34) i++;
        else quoted = false;
      }
      continue;
    }
    if (ch === 34 && cellStart) {
      quoted = true;
      cellStart = false;
    } else if (ch === 13 /* \r */) {
      out += `${text.slice(from, i)}\n`;
      // CR CR LF (a CRLF file passed once more through a CRLF writer) is one line end too.
      if (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10) i++;
      if (text.charCodeAt(i + 1) === 10) i++;
      from = i + 1;
      cellStart = true;
    } else cellStart = ch === 10 || ch === 44 || ch === 59 || ch === 9; // \n , ; tab
  }
  return out + text.slice(from);
}

/** Spreadsheet workbooks people pass instead of a CSV: a zip (xlsx, ods, numbers) or an OLE file (xls). */
export function workbookKind(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return 'a spreadsheet workbook (.ods or .numbers)';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    return 'an Excel 97-2003 workbook (.xls)';
  return null;
}

/**
 * True when the bytes are not text in any encoding a list comes in: NUL bytes that are not
 * UTF-16's every-other-byte pattern, or more than 5% control characters (a picture, a PDF, an
 * executable, random data). Checked only after UTF-8 and UTF-16 were ruled out, so a legacy
 * single-byte or CJK list never trips it: their bytes below 0x20 are tabs and line ends.
 */
export function looksBinary(bytes: Uint8Array, sample = 8192): boolean {
  const n = Math.min(bytes.length, sample);
  if (n === 0) return false;
  let control = 0;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
    // Tab, line feed, form feed, carriage return and escape turn up in text files; the rest do not.
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  const nul = evenNul + oddNul;
  const utf16Shaped = nul > n / 4 && (evenNul === 0 || oddNul === 0);
  if (nul > 0 && !utf16Shaped) return true;
  return !utf16Shaped && control > n * 0.05;
}

const CANDIDATES = [',', ';', '\t'] as const;
export type Delimiter = (typeof CANDIDATES)[number];

/**
 * Excel's `sep=;` first line names the delimiter. Returns it, and the text with that line
 * blanked (not removed, so line numbers still match the file).
 */
export function excelSepLine(text: string): { text: string; delimiter: Delimiter | null } {
  const m = /^sep=(.)[ \t]*(?=\n|$)/i.exec(text);
  if (!m || !(CANDIDATES as readonly string[]).includes(m[1]!)) return { text, delimiter: null };
  return { text: text.slice(m[0].length), delimiter: m[1] as Delimiter };
}

/**
 * `,`, `;` (Excel in much of Europe) or tab: the one that splits the most sample lines into
 * the same number of fields. Quoted text is skipped, so commas inside a LinkedIn note or a
 * quoted address do not count.
 */
export function detectDelimiter(text: string, sampleLines = 40): Delimiter {
  const counts: Record<Delimiter, number[]> = { ',': [], ';': [], '\t': [] };
  const current: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < sampleLines; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') {
      for (const d of CANDIDATES) {
        counts[d].push(current[d]);
        current[d] = 0;
      }
      lines++;
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) current[ch]++;
  }
  if (lines < sampleLines) for (const d of CANDIDATES) counts[d].push(current[d]);
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const freq = new Map<number, number>();
    for (const c of counts[d]) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let score = 0;
    for (const [count, lineCount] of freq) score = Math.max(score, lineCount * 1000 + count);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Undoes meld's spreadsheet formula guard: "'=SUM(A1)" was written for "=SUM(A1)" (and
 * "''=x" for "'=x", so a value that really starts with a quote survives the round trip). */
export function unguard(cell: string): string {
  return /^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/**
 * A tags cell: Mailchimp's `"Webinar","VIP"`, Outlook's `Clients;VIP`, meld's `vip, warm`, or
 * (with `google`) Google's `* myContacts ::: Clients`, whose `* ` system labels are dropped.
 */
export function parseTags(cell: string, google = false): string[] {
  const text = cell.trim();
  if (text === '') return [];
  let parts: string[];
  if (google && text.includes(':::')) parts = text.split(':::');
  else if (text.startsWith('"')) parts = [...text.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
  else parts = text.split(/[,;]/);
  return parts.map((p) => p.trim()).filter((p) => p !== '' && !(google && p.startsWith('*')));
}

/** How meld writes tags: `a, b`, or quoted like Mailchimp when a tag holds a comma or quote. */
export function formatTags(tags: readonly string[]): string {
  if (tags.some((t) => /[,;"]/.test(t))) return tags.map((t) => `"${t.replace(/"/g, '""')}"`).join(',');
  return tags.join(', ');
}

/** The address in an email cell: Google joins several with " ::: ", Outlook may write
 * `Ana Souza <ana@acme.io>`, some tools `mailto:`. Returns the first and the rest. */
export function splitEmails(cell: string): { first: string; rest: string[] } {
  const parts = cell
    .split(':::')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => (/<([^<>]+)>\s*$/.exec(p)?.[1] ?? p).replace(/^mailto:/i, '').trim());
  return { first: parts[0] ?? '', rest: parts.slice(1) };
}
