// Reading the messages of a mailbox (see ./source.ts) one after the other, as MailMessages.
// Nothing is held but the message being read: memory does not grow with the mailbox.
import { createReadStream } from 'node:fs';
import type { MailMessage } from '../../domain/mail/message.js';
import { BODY_BYTES, parseMail } from './parse.js';
import { mboxMessages, NotMbox, singleMessage, TruncatedMailbox } from './mbox.js';
import type { MailFile, MailSource } from './source.js';

export { TruncatedMailbox };

/** A mailbox that could not be read on: the messages read before were whole. */
export class DamagedMailbox extends Error {
  constructor(
    readonly file: string,
    /** Messages read whole (in all files) before the damage. */
    readonly complete: number,
    readonly why: string,
  ) {
    super(why);
  }
}

export interface ReadMailOptions {
  withBody: boolean;
  /** Called with the bytes read so far (compressed bytes for .gz) after each chunk. */
  onBytes?: (bytes: number) => void;
}

async function* counted(stream: NodeJS.ReadableStream, count: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    count(chunk.length);
    yield chunk;
  }
}

function gzipWhy(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/unexpected end of file/i.test(message)) return 'the .gz file is cut off';
  return `the .gz file is damaged (${message})`;
}

/**
 * The messages of `source`, in order. Throws DamagedMailbox when a file ends inside a message
 * (or a .gz stops unpacking) after yielding every message before the damage.
 */
export async function* readMail(source: MailSource, opts: ReadMailOptions): AsyncGenerator<MailMessage> {
  const keepBody = opts.withBody ? BODY_BYTES : 0;
  let before = 0;
  let index = 0;
  const bump = (n: number) => {
    before += n;
    opts.onBytes?.(before);
  };
  const named = source.files.length > 1;
  for (const file of source.files) {
    for await (const raw of rawMessages(file, keepBody, index, bump)) {
      index = raw.index;
      // Which file a message is in says something only when there are several.
      if (!named) raw.file = null;
      yield await parseMail(raw, opts.withBody);
    }
  }
}

async function* rawMessages(file: MailFile, keepBody: number, offset: number, bump: (n: number) => void) {
  const input = createReadStream(file.path, { highWaterMark: 256 * 1024 });
  try {
    if (file.kind === 'eml' || file.kind === 'emlx') {
      const raw = await singleMessage(counted(input, bump), {
        keepBody,
        file: file.path,
        index: offset + 1,
        folder: file.folder,
        skipFirstLine: file.kind === 'emlx',
      });
      yield raw;
      return;
    }
    let bytes: AsyncIterable<Buffer> = counted(input, bump);
    let gzipError: unknown = null;
    if (file.kind === 'mbox.gz') {
      const { createGunzip } = await import('node:zlib');
      const gunzip = createGunzip();
      // Errors reach the reader through the iterator below; this keeps a late one (after the
      // reader stopped early) from being an uncaught 'error' event.
      gunzip.on('error', () => {});
      input.on('error', (error) => gunzip.destroy(error));
      const raw = counted(input, bump);
      // Compressed bytes are counted as they are read; the gunzip stream is what is split.
      (async () => {
        try {
          for await (const chunk of raw) if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once('drain', r));
          gunzip.end();
        } catch (error) {
          gunzip.destroy(error as Error);
        }
      })();
      bytes = (async function* () {
        try {
          for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
        } catch (error) {
          gzipError = error;
        }
      })();
    }
    let last = offset;
    try {
      for await (const raw of mboxMessages(bytes, { keepBody, file: null, folder: file.folder })) {
        raw.index += offset;
        raw.file = file.path;
        last = raw.index;
        yield raw;
      }
    } catch (error) {
      if (error instanceof TruncatedMailbox) {
        throw new DamagedMailbox(file.path, offset + error.complete, gzipError ? gzipWhy(gzipError) : error.why);
      }
      if (error instanceof NotMbox && gzipError) throw new DamagedMailbox(file.path, last, gzipWhy(gzipError));
      throw error;
    }
    if (gzipError) throw new DamagedMailbox(file.path, last, gzipWhy(gzipError));
  } finally {
    input.destroy();
  }
}
