import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { parsePeriod } from '../../src/report/ReportData.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { captureOutput, createFixtureStore } from '../query/syntheticFixture.ts';
import { CHROMIUM, ensureChromium } from './chromium.ts';

const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts');

describe('report period', () => {
  it('takes a quarter or a month and derives the other', () => {
    expect(parsePeriod('2025-Q3')).toEqual({ quarter: '2025-Q3', month: '2025-09' });
    expect(parsePeriod('2025-08')).toEqual({ quarter: '2025-Q3', month: '2025-08' });
    expect(parsePeriod(undefined)).toEqual({ quarter: 'latest', month: 'latest' });
    expect(() => parsePeriod('2025-13')).toThrow(/neither a quarter nor a month/);
  });
});

describe('labourflow report', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  let browser: { ok: true } | { ok: false; reason: string };
  beforeAll(async () => {
    fixture = await createFixtureStore({ postings: 6000, seekers: 4000 });
    // Two alerts as watch-layoffs writes them, one inside the 130500 scope and one outside it.
    await withStore({ path: fixture.db }, (store) =>
      store.run(`INSERT INTO layoff_alerts VALUES
        ('2025-12:region:130500', '2025-12', 'region', '130500', 'orange', 3, '130500', '邢台市', NULL, NULL, NULL, false, [],
         '[]', '{}', '邢台市本月失业率较上月上升 <b>2.1</b> 个百分点', 'job-loss rate up 2.1 points', 'new', '2025-12', NULL, true, 'r1', now(), now()),
        ('2025-12:region:420500', '2025-12', 'region', '420500', 'red', 4, '420500', '宜昌市', NULL, NULL, NULL, false, [],
         '[]', '{}', '宜昌市多家企业停产', 'several enterprises halted', 'new', '2025-12', NULL, true, 'r1', now(), now())`),
    );
    browser = ensureChromium();
    if (!browser.ok) console.warn(`\n\n*** SKIPPING the headless-Chromium report check: ${browser.reason} ***\n\n`);
  }, 1_200_000);
  afterAll(() => fixture?.cleanup());

  it('writes one self-contained HTML file that loads nothing from the network', async () => {
    const out = join(fixture.dir, 'report.html');
    const run = await captureOutput(() => runCli(['report', '--db', fixture.db, '--out', out]));
    expect(run.value).toBe(0);
    expect(run.stdout).toMatch(/report written/);
    const html = readFileSync(out, 'utf8');
    expect(statSync(out).size).toBeGreaterThan(200_000); // the chart library is inline
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)[^\s"']+\.(js|css)/i);
    expect(html).toContain('宜昌市多家企业停产');
    // Data is escaped: a name with markup stays text.
    expect(html).toContain('&lt;b&gt;2.1&lt;/b&gt;');
  });

  it('a scoped report holds only the scope', async () => {
    const out = join(fixture.dir, 'xingtai.html');
    expect((await captureOutput(() => runCli(['report', '--db', fixture.db, '--scope', '130500', '--out', out]))).value).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('邢台市本月失业率');
    expect(html).not.toContain('宜昌市多家企业停产');
    const data = JSON.parse(/<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!) as {
      ratioByRegion: Array<{ group_code: string }>;
      regionLevel: string;
    };
    expect(data.regionLevel).toBe('county');
    expect(data.ratioByRegion.length).toBeGreaterThan(0);
    expect(data.ratioByRegion.every((r) => r.group_code.startsWith('1305'))).toBe(true);
  });

  it('renders every chart in headless Chromium with no console errors, and keeps a screenshot', async (ctx) => {
    if (!browser.ok) ctx.skip();
    const out = join(fixture.dir, 'report.html');
    await captureOutput(() => runCli(['report', '--db', fixture.db, '--out', out]));
    const profile = mkdtempSync(join(tmpdir(), 'labourflow-chromium-'));
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${out}`);
      await page.waitForFunction('window.__reportReady === true', null, { timeout: 30_000 });
      // Runs in the page (the project has no DOM typings): counts the non-transparent pixels of each canvas.
      const canvases = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((c) => {
        const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return { id: c.id, width: c.width, height: c.height, painted };
      })`)) as Array<{ id: string; width: number; height: number; painted: number }>;
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
      expect(canvases.map((c) => c.id)).toEqual(['chart-ratio', 'chart-wages', 'chart-trend', 'chart-duration', 'chart-keygroups']);
      for (const c of canvases) {
        expect(c.width, c.id).toBeGreaterThan(100);
        expect(c.painted / (c.width * c.height), c.id).toBeGreaterThan(0.02);
      }
      const riskRows = await page.locator('table.risk tbody tr').count();
      expect(riskRows).toBe(2);
    } finally {
      await context?.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
