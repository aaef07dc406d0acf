import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadCoreConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { type Api, buildHttpServer } from '../../src/serve/buildHttpServer.ts';
import type { ServiceContext } from '../../src/serve/ServiceContext.ts';
import { StoreHost } from '../../src/store/StoreHost.ts';

/** The skeleton on a real loopback port: health, metrics, OpenAPI, and the error shape for bad requests. */
describe('HttpServer', () => {
  let dir: string;
  let host: StoreHost;
  let app: Api;
  let base: string;
  let ready = false;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-http-'));
    host = await StoreHost.open({ path: join(dir, 'store.duckdb') });
    const context = {
      host,
      core: loadCoreConfig({ db: join(dir, 'store.duckdb') }, {}),
      ready: () => ready,
      metricsText: async () => '# TYPE labourflow_up gauge\nlabourflow_up 1\n',
      observeQuery: () => undefined,
    } as unknown as ServiceContext;
    app = await buildHttpServer(context, {
      bodyLimit: 1024,
      routes: [
        (api) => {
          api.post(
            '/echo',
            { schema: { body: z.object({ n: z.number().int().min(1) }).strict(), response: { 200: z.object({ n: z.number() }) } } },
            async (request) => ({ n: request.body.n }),
          );
          api.get('/refuse', async () => {
            throw new ConfigError('period 2026-13 is not a month', { code: 'PERIOD_INVALID', hint: 'use YYYY-MM' });
          });
        },
      ],
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /health with 503 until ready, then 200', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(503);
    ready = true;
    const ok = await fetch(`${base}/health`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok' });
  });

  it('serves Prometheus text at /metrics and the OpenAPI document at /openapi.json', async () => {
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metrics.text()).toContain('labourflow_up 1');
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/metrics', '/echo']));
  });

  it('answers bad input with a 4xx and {code, path, message} issues, and keeps serving', async () => {
    const post = (body: string) => fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const invalid = await post('{"n": 0, "extra": true}');
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { code: string; issues: { path: string; message: string }[] };
    expect(body.code).toBe('REQUEST_INVALID');
    expect(body.issues.length).toBeGreaterThan(0);
    expect(body.issues[0]!.path).toMatch(/^body/);
    const malformed = await post('{"n": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { code: string }).code).toMatch(/^FST_/);
    const huge = await post(JSON.stringify({ n: 1, pad: 'x'.repeat(4096) }));
    expect(huge.status).toBe(413);
    const refused = await fetch(`${base}/refuse`);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      code: 'PERIOD_INVALID',
      message: 'period 2026-13 is not a month',
      issues: [],
      hint: 'use YYYY-MM',
    });
    expect((await fetch(`${base}/no/such/thing`)).status).toBe(404);
    expect((await post('{"n": 2}')).status).toBe(200);
  });
});
