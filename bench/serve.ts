/**
 * npm run bench:serve [-- --records 1000000 --clients 8 --postings 1000000 --seekers 400000 --idle-seconds 40]
 *
 * The service under load: `labourflow serve`'s runtime ingests --records envelopes from Kafka
 * into a store that already holds a seeded analytics dataset, while --clients analysts loop over
 * the whole query pack through the HTTP API (GET /queries/NAME, in a process of their own;
 * --in-process calls the pooled sessions directly). In the same run, as baselines: the same queries on the idle store, and
 * the same ingest with no analysts. Each phase runs in its own child process on a fresh copy of
 * the store (bench/serve.run.ts), so its peak RSS is its own.
 *
 * Prints query p50/p95 under ingest and idle, ingest records/s with and without analysts, peak
 * RSS; last line one JSON object with query_p95_ratio (under ingest ÷ idle) and ingest_ratio
 * (with analysts ÷ without). Targets: query_p95_ratio ≤ 2, ingest_ratio ≥ 0.8, RSS < 2 GiB.
 * Uses KAFKA_BROKERS when set, else starts the development broker.
 *
 * The analysts run in the service's process through its reader admission (bench/lib/serveClients.ts,
 * `inProcessClient`) until the HTTP query routes exist; `httpClient` is the drop-in replacement.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KafkaBroker } from '../scripts/kafka/KafkaBroker.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { configureLogging } from '../src/core/Logger.ts';
import { sweepUnreviewedPostings } from '../src/review/automaticReview.ts';
import { DEFAULT_REVIEW_CONFIG } from '../src/review/ReviewConfig.ts';
import { loadKafkaConfig } from '../src/kafka/KafkaConfig.ts';
import { KafkaOutbox } from '../src/kafka/KafkaOutbox.ts';
import { SampleEnvelopes } from '../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../src/kafka/TopicAdmin.ts';
import { SyntheticStore } from '../src/query/SyntheticStore.ts';
import { withStore } from '../src/store/DuckDBStore.ts';
import { runChildJson } from './lib/runChild.ts';
import { percentile } from './lib/serveClients.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '8' },
    postings: { type: 'string', default: '1000000' },
    seekers: { type: 'string', default: '400000' },
    'idle-seconds': { type: 'string', default: '40' },
    partitions: { type: 'string', default: '6' },
    bad: { type: 'string', default: '0.01' },
    seed: { type: 'string', default: '7' },
    'max-readers': { type: 'string' },
    threads: { type: 'string' },
    /** Build a session per query (a connection of its own) instead of borrowing a pooled one. */
    'fresh-sessions': { type: 'boolean', default: false },
    /** Call the pooled sessions in the service's process instead of going through the HTTP API. */
    'in-process': { type: 'boolean', default: false },
  },
});
const records = Number(values.records);
const clients = Number(values.clients);
configureLogging({ level: 'warn' });
const say = (text: string) => process.stderr.write(`[bench:serve] ${text}\n`);

let broker: KafkaBroker | null = null;
if (!process.env.KAFKA_BROKERS) {
  say('starting the development broker (scripts/kafka/KafkaBroker.ts)');
  broker = await KafkaBroker.create({ defaultPartitions: Number(values.partitions) });
  process.env.KAFKA_BROKERS = broker.brokers;
}
const work = mkdtempSync(join(tmpdir(), 'labourflow-bench-serve-'));
try {
  // The analytics dataset the queries read, generated once and cached like bench:queries' store.
  const cache = join(import.meta.dirname, '../.cache/bench');
  mkdirSync(cache, { recursive: true });
  const base = join(cache, `serve-p${values.postings}-s${values.seekers}-seed${values.seed}.duckdb`);
  if (!existsSync(base)) {
    say(
      `generating ${Number(values.postings).toLocaleString('en-US')} postings and ${Number(values.seekers).toLocaleString('en-US')} seekers in ${base} …`,
    );
    const store = await SyntheticStore.create(`${base}.tmp`, {
      postings: Number(values.postings),
      seekers: Number(values.seekers),
      seed: Number(values.seed),
    });
    await store.run('CHECKPOINT');
    await store.close();
    copyFileSync(`${base}.tmp`, base);
    rmSync(`${base}.tmp`, { force: true });
  } else {
    say(`reusing ${base}`);
  }
  // Applies any newer migration to the cached copy, and reviews its postings once: every phase
  // starts from a store the service has already swept (policy: posting-review), as a running office's
  // would be, instead of each phase's start-up reviewing a million postings while the clock runs.
  await withStore({ path: base }, async (store) => {
    const swept = await sweepUnreviewedPostings(store, DEFAULT_REVIEW_CONFIG);
    if (swept.reviewed > 0) {
      say(`reviewed the base store's ${swept.reviewed.toLocaleString('en-US')} postings once (${(swept.ms / 1000).toFixed(1)} s)`);
      await store.run('CHECKPOINT');
    }
  });

  const prefix = `bench-serve-${Date.now().toString(36)}.`;
  process.env.LABOURFLOW_TOPIC_PREFIX = prefix;
  const config = loadKafkaConfig(loadCoreConfig());
  const topic = `${prefix}labourflow.postings`;
  const admin = await TopicAdmin.create(config);
  await admin.ensureTopics(['dead-letter']);
  await admin.ensureTopic(topic, Number(values.partitions));
  await admin.close();
  say(`publishing ${records.toLocaleString('en-US')} envelopes (${values.bad} bad) to ${topic}`);
  const outbox = await KafkaOutbox.create(config, 'bench');
  let batch: { key: string | null; value: string }[] = [];
  let sent = 0;
  for (const m of new SampleEnvelopes({
    count: records,
    seed: Number(values.seed),
    badRatio: Number(values.bad),
    idPrefix: 'bs',
  }).messages()) {
    batch.push({ key: m.key, value: m.value });
    if (batch.length === 10_000) {
      sent += await outbox.publishMessages(topic, batch);
      batch = [];
    }
  }
  if (batch.length > 0) sent += await outbox.publishMessages(topic, batch);
  await outbox.close();
  say(`published ${sent.toLocaleString('en-US')}`);

  const child = new URL('./serve.run.ts', import.meta.url).pathname;
  type Phase = {
    wall_s: number;
    ingest_s: number | null;
    records_per_s: number | null;
    latencies: number[];
    failures: string[];
    packs: number;
    peak_rss_mb: number;
    wal_max_mb: number;
    stored: number;
    cpu_s: number;
    load_average_1m: number;
    event_loop_utilization: number;
  };
  const tuning = [
    ...(values['max-readers'] ? ['--max-readers', values['max-readers']] : []),
    ...(values.threads ? ['--threads', values.threads] : []),
    ...(values['fresh-sessions'] ? ['--fresh-sessions'] : []),
    ...(values['in-process'] ? ['--in-process'] : []),
  ];
  /** Runs a phase on a fresh copy of the base store, or on `db` as the previous phase left it (`keep` it for the next). */
  const phase = async (name: 'idle' | 'ingest' | 'both', db = join(work, `${name}.duckdb`), keep = false): Promise<Phase> => {
    if (!existsSync(db)) copyFileSync(base, db);
    const args = [
      '--phase',
      name,
      '--db',
      db,
      '--topic',
      topic,
      '--records',
      String(records),
      '--clients',
      String(clients),
      '--seconds',
      values['idle-seconds']!,
      ...tuning,
    ];
    const result = await runChildJson<Phase>(child, args);
    if (!keep) {
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
    }
    return result;
  };
  say(`(1) idle store: ${clients} analysts loop over the query pack for ${values['idle-seconds']} s`);
  const idle = await phase('idle');
  say(`    ${idle.latencies.length} queries, p50 ${ms(percentile(idle.latencies, 50))}, p95 ${ms(percentile(idle.latencies, 95))}`);
  say('(2) ingest alone');
  const alone = await phase('ingest');
  say(`    ${alone.records_per_s?.toLocaleString('en-US')} records/s, RSS ${alone.peak_rss_mb} MiB`);
  say(`(3) ingest while ${clients} analysts loop over the query pack`);
  const both = await phase('both', join(work, 'both.duckdb'), true);
  say(
    `    ${both.records_per_s?.toLocaleString('en-US')} records/s; ${both.latencies.length} queries, p50 ` +
      `${ms(percentile(both.latencies, 50))}, p95 ${ms(percentile(both.latencies, 95))}`,
  );
  // The analysts under ingest saw the store grow; the same queries on the grown store, idle, bound it from the other side.
  say(`(4) the grown store, idle: ${clients} analysts for ${values['idle-seconds']} s`);
  const after = await phase('idle', join(work, 'both.duckdb'));
  say(`    ${after.latencies.length} queries, p50 ${ms(percentile(after.latencies, 50))}, p95 ${ms(percentile(after.latencies, 95))}`);

  const failures = [...idle.failures, ...both.failures, ...after.failures];
  const p95Idle = percentile(idle.latencies, 95);
  const p95Busy = percentile(both.latencies, 95);
  const peak = Math.max(idle.peak_rss_mb, alone.peak_rss_mb, both.peak_rss_mb, after.peak_rss_mb);
  const result = {
    bench: 'serve',
    records,
    clients,
    sessions: values['fresh-sessions'] ? 'one per query' : 'pooled',
    clients_over: values['in-process'] || values['fresh-sessions'] ? 'in-process' : 'http',
    max_readers: values['max-readers'] ? Number(values['max-readers']) : 'default (cores - 1)',
    store: { postings: Number(values.postings), seekers: Number(values.seekers) },
    query_p50_idle_s: round(percentile(idle.latencies, 50)),
    query_p95_idle_s: round(p95Idle),
    query_p50_under_ingest_s: round(percentile(both.latencies, 50)),
    query_p95_under_ingest_s: round(p95Busy),
    query_p95_idle_after_ingest_s: round(percentile(after.latencies, 95)),
    query_p95_ratio_to_grown_store: round(p95Busy / percentile(after.latencies, 95)),
    queries_idle: idle.latencies.length,
    queries_under_ingest: both.latencies.length,
    query_failures: failures.length,
    ingest_records_per_s_alone: alone.records_per_s,
    ingest_records_per_s_with_readers: both.records_per_s,
    peak_rss_mb: peak,
    peak_rss_mb_by_phase: { idle: idle.peak_rss_mb, ingest: alone.peak_rss_mb, both: both.peak_rss_mb },
    wal_max_mb: Math.max(alone.wal_max_mb, both.wal_max_mb),
    load_average_1m: Number(loadavg()[0]!.toFixed(2)),
    load_average_by_phase: { idle: idle.load_average_1m, ingest: alone.load_average_1m, both: both.load_average_1m },
    cpu_s_by_phase: { idle: idle.cpu_s, ingest: alone.cpu_s, both: both.cpu_s },
    event_loop_utilization_by_phase: {
      idle: idle.event_loop_utilization,
      ingest: alone.event_loop_utilization,
      both: both.event_loop_utilization,
    },
    query_p95_ratio: round(p95Busy / p95Idle),
    ingest_ratio: round((both.records_per_s ?? 0) / (alone.records_per_s ?? 1)),
    targets: { query_p95_ratio: 2, ingest_ratio: 0.8, peak_rss_mb: 2048 },
    met: p95Busy / p95Idle <= 2 && (both.records_per_s ?? 0) / (alone.records_per_s ?? 1) >= 0.8 && peak < 2048 && failures.length === 0,
  };
  process.stdout.write(
    [
      `queries (p50 / p95): idle ${ms(percentile(idle.latencies, 50))} / ${ms(p95Idle)}; under ingest ` +
        `${ms(percentile(both.latencies, 50))} / ${ms(p95Busy)}; idle on the grown store ` +
        `${ms(percentile(after.latencies, 50))} / ${ms(percentile(after.latencies, 95))}; ${failures.length} failed`,
      `ingest: ${alone.records_per_s?.toLocaleString('en-US')} records/s alone, ` +
        `${both.records_per_s?.toLocaleString('en-US')} records/s with ${clients} analysts`,
      `peak RSS: ${peak} MiB (idle ${idle.peak_rss_mb}, ingest ${alone.peak_rss_mb}, both ${both.peak_rss_mb}); largest WAL ${result.wal_max_mb} MiB`,
      '',
    ].join('\n'),
  );
  if (failures.length > 0) say(`failures: ${failures.slice(0, 5).join('; ')}`);
  console.log(JSON.stringify(result));
} finally {
  rmSync(work, { recursive: true, force: true });
  await broker?.close();
}

function ms(seconds: number): string {
  return `${Math.round(seconds * 1000)} ms`;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
