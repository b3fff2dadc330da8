import stringWidth from 'string-width';

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

/** One line of user text, safe for a terminal: newlines and tabs become spaces. */
export function cleanLine(text: string): string {
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

let graphemes: Intl.Segmenter | undefined;

/**
 * Cuts to `width` terminal columns with an ellipsis, between graphemes: an emoji sequence
 * (👩‍👩‍👧, 🇩🇪, ✋🏽) or a letter with its accents is kept whole or left out whole, never cut in half.
 * `ellipsis`: '...' where the terminal is not UTF-8 (ctx.io.unicode false).
 */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const mark = displayWidth(ellipsis) <= width ? ellipsis : ellipsis.slice(0, width);
  const room = width - displayWidth(mark);
  if (ASCII.test(text)) return `${text.slice(0, room)}${mark}`;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let used = 0;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
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
  return ASCII.test(text) ? text.length : stringWidth(text);
}
