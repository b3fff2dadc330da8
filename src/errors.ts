export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  cancelled: 130,
} as const;

/**
 * A problem the user can fix. The top level prints `error: <message>` (and the hint on the
 * next line) and exits with `exitCode`; nothing else in meld decides exit codes.
 */
export class MeldError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'MeldError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.error;
  }
}

/** Wrong words on the command line: exit 2, like commander's own usage errors. */
export class UsageError extends MeldError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, { ...options, exitCode: EXIT.usage });
    this.name = 'UsageError';
  }
}

export class CancelledError extends MeldError {
  constructor() {
    super('cancelled', { exitCode: EXIT.cancelled });
    this.name = 'CancelledError';
  }
}
