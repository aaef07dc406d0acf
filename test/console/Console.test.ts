import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chinaDate } from '../../src/cases/caseDesk.ts';
import { CHROMIUM, ensureChromium } from '../report/chromium.ts';
import { AS_OF, bearer, PASSWORD, type RunningApi, startApi, tokenFor } from '../serve/apiFixture.ts';
import { type ConsoleTemplate, prepareConsoleTemplate } from './consoleFixture.ts';

vi.hoisted(() => {
  process.env.LABOURFLOW_SCRYPT_LOG2N = '14';
});

/**
 * The console in real Chromium (Debian's, driven by playwright-core) against a real server on
 * loopback: one server and one browser for the whole file, a browser context per user.
 */
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/console');
const TODAY = chinaDate();
const browserReady = ensureChromium();

let dir: string;
let template: ConsoleTemplate;
let api: RunningApi;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Every URL any page asked for: none may leave the server. */
const requested: string[] = [];
/** Assets (styles, scripts, font subsets) the server failed to give. */
const missingAssets: string[] = [];
function watch(page: Page): void {
  page.on('request', (r) => requested.push(r.url()));
  page.on('response', (r) => {
    if (r.url().includes('/console/assets/') && r.status() >= 400) missingAssets.push(`${r.status()} ${r.url()}`);
  });
}

beforeAll(async () => {
  if (!browserReady.ok) return;
  dir = mkdtempSync(join(tmpdir(), 'lf-console-'));
  template = await prepareConsoleTemplate(dir);
  api = await startApi(template.db);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  watch(page);
  await page.goto(`${api.base}/console`);
  expect(page.url()).toContain('/console/login');
  // By keyboard: the name field (autofocus; focused again here so typing never races it), Tab to the password, Enter submits.
  await page.locator('#name').focus();
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  try {
    await page.waitForURL((u) => !u.pathname.startsWith('/console/login'), { timeout: 10_000 });
  } catch (error) {
    await shot(page, `sign-in-failed-${name}`);
    throw error;
  }
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The region codes of every row the page shows. */
const regionsShown = (page: Page) =>
  page.locator('[data-region]').evaluateAll((els) => els.map((e) => e.getAttribute('data-region') ?? ''));

async function apiJson<T>(user: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${api.base}${path}`, {
    ...init,
    headers: { ...bearer(await tokenFor(api.base, user)), ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  expect(response.status, `${path}: ${response.status}`).toBeLessThan(300);
  return (await response.json()) as T;
}

describe.skipIf(!browserReady.ok)('the console in Chromium', () => {
  it('signs in each role to its own pages, refuses a wrong password, in Chinese with an English switch, with the web font', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    watch(page);
    await page.goto(`${api.base}/console/login`);
    await page.getByLabel('用户名').fill('analyst-xt');
    await page.getByLabel('密码').fill('wrong-password-123');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.locator('#login-error').textContent()).toContain('用户名或密码不正确');
    await shot(page, 'login-refused');

    const homes = {
      'reviewer-xt': '/console/review',
      'caseworker-xt': '/console/cases',
      'analyst-xt': '/console/queries',
      root: '/console/queries',
    };
    for (const [user, home] of Object.entries(homes)) {
      const p = await signIn(user);
      expect(new URL(p.url()).pathname).toBe(home);
      const nav = await p.locator('header nav a').allTextContents();
      if (user === 'reviewer-xt') expect(nav).toEqual(['岗位审核']);
      if (user === 'caseworker-xt') expect(nav).toEqual(['个案服务']);
      if (user === 'analyst-xt') expect(nav).toEqual(['统计查询', '分析报告', '裁员风险预警']);
      if (user === 'root') expect(nav).toHaveLength(5);
      // A page of another role is refused, as a page.
      if (user === 'reviewer-xt') {
        const response = await p.goto(`${api.base}/console/cases`);
        expect(response!.status()).toBe(403);
        expect(await p.locator('[role=alert]').textContent()).toContain('无权');
        await p.goto(`${api.base}${home}`);
      }
      await p.close();
    }

    const p = await signIn('reviewer-xt');
    expect(await p.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await p.locator('h1').textContent()).toBe('岗位审核台');
    // The first Tab lands on the skip link.
    await p.keyboard.press('Tab');
    expect(await p.evaluate('document.activeElement.className')).toBe('skip');
    await p.evaluate('document.fonts.ready');
    expect(await p.evaluate(`document.fonts.check('16px "Noto Sans SC"', '岗位审核台')`)).toBe(true);
    const loadedFaces = await p.evaluate(
      `[...document.fonts].filter((f) => f.family.includes('Noto Sans SC') && f.status === 'loaded').length`,
    );
    expect(loadedFaces).toBeGreaterThan(0);
    await p.locator('#lang-switch').click();
    await p.waitForURL('**/console/review');
    expect(await p.locator('h1').textContent()).toBe('Posting review desk');
    expect(await p.locator('html').getAttribute('lang')).toBe('en');
    await shot(p, 'review-english');
    await p.locator('#lang-switch').click();
    expect(await p.locator('h1').textContent()).toBe('岗位审核台');
  });

  it('a reviewer approves one posting and rejects another; only the approved one is recommended in the next match run', async () => {
    const [approved, rejected] = template.pending;
    const page = await signIn('reviewer-xt');
    expect(await page.locator(`#review-queue tr[data-posting="${approved}"]`).count()).toBe(1);
    await page.locator(`#review-queue tr[data-posting="${approved}"] a`).click();
    expect(await page.locator('h2').first().textContent()).toBeTruthy();
    await page.getByRole('button', { name: '审核通过' }).click();
    await page.waitForURL('**/console/review?msg=msgApproved');
    expect(await page.locator('.flash').textContent()).toBe('已审核通过。');

    await page.goto(`${api.base}/console/review/${rejected}`);
    // Rejecting without a reason is refused, with the desk's message.
    await page.getByRole('button', { name: '不予通过' }).click();
    expect(await page.locator('[role=alert]').textContent()).toContain('reason');
    await page.goto(`${api.base}/console/review/${rejected}`);
    await page.getByLabel('理由').fill('岗位描述与实际不符，请核实后重新提交');
    await page.getByRole('button', { name: '不予通过' }).click();
    await page.waitForURL('**/console/review?msg=msgRejected');
    expect(await page.locator(`#review-queue tr[data-posting="${rejected}"]`).count()).toBe(0);
    await page.goto(`${api.base}/console/review?state=rejected`);
    expect(await page.locator(`#review-queue tr[data-posting="${rejected}"]`).count()).toBe(1);
    await shot(page, 'review-rejected');

    const run = await apiJson<{ run_id: string }>('root', '/runs/match', {
      method: 'POST',
      body: JSON.stringify({ mode: 'full', as_of: AS_OF }),
    });
    const recs = await apiJson<{ columns: { name: string }[]; rows: unknown[][] }>(
      'root',
      `/recommendations?run_id=${run.run_id}&limit=100000`,
    );
    const postingCol = recs.columns.findIndex((c) => c.name === 'posting_id');
    const postings = new Set(recs.rows.map((r) => r[postingCol]));
    expect(postings.has(approved)).toBe(true);
    expect(postings.has(rejected)).toBe(false);
  });

  it('a caseworker takes a T4 case, records a contact and a plan step and closes it; the compliance query follows', async () => {
    const cases = await apiJson<{
      items: {
        case_id: string;
        tier: string;
        office_region: string | null;
        seeker: { residence_region: string; employment_status: string };
      }[];
    }>('caseworker-xt', '/cases?tier=T4');
    const t4 = cases.items.find((c) => c.seeker.employment_status === 'unemployed_registered')!;
    expect(t4).toBeDefined();
    const office = t4.office_region ?? t4.seeker.residence_region;
    const compliance = async () => {
      const r = await apiJson<{ columns: { name: string }[]; rows: unknown[][] }>(
        'analyst-xt',
        `/queries/follow-up-compliance?as_of=${TODAY}&days=30`,
      );
      const names = r.columns.map((c) => c.name);
      const row = r.rows.find((x) => x[names.indexOf('office_code')] === office);
      return row ? Number(row[names.indexOf('contacted')]) : 0;
    };
    const before = await compliance();

    const page = await signIn('caseworker-xt');
    await page.getByLabel('分级').selectOption('T4');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL('**/console/cases?**');
    expect(
      (await page.locator('#case-queue tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tier')))).every(
        (t) => t === 'T4',
      ),
    ).toBe(true);
    await page.locator(`#case-queue tr[data-case="${t4.case_id}"] a`).click();
    // Only counsellors who can see the case are offered.
    const counsellors = await page.locator('#assignee option').allTextContents();
    expect(counsellors).toContain('caseworker-xt');
    expect(counsellors).not.toContain('caseworker-yc');
    expect(counsellors).not.toContain('reviewer-xt');
    await page.getByRole('button', { name: '由我接案' }).click();
    await page.waitForURL('**msg=msgTaken');
    expect(await page.locator('#case-status').textContent()).toContain('服务中');

    await page.getByLabel('方式', { exact: true }).selectOption('phone');
    await page.getByLabel('结果', { exact: true }).selectOption('reached');
    await page.locator('#contact-note').fill('电话联系本人，愿意参加叉车培训');
    await page.getByRole('button', { name: '记录' }).click();
    await page.waitForURL('**msg=msgContact');

    await page.getByLabel('类型', { exact: true }).selectOption('training');
    await page.getByLabel('完成期限', { exact: true }).fill('2027-01-31');
    await page.locator('#step-desc').fill('参加叉车司机职业技能培训');
    await page.getByRole('button', { name: '添加计划步骤' }).click();
    await page.waitForURL('**msg=msgStep');
    expect(await page.locator('#plan tbody tr').count()).toBe(1);
    expect(await page.locator('#plan').textContent()).toContain('职业技能培训');
    expect(await page.locator('#recommendations tbody tr').count()).toBeGreaterThan(0);

    await page.getByLabel('结案结果', { exact: true }).selectOption('training');
    await page.getByRole('button', { name: '结案' }).click();
    await page.waitForURL('**msg=msgClosed');
    expect(await page.locator('#case-status').textContent()).toContain('已结案');
    expect(await page.locator('#events').textContent()).toContain('caseworker-xt');
    await shot(page, 'case-closed');
    expect(await compliance()).toBe(before + 1);
  });

  it('an analyst runs wage-guide and downloads CSV and XLSX that open with the right Chinese text', async () => {
    const page = await signIn('analyst-xt');
    await page.getByRole('link', { name: '市场工资指导价位' }).click();
    await page.getByLabel('group_by').selectOption('region');
    await page.getByLabel('min_n').fill('5');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL('**run=1**');
    const cells = await page.locator('#result tbody tr td').allTextContents();
    const chinese = cells.find((c) => /[\u4e00-\u9fff]/.test(c));
    expect(chinese).toBeDefined();
    // The chart is drawn by the locally served Chart.js.
    await page.waitForFunction(`(() => { const c = document.getElementById('chart'); return c && c.width > 100; })()`);
    await shot(page, 'wage-guide');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#download-csv').click()]);
    const csv = readFileSync((await csvDownload.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain(chinese!);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#download-xlsx').click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await xlsxDownload.path())!);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts).toContain('市场工资指导价位');
    expect(texts).toContain(chinese!);

    const [parquetDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#download-parquet').click()]);
    expect(
      readFileSync((await parquetDownload.path())!)
        .subarray(0, 4)
        .toString(),
    ).toBe('PAR1');
  });

  it('a county user sees no other county’s rows on any page', async () => {
    const analyst = await signIn('analyst-qd'); // 桥东区 130502
    const pages = [
      '/console/queries/wage-guide?run=1&group_by=region&region_level=county&min_n=1',
      '/console/queries/follow-up-compliance?run=1',
      '/console/queries/unemployment?run=1',
      '/console/alerts?min_level=none',
    ];
    let rows = 0;
    for (const path of pages) {
      const response = await analyst.goto(`${api.base}${path}`);
      expect(response!.status(), path).toBe(200);
      const shown = await regionsShown(analyst);
      rows += shown.length;
      expect(
        shown.filter((r) => r !== '130502'),
        path,
      ).toEqual([]);
    }
    expect(rows).toBeGreaterThan(0);
    const report = await analyst.goto(`${api.base}/report?period=latest`);
    expect(JSON.parse(decodeURIComponent(report!.headers()['x-labourflow-report']!)).scope_code).toBe('130502');

    const caseworker = await signIn('caseworker-xt'); // 南和区 130506
    for (const path of ['/console/cases?status=all']) {
      await caseworker.goto(`${api.base}${path}`);
      const shown = await regionsShown(caseworker);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.filter((r) => r !== '130506')).toEqual([]);
    }
    const firstCase = await caseworker.locator('#case-queue tbody tr a').first().getAttribute('href');
    await caseworker.goto(`${api.base}${firstCase}`);
    expect((await regionsShown(caseworker)).every((r) => r === '130506')).toBe(true);
    // Another county's case does not exist for them.
    const other = await apiJson<{ items: { case_id: string }[] }>('caseworker-yc', '/cases');
    const response = await caseworker.goto(`${api.base}/console/cases/${other.items[0]!.case_id}`);
    expect(response!.status()).toBe(404);
    await shot(caseworker, 'other-county-case');
  });

  it('asked nothing of any other origin, and got every asset it asked for', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((u) => !u.startsWith(api.base))).toEqual([]);
    expect(requested.some((u) => u.includes('/console/assets/fonts/'))).toBe(true);
    expect(missingAssets).toEqual([]);
  });
});
