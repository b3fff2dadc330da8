import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { XLSX_LIMITS } from '../../src/io/xlsx-guard.js';
import { runMeld, tempDir } from '../helpers/harness.js';

/*
 * Workbook bombs: an .xlsx is a zip, and a few MB can declare or expand to gigabytes. Each
 * workbook here is built by hand from the parts of a real one (test/fixtures/import/leads.xlsx),
 * with one part made hostile.
 */

const LEADS = fileURLToPath(new URL('../fixtures/import/leads.xlsx', import.meta.url));

interface Part {
  name: string;
  /** The bytes stored in the zip (deflated when `method` is 8). */
  data: Buffer;
  method: 0 | 8;
  /** What the directory says the part expands to. */
  size: number;
  crc: number;
}

/** The parts of a zip (enough of the format for the workbooks meld's tests write). */
function partsOf(zip: Buffer): Part[] {
  let end = zip.length - 22;
  while (zip.readUInt32LE(end) !== 0x06054b50) end--;
  const parts: Part[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const compressed = zip.readUInt32LE(at + 20);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    parts.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10) as 0 | 8,
      data: zip.subarray(start, start + compressed),
      size: zip.readUInt32LE(at + 24),
      crc: zip.readUInt32LE(at + 16),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return parts;
}

function zipOf(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(p.method, 8);
    head.writeUInt32LE(p.crc, 14);
    head.writeUInt32LE(p.data.length, 18);
    head.writeUInt32LE(p.size, 22);
    head.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(p.method, 10);
    dir.writeUInt32LE(p.crc, 16);
    dir.writeUInt32LE(p.data.length, 20);
    dir.writeUInt32LE(p.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    chunks.push(head, name, p.data);
    central.push(dir, name);
    offset += 30 + name.length + p.data.length;
  }
  const size = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

const deflated = (name: string, content: Buffer, declared = content.length): Part => ({
  name,
  method: 8,
  data: deflateRawSync(content),
  size: declared,
  crc: crc32(content),
});

const text = (p: Part) => (p.method === 8 ? inflateRawSync(p.data) : p.data).toString('utf8');

/** leads.xlsx with `change` applied to its parts, written to a temp folder. */
function workbook(change: (parts: Part[]) => Part[]): string {
  const file = join(tempDir(), 'leads.xlsx');
  writeFileSync(file, zipOf(change(partsOf(readFileSync(LEADS)))));
  return file;
}

async function importOf(file: string) {
  return runMeld(['import', file, '--dry-run']);
}

describe('xlsx bombs are refused before they cost memory; what meld does not read is never inflated', () => {
  it('the hand-built copy of leads.xlsx imports as the original does', async () => {
    const r = await importOf(workbook((parts) => parts));
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/would add 3/);
  });

  it('a part meld never reads that declares 3 GB (and is garbage) is not inflated: the import goes on', async () => {
    const file = workbook((parts) => [
      ...parts,
      { name: 'docProps/bomb.xml', method: 8, data: Buffer.from('not deflate at all'), size: 3_000_000_000, crc: 0 },
      { name: 'xl/media/image1.png', method: 8, data: Buffer.alloc(64, 1), size: 4_000_000_000, crc: 0 },
    ]);
    const r = await importOf(file);
    expect(r.stderr).toMatch(/would add 3/);
    expect(r.exitCode).toBe(0);
  });

  it('a sheet that declares a few bytes and expands to 40 MB is refused when it passes what it declared', async () => {
    const file = workbook((parts) =>
      parts.map((p) =>
        p.name === 'xl/worksheets/sheet1.xml'
          ? deflated(p.name, Buffer.concat([Buffer.from(text(p)), Buffer.alloc(40 * 1024 * 1024, 0x20)]), 1788)
          : p,
      ),
    );
    const r = await importOf(file);
    expect(r.stderr).toBe(
      `error: cannot read "${file}" as an Excel workbook: the part xl/worksheets/sheet1.xml holds more than the 1788 bytes it declares, or is damaged\n  hint: open it in Excel or LibreOffice and save it again, or save the sheet as CSV and import that\n`,
    );
    expect(r.exitCode).toBe(1);
  });

  it('shared strings that declare 3 GB are refused without inflating them', async () => {
    const file = workbook((parts) =>
      parts.map((p) => (p.name === 'xl/sharedStrings.xml' ? { ...p, size: 3_000_000_000 } : p)),
    );
    const r = await importOf(file);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: "${file}" is too big to import: its part xl/sharedStrings.xml expands to 2861 MB (meld reads up to 64 MB)`,
    );
    expect(r.exitCode).toBe(1);
  });

  it(`a sheet of more than ${XLSX_LIMITS.rows.toLocaleString('en-US')} rows is refused, pointing to CSV`, async () => {
    const rows: string[] = [];
    for (let i = 1; i <= XLSX_LIMITS.rows + 2; i++)
      rows.push(`<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>P${i}</t></is></c></row>`);
    const sheet = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`,
    );
    const file = workbook((parts) =>
      parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? deflated(p.name, sheet) : p)),
    );
    const r = await importOf(file);
    expect(r.stderr.split('\n')[0]).toBe(
      `error: "${file}" has 100,001 rows below the header in that sheet; meld imports up to 100,000 rows from a workbook`,
    );
    expect(r.exitCode).toBe(1);
  });

  it('another sheet meld does not read may be a bomb: only the chosen sheet is inflated', async () => {
    const file = workbook((parts) =>
      parts.map((p) =>
        p.name === 'xl/worksheets/sheet2.xml' ? { ...p, data: Buffer.from('garbage'), size: 3_000_000_000 } : p,
      ),
    );
    const r = await importOf(file);
    expect(r.stderr).toMatch(/would add 3/);
    expect(r.exitCode).toBe(0);
  });
});

describe('CSV row limit', () => {
  it('a CSV of more than 500,000 rows is refused in one line before the rest is read', async () => {
    const file = join(tempDir(), 'huge.csv');
    writeFileSync(file, `name\n${'x\n'.repeat(500_001)}`);
    const r = await runMeld(['import', file, '--dry-run']);
    expect(r.stderr).toBe(
      `error: "${file}" has more than 500,000 rows; meld imports up to 500,000 at a time\n  hint: split it into smaller files and import them one after the other\n`,
    );
    expect(r.exitCode).toBe(1);
  });
});
