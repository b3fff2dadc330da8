import { describe, expect, it } from 'vitest';
import { personMatchKey } from '../../src/domain/import/dedupe.js';
import { PeopleIndex } from '../../src/domain/import/people.js';
import type { Prospect } from '../../src/domain/types.js';
import { prospect } from '../helpers/records.js';

const person = (id: number, name: string, extra: Partial<Prospect> = {}): Prospect => prospect({ id, name, ...extra });

describe('PeopleIndex', () => {
  it('keeps everyone under a key in id order, whatever order they were added in, each once', () => {
    const index = new PeopleIndex();
    const [a, b, c] = [person(7, 'Ana Souza'), person(2, 'ana souza'), person(5, 'Ana  Souza')];
    index.add(a);
    expect(index.named('ana souza').map((p) => p.id)).toEqual([7]);
    index.add(b);
    index.add(c);
    index.add(b);
    expect(index.named('ana souza').map((p) => p.id)).toEqual([2, 5, 7]);
    expect(index.firstWith(personMatchKey('Ana Souza', null))?.id).toBe(2);
    expect(index.named('li wei')).toEqual([]);
  });

  it('finds who holds an email (primary before other) and who has a phone', () => {
    const index = new PeopleIndex();
    index.add(person(1, 'Li Wei', { email: 'li@x.com', phone: '+1 555 0100' }));
    index.add(person(2, 'Bo Chen', { otherEmails: ['LI@x.com'] }));
    expect(index.emailHolder(' li@X.com ')?.id).toBe(1);
    index.addEmail('bo@x.com', person(3, 'Bo'));
    expect(index.emailHolder('bo@x.com')?.id).toBe(3);
    expect(index.emailHolder('none@x.com')).toBeUndefined();
    expect(index.withPhone('15550100').map((p) => p.id)).toEqual([1]);
  });

  it('finds the first of a name on a phone alike whether it looks among the holders of the phone or of the name', () => {
    // A switchboard number fifty people share, and a name three of them have.
    const names = new Map<number, string>();
    const index = new PeopleIndex((p) => names.get(p.id) ?? p.name);
    const people = Array.from({ length: 50 }, (_, i) =>
      person(i + 1, i % 20 === 4 ? 'Kim Park' : `Person ${i}`, { phone: '+1 555 0100' }),
    );
    for (const p of people) index.add(p);
    index.add(person(60, 'Kim Park', { phone: '+1 555 0199' }));
    expect(index.firstWithPhoneAndName('15550100', 'kim park', () => true)?.id).toBe(5);
    expect(index.firstWithPhoneAndName('15550100', 'kim park', (p) => p.id > 5)?.id).toBe(25);
    expect(index.firstWithPhoneAndName('15550199', 'kim park', () => true)?.id).toBe(60);
    expect(index.firstWithPhoneAndName('15550100', 'lee park', () => true)).toBeUndefined();
    // Renamed (a fill gives a real name): found under the new name only.
    names.set(5, 'Lee Park');
    index.addName('Lee Park', null, people[4]!);
    expect(index.firstWithPhoneAndName('15550100', 'kim park', () => true)?.id).toBe(25);
    expect(index.firstWithPhoneAndName('15550100', 'lee park', () => true)?.id).toBe(5);
    expect(index.phoneTaken('+1 555 0100', people[24]!)).toBe(true);
    expect(index.phoneTaken('+1 555 0199', people[24]!)).toBe(true);
    expect(index.phoneTaken('+1 555 0100', people[0]!)).toBe(false);
  });
});
