import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, prepareTemplate, type RunningApi, startApi, tokenFor } from './apiFixture.ts';

let api: RunningApi;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lf-tpl-'));
  const t0 = performance.now();
  const template = await prepareTemplate(dir);
  console.log('template', performance.now() - t0);
  api = await startApi(template);
}, 240_000);
afterAll(async () => api?.close());

it('smoke', async () => {
  const t = await tokenFor(api.base, 'analyst-xt');
  const who = await fetch(`${api.base}/auth/whoami`, { headers: bearer(t) });
  console.log(who.status, await who.text());
  const q = await fetch(`${api.base}/queries/wage-guide?group_by=region&min_n=1&format=json`, { headers: bearer(t) });
  console.log(q.status, (await q.text()).slice(0, 500));
  const s = await fetch(`${api.base}/sql?format=csv`, {
    method: 'POST',
    headers: { ...bearer(t), 'content-type': 'application/json' },
    body: JSON.stringify({ sql: 'SELECT residence_region, count(*) n FROM seekers GROUP BY 1 ORDER BY 1' }),
  });
  console.log(s.status, await s.text());
  const c = await tokenFor(api.base, 'caseworker-xt');
  const r = await fetch(`${api.base}/queue?format=csv&limit=3`, { headers: bearer(c) });
  console.log(r.status, await r.text());
  const a = await fetch(`${api.base}/alerts?limit=3`, { headers: bearer(t) });
  console.log(a.status, (await a.text()).slice(0, 400));
  const rep = await fetch(`${api.base}/report`, { headers: bearer(t) });
  console.log(rep.status, rep.headers.get('x-labourflow-report'), (await rep.text()).length);
  const log = await fetch(`${api.base}/access-log`, { headers: bearer(await tokenFor(api.base, 'root')) });
  console.log(log.status, await log.text());
  const doc = (await (await fetch(`${api.base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  console.log(Object.keys(doc.paths));
  expect(who.status).toBe(200);
}, 120_000);
