import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { ServiceRuntime } from '../../src/serve/ServiceRuntime.ts';
import { serviceJobs } from '../../src/serve/serviceJobs.ts';

const SAMPLES = fileURLToPath(new URL('../../data-samples/', import.meta.url));
const lastPostedDate = () =>
  readFileSync(join(SAMPLES, 'postings.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).payload.posted_date as string)
    .sort()
    .pop()!;

describe('ServiceRuntime (no ingest source: uploads, runs and bookkeeping)', () => {
  let dir: string;
  let runtime: ServiceRuntime;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-runtime-'));
    // This office trusts its uploads, so their clean postings are approved at ingest (and matched).
    const configFile = join(dir, 'lf.json');
    writeFileSync(configFile, JSON.stringify({ review: { trustedSources: [{ ingest: 'upload:*' }] } }));
    const core = loadCoreConfig({ db: join(dir, 'store.duckdb'), outboxDir: join(dir, 'outbox'), configFile }, {});
    // A WAL that never checkpoints by itself (threshold 1 GB) and a watch that checkpoints it past 64 KiB.
    runtime = await ServiceRuntime.create({
      core,
      inbox: null,
      service: { scheduler: false, checkpointThreshold: '1GB', walCheckpointBytes: 64 * 1024, walCheckIntervalMs: 100 },
    });
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests uploaded files through the shared writer and reports them', async () => {
    expect(runtime.ready()).toBe(true);
    const summaries = [];
    const reviews = [];
    for (const f of ['postings', 'seekers', 'enterprise_reports', 'follow_ups', 'outcomes', 'bad-records']) {
      const { summary, review } = await runtime.ingestFile(join(SAMPLES, `${f}.ndjson`), `upload:${f}.ndjson`);
      summaries.push(summary);
      reviews.push(review);
    }
    // Every stored posting was reviewed after its upload committed, most approved as from a trusted source.
    expect(reviews[0]).toMatchObject({ reviewed: 900 });
    expect(reviews[0]!.autoApproved).toBeGreaterThan(800);
    // Seekers are not reviewed: the step runs and finds no posting.
    expect(reviews[1]).toMatchObject({ reviewed: 0, autoApproved: 0 });
    const read = summaries.reduce((n, s) => n + s.read, 0);
    const stored = summaries.reduce((n, s) => n + s.stored, 0);
    expect(summaries[0]).toMatchObject({ source: 'upload:postings.ndjson', read: 900, stored: 900 });
    expect(summaries[5]!.rejected).toBeGreaterThan(0);
    const status = await runtime.ingestStatus();
    expect(status.mode).toBe('off');
    const upload = status.sources.find((s) => s.source === 'upload')!;
    expect(upload).toMatchObject({ read, stored });
    expect(upload.read).toBe(upload.stored + upload.stale + upload.rejected);
    const metrics = await runtime.metricsText();
    expect(metrics).toContain(`labourflow_ingest_records_total{source="upload",outcome="read"} ${read}`);
    expect(metrics).toMatch(/labourflow_ingest_batch_seconds_count\{source="upload"\} [1-9]/);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('checkpoints a WAL that outgrew its limit between two writes', async () => {
    const wal = `${runtime.host.path}.wal`;
    const walSize = () => (existsSync(wal) ? statSync(wal).size : 0);
    for (let i = 0; i < 50 && walSize() >= 64 * 1024; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await runtime.metricsText()).toMatch(/labourflow_store_checkpoints_total\{outcome="done"\} [1-9]/);
    expect(walSize()).toBeLessThan(64 * 1024);
  });

  it('runs match and watch-layoffs on the shared store, one match run at a time', async () => {
    const asOf = lastPostedDate();
    const [a, b, risk] = await Promise.all([
      runtime.runMatch({ mode: 'full', asOf }),
      runtime.runMatch({ mode: 'incremental', asOf, dryRun: true }),
      runtime.runWatchLayoffs({}),
    ]);
    expect(a.stats.recommendations).toBeGreaterThan(0);
    expect(b.mode).toBe('incremental'); // it saw run a, so a had finished before b began
    expect(risk.length).toBe(1);
    const runs = await runtime.host.read((db) =>
      db.all<{ run_id: string; status: string; started: string; finished: string }>(
        'SELECT run_id, status, CAST(started_at AS VARCHAR) AS started, CAST(finished_at AS VARCHAR) AS finished FROM match_runs ORDER BY started_at',
      ),
    );
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs[1]!.started >= runs[0]!.finished).toBe(true);
    await expect(runtime.runMatch({ mode: 'full', asOf: '2026-02-30' })).rejects.toThrow(ConfigError);
    const metrics = await runtime.metricsText();
    expect(metrics).toMatch(/labourflow_match_run_seconds_count\{mode="full",status="succeeded"\} 1/);
    expect(metrics).toMatch(/labourflow_risk_run_seconds_count\{status="succeeded"\} 1/);
  });

  it('lends analysts pooled sessions per scope, and never lends one that failed', async () => {
    const region = JSON.parse(readFileSync(join(SAMPLES, 'postings.ndjson'), 'utf8').split('\n')[0]!).payload.region_code as string;
    const city = `${region.slice(0, 4)}00`;
    const count = (scope: string | null) =>
      runtime.withAnalytics(scope, async (session) => ({
        session,
        n: Number((await session.query('SELECT count(*) FROM postings')).rows[0]![0]),
      }));
    const all = await count(null);
    const scoped = await count(city);
    const stored = Number((await runtime.host.read((db) => db.all<{ n: number }>('SELECT count(*) AS n FROM postings')))[0]!.n);
    expect(all.n).toBe(stored);
    expect(scoped.n).toBeGreaterThan(0);
    expect(scoped.n).toBeLessThan(stored);
    expect((await count(null)).session).toBe(all.session);
    expect((await count(city)).session).toBe(scoped.session);
    await expect(runtime.withAnalytics(city, (session) => session.query('SELECT * FROM no_such_table'))).rejects.toThrow();
    expect((await count(city)).session).not.toBe(scoped.session);
  });

  it('holds a leased session and its read slot until released, and lends it again only after a clean release', async () => {
    const gate = runtime.host.readGate;
    const before = gate.running;
    const lease = await runtime.leaseAnalytics(null);
    expect(gate.running).toBe(before + 1);
    lease.release(true);
    lease.release(false); // a second release does nothing: the slot is not freed twice
    expect(gate.running).toBe(before);
    const again = await runtime.leaseAnalytics(null);
    expect(again.session).toBe(lease.session);
    again.release(false); // a stream the client abandoned: its connection is closed, not lent
    const fresh = await runtime.leaseAnalytics(null);
    expect(fresh.session).not.toBe(lease.session);
    fresh.release(true);
    expect(gate.running).toBe(before);
  });

  it('refuses new runs once stopping, and closes', async () => {
    const stopping = runtime.stop('test');
    await expect(runtime.runMatch({ mode: 'full' })).rejects.toMatchObject({ code: 'SERVICE_STOPPING', retriable: true });
    await stopping;
    expect(runtime.ready()).toBe(false);
  });
});

describe('serviceJobs: the schedule section as functions on the service', () => {
  const calls: unknown[] = [];
  const service = {
    runMatch: async (r: unknown) => {
      calls.push(['match', r]);
      return {} as never;
    },
    runWatchLayoffs: async (r: unknown) => {
      calls.push(['watch', r]);
      return [];
    },
  };

  it('runs match and watch-layoffs in-process with their options', async () => {
    const jobs = serviceJobs(
      [
        { name: 'm', cron: '5 * * * *', argv: ['match', '--incremental', '--top', '5', '--as-of', '2026-06-30'] },
        { name: 'w', cron: '30 6 * * 1', argv: ['watch-layoffs', '--period', '2026-05'] },
      ],
      service,
    );
    for (const job of jobs) await job.run();
    expect(calls).toEqual([
      ['match', { mode: 'incremental', top: 5, asOf: '2026-06-30' }],
      ['watch', { period: '2026-05' }],
    ]);
    expect(jobs.map((j) => j.describe)).toEqual(['match --incremental --top 5 --as-of 2026-06-30', 'watch-layoffs --period 2026-05']);
  });

  it('refuses at start what the service cannot run in-process', () => {
    expect(() => serviceJobs([{ name: 'r', cron: '* * * * *', argv: ['report', '--out', 'x.html'] }], service)).toThrow(
      /serve runs only match and watch-layoffs in-process, not "report"/,
    );
    expect(() => serviceJobs([{ name: 'm', cron: '* * * * *', argv: ['match', '--db', 'other.duckdb'] }], service)).toThrow(
      /Unknown option '--db'/,
    );
    expect(() => serviceJobs([{ name: 'm', cron: '* * * * *', argv: ['match', '--full', '--incremental'] }], service)).toThrow(
      /exclude each other/,
    );
  });

  it('makes `serve` refuse to start with such a schedule, before anything listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-runtime-jobs-'));
    try {
      const config = join(dir, 'lf.json');
      writeFileSync(config, JSON.stringify({ schedule: { jobs: [{ name: 'x', cron: '* * * * *', argv: ['ingest', '--from', 'a'] }] } }));
      const runtime = await ServiceRuntime.create({
        core: loadCoreConfig({ db: join(dir, 's.duckdb'), configFile: config }, {}),
        inbox: null,
      });
      await expect(runtime.start()).rejects.toThrow(/scheduled job "x"/);
      await runtime.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
