// vCard files (.vcf: what phones, Apple and Google Contacts and Outlook share) read into the
// same table of rows as a CSV, so they go through the same checks, dedupe and report.
// vCard 3.0 and 4.0 are parsed by ical.js (passed in: it is loaded lazily by the command);
// vCard 2.1's bare parameters (`TEL;CELL:`) and quoted-printable values are made 3.0 first.
import type ICALModule from 'ical.js';
import { mapColumns } from './columns.js';
import type { Rejection, SourceRow, Table } from './rows.js';

type ICAL = typeof ICALModule;

/** The columns a card becomes; the names are the aliases import already knows. */
const HEADERS = [
  'Name',
  'First Name',
  'Middle Name',
  'Last Name',
  'Email',
  'Other Emails',
  'Phone',
  'Other Phones',
  'Company',
  'Department',
  'Job Title',
  'Notes',
  'Categories',
  'Nickname',
  'Birthday',
  'Address',
  'URL',
  'Stage',
  'Campaign',
] as const;
type Header = (typeof HEADERS)[number];

/** Whether a file is a vCard: its name, or its first line. */
export function looksLikeVcard(fileName: string, text: string): boolean {
  return /\.(vcf|vcard)$/i.test(fileName) || /^\s*BEGIN:VCARD\s*$/im.test(text.slice(0, 200));
}

/** One card's text and the line it starts on. */
interface CardText {
  line: number;
  lines: string[];
}

/** Splits the file into cards by BEGIN/END lines, unfolding folded and quoted-printable lines. */
function splitCards(text: string): CardText[] {
  const raw = text.split(/\r\n|\r|\n/);
  const cards: CardText[] = [];
  let current: CardText | null = null;
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]!;
    if (current && /^[ \t]/.test(line) && current.lines.length > 0) {
      // RFC folding: a line that starts with a space or tab continues the one before.
      current.lines[current.lines.length - 1] += line.slice(1);
      continue;
    }
    // vCard 2.1 quoted-printable: a soft line break is a "=" at the end of the line.
    while (
      /ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE[;:]/i.test(line.split(':')[0] ?? '') &&
      /=$/.test(line) &&
      i + 1 < raw.length
    )
      line = line.slice(0, -1) + raw[++i]!;
    if (/^BEGIN:VCARD$/i.test(line.trim())) {
      current = { line: i + 1, lines: [line.trim()] };
      continue;
    }
    if (!current) continue;
    current.lines.push(line);
    if (/^END:VCARD$/i.test(line.trim())) {
      cards.push(current);
      current = null;
    }
  }
  if (current) cards.push({ ...current, lines: [...current.lines, 'END:VCARD'] });
  return cards;
}

/** Quoted-printable bytes, decoded in their charset. */
function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(value.charCodeAt(i) & 0xff);
  }
  try {
    return new TextDecoder(charset).decode(new Uint8Array(bytes));
  } catch {
    return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
  }
}

/** A vCard 2.1 line as 3.0: bare parameters become TYPE=…, quoted-printable values decoded. */
function modernise(line: string): string {
  const colon = line.indexOf(':');
  if (colon <= 0) return line;
  const [name, ...params] = line.slice(0, colon).split(';');
  let value = line.slice(colon + 1);
  let charset = 'utf-8';
  let qp = false;
  const kept: string[] = [];
  for (const param of params) {
    const [key, val] = param.includes('=')
      ? [param.slice(0, param.indexOf('=')), param.slice(param.indexOf('=') + 1)]
      : [null, param];
    const upper = (key ?? '').toUpperCase();
    if (upper === 'CHARSET') charset = val;
    else if ((upper === 'ENCODING' || key === null) && /^QUOTED-PRINTABLE$/i.test(val)) qp = true;
    else if (key === null && /^(BASE64|B|8BIT|7BIT)$/i.test(val)) kept.push(`ENCODING=${val}`);
    else if (key === null) kept.push(`TYPE=${val}`);
    else kept.push(param);
  }
  if (qp) {
    const structured = /^(N|ADR|ORG)$/i.test(name!);
    value = decodeQuotedPrintable(value, charset)
      .replace(/\\/g, '\\\\')
      .replace(/\r\n|\r|\n/g, '\\n')
      .replace(structured ? /(?!)/g : /,/g, '\\,');
  }
  return `${[name, ...kept].join(';')}:${value}`;
}

type JCardProperty = [string, Record<string, string | string[]>, string, ...unknown[]];

const asText = (v: unknown): string =>
  Array.isArray(v)
    ? v
        .map(asText)
        .filter((s) => s !== '')
        .join(', ')
    : v === null || v === undefined
      ? ''
      : String(v);

const isPreferred = (params: Record<string, string | string[]>) => {
  const types = ([] as string[]).concat(params.type ?? []).map((t) => t.toLowerCase());
  return types.includes('pref') || params.pref === '1';
};

/** The row of one parsed card. */
function cardRow(props: JCardProperty[]): Record<Header, string> {
  const row = Object.fromEntries(HEADERS.map((h) => [h, ''])) as Record<Header, string>;
  const all = (name: string) => props.filter((p) => p[0] === name);
  const one = (name: string) => all(name)[0];
  const ordered = (name: string) =>
    [...all(name).filter((p) => isPreferred(p[1])), ...all(name).filter((p) => !isPreferred(p[1]))]
      .map((p) => asText(p.slice(3)).replace(/^tel:/i, '').trim())
      .filter((v, i, list) => v !== '' && list.indexOf(v) === i);
  row.Name = asText(one('fn')?.[3]).trim();
  const n = one('n')?.[3];
  if (Array.isArray(n)) {
    row['Last Name'] = asText(n[0]);
    row['First Name'] = asText(n[1]);
    row['Middle Name'] = asText(n[2]);
  }
  const emails = ordered('email');
  row.Email = emails[0] ?? '';
  row['Other Emails'] = emails.slice(1).join('; ');
  const phones = ordered('tel');
  row.Phone = phones[0] ?? '';
  row['Other Phones'] = phones.slice(1).join('; ');
  const org = one('org')?.[3];
  const orgParts = (Array.isArray(org) ? org : [org]).map(asText).filter((s) => s !== '');
  row.Company = orgParts[0] ?? '';
  row.Department = orgParts.slice(1).join(', ');
  row['Job Title'] = asText(one('title')?.[3]);
  // meld's own export writes "meld #12, stage qualified, campaign Summit" as the NOTE of a card
  // whose UID is meld-prospect-12: read back, that is the stage and campaign, not a note.
  const own = /^meld-prospect-\d+$/.test(asText(one('uid')?.[3]));
  const notes: string[] = [];
  for (const p of all('note')) {
    const note = asText(p[3]);
    const mine = own ? /^meld #\d+, stage ([a-z]+)(?:, campaign (.+))?$/.exec(note) : null;
    if (mine) {
      row.Stage = mine[1]!;
      row.Campaign = mine[2] ?? '';
    } else notes.push(note);
  }
  row.Notes = notes.join('\n');
  // Google's system groups are not labels anyone chose.
  row.Categories = all('categories')
    .flatMap((p) => p.slice(3).map(asText))
    .filter((c) => !/^(mycontacts|starred)$/i.test(c.trim()))
    .join(', ');
  row.Nickname = asText(one('nickname')?.[3]);
  row.Birthday = asText(one('bday')?.[3]);
  const adr = one('adr')?.[3];
  row.Address = (Array.isArray(adr) ? adr : [adr])
    .map(asText)
    .filter((s) => s !== '')
    .join(', ');
  row.URL = asText(one('url')?.[3]);
  return row;
}

/**
 * A .vcf file as a table: one row per card, numbered by the line its BEGIN:VCARD is on. A card
 * ical.js cannot read is rejected by that line; the others come in.
 */
export function vcardTable(text: string, ical: ICAL): { table: Table; broken: Rejection[] } {
  const rows: SourceRow[] = [];
  const broken: Rejection[] = [];
  for (const card of splitCards(text)) {
    const lines = card.lines.map(modernise).filter((l) => l.trim() !== '');
    let props: JCardProperty[];
    const skipped: string[] = [];
    try {
      props = parseCard(ical, lines);
    } catch {
      // One broken property (a photo whose folding was lost, a bad value) must not lose the
      // person: each property is tried on its own, and the broken ones skipped with a warning.
      const good: string[] = [];
      for (const group of properties(lines)) {
        const name = /^(?:[\w-]+\.)?([\w-]+)/.exec(group[0]!)?.[1]?.toUpperCase() ?? 'a';
        if (/^(BEGIN|END)$/.test(name)) continue;
        if (group.length === 1 && (name === 'VERSION' || parsesAlone(ical, group[0]!))) good.push(group[0]!);
        else skipped.push(name);
      }
      try {
        props = parseCard(ical, ['BEGIN:VCARD', ...good, 'END:VCARD']);
      } catch (error) {
        broken.push({ line: card.line, reason: `unreadable vCard: ${(error as Error).message}` });
        continue;
      }
    }
    const row = cardRow(props);
    rows.push({
      line: card.line,
      cells: HEADERS.map((h) => row[h]),
      warnings: skipped.map((name) => ({ column: 'vCard', message: `skipped a broken ${name} property of this card` })),
    });
  }
  const headers = [...HEADERS];
  return { table: { source: 'vcard', headers, headerLine: 0, rows, columns: mapColumns(headers, 'vcard') }, broken };
}

function parsesAlone(ical: ICAL, line: string): boolean {
  try {
    parseCard(ical, ['BEGIN:VCARD', 'VERSION:3.0', line, 'END:VCARD']);
    return true;
  } catch {
    return false;
  }
}

function parseCard(ical: ICAL, lines: readonly string[]): JCardProperty[] {
  const parsed = ical.parse(`${lines.join('\r\n')}\r\n`);
  return ((parsed as [string, JCardProperty[]])[1] ?? []) as JCardProperty[];
}

/** A card's lines by property: a line that starts no property (a base64 line whose folding was
 * lost) goes with the property before it, which is then broken. */
function properties(lines: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const line of lines) {
    if (/^[\w.-]+[;:]/.test(line) || groups.length === 0) groups.push([line]);
    else groups[groups.length - 1]!.push(line);
  }
  return groups;
}
