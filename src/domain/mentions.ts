// A person's words (name, email, phone) where a purge must find them: in history summaries and
// in other records' free text ("call with Zelda Quixote about zelda.q@…"). Pure. Works on records
// of any schema version, loosely typed, because a purge rewrites old backups too.

export const PURGED = '(purged)';

type Json = Record<string, unknown>;

/** Scripts written without spaces between words: a name there is found inside a sentence. */
// Made on first use: a pattern of Unicode scripts costs its module's start ~0.5 ms (#19).
let UNSPACED: RegExp | undefined;
const unspaced = (w: string) =>
  (UNSPACED ??= /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\s]+$/u).test(w);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds and blanks a person's words, longest first ("Ana Souza" before "Ana"), case-insensitive.
 * A word stands alone ("Bo" is not found in "Bob" or "about", "Mark" not in "Marketing"), except
 * in scripts without spaces, where 王芳 is found inside 和王芳开会.
 */
export class Words {
  readonly words: readonly string[];
  private readonly pattern: RegExp | null;

  constructor(words: Iterable<string>) {
    const unique = new Map<string, string>();
    for (const w of words) {
      const t = w.trim();
      if (t !== '') unique.set(t.toLowerCase(), t);
    }
    this.words = [...unique.values()].sort((a, b) => b.length - a.length);
    const parts = this.words.map((w) =>
      unspaced(w) ? escapeRegExp(w) : `(?<![\\p{L}\\p{N}])${escapeRegExp(w)}(?![\\p{L}\\p{N}])`,
    );
    this.pattern = parts.length > 0 ? new RegExp(parts.join('|'), 'giu') : null;
  }

  /** The same words and more (those a person had in an older version). */
  with(more: Iterable<string>): Words {
    return new Words([...this.words, ...more]);
  }

  found(text: string): boolean {
    if (!this.pattern) return false;
    this.pattern.lastIndex = 0;
    return this.pattern.test(text);
  }

  blank(text: string): string {
    return this.pattern ? text.replace(this.pattern, PURGED) : text;
  }
}

/** What a record may hold of a person: name, emails, phones (any of them missing). */
export function wordsOf(p: Json): string[] {
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return [p.name, p.email, p.phone, ...list(p.otherEmails), ...list(p.otherPhones)].filter(
    (w): w is string => typeof w === 'string' && w.trim() !== '',
  );
}

/** A record that mentions the person, by its reference (`#4`, `f12`, `a7`, `d3`, a campaign slug). */
export interface Mention {
  ref: string;
  /** The fields that mention them: `notes`, `text`, `fields.referral` … */
  where: string[];
}

const asRecords = (v: unknown): Json[] =>
  Array.isArray(v) ? v.filter((r): r is Json => typeof r === 'object' && r !== null) : [];

/**
 * The free text of one record, as [field, get, set]: what a note, an outcome, a reason or a
 * mail may say about someone else. Names, emails and tags are a record's own, not mentions.
 */
function texts(kind: string, r: Json): Array<[string, () => unknown, (v: string) => void]> {
  const field = (obj: Json, key: string, label = key): [string, () => unknown, (v: string) => void] => [
    label,
    () => obj[key],
    (v) => {
      obj[key] = v;
    },
  ];
  const out: Array<[string, () => unknown, (v: string) => void]> = [];
  const each = (list: unknown, key: string, label: string) => {
    for (const [i, item] of asRecords(list).entries()) out.push(field(item, key, `${label}[${i}].${key}`));
  };
  switch (kind) {
    case 'prospects': {
      const fields = r.fields;
      if (typeof fields === 'object' && fields !== null)
        for (const key of Object.keys(fields)) out.push(field(fields as Json, key, `fields.${key}`));
      out.push(field(r, 'lostReason'));
      each(r.history, 'reason', 'history');
      break;
    }
    case 'followUps':
      out.push(field(r, 'note'), field(r, 'outcome'));
      break;
    case 'activities': {
      out.push(field(r, 'text'));
      const mail = r.mail;
      if (typeof mail === 'object' && mail !== null)
        out.push(field(mail as Json, 'subject', 'mail.subject'), field(mail as Json, 'body', 'mail.body'));
      break;
    }
    case 'deals':
      out.push(field(r, 'title'), field(r, 'lostReason'));
      each(r.history, 'reason', 'history');
      break;
    case 'campaigns':
      out.push(field(r, 'note'));
      each(r.spend, 'note', 'spend');
      each(r.adjustments, 'note', 'adjustments');
      break;
  }
  return out;
}

const REF: Record<string, (r: Json) => string> = {
  prospects: (r) => `#${r.id}`,
  followUps: (r) => `f${r.id}`,
  activities: (r) => `a${r.id}`,
  deals: (r) => `d${r.id}`,
  campaigns: (r) => String(r.id),
};

/**
 * Every record of a data file (any version) whose free text mentions the person, and, with
 * `redact`, those mentions blanked in place. `theirs` (prospect ids) are the person's own
 * records, left out: a purge removes them whole.
 */
export function mentions(data: Json, words: Words, theirs: ReadonlySet<number>, redact = false): Mention[] {
  const found: Mention[] = [];
  for (const kind of Object.keys(REF)) {
    for (const r of asRecords(data[kind])) {
      if (kind === 'prospects' ? theirs.has(r.id as number) : theirs.has(r.prospectId as number)) continue;
      const where: string[] = [];
      for (const [label, get, set] of texts(kind, r)) {
        const value = get();
        if (typeof value !== 'string' || !words.found(value)) continue;
        where.push(label);
        if (redact) set(words.blank(value));
      }
      if (where.length > 0) found.push({ ref: REF[kind]!(r), where });
    }
  }
  return found;
}
