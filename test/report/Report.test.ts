import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { gatherReportData, parsePeriod, periodWindow } from '../../src/report/ReportData.ts';
import { renderReportHtml } from '../../src/report/renderReportHtml.ts';
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

  it('a quarter covers its three months, a month itself', () => {
    expect(periodWindow('2025-Q3')).toEqual({
      quarter: '2025-Q3',
      month: '2025-09',
      from: '2025-07-01',
      to: '2025-09-30',
      days: 92,
      alertMonths: ['2025-09', '2025-08', '2025-07'],
    });
    expect(periodWindow('2024-02')).toMatchObject({ quarter: '2024-Q1', from: '2024-02-01', to: '2024-02-29', days: 29 });
  });
});

describe('report for the period asked (issue #13)', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  beforeAll(async () => {
    fixture = await createFixtureStore({ postings: 6000, seekers: 4000 });
    // Alerts of two months in scope: the quarter asked (2025-09) and the newest (2025-12).
    await withStore({ path: fixture.db }, (store) =>
      store.run(`INSERT INTO layoff_alerts VALUES
        ('2025-09:region:130500', '2025-09', 'region', '130500', 'yellow', 2, '130500', '邢台市', NULL, NULL, NULL, false, [],
         '[]', '{}', '九月预警', 'september alert', 'new', '2025-09', NULL, true, 'r1', now(), now()),
        ('2025-12:region:130500', '2025-12', 'region', '130500', 'red', 4, '130500', '邢台市', NULL, NULL, NULL, false, [],
         '[]', '{}', '十二月预警', 'december alert', 'new', '2025-12', NULL, true, 'r1', now(), now())`),
    );
  }, 600_000);
  afterAll(() => fixture?.cleanup());

  const gather = (period: string) =>
    withSession({ db: fixture.db, scope: '130500' }, async (session) => {
      const pack = await QueryPack.load();
      const data = await gatherReportData(session, pack, { period });
      const q = async (name: string, params: Record<string, string>) => {
        const r = await runNamedQuery(session, pack.get(name), params);
        return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
      };
      return { data, q };
    });

  it('a past quarter: every section reads that quarter, not the newest data', async () => {
    // National, so the quarter's occupation cells reach the 30 postings a wage cell needs.
    await withSession({ db: fixture.db }, async (session) => {
      const pack = await QueryPack.load();
      const data = await gatherReportData(session, pack, { period: '2025-Q3' });
      const q = async (name: string, params: Record<string, string>) => {
        const r = await runNamedQuery(session, pack.get(name), params);
        return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]])));
      };
      expect(data.quarter).toBe('2025-Q3');
      expect(data.period).toMatchObject({ from: '2025-07-01', to: '2025-09-30', alertMonth: '2025-09', hasData: true });
      expect(data.layoffRisk.map((r) => r.explanation_en)).toEqual(['september alert']);
      expect(data.headline.alerts).toBe(1);
      const wages = await q('wage-guide', { group_by: 'occupation', posted_from: '2025-07-01', posted_to: '2025-09-30' });
      const wagesAllTime = await q('wage-guide', { group_by: 'occupation' });
      expect(data.wagesByOccupation.map((r) => [r.occupation_code, r.n]).sort()).toEqual(wages.map((r) => [r.occupation_code, r.n]).sort());
      expect(wages.length).toBeGreaterThan(0);
      // No classification configured: the shipped names still label every occupation.
      expect(data.wagesByOccupation.every((r) => typeof r.occupation_name === 'string' && r.occupation_name !== '')).toBe(true);
      expect(data.wagesByOccupation.find((r) => r.occupation_code === '4-01-02-01')?.occupation_name).toBe('营销员');
      expect(wages.reduce((s, r) => s + Number(r.n), 0)).toBeLessThan(wagesAllTime.reduce((s, r) => s + Number(r.n), 0));
      const keyGroups = await q('key-group-coverage', { as_of: '2025-09-30', days: '92' });
      expect(data.keyGroups).toEqual(keyGroups);
      const latestKeyGroups = await q('key-group-coverage', {});
      expect(keyGroups.find((r) => r.key_group === 'all')!.seekers).toBeLessThan(
        Number(latestKeyGroups.find((r) => r.key_group === 'all')!.seekers),
      );
      const compliance = await q('follow-up-compliance', { as_of: '2025-09-30', days: '30' });
      const due = compliance.reduce((s, r) => s + Number(r.due), 0);
      const contacted = compliance.reduce((s, r) => s + Number(r.contacted), 0);
      expect(data.headline.followUpCompliance).toBe(Math.round((1000 * contacted) / due) / 1000);
      expect(data.unemploymentTrend.at(-1)!.month).toBe('2025-09');
      // 求人倍率: one definition named beside it; its change on the units of both quarters, with that base shown.
      const total = (await q('supply-demand', { quarter: '2025-Q3', group_by: 'total' }))[0]!;
      expect(data.headline).toMatchObject({ ratioPrevQ: Number(total.ratio_prev_q), unitsMatchedQ: Number(total.units_matched_q) });
      const html = renderReportHtml(data, '');
      expect(html).toContain('job-to-applicant ratio, flow: demand posted ÷ seekers registered in 2025-Q3');
      expect(html).toContain(`units in both quarters (previous ${Number(total.ratio_prev_q).toFixed(2)})`);
      expect(data.month).toBe('2025-09');
    });
  });

  it('an empty quarter says so and shows nothing from other periods', async () => {
    const { data } = await gather('2019-Q1');
    expect(data.period.hasData).toBe(false);
    expect(data.notes.join('\n')).toMatch(/no data for 2019-Q1/);
    expect(data.layoffRisk).toEqual([]);
    expect(data.headline).toMatchObject({
      demand: 0,
      seekers: 0,
      ratio: null,
      alerts: 0,
      followUpCompliance: null,
      registeredUnemployed: 0,
    });
    expect(data.wagesByOccupation).toEqual([]);
    expect(data.keyGroups.every((r) => Number(r.served) === 0)).toBe(true);
    const out = join(fixture.dir, 'empty.html');
    const run = await captureOutput(() => runCli(['report', '--db', fixture.db, '--scope', '130500', '--period', '2019-Q1', '--out', out]));
    expect(run.value).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('本期无数据');
  });

  it('latest resolves to one quarter that every section shares', async () => {
    const { data } = await gather('latest');
    expect(data.quarter).toBe('2025-Q4');
    expect(data.period).toMatchObject({ from: '2025-10-01', to: '2025-12-31', alertMonth: '2025-12' });
    expect(data.layoffRisk.map((r) => r.explanation_en)).toEqual(['december alert']);
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
         '[]', '{}', '邢台市本月失业率较上月上升 <b>2.1</b> 个百分点', 'job-loss rate up 2.1 points',
         'new', '2025-12', NULL, true, 'r1', now(), now()),
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
