// Terminal columns of printed text, measured apart from src/ui/sanitize.ts so that a wrong width
// there cannot pass its own test. Printable ASCII is one column; letters of alphabetic scripts
// (Latin, Greek, Cyrillic, Arabic, Hebrew) with their accents one; Han, kana and Hangul two; every
// other grapheme meld's tests print is listed below with the columns a terminal gives it (xterm
// and tmux agree). An unlisted one fails loudly: add it with its width.

const COLUMNS = new Map<string, number>([
  // one column: punctuation, arrows, blocks and marks meld draws
  ...[...'…·✓✗─│┼├┤┬┴┌┐└┘█░▏▎▍▌▋▊▉▁▂▃▄▅▆▇→←↑↓▲▼•×−–—’‘“”€£¥éèêëáàâäãóòôöõúùûüíìîïçñøåæœßÉÖÜÅçşğıłńśźżčřšžđőű�'].map(
    (c) => [c, 1] as [string, number],
  ),
  // two columns: wide East Asian characters and emoji
  ...[...'王芳李伟张伟田中山田太郎김민수東京株式会社'].map((c) => [c, 2] as [string, number]),
  ['✅', 2],
  ['🎉', 2],
  ['🚀', 2],
  ['👩‍👩‍👧', 2],
  ['🇩🇪', 2],
  ['✋🏽', 2],
  ['⚠️', 2],
]);

const NARROW_LETTER =
  /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hebrew}]\p{M}*$/u;
const WIDE_LETTER = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]$/u;

let graphemes: Intl.Segmenter | undefined;

export function columns(line: string): number {
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let width = 0;
  for (const { segment } of graphemes.segment(line)) {
    if (/^[\x20-\x7e]$/.test(segment)) width += 1;
    else if (NARROW_LETTER.test(segment)) width += 1;
    else if (WIDE_LETTER.test(segment)) width += 2;
    else {
      const known = COLUMNS.get(segment);
      if (known === undefined) throw new Error(`test/helpers/width.ts: no width for ${JSON.stringify(segment)}`);
      width += known;
    }
  }
  return width;
}
