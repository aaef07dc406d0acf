import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../src/config/config.ts';
import { topicName } from '../../src/kafka/KafkaConfig.ts';
import type { SampleMessage } from '../../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import { AnalyticsSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { RECORD_KINDS } from '../../src/records/recordKinds.ts';
import { ServiceRuntime } from '../../src/serve/ServiceRuntime.ts';
import { exited, seededDelays, serveUrl, spawnServe, waitForEvents, waitForOutput } from '../serve/serveProcess.ts';
import { brokers, publishSamples, scratchDir, testConfig, uniquePrefix, withReadStore } from './kafkaTestKit.ts';

const RECORDS = Number(process.env.LABOURFLOW_SERVE_TEST_RECORDS ?? 80_000);
const ANALYSTS = 8;
/** The samples' postings are open in October 2025 (they expire at its end of year). */
const AS_OF = '2025-10-31';

/** Ingest finished: every partition's stored offset has reached the high watermark. */
async function caughtUp(runtime: ServiceRuntime, records: number): Promise<boolean> {
  const status = await runtime.ingestStatus();
  const topics = status.sources.filter((s) => !s.source.includes('/'));
  return topics.reduce((n, s) => n + s.read, 0) >= records && status.sources.every((s) => s.lag === 0);
}

async function untilCaughtUp(runtime: ServiceRuntime, records: number, timeoutMs = 240_000): Promise<void> {
  const started = Date.now();
  while (!(await caughtUp(runtime, records))) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`not caught up after ${timeoutMs} ms: ${JSON.stringify(await runtime.ingestStatus())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('labourflow serve on Kafka (real broker)', () => {
  const prefix = uniquePrefix('serve');
  const dir = scratchDir('serve-kafka');
  const config = testConfig(prefix);
  const file = join(dir, 'labourflow.json');
  let messages: SampleMessage[] = [];

  beforeAll(async () => {
    writeFileSync(
      file,
      JSON.stringify({
        kafka: {
          consumer: { maxRecordsPerTransaction: 5000, progressIntervalMs: 1000, sessionTimeoutMs: 6000, heartbeatIntervalMs: 1000 },
        },
        service: { scheduler: false, walCheckIntervalMs: 500 },
        // This office trusts its feed: clean postings are approved at ingest, so the match run has something to match.
        review: { trustedSources: [{ ingest: 'kafka:*' }] },
      }),
    );
    messages = await publishSamples(config, { count: RECORDS, seed: 15, badRatio: 0.01, idPrefix: 'sv' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const core = (name: string) =>
    loadCoreConfig(
      {
        db: join(dir, `${name}.duckdb`),
        kafkaBrokers: brokers(),
        topicPrefix: prefix,
        configFile: file,
        outboxDir: join(dir, `${name}-outbox`),
      },
      {},
    );

  it(`ingests ${RECORDS.toLocaleString('en-US')} records while ${ANALYSTS} analysts run the query pack and a match ` +
    `and a watch-layoffs run complete; the store equals a run without them`, async () => {
    const pack = await QueryPack.load();
    // With readers, a match run and a risk run, all in the service's own process (until the HTTP query routes exist).
    const busy = await ServiceRuntime.create({ core: core('busy'), kafka: { group: 'g-busy', topics: 'postings' } });
    const failures: unknown[] = [];
    let queries = 0;
    let overlapped = 0;
    let match: Awaited<ReturnType<ServiceRuntime['runMatch']>> | null = null;
    let risk: Awaited<ReturnType<ServiceRuntime['runWatchLayoffs']>> | null = null;
    try {
      await busy.start();
      // Wait for the first commits, so runs and queries overlap the stream rather than precede it.
      while ((await busy.ingestStatus()).sources.every((s) => s.read === 0)) await new Promise((r) => setTimeout(r, 50));
      let stop = false;
      let ingesting = true;
      const watch = (async () => {
        while (!stop && ingesting) {
          ingesting = !(await caughtUp(busy, RECORDS));
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const analyst = async () => {
        while (!stop) {
          for (const def of pack.list()) {
            if (stop) break;
            try {
              const started = performance.now();
              // One request, one connection: as an HTTP query would be served.
              await busy.host.withReader(async (connection) => {
                const session = await AnalyticsSession.onConnection(connection, { scope: null });
                await runNamedQuery(session, def, {});
              });
              busy.observeQuery('query', (performance.now() - started) / 1000);
              queries++;
              if (ingesting) overlapped++;
            } catch (error) {
              failures.push({ query: def.name, error: String(error) });
            }
          }
        }
      };
      const analysts = Array.from({ length: ANALYSTS }, analyst);
      const runs = Promise.all([
        busy.runMatch({ mode: 'full', asOf: AS_OF }).then((s) => (match = s)),
        busy.runWatchLayoffs({ period: '2025-10' }).then((s) => (risk = s)),
      ]).catch((error) => failures.push({ run: String(error) }));
      const stillIngesting = !(await caughtUp(busy, RECORDS));
      await runs;
      await untilCaughtUp(busy, RECORDS);
      stop = true;
      await Promise.all([...analysts, watch]);
      expect(failures).toEqual([]);
      expect(stillIngesting, 'the runs started after ingest had finished; publish more records').toBe(true);
      expect(overlapped).toBeGreaterThan(ANALYSTS);
      expect(match!.stats.recommendations).toBeGreaterThan(0);
      expect(risk![0]!.period).toBe('2025-10');
      const metrics = await busy.metricsText();
      expect(metrics).toMatch(/labourflow_match_run_seconds_count\{mode="full",status="succeeded"\} 1/);
      expect(metrics).toMatch(/labourflow_risk_run_seconds_count\{status="succeeded"\} 1/);
      expect(metrics).toMatch(new RegExp(`labourflow_query_seconds_count\\{kind="query"\\} ${queries}`));
      expect(metrics).toMatch(/labourflow_consumer_lag\{topic="[^"]+",partition="0"\} 0/);
      const status = await busy.ingestStatus();
      expect(status.mode).toBe('kafka');
      const topic = status.sources.find((s) => s.source === `kafka:${topicName(config, 'postings')}`)!;
      expect(topic.read).toBe(RECORDS);
      expect(topic.stored + topic.stale + topic.rejected).toBe(RECORDS);
      const partitions = status.sources.filter((s) => s.source.startsWith(`${topic.source}/`));
      expect(partitions.reduce((n, p) => n + p.read, 0)).toBe(RECORDS);
      expect(partitions.reduce((n, p) => n + p.rejected, 0)).toBe(topic.rejected);
    } finally {
      await busy.close();
    }

    // The same stream into another store with no readers and no runs.
    const quiet = await ServiceRuntime.create({ core: core('quiet'), kafka: { group: 'g-quiet', topics: 'postings' } });
    try {
      await quiet.start();
      await untilCaughtUp(quiet, RECORDS);
    } finally {
      await quiet.close();
    }

    const bad = messages.filter((m) => m.bad).length;
    for (const name of ['busy', 'quiet']) {
      await withReadStore(join(dir, `${name}.duckdb`), async (store) => {
        const [b] = await store.all<Record<string, number>>(
          'SELECT sum(read)::INTEGER AS read, sum(stored)::INTEGER AS stored, sum(stale)::INTEGER AS stale, ' +
            "sum(rejected)::INTEGER AS rejected FROM ingest_batches WHERE kind = 'kafka'",
        );
        expect(b).toEqual({ read: RECORDS, stored: RECORDS - bad, stale: 0, rejected: bad });
      });
    }
    // Record tables and dead letters row for row (ingest bookkeeping columns aside).
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      await c.run(`ATTACH '${join(dir, 'busy.duckdb')}' AS busy (READ_ONLY)`);
      await c.run(`ATTACH '${join(dir, 'quiet.duckdb')}' AS quiet (READ_ONLY)`);
      const tables = [
        ...RECORD_KINDS.map((k) => ({ table: k.table, exclude: 'ingest_batch_id, ingested_at' })),
        { table: 'rejected', exclude: 'rejected_id, ingest_batch_id, rejected_at' },
      ];
      for (const { table, exclude } of tables) {
        const side = (a: string, b: string) =>
          `SELECT count(*) FROM (SELECT * EXCLUDE (${exclude}) FROM ${a}.${table} EXCEPT ALL SELECT * EXCLUDE (${exclude}) FROM ${b}.${table})`;
        const diff = (await c.runAndReadAll(`SELECT (${side('busy', 'quiet')}) + (${side('quiet', 'busy')})`)).getRows()[0]![0];
        const rows = (await c.runAndReadAll(`SELECT count(*) FROM quiet.${table}`)).getRows()[0]![0];
        expect({ table, diff: Number(diff) }).toEqual({ table, diff: 0 });
        if (table === 'postings' || table === 'rejected') expect(Number(rows)).toBeGreaterThan(0);
      }
    } finally {
      c.closeSync();
      instance.closeSync();
    }
    console.info(JSON.stringify({ test: 'serve-load', records: RECORDS, analysts: ANALYSTS, queries, queries_during_ingest: overlapped }));
  }, 600_000);

  it('loses and duplicates nothing across random SIGKILLs of serve and kills inside its commit; SIGTERM commits the batch in flight and exits 0', async () => {
    const db = join(dir, 'crash.duckdb');
    const env = { KAFKA_BROKERS: brokers(), LABOURFLOW_TOPIC_PREFIX: prefix, LABOURFLOW_CONFIG: file };
    const args = ['--db', db, '--topics', 'postings', '--group', 'g-crash', '--outbox-dir', join(dir, 'crash-outbox')];
    const kills: string[] = [];
    // A transaction can hold a whole partition's backlog (a sixth of the topic), so the kills come
    // early: two before any commit, one after the second, and the stream is still mid-way after them.
    for (const fault of ['kafka.after-dead-letters:1', 'kafka.before-duckdb-commit:1', 'kafka.after-duckdb-commit:2']) {
      const child = spawnServe(args, { ...env, LABOURFLOW_FAULT: fault });
      expect((await exited(child)).signal, child.output().slice(-3000)).toBe('SIGKILL');
      kills.push(fault);
    }
    // SIGTERM mid-stream: the batch in flight commits, the offsets with it, and the exit code is 0.
    // After its first transaction (of 5,000 records); each commit then pauses 2 s, so the stream
    // is still mid-way when the signal lands however fast the machine or slow this test process.
    const stopped = spawnServe(args, { ...env, LABOURFLOW_LOG_LEVEL: 'debug', LABOURFLOW_FAULT: 'kafka.after-duckdb-commit:1:pause2000' });
    await waitForEvents(stopped, 'kafka_transaction', 1);
    stopped.kill('SIGTERM');
    expect(await exited(stopped), stopped.output().slice(-3000)).toEqual({ code: 0, signal: null });
    const partial = await withReadStore(db, async (store) => {
      const [b] = await store.all<{ read: number }>(
        "SELECT coalesce(sum(read), 0)::INTEGER AS read FROM ingest_batches WHERE kind = 'kafka'",
      );
      const [o] = await store.all<{ n: number }>(
        "SELECT coalesce(sum(next_offset), 0)::INTEGER AS n FROM kafka_offsets WHERE group_id = 'g-crash'",
      );
      // What was counted as read is exactly what the offsets say was consumed (the topic starts at offset 0).
      expect(b!.read).toBe(o!.n);
      return b!.read;
    });
    expect(partial).toBeLessThan(RECORDS);

    const delays = seededDelays(1204, 300, 2000);
    for (let k = 0; k < 4; k++) {
      const child = spawnServe(args, env);
      await waitForOutput(child, /kafka_partitions_assigned/);
      await new Promise((r) => setTimeout(r, delays.next().value!));
      child.kill('SIGKILL');
      expect((await exited(child)).signal).toBe('SIGKILL');
      kills.push('random');
    }
    const final = spawnServe(args, env);
    const url = await serveUrl(final);
    for (let i = 0; ; i++) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const lags = [...text.matchAll(/^labourflow_consumer_lag\{[^}]*\} (\d+)$/gm)].map((m) => Number(m[1]));
      if (lags.length > 0 && lags.every((l) => l === 0)) break;
      if (i > 1200) throw new Error(`still lagging: ${lags}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    final.kill('SIGTERM');
    expect((await exited(final)).code).toBe(0);

    const bad = messages.filter((m) => m.bad);
    await withReadStore(db, async (store) => {
      const one = async (sql: string) => (await store.all<Record<string, number>>(sql))[0]!;
      const records = await one(`SELECT count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids FROM (
        SELECT id FROM postings UNION ALL SELECT id FROM seekers UNION ALL SELECT id FROM enterprise_reports UNION ALL SELECT id FROM follow_ups)`);
      expect(records).toEqual({ n: RECORDS - bad.length, ids: RECORDS - bad.length });
      expect(await one('SELECT count(*)::INTEGER AS n, count(DISTINCT position)::INTEGER AS positions FROM rejected')).toEqual({
        n: bad.length,
        positions: bad.length,
      });
      expect(
        await one(
          "SELECT sum(read)::INTEGER AS read, sum(stale)::INTEGER AS stale, sum(rejected)::INTEGER AS rejected FROM ingest_batches WHERE kind = 'kafka'",
        ),
      ).toEqual({ read: RECORDS, stale: 0, rejected: bad.length });
      const admin = await TopicAdmin.create(config);
      const high = await admin.highWatermarks(topicName(config, 'postings'));
      await admin.close();
      const offsets = await store.all<{ partition: number; next_offset: number }>(
        "SELECT partition, next_offset FROM kafka_offsets WHERE group_id = 'g-crash'",
      );
      expect(new Map(offsets.map((o) => [o.partition, BigInt(o.next_offset)]))).toEqual(new Map([...high].filter(([, h]) => h > 0n)));
    });
    console.info(JSON.stringify({ test: 'serve-kafka-kill', records: RECORDS, kills, committed_at_sigterm: partial }));
  }, 600_000);

  it('scales out on Kafka: two `serve --lake` in one group write the Parquet lake, and a query-only serve reads it', async () => {
    const lake = join(dir, 'lake');
    const worker = (name: string) =>
      ServiceRuntime.create({ core: core(name), lake, kafka: { group: 'g-lake', topics: 'postings', 'worker-id': name } });
    const a = await worker('lake-a');
    const b = await worker('lake-b');
    try {
      await a.start();
      await b.start();
      const started = Date.now();
      for (;;) {
        const partitions = (await a.ingestStatus()).sources.filter((s) => s.source.includes('/'));
        if (partitions.length === 6 && partitions.every((p) => p.lag === 0)) break;
        if (Date.now() - started > 300_000) throw new Error(`lake not caught up: ${JSON.stringify(partitions)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const [sa, sb] = await Promise.all([a.ingestStatus(), b.ingestStatus()]);
      const mine = (s: typeof sa) => s.sources.find((x) => !x.source.includes('/'))!;
      // Each worker stored part of the stream; together, all of it.
      expect(mine(sa).read).toBeGreaterThan(0);
      expect(mine(sb).read).toBeGreaterThan(0);
      expect(mine(sa).read + mine(sb).read).toBeGreaterThanOrEqual(RECORDS);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    // Query-only: no consumer, no inbox; the lake's views in its own small store.
    const reader = await ServiceRuntime.create({ core: { ...core('lake-query'), kafkaBrokers: null }, inbox: null, lake });
    try {
      await reader.start();
      expect((await reader.ingestStatus()).mode).toBe('off');
      const valid = messages.filter((m) => !m.bad);
      const expected = Object.fromEntries(
        ['posting', 'seeker', 'enterprise_report', 'follow_up'].map((t) => [t, valid.filter((m) => m.type === t).length]),
      );
      const counts = await reader.host.withReader(async (c) => {
        const rows = await c.runAndReadAll(`SELECT (SELECT count(*) FROM lake_postings), (SELECT count(*) FROM lake_seekers),
          (SELECT count(*) FROM lake_enterprise_reports), (SELECT count(*) FROM lake_follow_ups), (SELECT count(*) FROM lake_rejected)`);
        return rows.getRows()[0]!.map(Number);
      });
      expect(counts.slice(0, 4)).toEqual([expected.posting, expected.seeker, expected.enterprise_report, expected.follow_up]);
      expect(counts[4]).toBeGreaterThanOrEqual(messages.length - valid.length);
    } finally {
      await reader.close();
    }
  }, 600_000);
});
