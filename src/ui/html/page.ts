import { html, scriptJson } from './escape.js';

/*
 * The page around the report: one file that needs nothing else. Styles are inline; the
 * Content-Security-Policy forbids every request (fonts, images, scripts, frames, forms), so a
 * file passed around cannot call home even if someone edits it. It follows the reader's light or
 * dark setting, reflows at phone width, and prints on A4 or Letter without splitting a chart.
 */

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root{color-scheme:light dark;--fg:#1d1f23;--muted:#5b616b;--bg:#fff;--card:#f4f5f7;--line:#d5d8de;
--s1:#2f6fdb;--s2:#d9822b;--s3:#2a9d6a;--band-before:rgba(120,120,120,.12);--band-after:rgba(47,111,219,.12);--bad:#c23b3b;--good:#1f8a57}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#a0a7b2;--bg:#15171a;--card:#1f2226;--line:#3a3f46;
--s1:#6ea0ff;--s2:#f0a45c;--s3:#5cc99a;--band-before:rgba(200,200,200,.10);--band-after:rgba(110,160,255,.16);--bad:#ff7b7b;--good:#6fdca2}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;margin:36px 0 6px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:1em;margin:18px 0 6px}
.meta,.note{color:var(--muted);margin:2px 0}
.privacy{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:1px 8px;font-size:.85em;color:var(--muted)}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:14px 0}
.figure{background:var(--card);border-radius:6px;padding:8px 10px}
.figure .label{font-size:.8em;color:var(--muted)}.figure .value{font-size:1.3em;font-weight:600}
.figure .change{font-size:.8em;color:var(--muted)}
.verdict{background:var(--card);border-left:3px solid var(--s1);padding:6px 10px;margin:8px 0}
.chart{margin:12px 0;break-inside:avoid;page-break-inside:avoid}
.chart figcaption{font-weight:600;margin-bottom:2px}
.chart-svg{width:100%;max-width:720px;height:auto;display:block}
.chart-svg text{fill:var(--muted);font-size:11px}
.chart-svg .axis,.chart-svg .grid{stroke:var(--line)}.chart-svg .grid{stroke-dasharray:2 3}
.chart-svg .bar.s1,.chart-svg .dot.s1{fill:var(--s1)}.chart-svg .bar.s2,.chart-svg .dot.s2{fill:var(--s2)}.chart-svg .bar.s3,.chart-svg .dot.s3{fill:var(--s3)}
.chart-svg .line{fill:none;stroke-width:2}.chart-svg .line.s1{stroke:var(--s1)}.chart-svg .line.s2{stroke:var(--s2)}.chart-svg .line.s3{stroke:var(--s3)}
.chart-svg .band.before{fill:var(--band-before)}.chart-svg .band.after{fill:var(--band-after)}
.chart-svg .marker{stroke:var(--s2);stroke-dasharray:4 3}.chart-svg .marker-label{fill:var(--s2)}
.chart-svg .whisker{stroke:var(--fg);stroke-width:1.2}
.chart-svg .axis-label{fill:var(--fg);font-size:12px}
details{margin:4px 0}summary{cursor:pointer;color:var(--muted);font-size:.85em}
table{border-collapse:collapse;width:100%;font-size:.9em;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:right}
th:first-child,td:first-child{text-align:left}
.campaign{break-before:auto}
@media (max-width:600px){body{font-size:14px}.figures{grid-template-columns:repeat(2,1fr)}main{padding:12px 10px}}
@media print{:root{--fg:#000;--muted:#444;--bg:#fff;--card:#f2f2f2}
body{font-size:11pt}main{max-width:none;padding:0}details>summary{display:none}
a{color:inherit;text-decoration:none}}
@media print{details::details-content{content-visibility:visible;display:block}}
@page{margin:14mm}
`;

export interface PageParts {
  title: string;
  body: string;
  /** The report as data, for tools that re-read the file. */
  data: unknown;
}

export function page({ title, body, data }: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="meld">
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script type="application/json" id="meld-report">${scriptJson(data)}</script>
</body>
</html>
`;
}
