import chardet from 'chardet';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, garbleScore } from '../../src/domain/import/encoding.js';

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

  it('refuses rather than guess when two tables read equally well (Czech in Windows-1250 or 1252)', () => {
    expect(() =>
      detect(
        'Jméno;Příjmení;Firma\r\nJiří;Dvořák;Škoda Auto\r\nZdeňka;Nováková;Průmyslová ložiska\r\n',
        'windows-1250',
      ),
    ).toThrow(
      'cannot tell the encoding of "list.csv": it reads as windows-1252 or as windows-1250, and meld cannot tell which',
    );
  });
});
