/*
 * Everything from the data file reaches the page through these two functions: text and
 * attribute values through `html`, the embedded report through `scriptJson`. A name such as
 * `<script>alert(1)</script>` or `"><img src=x onerror=…>` is shown as the characters it is.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. Control characters are dropped. */
export function html(text: string | number): string {
  return String(text)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * JSON for a `<script type="application/json">` block: the block ends at the first `</script`,
 * and `<!--` changes how the parser reads what follows, so `<` is written as `\u003c` (the same
 * value once parsed). U+2028/2029 are escaped for readers that treat the text as JavaScript.
 * Compact: it is for tools (`jq` indents it for a reader), and indenting a year of weekly counts
 * for 50 campaigns added 70 KB to a file #25 keeps under 1 MB.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
