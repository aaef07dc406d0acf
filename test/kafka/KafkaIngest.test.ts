import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { runKafkaIngestSummary } from '../../src/kafka/runKafkaIngest.ts';
import type { SampleMessage } from '../../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import { topicName } from '../../src/kafka/KafkaConfig.ts';
import {
  brokers,
  configFile,
  deadLetterTopic,
  publishSamples,
  readTopic,
  scratchDir,
  testConfig,
  uniquePrefix,
  withReadStore,
} from './kafkaTestKit.ts';

const RECORDS = 3000;

describe('labourflow ingest --from kafka (DuckDB mode, real broker)', () => {
  const prefix = uniquePrefix('ingest');
  const dir = scratchDir('kafka-ingest');
  const db = join(dir, 'pes.duckdb');
  const config = testConfig(prefix, { consumer: { maxMessageBytes: 16_384 } as never });
  const file = configFile(dir, { consumer: { maxMessageBytes: 16_384, progressIntervalMs: 1000 } });
  const core = () => loadCoreConfig({ db, kafkaBrokers: brokers(), topicPrefix: prefix, configFile: file }, {});
  const flags = { topics: 'postings', group: 'g-ingest', 'exit-when-idle': '1500', 'worker-id': 'w1' };
  let messages: SampleMessage[] = [];

  beforeAll(async () => {
    messages = await publishSamples(config, { count: RECORDS, seed: 7, badRatio: 0.05, oversizeBytes: 20_000, idPrefix: 'ki' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores every valid record once, dead-letters every bad one with headers, and records the offsets', async () => {
    const summary = await runKafkaIngestSummary(flags, core());
    const bad = messages.filter((m) => m.bad);
    const valid = messages.length - bad.length;
    expect(bad.length).toBeGreaterThan(50);
    expect(new Set(bad.map((m) => m.bad))).toEqual(new Set(['not_json', 'truncated', 'schema', 'unknown_type', 'oversize']));
    expect(summary).toMatchObject({ read: RECORDS, stored: valid, stale: 0, rejected: bad.length, stopReason: 'idle' });

    await withReadStore(db, async (store) => {
      const ids = (
        await store.all<{ id: string }>(
          'SELECT id FROM postings UNION ALL SELECT id FROM seekers UNION ALL SELECT id FROM enterprise_reports UNION ALL SELECT id FROM follow_ups',
        )
      )
        .map((r) => r.id)
        .sort();
      expect(ids).toEqual(
        messages
          .filter((m) => !m.bad)
          .map((m) => m.id)
          .sort(),
      );
      const rejected = await store.all<{ source: string; position: string; reason: string }>(
        'SELECT source, position, reason FROM rejected',
      );
      expect(rejected).toHaveLength(bad.length);
      expect(new Set(rejected.map((r) => r.source))).toEqual(new Set([`kafka:${topicName(config, 'postings')}`]));
      expect(rejected.every((r) => /^p\d+@\d+$/.test(r.position))).toBe(true);
      expect(rejected.filter((r) => /over the 16384-byte limit/.test(r.reason)).length).toBe(
        bad.filter((m) => m.bad === 'oversize').length,
      );
      const batches = await store.all<{ read: number; kind: string }>(
        'SELECT sum(read)::INTEGER AS read, min(kind) AS kind FROM ingest_batches',
      );
      expect(batches[0]).toEqual({ read: RECORDS, kind: 'kafka' });
      // The automatic posting review ran after the transactions (the store was empty before, so no sweep did it).
      const [reviewed] = await store.all<{ postings: number; reviewed: number }>(
        `SELECT (SELECT count(*) FROM postings)::INTEGER AS postings,
                (SELECT count(*) FROM posting_reviews r JOIN postings p ON p.id = r.posting_id AND p.version = r.posting_version)::INTEGER AS reviewed`,
      );
      expect(reviewed!.postings).toBeGreaterThan(0);
      expect(reviewed!.reviewed).toBe(reviewed!.postings);
      // The stored offsets are the end of each partition's log.
      const admin = await TopicAdmin.create(config);
      const high = await admin.highWatermarks(topicName(config, 'postings'));
      await admin.close();
      const offsets = await store.all<{ partition: number; next_offset: number }>(
        "SELECT partition, next_offset FROM kafka_offsets WHERE group_id = 'g-ingest' ORDER BY partition",
      );
      expect(offsets.map((o) => [o.partition, BigInt(o.next_offset)])).toEqual(
        [...high].filter(([, h]) => h > 0n).sort((a, b) => a[0] - b[0]),
      );
    });

    const dead = await readTopic(config, deadLetterTopic(config), bad.length);
    expect(dead.length).toBe(bad.length);
    const h = (m: (typeof dead)[number], k: string) => m.headers?.[k]?.toString();
    expect(dead.every((m) => h(m, 'labourflow.source.topic') === topicName(config, 'postings'))).toBe(true);
    expect(dead.every((m) => /^\d+$/.test(h(m, 'labourflow.source.offset') ?? '') && (h(m, 'labourflow.reason') ?? '').length > 0)).toBe(
      true,
    );
    const positions = new Set(dead.map((m) => `p${h(m, 'labourflow.source.partition')}@${h(m, 'labourflow.source.offset')}`));
    await withReadStore(db, async (store) => {
      const rejected = (await store.all<{ position: string }>('SELECT position FROM rejected')).map((r) => r.position);
      expect(positions).toEqual(new Set(rejected));
    });
  });

  const fingerprint = () =>
    withReadStore(
      db,
      async (store) =>
        (
          await store.all(
            `SELECT count(*)::INTEGER AS n, sum(hash(id, version, event_time, ingest_batch_id, ingested_at))::VARCHAR AS h FROM (
       SELECT id, version, event_time, ingest_batch_id, ingested_at FROM postings UNION ALL
       SELECT id, version, event_time, ingest_batch_id, ingested_at FROM seekers)`,
          )
        )[0],
    );

  it('replay after a group reset to the beginning changes no row', async () => {
    const before = await fingerprint();
    const admin = await TopicAdmin.create(config);
    await admin.raw.resetOffsets({ groupId: 'g-ingest', topic: topicName(config, 'postings'), earliest: true });
    await admin.close();
    const summary = await runKafkaIngestSummary(flags, core());
    expect(summary.read).toBe(0);
    expect(await fingerprint()).toEqual(before);
  });

  it('a full replay (stored offsets dropped too) re-reads everything and stores nothing new', async () => {
    const before = await withReadStore(
      db,
      async (store) =>
        (await store.all('SELECT count(*)::INTEGER AS n, sum(hash(id, version, event_time, title))::VARCHAR AS h FROM postings'))[0],
    );
    const { DuckDBStore } = await import('../../src/store/DuckDBStore.ts');
    const store = await DuckDBStore.create({ path: db });
    await store.run('DELETE FROM kafka_offsets');
    await store.close();
    const summary = await runKafkaIngestSummary({ ...flags, group: 'g-ingest-replay' }, core());
    expect(summary).toMatchObject({ read: RECORDS, stored: 0, stale: RECORDS - messages.filter((m) => m.bad).length });
    expect(
      await withReadStore(
        db,
        async (s) =>
          (await s.all('SELECT count(*)::INTEGER AS n, sum(hash(id, version, event_time, title))::VARCHAR AS h FROM postings'))[0],
      ),
    ).toEqual(before);
  });

  it('stores the same with parsing and validation on the main thread (kafka.consumer.decodeWorker false)', async () => {
    const inlineDb = join(dir, 'inline.duckdb');
    const inlineFile = join(dir, 'inline.json');
    writeFileSync(inlineFile, JSON.stringify({ kafka: { consumer: { maxMessageBytes: 16_384, decodeWorker: false } } }));
    const summary = await runKafkaIngestSummary(
      { ...flags, group: 'g-ingest-inline' },
      loadCoreConfig({ db: inlineDb, kafkaBrokers: brokers(), topicPrefix: prefix, configFile: inlineFile }, {}),
    );
    const bad = messages.filter((m) => m.bad).length;
    expect(summary).toMatchObject({ read: RECORDS, stored: RECORDS - bad, stale: 0, rejected: bad });
    const table = (path: string) =>
      withReadStore(
        path,
        async (store) =>
          (
            await store.all(
              `SELECT count(*)::INTEGER AS n, sum(hash(id, version, event_time, title, salary_min, skills, posted_date))::VARCHAR AS h FROM postings`,
            )
          )[0],
      );
    expect(await table(inlineDb)).toEqual(await table(db));
  });

  it('fails with a hint when an input topic does not exist', async () => {
    await expect(runKafkaIngestSummary({ ...flags, topics: 'no-such-topic' }, core())).rejects.toThrow(ConfigError);
    await expect(runKafkaIngestSummary({ ...flags, topics: 'no-such-topic' }, core())).rejects.toMatchObject({
      hint: expect.stringMatching(/topics create/),
    });
  });
});
