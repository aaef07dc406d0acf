import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../src/config/config.ts';
import { KafkaOutbox } from '../../src/kafka/KafkaOutbox.ts';
import { runKafkaIngestSummary } from '../../src/kafka/runKafkaIngest.ts';
import { SampleEnvelopes } from '../../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import { brokers, scratchDir, testConfig, uniquePrefix, withReadStore } from './kafkaTestKit.ts';

/** 岗位职责：负责软件开发, as a Chinese Windows system would publish it (GBK). */
const GBK_DESCRIPTION = Buffer.from('b8dacebbd6b0d4f0a3bab8bad4f0c8edbcfebfaab7a2', 'hex');

/**
 * Issue 14 item 8: Kafka ingest decoded message values leniently, so a GBK description was stored
 * as mojibake, and a lone \ud800 escape became U+FFFD on every path. Both are rejected now, with
 * the reason file ingest gives.
 */
describe('ingest --from kafka rejects text that is not Unicode (real broker)', () => {
  const prefix = uniquePrefix('encoding');
  const dir = scratchDir('kafka-encoding');
  const db = join(dir, 'pes.duckdb');
  const config = testConfig(prefix);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a GBK description and a lone surrogate escape go to rejected with their reasons; valid neighbours are stored', async () => {
    const admin = await TopicAdmin.create(config);
    await admin.ensureTopics(['postings', 'dead-letter']);
    await admin.close();
    const samples = [...new SampleEnvelopes({ count: 4, seed: 5, type: 'posting', idPrefix: 'enc' }).messages()];
    const [gbk, surrogate, pair, plain] = samples.map((m) => m.value) as [string, string, string, string];
    const [head, tail] = gbk.replace(/"description":"[^"]*"/, '"description":"@@"').split('@@') as [string, string];
    const gbkBytes = Buffer.concat([Buffer.from(head), GBK_DESCRIPTION, Buffer.from(tail)]);
    const outbox = await KafkaOutbox.create(config, 'test');
    await outbox.publishMessages('postings', [
      { key: samples[0]!.key, value: gbkBytes },
      { key: samples[1]!.key, value: surrogate.replace(/"description":"[^"]*"/, '"description":"职责\\ud800"') },
      { key: samples[2]!.key, value: pair.replace(/"description":"[^"]*"/, '"description":"五险一金\\ud83d\\udc4d"') },
      { key: samples[3]!.key, value: plain },
    ]);
    await outbox.close();

    const summary = await runKafkaIngestSummary(
      { topics: 'postings', group: 'g-encoding', 'exit-when-idle': '1500', 'worker-id': 'w1' },
      loadCoreConfig({ db, kafkaBrokers: brokers(), topicPrefix: prefix }, {}),
    );
    expect(summary).toMatchObject({ read: 4, stored: 2, rejected: 2, stale: 0 });
    await withReadStore(db, async (store) => {
      const rejected = await store.all<{ record_id: string | null; reason: string; issues: string }>(
        'SELECT record_id, reason, issues::VARCHAR AS issues FROM rejected ORDER BY record_id NULLS FIRST',
      );
      expect(rejected.map((r) => [r.record_id, r.reason])).toEqual([
        // The bytes were not decoded, so nothing (not even the id) is read from them.
        [null, `invalid UTF-8 at byte ${Buffer.byteLength(head)} of the record; re-export or re-publish it as UTF-8`],
        [
          samples[1]!.id,
          'payload.description: lone surrogate \\uD800 at character 2: a JSON \\u escape in D800–DFFF ' +
            'must be half of a surrogate pair; fix the escape at the source',
        ],
      ]);
      expect(rejected.map((r) => JSON.parse(r.issues)[0].code)).toEqual(['invalid_encoding', 'invalid_encoding']);
      const stored = await store.all<{ id: string; description: string }>('SELECT id, description FROM postings ORDER BY id');
      expect(stored.map((r) => r.id)).toEqual([samples[2]!.id, samples[3]!.id].sort());
      expect(stored.find((r) => r.id === samples[2]!.id)!.description).toBe('五险一金👍');
      expect(stored.some((r) => r.description.includes('\uFFFD'))).toBe(false);
    });
  });
});
