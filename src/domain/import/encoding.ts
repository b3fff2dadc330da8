// Which encoding an imported file is in, when it is not UTF-8: chardet's guesses, checked by
// reading the text each guess gives. Pure: the caller passes the guesses and a decoder (the
// libraries are loaded lazily by io/import-source.ts).
import { MeldError } from '../../errors.js';

/** A guess: an encoding name and the detector's confidence (0-100). */
export interface EncodingGuess {
  name: string;
  confidence: number;
}

export type Decoder = (bytes: Uint8Array, encoding: string) => string;

/** Multi-byte encodings: a long valid decoding is strong evidence on its own. */
const MULTI_BYTE = /^(gb18030|gbk|gb2312|big5|shift_jis|euc-jp|euc-kr|iso-2022-jp)$/i;

/** Detector names that have a safer superset to decode with. */
const SUPERSET: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'euc-kr': 'cp949',
};

const canonical = (name: string) => SUPERSET[name.toLowerCase()] ?? name.toLowerCase();

const SCRIPTS = [
  /\p{Script=Latin}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Greek}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Hebrew}/u,
];

/**
 * How garbled a decoding looks: the share of its non-ASCII words that mix scripts, have a case
 * pattern no one types (`ÈâàÍ`, `пЕТРОВ`), or are Latin words made mostly of accented letters
 * (Cyrillic read as Windows-1252: `Èâàí Ïåòðîâ`). Also how many such words there were.
 */
export function garbleScore(text: string): { bad: number; words: number } {
  if (text.includes('\uFFFD')) return { bad: 1, words: 1 };
  // C1 control characters never appear in real text: a sign of the wrong single-byte table.
  if (/[\u0080-\u009f]/.test(text)) return { bad: 1, words: 1 };
  let words = 0;
  let bad = 0;
  let letterCount = 0;
  let accentedCount = 0;
  let mostlyAccentedWords = 0;
  // Latin-1 symbols (³ ¯ £ ¹ ª ¾…) inside a word: a Central European letter read as Windows-1252.
  for (const [token] of text.matchAll(/[^\s,;"\t]*[\u00a1-\u00bf\u00d7\u00f7][^\s,;"\t]*/g)) {
    if (/\p{L}/u.test(token)) {
      words++;
      bad++;
    }
  }
  for (const [word] of text.matchAll(/\p{L}+/gu)) {
    if (/^[\x00-\x7f]*$/.test(word)) continue;
    words++;
    const scripts = SCRIPTS.filter((s) => s.test(word)).length;
    const letters = [...word];
    const upper = letters.filter((ch) => ch !== ch.toLowerCase()).length;
    const cased = letters.filter((ch) => ch.toLowerCase() !== ch.toUpperCase()).length;
    const tail = letters.slice(1);
    const caseOk =
      cased === 0 ||
      upper === 0 ||
      upper === cased ||
      (upper === 1 && letters[0] !== letters[0]!.toLowerCase()) ||
      tail.every((ch) => ch === ch.toLowerCase());
    const latin = /^\p{Script=Latin}+$/u.test(word);
    const accented = letters.filter((ch) => ch.charCodeAt(0) > 0x7f).length;
    letterCount += letters.length;
    accentedCount += accented;
    const mostlyAccented = latin && letters.length >= 3 && accented * 2 > letters.length;
    if (scripts > 1 || !caseOk) bad++;
    else if (mostlyAccented) mostlyAccentedWords++;
  }
  // A word of mostly accented letters is garbled when the text is: Cyrillic read as Windows-1252
  // is accented letter after accented letter, while real Polish or Czech has a few short words
  // like Łódź or Żółć among ordinary ones.
  if (accentedCount * 2 > letterCount) bad += mostlyAccentedWords;
  return { bad, words };
}

/**
 * The letters beyond ASCII of the languages meld reads, lower case: a text in the right
 * single-byte table is written with one of these alphabets (French é è à ç, Czech ř č ě…),
 * while the wrong table scatters letters no one language uses together (`Lemičre`: French
 * read as Windows-1250).
 */
const ALPHABETS: Record<string, string> = {
  french: 'éèàçêùâîôûëïüÿœæ',
  german: 'äöüßé',
  spanish: 'áéíóúñü',
  portuguese: 'ãõáéíóúâêôçàü',
  italian: 'àèéìòùíóú',
  dutch: 'éèëïöüáóú',
  swedish: 'åäöé',
  danish: 'æøåé',
  icelandic: 'áðéíóúýþæö',
  czech: 'áčďéěíňóřšťúůýž',
  slovak: 'áäčďéíĺľňóôŕšťúýž',
  polish: 'ąćęłńóśźż',
  hungarian: 'áéíóöőúüű',
  romanian: 'ăâîșşțţ',
  croatian: 'čćđšž',
  slovene: 'čšž',
  turkish: 'çğıöşüâî',
  baltic: 'ąčęėįšųūžāēģīķļņõäöü',
};

/** Scripts a text is written in whole: any of their letters fits. */
const WHOLE_SCRIPTS =
  /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/**
 * How well a text's letters beyond ASCII fit one language: the share of them (by occurrence)
 * that the best-fitting alphabet holds, and that language. 1 when there are none.
 */
export function languageFit(text: string): { fit: number; language: string | null; letters: number } {
  const counts = new Map<string, number>();
  let total = 0;
  let whole = 0;
  for (const [ch] of text.matchAll(/[^\x00-\x7f]/g)) {
    if (!/\p{L}/u.test(ch)) continue;
    total++;
    if (WHOLE_SCRIPTS.test(ch)) whole++;
    else {
      const lower = ch.toLowerCase();
      counts.set(lower, (counts.get(lower) ?? 0) + 1);
    }
  }
  if (total === 0) return { fit: 1, language: null, letters: 0 };
  let best = 0;
  let language: string | null = whole > 0 ? 'non-Latin' : null;
  for (const [name, alphabet] of Object.entries(ALPHABETS)) {
    let n = 0;
    for (const [ch, count] of counts) if (alphabet.includes(ch)) n += count;
    if (n > best) {
      best = n;
      language = name;
    }
  }
  return { fit: (best + whole) / total, language, letters: total };
}

/** Two readings whose letters fit their best language this close are even. */
const EVEN = 0.1;

/**
 * The encoding of bytes that are not UTF-8, or a refusal naming `--encoding` when it cannot be
 * told for sure: text read in the wrong encoding must never be imported.
 */
export function chooseEncoding(
  bytes: Uint8Array,
  guesses: readonly EncodingGuess[],
  decode: Decoder,
  fileName: string,
): { text: string; encoding: string } {
  const tried = new Map<string, { text: string; confidence: number; bad: number; words: number; fit: number }>();
  // Western European and Cyrillic tables are always tried too: on little text chardet may guess
  // only Latin tables, and a Cyrillic name read as ISO-8859-2 ("Юля" as "Ţë˙") looks plausible
  // unless the reading it should have been is there to rival it.
  const candidates = [
    ...guesses.filter((g) => g.confidence > 0),
    { name: 'windows-1252', confidence: 0 },
    { name: 'windows-1251', confidence: 0 },
  ];
  for (const guess of candidates) {
    const name = canonical(guess.name);
    if (tried.has(name) || name === 'ascii' || name.startsWith('utf')) continue;
    let text: string;
    try {
      text = decode(bytes, name);
    } catch {
      continue;
    }
    tried.set(name, { text, confidence: guess.confidence, ...garbleScore(text), fit: languageFit(text).fit });
  }
  const plausible = [...tried].filter(([, t]) => t.words > 0 && t.bad / t.words <= 0.1);
  const named = [...tried.keys()].slice(0, 3).join(', ') || 'an unknown encoding';
  const refuse = (why: string) =>
    new MeldError(`cannot tell the encoding of "${fileName}": ${why}`, {
      hint: `name it with --encoding, e.g. --encoding ${[...tried.keys()][0] ?? 'windows-1252'} (or save the file as UTF-8)`,
    });
  if (plausible.length === 0) throw refuse(`it is not UTF-8, and reading it as ${named} gives garbled text`);
  // The cleanest reading; among equally clean ones, the one whose letters clearly fit a
  // language better, else the one the detector rates higher.
  const [bestName, best] = plausible.sort(
    (a, b) =>
      a[1].bad / a[1].words - b[1].bad / b[1].words ||
      (Math.abs(a[1].fit - b[1].fit) >= EVEN ? b[1].fit - a[1].fit : b[1].confidence - a[1].confidence),
  )[0]!;
  // A multi-byte reading the detector is sure of stands on its own.
  if (MULTI_BYTE.test(bestName) || bestName === 'cp949') {
    if (best.confidence >= 90) return { text: best.text, encoding: bestName };
  }
  // A single-byte table is only told apart by enough words; others that read as well and give
  // a different text make it a guess.
  const rivals = plausible.filter(([name, t]) => name !== bestName && t.text !== best.text);
  if (best.words < 3 && rivals.length > 0)
    throw refuse(
      `it is not UTF-8, and too little of it is text to tell ${[bestName, ...rivals.map(([n]) => n)].slice(0, 3).join(' from ')}`,
    );
  // A rival that reads as cleanly, whose letters fit a language as well, and that the detector
  // rates nearly as high: the evidence is even, and a guess either way.
  const close = rivals.find(
    ([, t]) =>
      t.bad / t.words <= best.bad / best.words && best.fit - t.fit < EVEN && t.confidence * 1.5 >= best.confidence,
  );
  if (close) throw refuse(`it reads as ${bestName} or as ${close[0]}, and meld cannot tell which`);
  return { text: best.text, encoding: bestName };
}
