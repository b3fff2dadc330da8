import { promises as fs } from 'node:fs';
import { Low, type Adapter } from 'lowdb';
import { MeldError } from '../errors.js';
import { emptyDb, type Db } from '../domain/types.js';
import { writeFileAtomic } from './atomic.js';
import { parseDbText } from './load.js';
import { serializeDb } from './serialize.js';

/** What a write command did, in words: kept for `meld history` and `meld undo`. */
export interface Change<T> {
  summary: string;
  result: T;
}

export interface Store {
  readonly path: string;
  /** The current data; an empty database when the file does not exist yet. Never locks. */
  read(): Promise<Db>;
  /** Read, change and save as one step. `change` mutates the db it is given. */
  write<T>(change: (db: Db) => Change<T>): Promise<T>;
}

/** lowdb adapter that validates on read and saves atomically. */
class ValidatedJsonFile implements Adapter<Db> {
  constructor(private readonly path: string) {}

  async read(): Promise<Db | null> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      if (code === 'EISDIR') throw new MeldError(`${this.path} is a folder, not a meld data file`);
      if (code === 'EACCES') throw new MeldError(`cannot read ${this.path}: permission denied`);
      throw error;
    }
    return parseDbText(this.path, text);
  }

  async write(db: Db): Promise<void> {
    await writeFileAtomic(this.path, serializeDb(db));
  }
}

export class FileStore implements Store {
  constructor(readonly path: string) {}

  private async open(): Promise<Low<Db>> {
    // A fresh default object every time: Low keeps it by reference.
    const low = new Low<Db>(new ValidatedJsonFile(this.path), emptyDb());
    await low.read();
    return low;
  }

  async read(): Promise<Db> {
    return (await this.open()).data;
  }

  async write<T>(change: (db: Db) => Change<T>): Promise<T> {
    const low = await this.open();
    const { result } = change(low.data);
    await low.write();
    return result;
  }
}
