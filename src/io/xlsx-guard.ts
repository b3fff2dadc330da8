// An .xlsx is a zip: a 3 MB file can expand to gigabytes, in the parts meld reads (the sheet,
// the shared strings) or in parts it never reads (images, a bomb hidden in docProps). Before the
// workbook reader sees it, meld reads the zip's directory itself, inflates only the parts it
// needs, each checked against its declared size and a limit while inflating, counts the sheet's
// rows, and hands the reader a small zip of just those parts: what it does not read is never
// inflated, and a bomb is refused in one line before it costs memory.
import { crc32, inflateRawSync } from 'node:zlib';
import { MeldError } from '../errors.js';

export const XLSX_LIMITS = {
  /** The sheet meld reads, uncompressed. */
  sheetBytes: 64 * 1024 * 1024,
  /** The shared strings (the text of every cell), uncompressed. */
  stringsBytes: 64 * 1024 * 1024,
  /** Every other part meld reads (workbook, styles, relations), uncompressed. */
  otherBytes: 8 * 1024 * 1024,
  /** Rows of the sheet: the workbook reader holds them all in memory (~5 KB a row at peak). */
  rows: 100_000,
};

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The parts of a workbook meld reads; every other one is left compressed and dropped. */
const READ =
  /^(?:\[Content_Types\]\.xml|_rels\/\.rels|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/sharedStrings\.xml|xl\/styles\.xml|xl\/theme\/theme\d+\.xml|xl\/worksheets\/sheet\d+\.xml|xl\/worksheets\/_rels\/sheet\d+\.xml\.rels)$/;

/** A sheet that is not the one being read: its part is replaced by an empty sheet, never inflated. */
const EMPTY_SHEET = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
);

function bad(file: string, why: string): MeldError {
  return new MeldError(`cannot read "${file}" as an Excel workbook: ${why}`, {
    hint: 'open it in Excel or LibreOffice and save it again, or save the sheet as CSV and import that',
  });
}

const MB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function directory(zip: Buffer, file: string): Entry[] {
  // The end-of-directory record: in the last 22 bytes plus a comment of up to 64 KB.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw bad(file, 'its zip directory is missing (the file is cut short or not a workbook)');
  const count = zip.readUInt16LE(end + 10);
  const size = zip.readUInt32LE(end + 12);
  const offset = zip.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    throw bad(file, 'it is a ZIP64 archive, which only workbooks over 4 GB need');
  }
  if (offset + size > end) throw bad(file, 'its zip directory points outside the file');
  const entries: Entry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== 0x02014b50) throw bad(file, 'its zip directory is damaged');
    const nameLength = zip.readUInt16LE(at + 28);
    const entry: Entry = {
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    };
    entries.push(entry);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function limitFor(name: string): number {
  if (/^xl\/worksheets\//.test(name)) return XLSX_LIMITS.sheetBytes;
  if (name === 'xl/sharedStrings.xml') return XLSX_LIMITS.stringsBytes;
  return XLSX_LIMITS.otherBytes;
}

/** One part, inflated: never more than it declares, which is within its limit. */
function inflate(zip: Buffer, entry: Entry, file: string): Buffer {
  const limit = limitFor(entry.name);
  if (entry.size > limit) {
    throw new MeldError(
      `"${file}" is too big to import: its part ${entry.name} expands to ${MB(entry.size)} (meld reads up to ${MB(limit)})`,
      { hint: 'save the sheet as CSV and import that, or split it into smaller workbooks' },
    );
  }
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw bad(file, `the part ${entry.name} is missing`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw bad(file, `the part ${entry.name} is cut short`);
  let out: Buffer;
  if (entry.method === 0) out = Buffer.from(data);
  else if (entry.method === 8) {
    try {
      // One byte more than declared is room enough to tell a part that holds more than it says.
      out = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
    } catch {
      throw bad(file, `the part ${entry.name} holds more than the ${entry.size} bytes it declares, or is damaged`);
    }
  } else throw bad(file, `the part ${entry.name} is compressed in a way Excel does not use (method ${entry.method})`);
  if (out.length !== entry.size) {
    throw bad(file, `the part ${entry.name} holds ${out.length} bytes, not the ${entry.size} it declares`);
  }
  return out;
}

/** The part of the sheet `wanted` (by name; the first when undefined), from the workbook and its relations. */
function sheetPart(workbook: string, rels: string, wanted: string | undefined): string | null {
  const sheets = [...workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)].map((m) => ({
    name: /\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? '',
    id: /\br:id="([^"]*)"/.exec(m[1]!)?.[1] ?? /\bid="([^"]*)"/.exec(m[1]!)?.[1] ?? '',
  }));
  const decodeXml = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const chosen =
    wanted === undefined
      ? sheets[0]
      : (sheets.find((s) => decodeXml(s.name) === wanted) ??
        sheets.find((s) => decodeXml(s.name).toLowerCase() === wanted.toLowerCase()));
  if (!chosen) return null;
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)\/?>/g)) {
    if (/\bId="([^"]*)"/.exec(m[1]!)?.[1] !== chosen.id) continue;
    const target = /\bTarget="([^"]*)"/.exec(m[1]!)?.[1];
    if (!target) return null;
    return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  }
  return null;
}

/** A relationships part with only its links to outside the file (hyperlinks). */
function externalOnly(xml: Buffer): Buffer {
  const text = xml.toString('utf8');
  const kept = [...text.matchAll(/<(?:\w+:)?Relationship\b[^>]*\/>/g)]
    .map((m) => m[0])
    .filter((r) => /\bTargetMode="External"/.test(r));
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${kept.join('')}</Relationships>`,
  );
}

/** How many rows a sheet's XML holds. */
function countRows(xml: Buffer): number {
  let rows = 0;
  for (let at = xml.indexOf('<row'); at >= 0; at = xml.indexOf('<row', at + 4)) {
    const next = xml[at + 4];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) rows++;
  }
  return rows;
}

/** A zip of `parts`, stored (not compressed): the reader has nothing left to inflate. */
function storedZip(parts: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of parts) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * The workbook reduced to what meld reads, every part checked: a small stored zip for the
 * workbook reader. Throws a one-line MeldError for a bomb, a sheet over the row limit or a
 * damaged zip.
 */
export function guardedWorkbook(zip: Buffer, file: string, sheet: string | undefined): Buffer {
  const entries = directory(zip, file);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const text = (name: string) => {
    const e = byName.get(name);
    return e ? inflate(zip, e, file).toString('utf8') : '';
  };
  const wanted = sheetPart(text('xl/workbook.xml'), text('xl/_rels/workbook.xml.rels'), sheet);
  const parts: Array<{ name: string; data: Buffer }> = [];
  for (const entry of entries) {
    if (!READ.test(entry.name)) continue;
    const rels = /^xl\/worksheets\/_rels\/(sheet\d+\.xml)\.rels$/.exec(entry.name);
    if (rels) {
      // The sheet's links (hyperlinks point outside the file); links to parts meld drops
      // (drawings, comments, tables) go, so the reader does not look for them.
      if (wanted === `xl/worksheets/${rels[1]}`) {
        parts.push({ name: entry.name, data: externalOnly(inflate(zip, entry, file)) });
      }
      continue;
    }
    const isSheet = entry.name.startsWith('xl/worksheets/');
    // Not the sheet being read (or none matches --sheet: the reader then lists the names).
    if (isSheet && entry.name !== wanted) {
      parts.push({ name: entry.name, data: EMPTY_SHEET });
      continue;
    }
    const data = inflate(zip, entry, file);
    if (isSheet) {
      const rows = countRows(data);
      // The header row and XLSX_LIMITS.rows rows below it.
      if (rows - 1 > XLSX_LIMITS.rows) {
        throw new MeldError(
          `"${file}" has ${(rows - 1).toLocaleString('en-US')} rows below the header in that sheet; meld imports up to ${XLSX_LIMITS.rows.toLocaleString('en-US')} rows from a workbook`,
          { hint: 'save the sheet as CSV (meld imports up to 500,000 rows from a CSV), or split it' },
        );
      }
    }
    parts.push({ name: entry.name, data });
  }
  return storedZip(parts);
}
