import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicName } from '../../src/kafka/KafkaConfig.ts';
import type { SampleMessage } from '../../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import {
  brokers,
  configFile,
  deadLetterTopic,
  exited,
  publishSamples,
  readTopic,
  scratchDir,
  spawnCli,
  testConfig,
  uniquePrefix,
  withReadStore,
} from './kafkaTestKit.ts';

/** The figure is 100,000; LABOURFLOW_KAFKA_FAULT_RECORDS makes it smaller for quick runs. */
const RECORDS = Number(process.env.LABOURFLOW_KAFKA_FAULT_RECORDS ?? 100_000);
const RANDOM_KILLS = 5;

/** Deterministic seeded delays so a failure can be reproduced. */
function* delays(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield 300 + (x % 2500);
  }
}

describe('exactly-once under SIGKILL (real broker, ingest as a child process)', () => {
  const prefix = uniquePrefix('eos');
  const dir = scratchDir('kafka-eos');
  const db = join(dir, 'pes.duckdb');
  const config = testConfig(prefix);
  // Small fetches and transactions: many commits, so every kill lands near one.
  // A short session lets the group drop a killed member quickly (the broker's minimum is 6 s).
  const file = configFile(dir, {
    consumer: {
      maxMessageBytes: 16_384,
      maxBytesPerPartition: 262_144,
      maxRecordsPerTransaction: 5000,
      progressIntervalMs: 1000,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 1000,
    },
  });
  const env = () => ({ KAFKA_BROKERS: brokers(), LABOURFLOW_TOPIC_PREFIX: prefix, LABOURFLOW_CONFIG: file });
  const args = ['ingest', '--from', 'kafka', '--db', db, '--topics', 'postings', '--group', 'g-eos', '--exit-when-idle', '3000'];
  let messages: SampleMessage[] = [];

  beforeAll(async () => {
    messages = await publishSamples(config, { count: RECORDS, seed: 11, badRatio: 0.02, oversizeBytes: 20_000, idPrefix: 'eos' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`stores each of ${RECORDS} records exactly once after ${RANDOM_KILLS} random SIGKILLs and crashes inside the commit`, async () => {
    const kills: string[] = [];
    // Crashes at named points of the commit: after the dead letters, inside the DuckDB
    // transaction before COMMIT, and after COMMIT before the Kafka offset commit.
    for (const fault of ['kafka.after-dead-letters:2', 'kafka.before-duckdb-commit:2', 'kafka.after-duckdb-commit:3']) {
      const child = spawnCli([...args, '--worker-id', `fault-${kills.length}`], { ...env(), LABOURFLOW_FAULT: fault });
      const result = await exited(child);
      expect(result.signal, child.output().slice(-3000)).toBe('SIGKILL');
      kills.push(fault);
    }
    const wait = delays(20261121);
    let randomKills = 0;
    while (randomKills < RANDOM_KILLS) {
      const child = spawnCli([...args, '--worker-id', `run-${kills.length}`], env());
      // Kill at a random moment once the job is consuming (assignment logged), so the kill hits
      // decoding, writing or committing rather than module loading.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (/kafka_partitions_assigned/.test(child.output()) || child.exitCode !== null) {
            clearInterval(poll);
            resolve();
          }
        }, 50);
      });
      await new Promise((r) => setTimeout(r, wait.next().value!));
      if (child.exitCode !== null) break; // finished before the kill: nothing left to interrupt
      child.kill('SIGKILL');
      const result = await exited(child);
      expect(result.signal).toBe('SIGKILL');
      kills.push('random');
      randomKills++;
    }
    const final = spawnCli([...args, '--worker-id', 'final'], env());
    const result = await exited(final);
    expect(result.code, final.output().slice(-3000)).toBe(0);
    expect(randomKills, 'the job finished before all random kills; use more records').toBe(RANDOM_KILLS);

    const bad = messages.filter((m) => m.bad);
    const valid = messages.filter((m) => !m.bad);
    await withReadStore(db, async (store) => {
      const one = async (sql: string) => (await store.all<Record<string, number>>(sql))[0]!;
      const stored = await one(`SELECT count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids, sum(version)::INTEGER AS versions FROM (
        SELECT id, version FROM postings UNION ALL SELECT id, version FROM seekers UNION ALL
        SELECT id, version FROM enterprise_reports UNION ALL SELECT id, version FROM follow_ups)`);
      expect(stored).toEqual({ n: valid.length, ids: valid.length, versions: valid.length });
      const rejected = await one('SELECT count(*)::INTEGER AS n, count(DISTINCT position)::INTEGER AS positions FROM rejected');
      expect(rejected).toEqual({ n: bad.length, positions: bad.length });
      // consumed = stored + rejected, each message in exactly one committed batch.
      const batches = await one(
        'SELECT sum(read)::INTEGER AS read, sum(stored)::INTEGER AS stored, sum(stale)::INTEGER AS stale, ' +
          "sum(rejected)::INTEGER AS rejected FROM ingest_batches WHERE kind = 'kafka'",
      );
      expect(batches).toEqual({ read: RECORDS, stored: valid.length, stale: 0, rejected: bad.length });
      const admin = await TopicAdmin.create(config);
      const high = await admin.highWatermarks(topicName(config, 'postings'));
      await admin.close();
      const offsets = await store.all<{ partition: number; next_offset: number }>(
        "SELECT partition, next_offset FROM kafka_offsets WHERE group_id = 'g-eos'",
      );
      expect(new Map(offsets.map((o) => [o.partition, BigInt(o.next_offset)]))).toEqual(new Map([...high].filter(([, h]) => h > 0n)));
    });
    // Every bad message reached the dead-letter topic (at least once: a crash between the
    // dead-letter send and the DuckDB commit repeats it, with the same source headers).
    const dead = await readTopic(config, deadLetterTopic(config), bad.length, 120_000);
    const sources = new Set(dead.map((m) => `p${m.headers?.['labourflow.source.partition']}@${m.headers?.['labourflow.source.offset']}`));
    await withReadStore(db, async (store) => {
      const positions = (await store.all<{ position: string }>('SELECT position FROM rejected')).map((r) => r.position);
      expect(sources).toEqual(new Set(positions));
    });
    console.info(
      JSON.stringify({
        test: 'exactly-once',
        records: RECORDS,
        bad: bad.length,
        kills,
        dead_letters: dead.length,
        dead_letter_repeats: dead.length - sources.size,
      }),
    );
  });
});
