// `meld export` writes data exactly to a file or a pipe. On a terminal the same bytes would be
// run by it: an ESC in a prospect's name recolours the screen, a bare CR overwrites the line.

const TERMINAL_CONTROL =
  /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Export text made safe to show on a terminal: C0 controls become their visible Unicode
 * "control pictures" (ESC → ␛, a bare CR → ␍, DEL → ␡), C1 controls and bidi overrides become
 * U+FFFD. Line feeds, tabs and CRLF line ends stay. Returns how many characters it replaced.
 */
export function terminalSafe(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const safe = text.replace(TERMINAL_CONTROL, (ch) => {
    replaced++;
    const code = ch.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\uFFFD';
  });
  return { text: safe, replaced };
}
