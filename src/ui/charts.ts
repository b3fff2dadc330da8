// Small text pictures for reports. Unicode blocks on a UTF-8 terminal, plain ASCII otherwise
// (`--ascii`, or a locale that is not UTF-8). Colour is the caller's business (ctx.io.style).

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const SPARK_UNICODE = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const SPARK_ASCII = ['_', '.', ':', '-', '=', '+', '*', '#'];

/** A horizontal bar `value / max` of `width` columns (eighth-column precision in Unicode).
 * Any value above zero shows at least a sliver, so "1" never looks like "0". */
export function bar(value: number, max: number, width: number, unicode: boolean): string {
  if (max <= 0 || value <= 0 || width <= 0) return '';
  const cells = Math.min(width, (value / max) * width);
  if (!unicode) return '#'.repeat(Math.max(1, Math.round(cells)));
  const eighths = Math.max(1, Math.round(cells * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

/** One character per value, scaled to the largest; zero is the lowest mark, and any value
 * above zero is at least one step higher. */
export function sparkline(values: readonly number[], unicode: boolean): string {
  const marks = unicode ? SPARK_UNICODE : SPARK_ASCII;
  const max = Math.max(0, ...values);
  return values
    .map((v) => {
      if (v <= 0 || max <= 0) return marks[0]!;
      return marks[Math.max(1, Math.round((v / max) * (marks.length - 1)))]!;
    })
    .join('');
}
