import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

// Kept answers (src/store/answers.ts) as tests look at them: a hand change to one that then shows
// in a command's output proves the output came from it.

/** The kept answers beside a data file, by path. */
export const answerFiles = (db: string): string[] =>
  readdirSync(`${db}.d`)
    .filter((n) => n.startsWith('answer-'))
    .map((n) => `${db}.d/${n}`);

/** Replaces `from` by `to` (the same length, so no table moves) in every kept answer. */
export function tamper(db: string, from: string, to: string): void {
  if (from.length !== to.length) throw new Error('tamper: keep the length, or the columns move');
  for (const file of answerFiles(db)) writeFileSync(file, readFileSync(file, 'utf8').replaceAll(from, to));
}
