import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMeld, seed, tempDir } from '../helpers/harness.js';

// The shareable report opened in a real browser, offline: Debian's chromium driven by
// playwright-core (which brings no browser of its own). .ci/run installs chromium; where it is
// missing the test says so and skips rather than pass empty.
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('html-report-browser: no chromium at /usr/bin/chromium; skipping the browser test');

const NOW = '2026-11-27T10:00:00.000Z';

type Browser = import('playwright-core').Browser;
let browser: Browser;

describe.skipIf(!CHROMIUM)('the HTML report in a real browser', () => {
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string) {
    const context = await browser.newContext({ offline: true, viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
    });
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { context, page, errors, requests, dialogs };
  }

  it('opens the demo report offline: no errors, no requests, every chart drawn, figures as --json', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    await runMeld(['demo'], { db, now: NOW });
    const file = join(dir, 'demo.html');
    expect((await runMeld(['campaign', 'report', '--html', '--out', file], { db, now: NOW })).exitCode).toBe(0);
    const rows = JSON.parse((await runMeld(['campaign', 'report', '--json'], { db, now: NOW })).stdout) as Array<{
      prospects: number;
      stages: { won: number };
      wonValue: number;
    }>;
    const { context, page, errors, requests } = await open(file);
    try {
      const boxes = await page.$$eval('svg.chart-svg', (svgs) =>
        svgs.map((s) => {
          const r = s.getBoundingClientRect();
          return { w: r.width, h: r.height, marks: s.querySelectorAll('rect.bar, path.line').length };
        }),
      );
      expect(boxes.length).toBeGreaterThan(5);
      for (const b of boxes) {
        expect(b.w).toBeGreaterThan(100);
        expect(b.h).toBeGreaterThan(50);
      }
      const figure = (key: string) =>
        page.$eval(`main > section .figure[data-figure="${key}"] .value`, (e) => e.textContent);
      expect(await figure('prospects')).toBe(String(rows.reduce((s, r) => s + r.prospects, 0)));
      expect(await figure('won')).toBe(String(rows.reduce((s, r) => s + r.stages.won, 0)));
      const wonValue = rows.reduce((s, r) => s + r.wonValue, 0);
      expect(await figure('wonValue')).toBe(`$${wonValue.toLocaleString('en-US')}`);
      // The embedded data parses in the page to the same rows.
      const embedded = await page.$eval('#meld-report', (e) => JSON.parse(e.textContent ?? 'null'));
      expect(embedded.rows).toEqual(rows);
      const shot = join(dir, 'demo.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      // Printing keeps a chart whole on a page: a PDF comes out for both paper sizes.
      for (const format of ['A4', 'Letter'] as const) {
        const pdf = await page.pdf({ format });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      }
      // Phone width: nothing wider than the screen.
      await page.setViewportSize({ width: 375, height: 800 });
      const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('shows hostile names as text: no script runs, no image is requested', async () => {
    const dir = tempDir();
    const db = join(dir, 'meld.json');
    await seed(db, [
      ['campaign', 'add', '<script>alert(1)</script>', '--channel', 'ads', '--cost', '300', '--start', '2026-11-01'],
      [
        'campaign',
        'add',
        '"><img src=x onerror=alert(2)>',
        '--channel',
        'ads',
        '--cost',
        '100',
        '--start',
        '2026-11-01',
      ],
    ]);
    const file = join(dir, 'xss.html');
    expect((await runMeld(['campaign', 'report', '--html', '--out', file], { db, now: NOW })).exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('<img');
    const { context, page, errors, requests, dialogs } = await open(file);
    try {
      const text = await page.$eval('main', (e) => e.textContent ?? '');
      expect(text).toContain('<script>alert(1)</script>');
      expect(text).toContain('"><img src=x onerror=alert(2)>');
      expect(await page.$$eval('main img, main script', (els) => els.length)).toBe(0);
    } finally {
      await context.close();
    }
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
