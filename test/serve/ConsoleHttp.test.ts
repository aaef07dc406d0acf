import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PASSWORD, prepareTemplate, type RunningApi, startApi } from './apiFixture.ts';

vi.hoisted(() => {
  process.env.LABOURFLOW_SCRYPT_LOG2N = '14';
});

/** The console's HTTP behaviour without a browser: sign-in, redirects, cross-site forms, assets, headers. */
let dir: string;
let api: RunningApi;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lf-console-http-'));
  api = await startApi(await prepareTemplate(dir));
}, 120_000);
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

async function signIn(name: string, next = '/console'): Promise<{ status: number; location: string | null; cookie: string }> {
  const response = await fetch(`${api.base}/console/login`, {
    method: 'POST',
    headers: formHeaders,
    body: form({ name, password: PASSWORD, next }),
    redirect: 'manual',
  });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { status: response.status, location: response.headers.get('location'), cookie };
}

describe('the console over HTTP', () => {
  it('signs in with a form and goes only to console paths afterwards', async () => {
    const ok = await signIn('reviewer-xt', '/console/review?state=returned');
    expect(ok).toMatchObject({ status: 303, location: '/console/review?state=returned' });
    expect(ok.cookie).toMatch(/^lf_session=/);
    for (const next of ['//evil.example/x', 'https://evil.example/', '/consolex', '/console//evil.example', '/console/\\evil']) {
      expect((await signIn('reviewer-xt', next)).location, next).toBe('/console');
    }
    const lang = await fetch(`${api.base}/console/lang?to=en&next=${encodeURIComponent('//evil.example')}`, { redirect: 'manual' });
    expect(lang.headers.get('location')).toBe('/console');
    expect(lang.headers.get('set-cookie')).toMatch(/^lf_lang=en/);
  });

  it('answers a wrong password with the sign-in page again (401), in Chinese', async () => {
    const response = await fetch(`${api.base}/console/login`, {
      method: 'POST',
      headers: formHeaders,
      body: form({ name: 'reviewer-xt', password: 'not-the-password-1' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('用户名或密码不正确');
  });

  it('refuses a form posted from another site with the session, and changes nothing', async () => {
    const { cookie } = await signIn('reviewer-xt');
    const [posting] = await api.host.read((s) =>
      s.all<{ posting_id: string; posting_version: number }>(
        "SELECT posting_id, posting_version FROM posting_reviews WHERE state = 'pending' AND region_code LIKE '1305%' AND NOT blocking LIMIT 1",
      ),
    );
    const post = (origin: string) =>
      fetch(`${api.base}/console/review/${posting!.posting_id}`, {
        method: 'POST',
        headers: { ...formHeaders, cookie, origin },
        body: form({ version: String(posting!.posting_version), decision: 'approve' }),
        redirect: 'manual',
      });
    const foreign = await post('http://evil.example');
    expect(foreign.status).toBe(403);
    const [still] = await api.host.read((s) =>
      s.all<{ state: string }>('SELECT state FROM posting_reviews WHERE posting_id = $id', { id: posting!.posting_id }),
    );
    expect(still!.state).toBe('pending');
    const own = await post(api.base);
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toBe('/console/review?msg=msgApproved');
  });

  it('sends every page with a policy that keeps all requests on this server, and serves its assets', async () => {
    const { cookie } = await signIn('analyst-xt');
    const page = await fetch(`${api.base}/console/queries`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const markup = await page.text();
    expect(markup).toContain('市场工资指导价位');
    expect(markup).not.toMatch(/(src|href)="(https?:)?\/\//);
    const css = await (await fetch(`${api.base}/console/assets/fonts.css`)).text();
    const fonts = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(100);
    expect(fonts.every((u) => u.startsWith('/console/assets/fonts/') && u.endsWith('.woff2'))).toBe(true);
    const font = await fetch(`${api.base}${fonts[fonts.length - 1]}`);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect((await fetch(`${api.base}/console/assets/fonts/..%2F..%2Fpackage.json`)).status).toBe(400);
    expect((await fetch(`${api.base}/console/assets/chart.umd.min.js`)).status).toBe(200);
  });

  it('shows a role’s refusal and another region’s record as pages (403, 404)', async () => {
    const { cookie } = await signIn('caseworker-yc');
    const forbidden = await fetch(`${api.base}/console/review`, { headers: { cookie } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('无权');
    const [xingtai] = await api.host.read((s) =>
      s.all<{ case_id: string; seeker_id: string }>(
        "SELECT c.case_id, c.seeker_id FROM cases c JOIN seekers s ON s.id = c.seeker_id WHERE s.residence_region = '130506' LIMIT 1",
      ),
    );
    const other = await fetch(`${api.base}/console/cases/${xingtai!.case_id}`, { headers: { cookie } });
    expect(other.status).toBe(404);
    expect(await other.text()).not.toContain(xingtai!.seeker_id);
  });
});
