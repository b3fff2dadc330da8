import chardet from 'chardet';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, garbleScore, languageFit } from '../../src/domain/import/encoding.js';
import { decodeText, looksBinary, unifyLineEnds, withoutFalseBom } from '../../src/domain/import/text.js';

const decode = (bytes: Uint8Array, name: string) => iconv.decode(Buffer.from(bytes), name);
const detect = (text: string, encoding: string) => {
  const bytes = new Uint8Array(iconv.encode(text, encoding));
  return chooseEncoding(
    bytes,
    chardet.analyse(bytes).map((g) => ({ name: g.name, confidence: g.confidence })),
    decode,
    'list.csv',
  );
};

describe('telling a legacy encoding', () => {
  it('judges text read in the wrong table as garbled', () => {
    expect(garbleScore('Иван Петров,ivan@x.example')).toEqual({ bad: 0, words: 2 });
    expect(garbleScore('Èâàí Ïåòðîâ,ivan@x.example')).toEqual({ bad: 2, words: 2 });
    expect(garbleScore('£ukasz ¯ó³æ')).toMatchObject({ bad: 2 });
    expect(garbleScore('Jürgen Weiß, Société Générale')).toEqual({ bad: 0, words: 4 });
  });

  it.each([
    ['windows-1251', 'Имя,Фамилия,Организация\r\nИван,Петров,ООО Ромашка\r\nАнна,Смирнова,Северсталь Трейд\r\n'],
    ['windows-1252', 'Vorname;Nachname;Firma\r\nJürgen;Weiß;Müller & Söhne\r\nRenée;Lefèvre;Société Générale\r\n'],
    [
      'windows-1250',
      'Jméno;Příjmení;Firma\r\nJiří;Dvořák;Škoda Auto\r\nZdeňka;Nováková;Průmyslová ložiska\r\nŁukasz;Żółć;Wrocław\r\n',
    ],
    ['gb18030', '名,姓,公司\r\n伟,李,北京科技有限公司\r\n凯,周,上海贸易有限公司\r\n'],
    ['big5', '名,姓,公司\r\n志明,陳,台北科技股份有限公司\r\n美玲,林,高雄貿易有限公司\r\n'],
    ['shift_jis', '姓,名,会社名\r\n山田,太郎,株式会社サンプル\r\n佐藤,花子,有限会社テスト\r\n'],
    ['euc-kr', '이름,성,회사\r\n민준,김,서울테크 주식회사\r\n서연,이,부산무역 주식회사\r\n'],
  ])('reads %s', (encoding, text) => {
    expect(detect(text, encoding).text).toBe(text);
  });

  it('refuses, naming --encoding, when too little text tells the tables apart', () => {
    expect(() => detect('name\r\nÉé\r\n', 'windows-1252')).toThrow(/cannot tell the encoding of "list.csv"/);
  });

  it('tells Czech in Windows-1250 from Windows-1252 by its letters (ř č ě are Czech; ø ò ì together are no language)', () => {
    const text = 'Jméno;Příjmení;Firma\r\nJiří;Dvořák;Škoda Auto\r\nZdeňka;Nováková;Průmyslová ložiska\r\n';
    expect(detect(text, 'windows-1250')).toEqual({ text, encoding: 'windows-1250' });
  });

  it('tells French in Windows-1252 from Windows-1250 by its letters (è à ç, not č ŕ)', () => {
    const text = 'Prénom;Nom;Société\r\nGaëlle;Lefèvre;Crème à la carte\r\nFrançois;Mathè;Brasserie du Lac\r\n';
    expect(detect(text, 'windows-1252').encoding).toBe('windows-1252');
    expect(languageFit('Lefèvre Crème à la carte François').language).toBe('french');
    expect(languageFit('Lefečre Crčme ŕ la carte François').fit).toBeLessThan(0.9);
  });

  it('refuses rather than guess when the evidence is even (only è, which is č in Windows-1250)', () => {
    expect(() => detect('name;company\r\nAna Nèmec;Crèperie\r\nBo Lèrer;Sèvres Bank\r\n', 'windows-1252')).toThrow(
      'cannot tell the encoding of "list.csv": it reads as windows-1252 or as iso-8859-2, and meld cannot tell which',
    );
  });
});

describe('byte-order marks', () => {
  it('honours a BOM only when the bytes after it read in that encoding', () => {
    const body = iconv.encode('Prénom,Nom\r\nHélène,Lemière\r\n', 'windows-1252');
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]));
    expect(decodeText(bytes)).toBeNull();
    expect([...withoutFalseBom(bytes)]).toEqual([...body]);
    const utf8 = new Uint8Array(Buffer.from('\ufeffname\nAna\n'));
    expect(decodeText(utf8)).toEqual({ text: 'name\nAna\n', encoding: 'utf-8' });
  });
});

describe('line ends', () => {
  it('reads CR CR LF (a CRLF file written once more through a CRLF writer) as one line end', () => {
    expect(unifyLineEnds('BEGIN:VCARD\r\r\nFN:Ana\r\r\nEND:VCARD\r\n')).toBe('BEGIN:VCARD\nFN:Ana\nEND:VCARD\n');
  });
});

describe('looksBinary', () => {
  it('tells binary bytes from text in any encoding a list comes in', () => {
    const text = (s: string, enc: BufferEncoding = 'latin1') => new Uint8Array(Buffer.from(s, enc));
    expect(looksBinary(text('name,email\r\nJos\xe9,j@x.com\r\n'))).toBe(false);
    expect(looksBinary(text('name\temail\fx\x1b[0m\n'))).toBe(false);
    expect(looksBinary(text('name,email\nAna,a@x.com\n', 'utf16le'))).toBe(false);
    expect(looksBinary(new Uint8Array(0))).toBe(false);
    // One NUL out of place, or 1 byte in 10 a control character: not text.
    expect(looksBinary(text('name,email\nAna\x00,a@x.com\n'))).toBe(true);
    expect(looksBinary(text('abcdefghi\x01'.repeat(20)))).toBe(true);
    // 1 in 25 is under the 5% line: a stray control character in a hand-edited file is forgiven.
    expect(looksBinary(text('abcdefghijklmnopqrstuvwx\x01'.repeat(20)))).toBe(false);
  });
});
