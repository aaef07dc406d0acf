// Child of bench/ingest-kafka.ts: one measured consumer (bare kafkajs or the full pipeline), one JSON line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { loadCoreConfig } from '../src/config/config.ts';
import { configureLogging } from '../src/core/Logger.ts';
import { loadKafkaConfig } from '../src/kafka/KafkaConfig.ts';
import { runKafkaIngestSummary } from '../src/kafka/runKafkaIngest.ts';
import { peakRssMb } from './lib/runChild.ts';

const [mode, topic, records, db] = process.argv.slice(2) as ['bare' | 'pipeline', string, string, string];
const expected = Number(records);
configureLogging({ level: process.env.LABOURFLOW_LOG_LEVEL === 'debug' ? 'debug' : 'warn' });
const config = loadKafkaConfig(loadCoreConfig());

if (mode === 'bare') {
  // The client's ceiling: the same consumer settings, messages only read (bytes touched), no work.
  const kafka = new Kafka({ brokers: config.brokers, clientId: 'bench-bare', logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({
    groupId: `bench-bare-${process.pid}`,
    maxBytesPerPartition: config.consumer.maxBytesPerPartition,
    maxBytes: config.consumer.maxBytes,
    maxWaitTimeInMs: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let count = 0;
  let bytes = 0;
  let first = 0;
  let last = 0;
  // Timed from the partition assignment, as the pipeline is: kafkajs fetches and decodes ahead of eachBatch.
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (first === 0) first = Date.now();
  });
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) bytes += m.value?.length ?? 0;
        count += batch.messages.length;
        last = Date.now();
        if (count >= expected) resolve();
      },
    });
  });
  await consumer.disconnect();
  console.log(JSON.stringify({ read: count, bytes, wall_s: (last - first) / 1000, peak_rss_mb: peakRssMb() }));
} else {
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const session = profileDir ? new Session() : null;
  if (session) {
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.start');
  }
  const summary = await runKafkaIngestSummary(
    { topics: topic, group: `bench-pipeline-${process.pid}`, 'exit-when-idle': '3000', 'worker-id': 'bench' },
    loadCoreConfig({ db }),
  );
  if (session && profileDir) {
    const { profile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(join(profileDir, `pipeline-${process.pid}.cpuprofile`), JSON.stringify(profile));
  }
  const wall = ((summary.lastCommitAt ?? 0) - (summary.assignedAt ?? 0)) / 1000;
  if (process.env.BENCH_SUMMARY_FILE) writeFileSync(process.env.BENCH_SUMMARY_FILE, JSON.stringify(summary));
  console.log(
    JSON.stringify({
      read: summary.read,
      stored: summary.stored,
      rejected: summary.rejected,
      transactions: summary.batches,
      wall_s: wall,
      peak_rss_mb: peakRssMb(),
    }),
  );
}

function post(session: Session, method: string): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
}
