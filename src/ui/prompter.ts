import { CancelledError, UsageError } from '../errors.js';

export interface Choice<T> {
  name: string;
  value: T;
}

/**
 * The only way commands ask the user anything. Each question names the flag that answers it,
 * so a non-interactive run can say exactly what to pass instead.
 */
export interface Prompter {
  input(q: {
    message: string;
    flag: string;
    default?: string;
    validate?: (value: string) => string | true;
  }): Promise<string>;
  select<T>(q: { message: string; flag: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  confirm(q: { message: string; flag: string; default?: boolean }): Promise<boolean>;
}

function missing(flag: string): UsageError {
  return new UsageError(`missing ${flag}`, { hint: `pass ${flag}, or run in a terminal to be asked` });
}

/** For pipes, scripts and cron: every question is an error naming its flag. */
export const nonInteractivePrompter: Prompter = {
  input: async (q) => {
    throw missing(q.flag);
  },
  select: async (q) => {
    throw missing(q.flag);
  },
  confirm: async (q) => {
    throw missing(q.flag);
  },
};

/** inquirer, loaded on first question only (it costs ~100 ms to import). */
export function inquirerPrompter(): Prompter {
  const load = () => import('@inquirer/prompts');
  const cancellable = async <T>(ask: () => Promise<T>): Promise<T> => {
    try {
      return await ask();
    } catch (error) {
      if (error instanceof Error && error.name === 'ExitPromptError') throw new CancelledError();
      throw error;
    }
  };
  return {
    input: (q) =>
      cancellable(async () => {
        const { input } = await load();
        return input({ message: q.message, default: q.default, validate: q.validate });
      }),
    select: <T>(q: { message: string; flag: string; choices: Choice<T>[]; default?: T }) =>
      cancellable(async () => {
        const { select } = await load();
        return select<T>({ message: q.message, choices: q.choices, default: q.default });
      }),
    confirm: (q) =>
      cancellable(async () => {
        const { confirm } = await load();
        return confirm({ message: q.message, default: q.default });
      }),
  };
}
