import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { commitFile, stageFile } from './atomic.js';
import { BACKUP_NAME, backupDirFor, type FileId, KEEP_CHANGES } from './backups.js';

/*
 * The journal, `<data file>.d/history.json`: what each change meld made was, in words, and
 * which backup holds the file as it was before it. This file only reads and writes that list;
 * recovery.ts decides what a crash left behind and how an undo goes.
 */

export interface JournalEntry {
  seq: number;
  /** When the change was saved (ISO UTC). */
  at: string;
  /** What the command said it did: "add-prospect Ana Souza (#12)". */
  summary: string;
  /** Backup of the data file before this change, in the backup folder; null: there was no file. */
  before: string | null;
  /** The data file as it was before this change (to tell whether the change landed). */
  beforeId?: FileId | null;
  /** The file this change saved, to notice edits made outside meld since. */
  after: FileId | null;
}

interface JournalFile {
  version: 1;
  entries: JournalEntry[];
}

export class Journal {
  readonly file: string;
  /** Entries pruned by `add`: their backups go once the journal without them is saved. */
  readonly pruned: JournalEntry[] = [];

  private constructor(
    readonly dbPath: string,
    public entries: JournalEntry[],
  ) {
    this.file = join(backupDirFor(dbPath), 'history.json');
  }

  /** Reads the journal. A missing folder is an empty history; a damaged file is rebuilt from the backups. */
  static async read(dbPath: string): Promise<Journal> {
    const journal = new Journal(dbPath, []);
    journal.entries = await journal.load();
    return journal;
  }

  private async load(): Promise<JournalEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return this.rebuild();
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as JournalFile;
      if (!Array.isArray(parsed.entries)) throw new Error('no entries');
      return parsed.entries.filter((e) => typeof e.seq === 'number' && typeof e.summary === 'string');
    } catch {
      // A damaged journal must not cost the backups: keep it aside and rebuild from the files.
      await fs.rename(this.file, `${this.file}.damaged`).catch(() => undefined);
      return this.rebuild();
    }
  }

  /** Entries recovered from the backup files alone (summaries are lost). */
  private async rebuild(): Promise<JournalEntry[]> {
    const dir = backupDirFor(this.dbPath);
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    const entries: JournalEntry[] = [];
    for (const name of names.sort()) {
      const m = BACKUP_NAME.exec(name);
      if (!m) continue;
      const stat = await fs.stat(join(dir, name)).catch(() => null);
      entries.push({
        seq: Number(m[1]),
        at: stat ? stat.mtime.toISOString() : new Date(0).toISOString(),
        summary: '(change not recorded: the history file was missing or damaged)',
        before: name,
        after: null,
      });
    }
    return entries;
  }

  nextSeq(): number {
    return (this.entries.at(-1)?.seq ?? 0) + 1;
  }

  add(entry: JournalEntry): void {
    this.entries.push(entry);
    const drop = this.entries.length - KEEP_CHANGES;
    if (drop > 0) this.pruned.push(...this.entries.splice(0, drop));
  }

  /** Writes the journal atomically. Returns the entries pruned since the last save. */
  async save(): Promise<JournalEntry[]> {
    const body: JournalFile = { version: 1, entries: this.entries };
    await commitFile(await stageFile(this.file, `${JSON.stringify(body, null, 1)}\n`), this.file);
    return this.pruned.splice(0);
  }
}
