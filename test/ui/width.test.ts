import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, truncate } from '../../src/ui/sanitize.js';

// displayWidth measures text of common letters itself and leaves the rest to string-width, which
// it loads only then (its Intl.Segmenter costs ~45 ms of a start). Its own answer must be
// string-width's, for every character it answers for and for any text made of them.
const RANGES: Array<[number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x52f],
  [0x2010, 0x205e],
  [0x20a0, 0x20c0],
  [0x2190, 0x21ff],
  [0x2500, 0x259f],
  [0x3041, 0x30fa],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xff01, 0xffe6],
];

describe('displayWidth', () => {
  it("is string-width's answer for every character in and around the ranges it measures itself", () => {
    const wrong: string[] = [];
    for (const [from, to] of RANGES)
      for (let c = from; c <= to; c++) {
        const ch = String.fromCodePoint(c);
        if (displayWidth(ch) !== stringWidth(ch)) wrong.push(`U+${c.toString(16)}`);
      }
    expect(wrong).toEqual([]);
  });

  it("is string-width's answer for text mixing them, and for emoji and combining marks", () => {
    for (const text of [
      'Łukasz Nowak',
      'Ольга Ковальчук',
      '王芳 (北京)',
      'São Paulo — €1,200 → 2026',
      'ｆｕｌｌ ｗｉｄｔｈ',
      '한국어 이름',
      '✅ 🎉 done',
      '👩‍💻 Ana',
      'e\u0301cole',
      '\u0915\u094d\u0937',
      '🇩🇪 Berlin',
      '',
    ])
      expect([text, displayWidth(text)]).toEqual([text, stringWidth(text)]);
  });
});

describe('truncate', () => {
  it('cuts simple text by columns and emoji or accented text between graphemes', () => {
    expect(truncate('Ольга Ковальчук', 8)).toBe('Ольга К…');
    expect(truncate('王芳王芳王芳', 7)).toBe('王芳王…');
    expect(truncate('王芳王芳王芳', 8)).toBe('王芳王…');
    expect(truncate('São Paulo — €1,200', 12, '...')).toBe('São Paulo...');
    expect(truncate('👩‍💻👩‍💻👩‍💻 Ana', 6)).toBe('👩‍💻👩‍💻…');
    expect(truncate('e\u0301e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301…');
  });
});
