// Recognising a mailbox by its content, and reading its messages as a stream: an mbox (Gmail
// Takeout, Thunderbird, Apple Mail, mutt), the same gzipped, one .eml/.emlx message, or a
// folder of them (a folder of .eml files, Apple Mail's `Name.mbox/` export with its `mbox`
// file inside, a Thunderbird profile's `Mail/Local Folders`).
//
// This module is light (no mail library): `meld import` asks it whether a file is mail before
// reading it as a list. The reading itself (./read.ts) is loaded only for a mailbox.
import { createReadStream, promises as fs } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';

export type MailFileKind = 'mbox' | 'mbox.gz' | 'eml' | 'emlx';

export interface MailFile {
  path: string;
  kind: MailFileKind;
  size: number;
  /** The folder its messages were in, from its name ("Sent", "Drafts.mbox" -> "Drafts"). */
  folder: string | null;
}

export interface MailSource {
  /** What was given: a file or a folder. */
  path: string;
  /** What it is, for the summary: "mbox", "mbox (gzip)", ".eml message", "folder of mail". */
  label: string;
  files: MailFile[];
  /** Bytes to read in all (compressed bytes for .gz), for the progress bar. */
  totalBytes: number;
}

const GZIP = [0x1f, 0x8b];
/** Header names that say "mail" when a file starts with header lines. */
const MAIL_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'date',
  'subject',
  'message-id',
  'received',
  'return-path',
  'delivered-to',
  'mime-version',
  'content-type',
  'reply-to',
  'x-gmail-labels',
  'x-gm-thrid',
]);
/** Folder and file names never read in a folder walk (Thunderbird's indexes, Apple's lists). */
const NOT_MAIL = /\.(msf|dat|json|sqlite|db|plist|html?|txt|csv|log|toc|ini|js|lock)$|^table_of_contents$|^\./i;
const MAX_DEPTH = 8;

async function head(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const handle = await fs.open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isGzip(buf: Buffer): boolean {
  return buf.length >= 2 && buf[0] === GZIP[0] && buf[1] === GZIP[1];
}

/** The first line that is not blank, and the lines after it. */
function lines(buf: Buffer): string[] {
  let text = buf.toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  return text.replace(/^(?:[ \t]*\r?\n)+/, '').split(/\r?\n/);
}

/** An mbox starts with a `From ` line followed by header lines. */
export function looksLikeMbox(buf: Buffer): boolean {
  const [first, second] = lines(buf);
  return first?.startsWith('From ') === true && second !== undefined && headerName(second) !== null;
}

function headerName(line: string): string | null {
  const m = /^([!-9;-~]+):/.exec(line);
  return m ? m[1]!.toLowerCase() : null;
}

/** A message starts with header lines, at least two of which only mail has. */
export function looksLikeMessage(buf: Buffer): boolean {
  const all = lines(buf);
  if (all.length === 0 || headerName(all[0]!) === null) return false;
  const seen = new Set<string>();
  for (const line of all) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) continue;
    const name = headerName(line);
    if (name === null) return false;
    if (MAIL_HEADERS.has(name)) seen.add(name);
  }
  return seen.size >= 2 && (seen.has('from') || seen.has('received') || seen.has('message-id'));
}

/** An .emlx (Apple Mail's own store): a byte count line, then the message. */
function looksLikeEmlx(path: string, buf: Buffer): boolean {
  if (extname(path).toLowerCase() !== '.emlx') return false;
  const nl = buf.indexOf(10);
  return nl > 0 && /^\s*\d+\s*$/.test(buf.toString('latin1', 0, nl)) && looksLikeMessage(buf.subarray(nl + 1));
}

export class UnreadableGzip extends Error {}

/** A path that is mail-shaped but holds none: a .gz of something else, a folder without mail. */
export class NoMailHere extends Error {}

/** The first bytes of a gzip file, unpacked; throws UnreadableGzip when it does not unpack. */
async function gunzipHead(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const { createGunzip } = await import('node:zlib');
  const gunzip = createGunzip();
  const input = createReadStream(path);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of input.pipe(gunzip) as AsyncIterable<Buffer>) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= bytes) break;
    }
  } catch (error) {
    if (size === 0) throw new UnreadableGzip((error as Error).message);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(parts);
}

/** The folder name a mailbox file stands for: "Sent", "Drafts.mbox" -> "Drafts", "Inbox.sbd/Work" -> "Work". */
function folderName(path: string): string {
  let name = basename(path);
  for (;;) {
    const ext = extname(name).toLowerCase();
    if (ext === '.gz' || ext === '.mbox' || ext === '.mbx') name = name.slice(0, -ext.length);
    else break;
  }
  if (name === 'mbox') {
    // Apple Mail's export: `Sent Messages.mbox/mbox`.
    const parent = basename(join(path, '..'));
    return parent.replace(/\.mbox$/i, '');
  }
  return name;
}

/** What kind of mail `path` (a file) holds, or null when it holds none. */
async function fileKind(path: string, buf: Buffer): Promise<MailFileKind | null> {
  if (isGzip(buf)) return looksLikeMbox(await gunzipHead(path)) ? 'mbox.gz' : null;
  if (looksLikeMbox(buf)) return 'mbox';
  if (looksLikeEmlx(path, buf)) return 'emlx';
  if (looksLikeMessage(buf)) return 'eml';
  return null;
}

async function walk(root: string, dir: string, depth: number, out: MailFile[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (NOT_MAIL.test(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth < MAX_DEPTH) await walk(root, path, depth + 1, out);
      continue;
    }
    if (!entry.isFile()) continue;
    let buf: Buffer;
    try {
      buf = await head(path);
    } catch {
      continue;
    }
    let kind: MailFileKind | null;
    try {
      kind = await fileKind(path, buf);
    } catch (error) {
      if (error instanceof UnreadableGzip) continue;
      throw error;
    }
    if (kind === null) continue;
    const { size } = await fs.stat(path);
    const folder = kind === 'mbox' || kind === 'mbox.gz' ? folderName(path) : folderName(relative(root, dir) || '.');
    out.push({ path, kind, size, folder: folder === '.' ? null : folder });
  }
}

/**
 * The mailbox at `path` when it holds mail, else null (a contact list, a workbook). Throws
 * UnreadableGzip for a .gz that does not unpack, NoMailHere for a folder without mail or a .gz
 * of something else (meld reads no other folders or gzip files).
 */
export async function detectMail(path: string): Promise<MailSource | null> {
  const stat = await fs.stat(path);
  if (stat.isDirectory()) {
    const files: MailFile[] = [];
    await walk(path, path, 0, files);
    if (files.length === 0) throw new NoMailHere('a folder with no mail in it (.eml, .emlx or mbox files)');
    const single = files.length === 1 && (files[0]!.kind === 'mbox' || files[0]!.kind === 'mbox.gz');
    return {
      path,
      label: single
        ? 'mbox'
        : files.every((f) => f.kind === 'eml' || f.kind === 'emlx')
          ? 'folder of .eml'
          : 'folder of mail',
      files,
      totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    };
  }
  if (!stat.isFile()) return null;
  const buf = await head(path);
  const kind = await fileKind(path, buf);
  if (kind === null && isGzip(buf)) throw new NoMailHere('a gzip file that holds no mailbox');
  if (kind === null) return null;
  return {
    path,
    label: kind === 'mbox' ? 'mbox' : kind === 'mbox.gz' ? 'mbox (gzip)' : 'mail message',
    files: [{ path, kind, size: stat.size, folder: kind === 'mbox' || kind === 'mbox.gz' ? folderName(path) : null }],
    totalBytes: stat.size,
  };
}
