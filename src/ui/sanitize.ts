// Stored text comes from users and imported files: it must never move the cursor, clear the
// screen or recolour the terminal. ESC sequences go whole; other control characters become
// a visible placeholder or a space.
const ESCAPE_SEQUENCE =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_])?|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Characters that show nothing: zero-width space and non-joiner, direction marks, word joiner and
 * invisible operators, the BOM, the Mongolian vowel separator, fillers. "Ana\u200b" would look
 * like "Ana" (two people who look the same, a name that looks empty): they are shown as �.
 * A zero-width joiner stays where it joins two emoji (👩‍💻), its one visible use.
 */
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b\u200c\u200e\u200f\u2060-\u2064\u3164\ufeff\uffa0]/g;
const LONE_JOINER = /(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/** Any character one of the replacements above acts on (ESC and CSI are controls, the
 * joiner is \u200d): text without one is safe as it is, and most cells are (#19). */
const NEEDS_CLEANING =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2060-\u2064\u3164\ufeff\uffa0]/;

/** One line of user text, safe for a terminal: newlines and tabs become spaces. */
export function cleanLine(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/[\n\t]/g, ' ')
    .replace(CONTROL, '�')
    .replace(INVISIBLE, '�')
    .replace(LONE_JOINER, '�');
}

/** Multi-line user text (notes), safe for a terminal: keeps line breaks. */
export function cleanBlock(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(CONTROL, '�')
    .replace(INVISIBLE, '�')
    .replace(LONE_JOINER, '�');
}

/** Printable ASCII only: one column a character, no lookup needed (most table cells). */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * Characters that take one column and stand alone (no combining marks, nothing invisible or
 * emoji): ASCII, the Latin, Greek and Cyrillic letters, general punctuation, currency signs,
 * arrows, box drawing and blocks (meld's charts).
 */
const NARROW_CHARS =
  '\\x20-\\x7e\\u00a0-\\u00ac\\u00ae-\\u02ff\\u0370-\\u0377\\u037a-\\u037f\\u0384-\\u038a\\u038c\\u038e-\\u03a1\\u03a3-\\u0482\\u048a-\\u052f\\u2010-\\u2027\\u2030-\\u205e\\u20a0-\\u20c0\\u2190-\\u21ff\\u2500-\\u259f';
/** Characters that take two columns and stand alone: kana, CJK ideographs, Hangul syllables, fullwidth forms. */
const WIDE_CHARS =
  '\\u3041-\\u3096\\u30a1-\\u30fa\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7a3\\uf900-\\ufaff\\uff01-\\uff60\\uffe0-\\uffe6';
/** Text of those characters only: "Łukasz", "Ольга", "王芳", "São Paulo — €1,200" are measured
 * without string-width (test/ui/width.test.ts checks every one of them against it). */
const SIMPLE = new RegExp(`^[${NARROW_CHARS}${WIDE_CHARS}]*$`);
const WIDE = new RegExp(`[${WIDE_CHARS}]`, 'g');
const WIDE_ONE = new RegExp(`[${WIDE_CHARS}]`);

type Measure = (text: string) => number;
let measure: Measure | undefined;

/**
 * string-width, loaded on first use: it builds an Intl.Segmenter as it loads, ~45 ms that every
 * start paid (a third of `meld` on the demo file) though most text is SIMPLE and never needs it.
 * A require() where it is used, not an import: the build makes it a require of
 * dist/vendor/string-width.cjs made here, on the first wide or combining character.
 */
function stringWidth(text: string): number {
  if (!measure) {
    const loaded = require('string-width') as Measure | { default: Measure };
    measure = typeof loaded === 'function' ? loaded : loaded.default;
  }
  return measure(text);
}

let graphemes: Intl.Segmenter | undefined;

/**
 * Cuts to `width` terminal columns with an ellipsis, between graphemes: an emoji sequence
 * (👩‍👩‍👧, 🇩🇪, ✋🏽) or a letter with its accents is kept whole or left out whole, never cut in half.
 * `ellipsis`: '...' where the terminal is not UTF-8 (ctx.io.unicode false).
 */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  return cutMeasured(text, displayWidth(text), width, ellipsis);
}

/** truncate for a caller that has measured `text` already (`size`: its displayWidth): a
 * table measures every cell once (#19). */
export function cutMeasured(text: string, size: number, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (size <= width) return text;
  const mark = displayWidth(ellipsis) <= width ? ellipsis : ellipsis.slice(0, width);
  const room = width - displayWidth(mark);
  if (ASCII.test(text)) return `${text.slice(0, room)}${mark}`;
  // SIMPLE text is one grapheme a character (UTF-16 unit, all of them in the BMP): no
  // segmenter needed, whose ICU data costs ~45 ms to load.
  if (SIMPLE.test(text)) {
    let used = 0;
    let end = 0;
    for (; end < text.length; end++) {
      const w = WIDE_ONE.test(text[end]!) ? 2 : 1;
      if (used + w > room) break;
      used += w;
    }
    return `${text.slice(0, end)}${mark}`;
  }
  const pieces = (graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(text);
  let used = 0;
  let out = '';
  for (const { segment } of pieces) {
    const w = displayWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return `${out}${mark}`;
}

/**
 * The columns `text` takes on a terminal. string-width measures by grapheme (emoji sequences,
 * flags and wide East Asian characters take two columns, combining marks none) from Unicode's
 * own tables, which a hand-written list of ranges falls behind (✅ and 🎉 counted one column and
 * broke table alignment).
 */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  if (SIMPLE.test(text)) return text.length + (text.match(WIDE)?.length ?? 0);
  return stringWidth(text);
}
