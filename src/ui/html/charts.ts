import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { html } from './escape.js';

/*
 * Charts for the shareable report, drawn once when the file is written: SVG text, no script.
 * d3-scale picks "nice" axis bounds and ticks and lays out the bands; d3-shape writes the line
 * paths. Colours come from CSS classes (see page.ts), so the reader's light or dark setting and
 * print styles apply. Every chart has a <title>, a <desc> in words and, folded under it, a plain
 * table of the same numbers: a screen reader and a printout lose nothing.
 */

export interface Series {
  label: string;
  /** One value per category; null where there is none (drawn as nothing, "—" in the table). */
  values: ReadonlyArray<number | null>;
  /** CSS class for its colour: s1, s2, s3. */
  cls: string;
}

export interface ChartSpec {
  /** Unique within the page (ids of <title>/<desc>). */
  id: string;
  title: string;
  /** The chart in words: what a reader who cannot see it needs. */
  desc: string;
  kind: 'bar' | 'line';
  categories: readonly string[];
  series: readonly Series[];
  xLabel: string;
  yLabel: string;
  /** How values are written on the axis and in the table. */
  format: (value: number) => string;
  /** Vertical markers at a category (an adjustment). */
  markers?: ReadonlyArray<{ at: number; label: string }>;
  /** Shaded stretches of categories (before/after a change), inclusive. */
  bands?: ReadonlyArray<{ from: number; to: number; label: string; cls: string }>;
  /** Whole numbers only on the axis (counts of people). */
  integer?: boolean;
  /** An 80% range per category for the first series (whiskers). */
  ranges?: ReadonlyArray<{ low: number; high: number } | null>;
}

const WIDTH = 640;
const HEIGHT = 250;
const MARGIN = { top: 20, right: 16, bottom: 58, left: 72 };

const num = (n: number) => (Math.round(n * 10) / 10).toString();

/** Every n-th category label, so at most ~12 fit under the axis. */
function labelStep(count: number): number {
  return Math.max(1, Math.ceil(count / 12));
}

function svg(spec: ChartSpec): string {
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const highs = (spec.ranges ?? []).flatMap((r) => (r ? [r.high] : []));
  const max = Math.max(1, ...values, ...highs);
  const y = scaleLinear().domain([0, max]).nice().range([innerH, 0]);
  const x = scaleBand<number>()
    .domain(spec.categories.map((_, i) => i))
    .range([0, innerW])
    .paddingInner(spec.kind === 'bar' ? 0.2 : 0)
    .paddingOuter(0.1);
  const bw = x.bandwidth();
  const cx = (i: number) => (x(i) ?? 0) + bw / 2;
  const parts: string[] = [];

  const bandLabels: string[] = [];
  for (const band of spec.bands ?? []) {
    const from = x(band.from) ?? 0;
    const to = (x(band.to) ?? 0) + bw;
    parts.push(
      `<rect class="band ${html(band.cls)}" x="${num(from)}" y="0" width="${num(Math.max(0, to - from))}" height="${innerH}"/>`,
    );
    bandLabels.push(`<text class="band-label" x="${num(from + 4)}" y="-4">${html(band.label)}</text>`);
  }
  const ticks = y.ticks(5).filter((t) => !spec.integer || Number.isInteger(t));
  for (const tick of ticks) {
    parts.push(
      `<line class="grid" x1="0" x2="${innerW}" y1="${num(y(tick))}" y2="${num(y(tick))}"/>`,
      `<text class="tick" x="-6" y="${num(y(tick) + 4)}" text-anchor="end">${html(spec.format(tick))}</text>`,
    );
  }
  const step = labelStep(spec.categories.length);
  spec.categories.forEach((label, i) => {
    if (i % step !== 0) return;
    parts.push(
      `<text class="tick" transform="translate(${num(cx(i))},${innerH + 14}) rotate(-30)" text-anchor="end">${html(label)}</text>`,
    );
  });

  if (spec.kind === 'bar') {
    const n = spec.series.length;
    const sub = bw / n;
    spec.series.forEach((s, k) => {
      s.values.forEach((v, i) => {
        // A bar of 0 has no height: drawing it only adds bytes (a year of weekly bars for 50
        // campaigns, half of them empty, passed #25's 1 MB). The table beside the chart has the 0.
        if (v === null || v === 0) return;
        const top = y(v);
        parts.push(
          `<rect class="bar ${html(s.cls)}" x="${num((x(i) ?? 0) + k * sub)}" y="${num(top)}" width="${num(Math.max(1, sub - 1))}" height="${num(Math.max(0, innerH - top))}"><title>${html(`${spec.categories[i]}: ${s.label} ${spec.format(v)}`)}</title></rect>`,
        );
      });
    });
  } else {
    for (const s of spec.series) {
      const points = s.values
        .map((v, i) => [cx(i), v] as const)
        .filter((p): p is readonly [number, number] => p[1] !== null);
      const path = line<readonly [number, number]>()
        .digits(1)
        .x((p) => p[0])
        .y((p) => y(p[1]))(points);
      if (path) parts.push(`<path class="line ${html(s.cls)}" d="${path}"/>`);
      // A dot where the line starts, ends or turns: inside a flat stretch (spend to date in the
      // weeks nothing was spent) a dot says nothing the line does not, and a year of weekly dots
      // for 50 campaigns cost #25's 1 MB budget ~120 KB. Every value is in the table beside.
      points.forEach(([px, v], i) => {
        const flat = i > 0 && i < points.length - 1 && points[i - 1]![1] === v && points[i + 1]![1] === v;
        if (!flat) parts.push(`<circle class="dot ${html(s.cls)}" cx="${num(px)}" cy="${num(y(v))}" r="2.5"/>`);
      });
    }
  }
  (spec.ranges ?? []).forEach((r, i) => {
    if (!r) return;
    const at = spec.kind === 'bar' && spec.series.length > 0 ? (x(i) ?? 0) + bw / spec.series.length / 2 : cx(i);
    parts.push(
      `<line class="whisker" x1="${num(at)}" x2="${num(at)}" y1="${num(y(r.low))}" y2="${num(y(r.high))}"/>`,
      `<line class="whisker" x1="${num(at - 4)}" x2="${num(at + 4)}" y1="${num(y(r.low))}" y2="${num(y(r.low))}"/>`,
      `<line class="whisker" x1="${num(at - 4)}" x2="${num(at + 4)}" y1="${num(y(r.high))}" y2="${num(y(r.high))}"/>`,
    );
  });
  parts.push(...bandLabels);
  for (const m of spec.markers ?? []) {
    const at = cx(m.at);
    // Room to the right edge, at ~6 px a character; the whole note is in the <title> and table.
    const room = Math.max(4, Math.floor((innerW - at - 6) / 6));
    const label = m.label.length > room ? `${m.label.slice(0, room - 1)}…` : m.label;
    parts.push(
      `<line class="marker" x1="${num(at)}" x2="${num(at)}" y1="0" y2="${innerH}"><title>${html(m.label)}</title></line>`,
      `<text class="marker-label" x="${num(at + 3)}" y="${innerH - 4}">${html(label)}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="0" x2="${innerW}" y1="${innerH}" y2="${innerH}"/>`,
    `<line class="axis" x1="0" x2="0" y1="0" y2="${innerH}"/>`,
    `<text class="axis-label" x="${innerW / 2}" y="${innerH + 52}" text-anchor="middle">${html(spec.xLabel)}</text>`,
    `<text class="axis-label" transform="translate(-58,${innerH / 2}) rotate(-90)" text-anchor="middle">${html(spec.yLabel)}</text>`,
  );
  const legend =
    spec.series.length > 1
      ? spec.series
          .map(
            (s, k) =>
              `<rect class="bar ${html(s.cls)}" x="${innerW - 150}" y="${k * 14}" width="10" height="10"/><text class="tick" x="${innerW - 136}" y="${k * 14 + 9}">${html(s.label)}</text>`,
          )
          .join('')
      : '';
  return (
    `<svg class="chart-svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${spec.id}-t ${spec.id}-d">` +
    `<title id="${spec.id}-t">${html(spec.title)}</title><desc id="${spec.id}-d">${html(spec.desc)}</desc>` +
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">${parts.join('')}${legend}</g></svg>`
  );
}

/** The numbers of a chart as a plain table. */
function table(spec: ChartSpec): string {
  const head = [spec.xLabel, ...spec.series.map((s) => s.label), ...(spec.ranges ? ['80% range'] : [])];
  const rows = spec.categories.map((label, i) => {
    const cells = spec.series.map((s) => {
      const v = s.values[i];
      return v === null || v === undefined ? '—' : spec.format(v);
    });
    if (spec.ranges) {
      const r = spec.ranges[i];
      cells.push(r ? `${spec.format(r.low)}–${spec.format(r.high)}` : '—');
    }
    return `<tr><th scope="row">${html(label)}</th>${cells.map((c) => `<td>${html(c)}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${html(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A chart with its title, the drawing and its numbers folded beneath. */
export function chart(spec: ChartSpec): string {
  return (
    `<figure class="chart" id="${spec.id}"><figcaption>${html(spec.title)}</figcaption>${svg(spec)}` +
    `<details><summary>The numbers</summary>${table(spec)}</details></figure>`
  );
}
