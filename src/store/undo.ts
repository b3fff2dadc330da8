import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { MeldError } from '../errors.js';
import { commitFile, copyVerified, removeStaleTemps, syncDir, tempPathFor } from './atomic.js';
import { Backups, type FileId, LATEST, linkOrCopy, pad, sameFile, statId } from './backups.js';
import { Journal, type JournalEntry } from './journal.js';
import { pauseAt } from './pause.js';

/*
 * The journal and the backups together: recording a change before its save, recognising a
 * change that never landed (a crash between the journal and the rename), and undo.
 *
 * Order of a save: snapshot the old file -> journal entry -> rename the new file. A crash
 * between the journal and the rename leaves an entry whose "before" is still the very file in
 * place (same inode, size and time): that change never landed, and `reconcile` drops it. Undo
 * follows the same rule in reverse.
 */

export interface FileMode {
  mode: number;
  uid: number;
  gid: number;
}

export class UndoLog {
  private constructor(
    readonly journal: Journal,
    readonly backups: Backups,
  ) {}

  get entries(): JournalEntry[] {
    return this.journal.entries;
  }

  /** Read-only use (`meld history`, doctor): no folder is created, nothing is fixed up. */
  static async read(dbPath: string, target = dbPath, copy = false): Promise<UndoLog> {
    return new UndoLog(await Journal.read(dbPath), new Backups(dbPath, target, copy));
  }

  /** Opens the log for a change, under the data file's lock: fixes up what a crash left. */
  static async open(dbPath: string, target = dbPath, copy = false): Promise<UndoLog> {
    const log = await UndoLog.read(dbPath, target, copy);
    await log.backups.ensure();
    await log.reconcile();
    return log;
  }

  /** True when the last entry's change never reached the data file (a crash mid-save or mid-undo). */
  private async lastIsPhantom(): Promise<boolean> {
    const last = this.entries.at(-1);
    if (!last) return false;
    const current = await statId(this.backups.target);
    // A first save that never landed: there was no file before, and there still is none, nor
    // a latest.json (kept once a save lands). With one, the saved file was moved or deleted since.
    if (last.before === null) return current === null && (await statId(this.backups.path(LATEST))) === null;
    if (last.beforeId !== undefined)
      return last.beforeId === null ? current === null : sameFile(current, last.beforeId);
    const backup = await statId(this.backups.path(last.before));
    return backup !== null && current !== null && backup.ino === current.ino;
  }

  private async reconcile(): Promise<void> {
    let changed = false;
    while (await this.lastIsPhantom()) {
      const last = this.entries.pop()!;
      if (last.before) await this.backups.remove(last.before);
      changed = true;
    }
    await removeStaleTemps(this.journal.file);
    await this.removeUnwanted();
    if (changed) await this.save();
  }

  private async removeUnwanted(): Promise<void> {
    await this.backups.removeUnwanted(new Set(this.entries.map((e) => e.before)));
  }

  /** Saves the journal, then deletes the backups of entries pruned from it. */
  async save(): Promise<void> {
    for (const e of await this.journal.save()) if (e.before) await this.backups.remove(e.before);
  }

  /**
   * Records a change about to be saved: a snapshot of the file in place, which must still be
   * `expected` (the file the change was made from), and a journal entry. Throws `changed` when
   * another program replaced the file meanwhile (nothing recorded then).
   */
  async record(
    summary: string,
    at: string,
    expected: FileId | null,
    after: FileId | null,
    changed: () => Error,
  ): Promise<JournalEntry> {
    const seq = this.journal.nextSeq();
    let before: string | null = null;
    if (expected !== null) {
      before = `${pad(seq)}.json`;
      const taken = await this.backups.snapshot(before);
      const snap = taken ? await statId(this.backups.path(before)) : null;
      const still = await statId(this.backups.target);
      const same = this.backups.copy
        ? sameFile(still, expected)
        : snap?.ino === expected.ino && sameFile(still, expected);
      if (!taken || !same) {
        await this.backups.remove(before);
        throw changed();
      }
    } else {
      if ((await statId(this.backups.target)) !== null) throw changed();
      // A file started anew (`--new`) after the old one went missing: undo brings the old one back.
      const latest = this.backups.path(LATEST);
      if (this.entries.length > 0 && (await statId(latest))) {
        before = `${pad(seq)}.json`;
        await fs.rm(this.backups.path(before), { force: true });
        await copyVerified(latest, this.backups.path(before));
        await fs.chmod(this.backups.path(before), 0o600);
      }
    }
    pauseAt('backed-up');
    const entry: JournalEntry = { seq, at, summary, before, beforeId: expected, after };
    this.journal.add(entry);
    await this.save();
    return entry;
  }

  /** Takes back an entry whose save did not happen after all (refused at the last moment). */
  async forget(entry: JournalEntry): Promise<void> {
    const i = this.entries.indexOf(entry);
    if (i < 0) return;
    this.entries.splice(i, 1);
    await this.save();
    if (entry.before) await this.backups.remove(entry.before);
  }

  /** Whether the data file is still the one the last change saved (no edit by hand since). */
  async currentIsLastSaved(): Promise<boolean> {
    const last = this.entries.at(-1);
    if (!last?.after) return true;
    return sameFile(await statId(this.backups.target), last.after);
  }

  /**
   * Puts the data file back as it was before the last change and forgets that change. The
   * version being undone is kept as `undone-<time>-<seq>.json`. The file keeps its owner and
   * mode (`keep`). Returns the entry undone, or null.
   */
  async undoLast(
    keep: FileMode | null,
  ): Promise<{ entry: JournalEntry; keptAs: string | null; outsideEdit: boolean } | null> {
    const last = this.entries.at(-1);
    if (!last) return null;
    if (last.before && !(await statId(this.backups.path(last.before)))) {
      throw new MeldError(
        `the backup of the file before "${last.summary}" is missing (${this.backups.path(last.before)}); nothing was undone`,
        { hint: '`meld history` lists the changes; the data file itself is fine' },
      );
    }
    const outsideEdit = !(await this.currentIsLastSaved());
    const keptName = `undone-${Date.now()}-${pad(last.seq)}.json`;
    const keptAs: string | null = (await this.backups.snapshot(keptName)) ? join(this.backups.dir, keptName) : null;
    const target = this.backups.target;
    if (last.before) {
      const tmp = tempPathFor(target);
      // The backup itself (a link: same file as that change saved, so `after` still recognises
      // it), given the data file's owner and mode: the backup is deleted just after.
      await linkOrCopy(this.backups.path(last.before), tmp);
      try {
        if (keep) {
          await fs.chmod(tmp, keep.mode & 0o7777);
          if (process.getuid?.() === 0) await fs.chown(tmp, keep.uid, keep.gid);
        }
      } catch (error) {
        await fs.rm(tmp, { force: true });
        throw error;
      }
      await commitFile(tmp, target);
    } else {
      await fs.rm(target, { force: true });
      await syncDir(dirname(target));
    }
    this.entries.pop();
    await this.save();
    if (last.before) await this.backups.remove(last.before);
    await this.removeUnwanted();
    return { entry: last, keptAs, outsideEdit };
  }

  /** Entries newest first, without those whose change never landed. */
  async recent(): Promise<JournalEntry[]> {
    const list = [...this.entries];
    if (await this.lastIsPhantom()) list.pop();
    return list.reverse();
  }
}
