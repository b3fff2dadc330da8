// The note and follow-up a row brings: a step of the import planner (./plan.ts). A person
// gets a row's note unless they have that very note, and its follow-up unless one is open, so
// the same file imported again adds neither twice. Pure: `db` is only read.
import type { Db, IsoDay } from '../types.js';
import type { ImportPlan } from './import-plan.js';

export class Extras {
  /** Who has an open follow-up, on file or planned. */
  private readonly openFollowUp = new Set<number>();
  /** The note texts each person has, built on first use (most imports bring no notes). */
  private noteTexts: Map<number, Set<string>> | undefined;

  constructor(
    private readonly db: Pick<Db, 'followUps' | 'activities'>,
    private readonly plan: ImportPlan,
  ) {
    for (const f of db.followUps) if (f.status === 'open') this.openFollowUp.add(f.prospectId);
  }

  /** Plans a row's note and follow-up for a person, each when they have none like it yet.
   * Returns what was planned ('note', 'follow-up'), for the report. */
  bring(id: number, note: string | null, followUp: IsoDay | null): string[] {
    const added: string[] = [];
    const text = note?.trim();
    if (text && !this.notesOf(id).has(text)) {
      this.plan.notes.push({ prospectId: id, text });
      this.notesOf(id).add(text);
      added.push('note');
    }
    if (followUp && !this.openFollowUp.has(id)) {
      this.plan.followUps.push({ prospectId: id, due: followUp });
      this.openFollowUp.add(id);
      added.push('follow-up');
    }
    return added;
  }

  private notesOf(id: number): Set<string> {
    if (!this.noteTexts) {
      this.noteTexts = new Map();
      for (const a of this.db.activities) {
        if (a.type !== 'note') continue;
        let set = this.noteTexts.get(a.prospectId);
        if (!set) this.noteTexts.set(a.prospectId, (set = new Set()));
        set.add(a.text);
      }
    }
    let set = this.noteTexts.get(id);
    if (!set) this.noteTexts.set(id, (set = new Set()));
    return set;
  }
}
