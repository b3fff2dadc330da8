import { describe, expect, it } from 'vitest';
import { mentions, Words } from '../../src/domain/mentions.js';

describe("a person's words in text", () => {
  it('stand alone in spaced scripts, case-insensitive, longest first', () => {
    const w = new Words(['Bo', 'Mark', 'Mark Ode', 'mark@ode.io']);
    expect(w.blank('Bo met Bob about Mark Ode (MARK@ode.io), Marketing')).toBe(
      '(purged) met Bob about (purged) ((purged)), Marketing',
    );
    expect(w.found('Bobby and Marko')).toBe(false);
  });

  it('are found inside a sentence in scripts without spaces', () => {
    expect(new Words(['王芳']).blank('和王芳开会')).toBe('和(purged)开会');
    expect(new Words(['王芳']).found('王')).toBe(false);
  });

  it('no words find nothing', () => {
    expect(new Words(['', '  ']).found('anything')).toBe(false);
  });
});

describe('mentions in other records', () => {
  it('names each record and field, leaves the person’s own records out, and redacts on request', () => {
    const data = {
      prospects: [
        { id: 1, name: 'Zed', fields: { source: 'friend of Zed' }, history: [{ reason: 'Zed said no' }] },
        { id: 2, name: 'Ana', fields: { source: 'Zed introduced her' }, lostReason: null, history: [] },
      ],
      followUps: [{ id: 4, prospectId: 2, note: 'ask about Zed', outcome: null }],
      activities: [
        { id: 7, prospectId: 1, text: 'Zed called' },
        { id: 8, prospectId: 2, text: 'no one' },
      ],
      campaigns: [{ id: 'spring', note: 'Zed helped', spend: [{ note: 'lunch with zed' }], adjustments: [] }],
    };
    const words = new Words(['Zed']);
    expect(mentions(data, words, new Set([1]))).toEqual([
      { ref: '#2', where: ['fields.source'] },
      { ref: 'f4', where: ['note'] },
      { ref: 'spring', where: ['note', 'spend[0].note'] },
    ]);
    mentions(data, words, new Set([1]), true);
    expect(data.prospects[1]!.fields.source).toBe('(purged) introduced her');
    expect(data.followUps[0]!.note).toBe('ask about (purged)');
    expect(data.activities[0]!.text).toBe('Zed called');
    expect(data.campaigns[0]!.spend[0]!.note).toBe('lunch with (purged)');
  });
});
