import { describe, expect, it } from 'vitest';
import { personMatchKey } from '../../src/domain/import/dedupe.js';
import { PeopleIndex } from '../../src/domain/import/people.js';
import type { Prospect } from '../../src/domain/types.js';

const person = (id: number, name: string, extra: Partial<Prospect> = {}): Prospect => ({
  id,
  name,
  email: null,
  company: null,
  phone: null,
  title: null,
  campaign: null,
  tags: [],
  createdAt: '2026-11-01T00:00:00.000Z',
  fields: {},
  batch: null,
  otherEmails: [],
  otherPhones: [],
  firstSeen: null,
  referredBy: null,
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...extra,
});

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
});
