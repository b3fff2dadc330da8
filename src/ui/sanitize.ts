import stringWidth from 'string-width';

// Stored text comes from users and imported files: it must never move the cursor, clear the
// screen or recolour the terminal. ESC sequences go whole; other control characters become
// a visible placeholder or a space.
const ESCAPE_SEQUENCE =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-_])?|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of user text, safe for a terminal: newlines and tabs become spaces. */
export function cleanLine(text: string): string {
  return text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/[\n\t]/g, ' ')
    .replace(CONTROL, '�');
}

/** Multi-line user text (notes), safe for a terminal: keeps line breaks. */
export function cleanBlock(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(/\r\n?/g, '\n').replace(/\t/g, '  ').replace(CONTROL, '�');
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
