import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicName } from '../../src/kafka/KafkaConfig.ts';
import type { SampleMessage } from '../../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import { LakeViews } from '../../src/lake/LakeViews.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { brokers, configFile, exited, publishSamples, scratchDir, spawnCli, testConfig, uniquePrefix } from '../kafka/kafkaTestKit.ts';

const RECORDS = Number(process.env.LABOURFLOW_LAKE_TEST_RECORDS ?? 20_000);

interface Marker {
  topic: string;
  partition: number;
  first: string;
  next: string;
  worker: string;
  counts: { read: number; stored: number; rejected: number };
}

function markers(lake: string): Marker[] {
  const root = join(lake, '_offsets');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(root, f), 'utf8')) as Marker);
}

describe('scale-out: two lake workers in one consumer group (real broker)', () => {
  const prefix = uniquePrefix('lake');
  const dir = scratchDir('kafka-lake');
  const lake = join(dir, 'lake');
  const config = testConfig(prefix);
  // Small fetches keep the first worker busy long enough for the second one to join mid-stream.
  const file = configFile(dir, {
    consumer: {
      maxMessageBytes: 16_384,
      maxBytesPerPartition: 32_768,
      maxRecordsPerTransaction: 2000,
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 1000,
    },
  });
  const env = () => ({ KAFKA_BROKERS: brokers(), LABOURFLOW_TOPIC_PREFIX: prefix, LABOURFLOW_CONFIG: file });
  const args = (worker: string) => [
    'ingest',
    '--from',
    'kafka',
    '--lake',
    lake,
    '--topics',
    'postings',
    '--group',
    'g-lake',
    '--exit-when-idle',
    '4000',
    '--worker-id',
    worker,
  ];
  let messages: SampleMessage[] = [];

  beforeAll(async () => {
    messages = await publishSamples(config, { count: RECORDS, seed: 5, badRatio: 0.02, oversizeBytes: 20_000, idPrefix: 'lk' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores every record exactly once across a rebalance, and the views see them', async () => {
    const a = spawnCli(args('A'), env());
    // Let A own all partitions and commit a few ranges, then add B: the group rebalances.
    const deadline = Date.now() + 120_000;
    while (markers(lake).length < 3 && a.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const b = spawnCli(args('B'), env());
    const [ra, rb] = await Promise.all([exited(a), exited(b)]);
    expect(ra.code, a.output().slice(-3000)).toBe(0);
    expect(rb.code, b.output().slice(-3000)).toBe(0);

    const all = markers(lake);
    expect(new Set(all.map((m) => m.worker)), 'both workers committed ranges (the rebalance happened mid-stream)').toEqual(
      new Set(['A', 'B']),
    );
    // Per partition the committed ranges tile [0, end of log) with no gap and no overlap.
    const admin = await TopicAdmin.create(config);
    const high = await admin.highWatermarks(topicName(config, 'postings'));
    await admin.close();
    for (const [partition, end] of high) {
      const ranges = all
        .filter((m) => m.partition === partition)
        .map((m) => [BigInt(m.first), BigInt(m.next)] as const)
        .sort((x, y) => (x[0] < y[0] ? -1 : 1));
      let cursor = 0n;
      for (const [first, next] of ranges) {
        expect(first).toBe(cursor);
        cursor = next;
      }
      expect(cursor).toBe(end);
    }

    const bad = messages.filter((m) => m.bad);
    const valid = messages.filter((m) => !m.bad);
    expect(all.reduce((n, m) => n + m.counts.read, 0)).toBe(RECORDS);
    const store = await DuckDBStore.create({ path: ':memory:', migrate: false });
    try {
      const rows = await store.all<{ n: number; ids: number }>(
        'SELECT count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids FROM read_parquet($glob, ' +
          "hive_partitioning = true, union_by_name = true) WHERE type <> 'rejected'",
        { glob: `${lake}/type=*/*/*.parquet` },
      );
      expect(rows[0]).toEqual({ n: valid.length, ids: valid.length });
      const views = await LakeViews.attach(store, lake);
      expect(views).toEqual(
        expect.arrayContaining(['lake_postings', 'lake_seekers', 'lake_enterprise_reports', 'lake_follow_ups', 'lake_rejected']),
      );
      const counted = await store.all<{ n: number }>(
        'SELECT (SELECT count(*) FROM lake_postings) + (SELECT count(*) FROM lake_seekers) + (SELECT count(*) FROM ' +
          'lake_enterprise_reports) + (SELECT count(*) FROM lake_follow_ups) AS n',
      );
      expect(Number(counted[0]!.n)).toBe(valid.length);
      const rejected = await store.all<{ n: number; p: number }>(
        'SELECT count(*)::INTEGER AS n, count(DISTINCT position)::INTEGER AS p FROM lake_rejected',
      );
      expect(rejected[0]).toEqual({ n: bad.length, p: bad.length });
      const dates = await store.all<{ d: string }>('SELECT DISTINCT event_date::VARCHAR AS d FROM lake_postings ORDER BY 1 LIMIT 1');
      expect(dates[0]!.d).toMatch(/^2025-10-\d\d$/);
    } finally {
      await store.close();
    }
  });

  it('a range whose marker was never written (crash before the marker) is cleaned up and written again', async () => {
    const crashLake = join(dir, 'lake-crash');
    const crashed = spawnCli(
      [
        'ingest',
        '--from',
        'kafka',
        '--lake',
        crashLake,
        '--topics',
        'postings',
        '--group',
        'g-lake-crash',
        '--exit-when-idle',
        '3000',
        '--worker-id',
        'C',
      ],
      { ...env(), LABOURFLOW_FAULT: 'lake.before-marker:4' },
    );
    expect((await exited(crashed)).signal).toBe('SIGKILL');
    const again = spawnCli(
      [
        'ingest',
        '--from',
        'kafka',
        '--lake',
        crashLake,
        '--topics',
        'postings',
        '--group',
        'g-lake-crash',
        '--exit-when-idle',
        '3000',
        '--worker-id',
        'C',
      ],
      env(),
    );
    expect((await exited(again)).code, again.output().slice(-3000)).toBe(0);
    expect(again.output()).toMatch(/lake_uncommitted_file_removed/);
    const store = await DuckDBStore.create({ path: ':memory:', migrate: false });
    try {
      const rows = await store.all<{ n: number; ids: number }>(
        'SELECT count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids FROM read_parquet($glob, ' +
          "hive_partitioning = true, union_by_name = true) WHERE type <> 'rejected'",
        { glob: `${crashLake}/type=*/*/*.parquet` },
      );
      const valid = messages.filter((m) => !m.bad).length;
      expect(rows[0]).toEqual({ n: valid, ids: valid });
    } finally {
      await store.close();
    }
  });
});
