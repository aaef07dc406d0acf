/**
 * npm run bench:ingest-kafka -- --records 1000000 [--bad 0.01] [--partitions 6] [--profile DIR]
 *
 * Publishes seeded envelopes to a fresh topic, then times on that topic, in this run:
 *   (a) a bare kafkajs consumer that only reads the messages (the client's ceiling), and
 *   (b) the full pipeline (validate, Arrow, DuckDB upsert + offsets in one transaction, dead letters).
 * Each runs in its own child process, so peak RSS is its own; both are timed from the partition
 * assignment to the last message read (a) or committed (b). Uses KAFKA_BROKERS when set,
 * else starts the development broker. Progress on stderr, one JSON line last on stdout.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KafkaBroker } from '../scripts/kafka/KafkaBroker.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { configureLogging, Logger } from '../src/core/Logger.ts';
import { loadKafkaConfig } from '../src/kafka/KafkaConfig.ts';
import { KafkaOutbox } from '../src/kafka/KafkaOutbox.ts';
import { SampleEnvelopes } from '../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../src/kafka/TopicAdmin.ts';
import { runChildJson } from './lib/runChild.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    bad: { type: 'string', default: '0.01' },
    partitions: { type: 'string', default: '6' },
    seed: { type: 'string', default: '1' },
    profile: { type: 'string' },
  },
});
const records = Number(values.records);
const partitions = Number(values.partitions);
configureLogging({ level: 'warn' });
const log = Logger.for('bench');
const progress = (text: string) => process.stderr.write(`[bench:ingest-kafka] ${text}\n`);

let broker: KafkaBroker | null = null;
if (!process.env.KAFKA_BROKERS) {
  progress('starting the development broker (scripts/kafka/KafkaBroker.ts)');
  broker = await KafkaBroker.create({ defaultPartitions: partitions });
  process.env.KAFKA_BROKERS = broker.brokers;
}
const dir = mkdtempSync(join(tmpdir(), 'labourflow-bench-kafka-'));
try {
  const prefix = `bench-${Date.now().toString(36)}.`;
  process.env.LABOURFLOW_TOPIC_PREFIX = prefix;
  const config = loadKafkaConfig(loadCoreConfig());
  const topic = `${prefix}labourflow.postings`;
  const admin = await TopicAdmin.create(config);
  await admin.ensureTopics(['dead-letter']);
  await admin.ensureTopic(topic, partitions);
  await admin.close();

  progress(`publishing ${records.toLocaleString('en-US')} records (${values.bad} bad) to ${topic} (${partitions} partitions)`);
  const started = performance.now();
  const outbox = await KafkaOutbox.create(config, 'bench');
  const generator = new SampleEnvelopes({
    count: records,
    seed: Number(values.seed),
    badRatio: Number(values.bad),
    idPrefix: 'b',
  }).messages();
  let sent = 0;
  let batch: { key: string | null; value: string }[] = [];
  for (const m of generator) {
    batch.push({ key: m.key, value: m.value });
    if (batch.length === 10_000) {
      sent += await outbox.publishMessages(topic, batch);
      batch = [];
      if (sent % 100_000 === 0)
        progress(`published ${sent.toLocaleString('en-US')} (${Math.round(sent / ((performance.now() - started) / 1000))}/s)`);
    }
  }
  if (batch.length) sent += await outbox.publishMessages(topic, batch);
  await outbox.close();
  progress(`published ${sent.toLocaleString('en-US')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const child = new URL('./ingest-kafka.run.ts', import.meta.url).pathname;
  progress('(a) bare kafkajs consumer');
  const bare = await runChildJson<{ read: number; wall_s: number; peak_rss_mb: number }>(child, ['bare', topic, String(records)]);
  progress(`    ${bare.read} in ${bare.wall_s.toFixed(1)} s = ${Math.round(bare.read / bare.wall_s)}/s, RSS ${bare.peak_rss_mb} MiB`);
  progress('(b) full pipeline into DuckDB');
  const pipeline = await runChildJson<{
    read: number;
    stored: number;
    rejected: number;
    transactions: number;
    wall_s: number;
    peak_rss_mb: number;
  }>(child, ['pipeline', topic, String(records), join(dir, 'bench.duckdb')], values.profile ? { BENCH_PROFILE_DIR: values.profile } : {});
  progress(
    `    ${pipeline.read} in ${pipeline.wall_s.toFixed(1)} s = ${Math.round(pipeline.read / pipeline.wall_s)}/s, ` +
      `${pipeline.transactions} transactions, RSS ${pipeline.peak_rss_mb} MiB`,
  );
  if (pipeline.read !== records) throw new Error(`pipeline read ${pipeline.read} of ${records}`);
  if (values.profile) {
    const file = readdirSync(values.profile)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort()
      .pop();
    if (file)
      progress(`profile: ${join(values.profile, file)}\n${topFunctions(JSON.parse(readFileSync(join(values.profile, file), 'utf8')))}`);
  }
  const bareRate = bare.read / bare.wall_s;
  const pipelineRate = pipeline.read / pipeline.wall_s;
  console.log(
    JSON.stringify({
      bench: 'ingest-kafka',
      records,
      bad_ratio: Number(values.bad),
      partitions,
      wall_s: Number(pipeline.wall_s.toFixed(2)),
      records_per_s: Math.round(pipelineRate),
      baseline: 'bare kafkajs consumer',
      baseline_records_per_s: Math.round(bareRate),
      ratio: Number((pipelineRate / bareRate).toFixed(3)),
      peak_rss_mb: pipeline.peak_rss_mb,
      baseline_peak_rss_mb: bare.peak_rss_mb,
      transactions: pipeline.transactions,
    }),
  );
} catch (error) {
  log.error('bench_failed', { error });
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
  await broker?.close();
}

/** Self time by function from a V8 CPU profile, top 15 (what bounds the pipeline). */
function topFunctions(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}): string {
  const time = new Map<number, number>();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  for (const n of profile.nodes) {
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}`;
    self.set(name, (self.get(name) ?? 0) + (time.get(n.id) ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([name, us]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`)
    .join('\n');
}
