import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, garbleScore } from '../../src/domain/import/encoding.js';

const decode = (bytes: Uint8Array, encoding: string) => iconv.decode(Buffer.from(bytes), encoding);

describe('garbleScore', () => {
  it('calls Cyrillic read as Windows-1252 garbled: every word mostly accented letters', () => {
    expect(garbleScore('Èâàí Ïåòðîâ, Ìàðèÿ Ñèäîðîâà')).toEqual({ bad: 4, words: 4 });
  });

  it('does not call short Polish words with many diacritics garbled among ordinary ones', () => {
    // Łódź and Żółć are mostly accented letters, but the text as a whole is not.
    expect(garbleScore('Łukasz Wróbel, Zakład Łódź\nGrzegorz Brzęczyszczykiewicz, Żółć')).toEqual({ bad: 0, words: 6 });
  });
});

describe('chooseEncoding', () => {
  it('reads a Polish Windows-1250 file as Windows-1250', () => {
    const text = 'Name,Company\r\nŁukasz Wróbel,Zakład Łódź\r\nGrzegorz Brzęczyszczykiewicz,Żółć\r\n';
    const bytes = iconv.encode(text, 'windows-1250');
    const guesses = [
      // what chardet says of this file
      { name: 'windows-1250', confidence: 24 },
      { name: 'windows-1252', confidence: 12 },
      { name: 'windows-1257', confidence: 12 },
      { name: 'windows-1254', confidence: 4 },
    ];
    expect(chooseEncoding(bytes, guesses, decode, 'pl.csv')).toEqual({ text, encoding: 'windows-1250' });
  });
});
