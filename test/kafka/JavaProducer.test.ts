import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { produceWithJava } from '../../scripts/kafka/JavaConsoleProducer.ts';
import { BUNDLED_CODECS, installKafkaCodecs } from '../../src/kafka/kafkaCodecs.ts';
import { topicName } from '../../src/kafka/KafkaConfig.ts';
import { SampleEnvelopes } from '../../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import { undecodableBatchOf } from '../../src/kafka/UndecodableBatch.ts';
import { brokers, exited, readTopic, scratchDir, spawnCli, testConfig, uniquePrefix, withReadStore } from './kafkaTestKit.ts';

const RECORDS = 1200;

afterEach(() => installKafkaCodecs(BUNDLED_CODECS));

/**
 * Issue 13: batches written by Apache Kafka's own Java producer in snappy, lz4 or zstd crashed
 * `ingest --from kafka` (KafkaJSNotImplemented) and, never consumed, stopped the stream for good.
 */
describe('ingest --from kafka reads what the Java console producer writes, in every codec', () => {
  const dir = scratchDir('kafka-java');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)(
    'compression.type=%s: every record stored once, the counts reconcile',
    async (codec) => {
      const prefix = uniquePrefix(`java-${codec}`);
      const config = testConfig(prefix);
      const topic = topicName(config, 'postings');
      const admin = await TopicAdmin.create(config);
      await admin.ensureTopics(['postings', 'dead-letter']);
      const messages = [...new SampleEnvelopes({ count: RECORDS, seed: 13, badRatio: 0.03, idPrefix: `java-${codec}` }).messages()];
      // Small batches: many of them per partition, as a busy Java producer sends.
      await produceWithJava({
        brokers: brokers(),
        topic,
        messages: messages.map((m) => ({ key: m.key, value: m.value })),
        compression: codec,
        producerProperties: { 'batch.size': '16384' },
      });
      const high = await admin.highWatermarks(topic);
      await admin.close();
      expect([...high.values()].reduce((a, b) => a + b, 0n)).toBe(BigInt(RECORDS));

      // The batches really are in this codec: a consumer without any codec sees only placeholders naming it.
      installKafkaCodecs({});
      const raw = await readTopic(config, topic, RECORDS, 30_000);
      expect(raw).toHaveLength(RECORDS);
      expect(new Set(raw.map((m) => undecodableBatchOf(m)?.codec))).toEqual(new Set([codec]));
      installKafkaCodecs(BUNDLED_CODECS);

      const db = join(dir, `${codec}.duckdb`);
      const child = spawnCli(
        ['ingest', '--from', 'kafka', '--db', db, '--topics', 'postings', '--group', `g-java-${codec}`, '--exit-when-idle', '1500'],
        { KAFKA_BROKERS: brokers(), LABOURFLOW_TOPIC_PREFIX: prefix },
      );
      // Before the codecs, the job crashed on the first snappy batch or restarted on it forever.
      const stuck = setTimeout(() => child.kill('SIGKILL'), 120_000);
      const result = await exited(child);
      clearTimeout(stuck);
      expect(result.code, child.output().slice(-3000)).toBe(0);
      expect(child.output()).not.toMatch(/not implemented|undecodable/i);

      const bad = messages.filter((m) => m.bad);
      const good = messages.filter((m) => !m.bad);
      expect(bad.length).toBeGreaterThan(10);
      await withReadStore(db, async (store) => {
        const ids = (
          await store.all<{ id: string }>(
            'SELECT id FROM postings UNION ALL SELECT id FROM seekers UNION ALL SELECT id FROM enterprise_reports UNION ALL SELECT id FROM follow_ups',
          )
        )
          .map((r) => r.id)
          .sort();
        expect(ids).toEqual(good.map((m) => m.id).sort());
        const totals = (
          await store.all<{ read: number; stored: number; stale: number; rejected: number }>(
            'SELECT sum(read)::INTEGER AS read, sum(stored)::INTEGER AS stored, sum(stale)::INTEGER AS ' +
              'stale, sum(rejected)::INTEGER AS rejected FROM ingest_batches',
          )
        )[0]!;
        expect(totals).toEqual({ read: RECORDS, stored: good.length, stale: 0, rejected: bad.length });
        const rejected = await store.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM rejected WHERE source LIKE 'kafka:%'");
        expect(rejected[0]!.n).toBe(bad.length);
        const offsets = await store.all<{ partition: number; next_offset: bigint | number }>(
          `SELECT partition, next_offset FROM kafka_offsets WHERE group_id = 'g-java-${codec}' ORDER BY partition`,
        );
        expect(new Map(offsets.map((o) => [o.partition, BigInt(o.next_offset)]))).toEqual(new Map([...high].filter(([, h]) => h > 0n)));
      });
    },
  );
});
