import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMeld, seed, tempDir } from '../helpers/harness.js';

const NOW = '2026-11-27T10:00:00.000Z';

/** A file with one campaign whose name and a prospect's name are attacks on a page. */
async function hostileDb(): Promise<string> {
  const dir = tempDir();
  const db = join(dir, 'meld.json');
  await seed(db, [
    ['campaign', 'add', '<script>alert(1)</script>', '--channel', 'ads', '--cost', '300', '--start', '2026-11-01'],
    ['add-prospect', '"><img src=x onerror=alert(1)>', '--campaign', 'script-alert-1-script', '--value', '900'],
  ]);
  return db;
}

/** A data file filled by `meld demo` at NOW, in a folder of its own. */
async function demoFile(): Promise<{ dir: string; db: string }> {
  const dir = tempDir();
  const db = join(dir, 'meld.json');
  await runMeld(['demo'], { db, now: NOW });
  return { dir, db };
}

function embedded(html: string): { rows: Array<Record<string, unknown>>; private: boolean } {
  const m = /<script type="application\/json" id="meld-report">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no embedded report');
  return JSON.parse(m[1]!);
}

describe('campaign report --html', () => {
  it('writes one self-contained file whose embedded rows are exactly the --json report', async () => {
    const { dir, db } = await demoFile();
    const out = join(dir, 'report.html');
    const result = await runMeld(['campaign', 'report', '--html', '--out', out], { db, now: NOW });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${out}\n`);
    expect(result.stderr).toMatch(/^✓ Wrote the campaign report to .*report\.html \(\d+ KB, aggregates only\)\n$/);
    const html = readFileSync(out, 'utf8');
    const json = await runMeld(['campaign', 'report', '--json'], { db, now: NOW });
    expect(embedded(html).rows).toEqual(JSON.parse(json.stdout));
    expect(embedded(html).private).toBe(true);
    // Nothing outside the file: no scheme, no external reference, a policy that forbids requests.
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/\b(?:src|href)\s*=/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    // Every chart says what it shows in words, with its numbers beside it.
    const charts = html.match(/<svg /g) ?? [];
    expect(charts.length).toBeGreaterThan(5);
    expect((html.match(/<title id="/g) ?? []).length).toBe(charts.length);
    expect((html.match(/<desc id="/g) ?? []).length).toBe(charts.length);
    expect((html.match(/<summary>The numbers<\/summary>/g) ?? []).length).toBe(charts.length);
  });

  it('shows the headline figures that the --json rows add up to', async () => {
    const { db } = await demoFile();
    const html = (await runMeld(['campaign', 'report', '--html', '--out', '-'], { db, now: NOW })).stdout;
    const rows = JSON.parse((await runMeld(['campaign', 'report', '--json'], { db, now: NOW })).stdout) as Array<{
      cost: number;
      prospects: number;
      wonValue: number;
      stages: { won: number };
    }>;
    const figure = (key: string) =>
      new RegExp(
        `<div class="figure" data-figure="${key}"><div class="label">[^<]*</div><div class="value">([^<]*)</div>`,
      ).exec(html)?.[1];
    const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
    const usd = (n: number) =>
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: Number.isInteger(n) ? 0 : 2,
      }).format(n);
    expect(figure('cost')).toBe(usd(Math.round(sum((r) => r.cost) * 100) / 100));
    expect(figure('prospects')).toBe(String(sum((r) => r.prospects)));
    expect(figure('won')).toBe(String(sum((r) => r.stages.won)));
    expect(figure('wonValue')).toBe(usd(sum((r) => r.wonValue)));
  });

  it('compares the headline with the period of equal length before --since', async () => {
    const { db } = await demoFile();
    const html = (
      await runMeld(['campaign', 'report', '--html', '--out', '-', '--since', '2026-11-01', '--until', '2026-11-14'], {
        db,
        now: NOW,
      })
    ).stdout;
    expect(html).toContain('vs Oct 18–Oct 31');
    expect(html).not.toContain('Give --since');
  });

  it('escapes every name from the data file and names nobody unless --with-people', async () => {
    const db = await hostileDb();
    const html = (await runMeld(['campaign', 'report', '--html', '--out', '-'], { db, now: NOW })).stdout;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // The embedded JSON cannot close its own script block.
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).not.toContain('onerror=alert(1)>');
    expect(html).toContain('Aggregates only');
  });

  it('writes meld-report-<today>.html in the current folder by default', async () => {
    const { dir, db } = await demoFile();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const result = await runMeld(['campaign', 'report', '--html'], { db, now: NOW });
      expect(result.stdout).toBe('meld-report-2026-11-27.html\n');
      expect(existsSync(join(dir, 'meld-report-2026-11-27.html'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses meld data file, a missing folder and flags without --html, changing nothing', async () => {
    const { dir, db } = await demoFile();
    const before = readFileSync(db, 'utf8');
    const onData = await runMeld(['campaign', 'report', '--html', '--out', db], { db, now: NOW });
    expect(onData.exitCode).toBe(1);
    expect(onData.stderr).toMatch(/^error: cannot write ".*meld\.json": it is meld's data file/);
    const missing = await runMeld(['campaign', 'report', '--html', '--out', join(dir, 'nope', 'r.html')], {
      db,
      now: NOW,
    });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr.split('\n')[0]).toMatch(/^error: cannot write .*r\.html.*nope/);
    const noHtml = await runMeld(['campaign', 'report', '--out', 'x.html'], { db, now: NOW });
    expect(noHtml.exitCode).toBe(2);
    expect(noHtml.stderr).toBe('error: --out needs --html\n  hint: meld campaign report --html --out x.html\n');
    const people = await runMeld(['campaign', 'report', '--with-people'], { db, now: NOW });
    expect(people.exitCode).toBe(2);
    expect(people.stderr).toBe(
      'error: --with-people needs --html\n  hint: meld campaign report --html --with-people\n',
    );
    const several = await runMeld(['campaign', 'report', '--out', 'my report.html', '--with-people'], { db, now: NOW });
    expect(several.stderr).toBe(
      'error: --out and --with-people need --html\n  hint: meld campaign report --html --out "my report.html" --with-people\n',
    );
    const both = await runMeld(['campaign', 'report', '--html', '--json'], { db, now: NOW });
    expect(both.exitCode).toBe(2);
    const unknown = await runMeld(['campaign', 'report', 'no-such', '--html', '--out', '-'], { db, now: NOW });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(readFileSync(db, 'utf8')).toBe(before);
  });

  it('--open outside a terminal still writes the file and says where it is', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    mkdirSync(join(dir, 'out'));
    await runMeld(['demo'], { db, now: NOW });
    const out = join(dir, 'out', 'r.html');
    const result = await runMeld(['campaign', 'report', '--html', '--out', out, '--open'], { db, now: NOW });
    expect(result.exitCode).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(result.stderr).toContain(
      `warning: --open opens a browser only when run in a terminal; the report is at ${out}`,
    );
  });

  it('with --period adds the period-by-period charts', async () => {
    const { db } = await demoFile();
    const html = (await runMeld(['campaign', 'report', '--html', '--out', '-', '--period', 'month'], { db, now: NOW }))
      .stdout;
    expect(html).toContain('<h2 id="periods">Period by period</h2>');
    expect(html).toContain('Prospects and wins per period');
  });
});

describe('campaign report --html --with-people', () => {
  it('names the top customers and open deals, and says the file names people', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    await seed(db, [
      ['campaign', 'add', 'Fair', '--channel', 'event', '--cost', '100', '--start', '2026-11-01'],
      ['add-prospect', 'Lia Chen', '--campaign', 'fair', '--value', '2000'],
      ['add-prospect', 'Bo <b>Kim</b>', '--campaign', 'fair', '--value', '500'],
      ['prospect', 'stage', '1', 'won'],
    ]);
    const plain = (await runMeld(['campaign', 'report', '--html', '--out', '-'], { db, now: NOW })).stdout;
    expect(plain).not.toContain('Lia Chen');
    expect(plain).not.toContain('<h2 id="people">');
    const html = (await runMeld(['campaign', 'report', '--html', '--out', '-', '--with-people'], { db, now: NOW }))
      .stdout;
    expect(html).toContain('data-privacy="people"');
    expect(html).toContain('<tr><td>Lia Chen</td><td>Fair</td><td>1</td><td>$2,000</td></tr>');
    expect(html).toContain(
      '<tr><td>Bo &lt;b&gt;Kim&lt;/b&gt;</td><td>Bo &lt;b&gt;Kim&lt;/b&gt;</td><td>Fair</td><td>new</td><td>$500</td><td>10%</td><td>$50</td></tr>',
    );
    expect(embedded(html).private).toBe(false);
  });

  it('ranks the open deals by expected value, value × the rate used, not by value', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    await seed(db, [
      ['campaign', 'add', 'Fair', '--channel', 'event', '--cost', '100', '--start', '2026-11-01'],
      ['add-prospect', 'Lia Chen', '--campaign', 'fair', '--value', '2000'],
      ['add-prospect', 'Bo Kim', '--campaign', 'fair', '--value', '500'],
      ['add-prospect', 'Ida Ruiz', '--campaign', 'fair'],
      ['add-prospect', 'Ty Ames', '--campaign', 'fair', '--value', '1000'],
      ['prospect', 'stage', '2', 'proposal'],
      ['prospect', 'stage', '4', 'contacted'],
    ]);
    const html = (await runMeld(['campaign', 'report', '--html', '--out', '-', '--with-people'], { db, now: NOW }))
      .stdout;
    const deals = html.slice(html.indexOf('<h3>Open deals</h3>'));
    const rows = [...deals.matchAll(/<tr><td>([^<]*)<\/td>.*?<\/tr>/g)].map((m) => m[0]);
    // Set rates (no closed deals): Bo $500 at proposal × 60% = $300, Lia $2,000 at new × 10% =
    // $200, Ty $1,000 at contacted × 20% = $200 (tie: the bigger value first), Ida no value.
    expect(rows).toEqual([
      '<tr><td>Bo Kim</td><td>Bo Kim</td><td>Fair</td><td>proposal</td><td>$500</td><td>60%</td><td>$300</td></tr>',
      '<tr><td>Lia Chen</td><td>Lia Chen</td><td>Fair</td><td>new</td><td>$2,000</td><td>10%</td><td>$200</td></tr>',
      '<tr><td>Ty Ames</td><td>Ty Ames</td><td>Fair</td><td>contacted</td><td>$1,000</td><td>20%</td><td>$200</td></tr>',
      '<tr><td>Ida Ruiz</td><td>Ida Ruiz</td><td>Fair</td><td>new</td><td>—</td><td>10%</td><td>—</td></tr>',
    ]);
    expect(deals).toContain('Ranked by expected value');
  });
});

describe('campaign report --html and the forecast', () => {
  it('shows the expected value of the open deals and its range as meld forecast --json has them', async () => {
    const { db } = await demoFile();
    const html = (await runMeld(['campaign', 'report', '--html', '--out', '-'], { db, now: NOW })).stdout;
    const total = JSON.parse((await runMeld(['forecast', '--json'], { db, now: NOW })).stdout).total;
    // Estimates in whole dollars, as meld forecast prints them; --json keeps the cents.
    const usd = (n: number) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n);
    expect(html).toContain(
      `<div class="figure" data-figure="expected"><div class="label">Expected from open deals</div><div class="value">${usd(total.expected)}</div><div class="change">80%: ${usd(total.low)}–${usd(total.high)}`,
    );
    expect(html).toContain('<h2 id="forecast">Forecast</h2>');
    expect(html).toContain('Expected won value by month');
  });
});

describe('campaign report --html and loyalty', () => {
  it('shows customers, repeat rate and lifetime value as the --json rows add them up, and what prospects said', async () => {
    const { db } = await demoFile();
    const html = (await runMeld(['campaign', 'report', '--html', '--out', '-'], { db, now: NOW })).stdout;
    const rows = JSON.parse((await runMeld(['campaign', 'report', '--json'], { db, now: NOW })).stdout) as Array<{
      customers: { count: number; lifetimeValue: number };
      topics: Array<{ topic: string }>;
    }>;
    const count = rows.reduce((s, r) => s + r.customers.count, 0);
    expect(html).toContain(
      `<div class="figure" data-figure="customers"><div class="label">Customers</div><div class="value">${count}</div>`,
    );
    expect(html).toContain('data-figure="repeatRate"');
    expect(html).toContain('data-figure="lifetimeValue"');
    const topic = rows.flatMap((r) => r.topics)[0];
    if (topic) expect(html).toContain(`<td>${topic.topic}</td>`);
  });
});
