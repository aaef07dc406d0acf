import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { produceWithJava } from '../../scripts/kafka/JavaConsoleProducer.ts';
import { loadCoreConfig } from '../../src/config/config.ts';
import { BUNDLED_CODECS, installKafkaCodecs } from '../../src/kafka/kafkaCodecs.ts';
import { topicName } from '../../src/kafka/KafkaConfig.ts';
import { KafkaOutbox } from '../../src/kafka/KafkaOutbox.ts';
import { runKafkaIngestSummary } from '../../src/kafka/runKafkaIngest.ts';
import { SampleEnvelopes } from '../../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import { brokers, deadLetterTopic, readTopic, scratchDir, testConfig, uniquePrefix, withReadStore } from './kafkaTestKit.ts';

const header = (h: unknown) => (h === undefined ? undefined : String(h));

/**
 * Issue 13: one batch the consumer cannot decode used to stop the stream for good (the fetch
 * failed, and every restart fetched the same batch). Here zstd batches from the Java producer
 * meet a consumer with zstd deliberately left out: each batch is one dead letter with its
 * offsets, the offsets move past it in the same transaction, and the records after it are stored.
 */
describe('a record batch the consumer cannot decode (real broker, zstd left out)', () => {
  const prefix = uniquePrefix('undecodable');
  const dir = scratchDir('kafka-undecodable');
  const db = join(dir, 'pes.duckdb');
  const config = testConfig(prefix);
  const topic = topicName(config, 'postings');
  const core = () => loadCoreConfig({ db, kafkaBrokers: brokers(), topicPrefix: prefix }, {});
  const flags = { topics: 'postings', group: 'g-undecodable', 'exit-when-idle': '1500', 'worker-id': 'w1' };
  afterAll(() => {
    installKafkaCodecs(BUNDLED_CODECS);
    rmSync(dir, { recursive: true, force: true });
  });

  async function publishGzip(count: number, seed: number, idPrefix: string): Promise<string[]> {
    const messages = [...new SampleEnvelopes({ count, seed, idPrefix }).messages()];
    const outbox = await KafkaOutbox.create(config, 'test');
    await outbox.publishMessages(
      'postings',
      messages.map((m) => ({ key: m.key, value: m.value })),
    );
    await outbox.close();
    return messages.map((m) => m.id);
  }

  it('dead-letters each batch with its topic, partition and offset range, moves past it, and stores what follows', async () => {
    const admin = await TopicAdmin.create(config);
    await admin.ensureTopics(['postings', 'dead-letter']);
    const zstd = [...new SampleEnvelopes({ count: 400, seed: 21, idPrefix: 'zs' }).messages()];
    await produceWithJava({ brokers: brokers(), topic, messages: zstd.map((m) => ({ key: m.key, value: m.value })), compression: 'zstd' });
    const zstdEnd = await admin.highWatermarks(topic);
    const gzipIds = await publishGzip(300, 22, 'gz');
    const high = await admin.highWatermarks(topic);

    installKafkaCodecs({ gzip: BUNDLED_CODECS.gzip, snappy: BUNDLED_CODECS.snappy, lz4: BUNDLED_CODECS.lz4 });
    const first = await runKafkaIngestSummary(flags, core());
    expect(first.stopReason).toBe('idle');
    expect(first.stored).toBe(300);
    expect(first.stale).toBe(0);
    // One dead letter per batch, whatever its record count: read = stored + stale + rejected.
    expect(first.read).toBe(first.stored + first.rejected);
    expect(first.rejected).toBeGreaterThanOrEqual([...zstdEnd.values()].filter((h) => h > 0n).length);

    const rows = await withReadStore(db, (store) =>
      store.all<{ source: string; position: string; reason: string; issues: string; raw: string; raw_bytes: number | bigint }>(
        'SELECT source, position, reason, issues::VARCHAR AS issues, raw, raw_bytes FROM rejected ORDER BY rejected_id',
      ),
    );
    expect(rows).toHaveLength(first.rejected);
    const ranges = new Map<number, [bigint, bigint][]>();
    for (const row of rows) {
      expect(row.source).toBe(`kafka:${topic}`);
      const [, partition, from, to] = /^p(\d+)@(\d+)-(\d+)$/.exec(row.position)!.map(Number) as number[];
      expect(row.reason).toMatch(
        new RegExp(
          `^record batch at offsets ${from}–${to} of ${topic.replace(/\./g, '\\.')}/${partition} \\(\\d+ records, ` +
            `zstd, \\d+ bytes\\) could not be decompressed: zstd is not a codec this consumer supports`,
        ),
      );
      expect(JSON.parse(row.issues)[0].code).toBe('undecodable_batch');
      expect(JSON.parse(row.raw).undecodable_batch).toMatchObject({ topic, partition, codec: 'zstd', firstOffset: String(from) });
      expect(Number(row.raw_bytes)).toBeGreaterThan(0);
      ranges.set(partition!, [...(ranges.get(partition!) ?? []), [BigInt(from!), BigInt(to!)]]);
    }
    // The ranges tile each partition's zstd part exactly: no zstd offset missed, none counted twice.
    for (const [partition, end] of zstdEnd) {
      const list = (ranges.get(partition) ?? []).sort((a, b) => (a[0] < b[0] ? -1 : 1));
      let next = 0n;
      for (const [from, to] of list) {
        expect(from).toBe(next);
        next = to + 1n;
      }
      expect(next).toBe(end);
    }

    await withReadStore(db, async (store) => {
      const ids = await store.all<{ id: string }>(
        'SELECT id FROM postings UNION ALL SELECT id FROM seekers UNION ALL SELECT id FROM enterprise_reports UNION ALL SELECT id FROM follow_ups',
      );
      expect(ids.map((r) => r.id).sort()).toEqual([...gzipIds].sort());
      const offsets = await store.all<{ partition: number; next_offset: number | bigint }>(
        "SELECT partition, next_offset FROM kafka_offsets WHERE group_id = 'g-undecodable'",
      );
      expect(new Map(offsets.map((o) => [o.partition, BigInt(o.next_offset)]))).toEqual(new Map([...high].filter(([, h]) => h > 0n)));
    });

    const dead = await readTopic(config, deadLetterTopic(config), rows.length, 30_000);
    expect(dead).toHaveLength(rows.length);
    const positions = dead.map(
      (m) =>
        `p${header(m.headers?.['labourflow.source.partition'])}@` +
        `${header(m.headers?.['labourflow.source.offset'])}-` +
        `${header(m.headers?.['labourflow.source.last-offset'])}`,
    );
    expect(positions.sort()).toEqual(rows.map((r) => r.position).sort());
    expect(dead.every((m) => header(m.headers?.['labourflow.source.topic']) === topic)).toBe(true);
    expect(dead.every((m) => /could not be decompressed/.test(header(m.headers?.['labourflow.reason']) ?? ''))).toBe(true);

    // The stream goes on: a restart neither dead-letters the batches again nor stops at them.
    installKafkaCodecs(BUNDLED_CODECS);
    const later = await publishGzip(100, 23, 'gz2');
    const second = await runKafkaIngestSummary(flags, core());
    expect(second).toMatchObject({ read: 100, stored: 100, stale: 0, rejected: 0 });
    const total = await withReadStore(db, (store) =>
      store.all<{ n: number }>("SELECT count(*)::INTEGER AS n FROM postings WHERE id LIKE 'gz2-%'"),
    );
    expect(total[0]!.n).toBe(later.filter((id) => id.startsWith('gz2-po')).length);
    await admin.close();
  });
});
