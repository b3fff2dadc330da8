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

/** Cuts to `width` terminal columns with an ellipsis (wide CJK characters count double).
 * `ellipsis`: '...' where the terminal is not UTF-8 (ctx.io.unicode false). */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  const mark = displayWidth(ellipsis) <= width ? ellipsis : ellipsis.slice(0, width);
  let used = 0;
  let out = '';
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width) {
      while (used + displayWidth(mark) > width && out.length > 0) {
        const last = [...out].pop()!;
        out = out.slice(0, out.length - last.length);
        used -= charWidth(last);
      }
      return `${out}${mark}`;
    }
    out += char;
    used += w;
  }
  return out;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code < 0x300) return 1;
  if (/\p{M}/u.test(char)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
    return 2;
  return 1;
}
