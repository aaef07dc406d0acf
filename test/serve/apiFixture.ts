import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCoreConfig } from '../../src/config/config.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { MatchingConfig } from '../../src/matching/MatchingConfig.ts';
import { runMatchJob } from '../../src/matching/runMatchJob.ts';
import { loadRiskConfig } from '../../src/risk/RiskConfig.ts';
import { watchLayoffs } from '../../src/risk/watchLayoffs.ts';
import { type Api, buildHttpServer, type RouteModule } from '../../src/serve/buildHttpServer.ts';
import { SERVE_ROUTES } from '../../src/serve/routes/index.ts';
import type { ServiceContext } from '../../src/serve/ServiceContext.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import type { StoreHost } from '../../src/store/StoreHost.ts';
import { ServiceRuntime } from '../../src/serve/ServiceRuntime.ts';
import { UserStore } from '../../src/auth/UserStore.ts';
import { PROJECT_ROOT } from '../helpers/runCliProcess.ts';

export const SAMPLES = join(PROJECT_ROOT, 'data-samples');
export const SAMPLE_FILES = ['postings', 'seekers', 'follow_ups', 'outcomes', 'enterprise_reports'].map((n) =>
  join(SAMPLES, `${n}.ndjson`),
);
export const AS_OF = '2026-06-30';
export const PASSWORD = 'Correct-Horse-42-battery';

/** Users of every role, at national, province, city and county reach (Xingtai 130500 in Hebei; Yichang 420500 in Hubei). */
export const USERS = [
  { name: 'root', role: 'admin', region: null },
  { name: 'hebei-admin', role: 'admin', region: '130000' },
  { name: 'analyst-xt', role: 'analyst', region: '130500' },
  { name: 'analyst-hb', role: 'analyst', region: '420000' },
  { name: 'analyst-qd', role: 'analyst', region: '130502' },
  { name: 'reviewer-xt', role: 'reviewer', region: '130500' },
  { name: 'caseworker-xt', role: 'caseworker', region: '130506' },
  { name: 'caseworker-yc', role: 'caseworker', region: '420500' },
  { name: 'service-hebei', role: 'service', region: '130000' },
] as const;

/**
 * A store file filled from data-samples/ as `labourflow ingest` would, with a match run and a
 * watch-layoffs run, so recommendations, the caseworker queue and alerts exist. Made once; each
 * server gets a copy.
 */
export async function prepareTemplate(dir: string): Promise<string> {
  const db = join(dir, 'template.duckdb');
  await withStore({ path: db }, async (store) => {
    await ingestFiles({ store, from: SAMPLE_FILES, progress: false });
    const users = new UserStore(store);
    for (const u of USERS) await users.add({ name: u.name, role: u.role, region: u.region, password: PASSWORD }, 'fixture');
  });
  const core = loadCoreConfig({ db, outboxDir: join(dir, 'outbox') }, {});
  await runMatchJob({ core, config: MatchingConfig.parse({}), mode: 'full', now: new Date(`${AS_OF}T12:00:00Z`) });
  await withStore({ path: db }, async (store) => {
    for (const period of ['2026-04', '2026-05', '2026-06'])
      await watchLayoffs(store, period, loadRiskConfig(core), null, `risk-fixture-${period}`);
  });
  return db;
}

export interface RunningApi {
  base: string;
  app: Api;
  host: StoreHost;
  db: string;
  dir: string;
  context: ServiceContext;
  close(): Promise<void>;
}

/** A real server on a loopback port over a copy of the template, with the service runtime behind it. */
export async function startApi(
  template: string,
  options: { routes?: readonly RouteModule[]; bodyLimit?: number; requestTimeoutMs?: number } = {},
): Promise<RunningApi> {
  const dir = mkdtempSync(join(tmpdir(), 'lf-api-'));
  const db = join(dir, 'store.duckdb');
  copyFileSync(template, db);
  const core = loadCoreConfig({ db, outboxDir: join(dir, 'outbox') }, {});
  // The real runtime, with nothing running on its own: no ingest source, no scheduler.
  const runtime = await ServiceRuntime.create({ core, inbox: null, service: { scheduler: false } });
  await runtime.start();
  const host = runtime.host;
  const context: ServiceContext = runtime;
  const app = await buildHttpServer(context, {
    routes: options.routes ?? SERVE_ROUTES,
    bodyLimit: options.bodyLimit,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    base,
    app,
    host,
    db,
    dir,
    context,
    close: async () => {
      await app.close();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in with a password and returns the token issued to that user. */
export async function tokenFor(base: string, name: string, password = PASSWORD): Promise<string> {
  const response = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (response.status !== 201) throw new Error(`token for ${name}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
