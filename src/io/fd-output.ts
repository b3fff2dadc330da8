import { writeSync } from 'node:fs';
import { MeldError } from '../errors.js';
import { fsCause } from '../store/fs-errors.js';

/**
 * Output written straight to a file descriptor (stdout or stderr sent to a file or a pipe): no
 * stream is set up, which is 1.5-2.5 ms of every run, and each write is done when it returns, so
 * output and exit code agree. A reader that closed the pipe (`meld … | head`) ends the run quietly
 * (`onClosed`, as a stream's EPIPE did); a pipe opened non-blocking by the program reading it is
 * waited on; any other failure (a full disk behind `> file`) is thrown, so the command fails.
 */
export function fdOutput(fd: number, onClosed: () => void): { write(chunk: string): boolean } {
  let pause: Int32Array | undefined;
  return {
    write(chunk: string): boolean {
      const bytes = Buffer.from(chunk, 'utf8');
      for (let at = 0; at < bytes.length; ) {
        try {
          at += writeSync(fd, bytes, at, bytes.length - at);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') {
            onClosed();
            return false;
          }
          if (code !== 'EAGAIN')
            throw new MeldError(
              `cannot write ${fd === 1 ? 'the output' : 'to standard error'}: ${fsCause(error) ?? (error as Error).message}`,
              { hint: fd === 1 ? 'what was printed before this is incomplete' : undefined },
            );
          pause ??= new Int32Array(new SharedArrayBuffer(4));
          Atomics.wait(pause, 0, 0, 2); // the reader is behind: 2 ms, then again
        }
      }
      return true;
    },
  };
}
