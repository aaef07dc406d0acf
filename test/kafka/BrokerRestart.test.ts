import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBroker } from '../../scripts/kafka/KafkaBroker.ts';
import type { SampleMessage } from '../../src/kafka/SampleEnvelopes.ts';
import { configFile, exited, publishSamples, scratchDir, spawnCli, testConfig, uniquePrefix, withReadStore } from './kafkaTestKit.ts';

const HALF = 10_000;

/** Its own broker (not the shared one): this test stops and restarts it. */
describe('broker restart mid-stream', () => {
  const prefix = uniquePrefix('restart');
  const dir = scratchDir('kafka-restart');
  const db = join(dir, 'pes.duckdb');
  let broker: KafkaBroker;

  beforeAll(async () => {
    broker = await KafkaBroker.create({ defaultPartitions: 3 });
  });
  afterAll(async () => {
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingest rides out a broker stop/start without operator action and loses nothing', async () => {
    const config = testConfig(prefix, {}, broker.brokers);
    const messages: SampleMessage[] = await publishSamples(config, { count: HALF, seed: 3, badRatio: 0.02, idPrefix: 'r1' });
    const file = configFile(dir, {
      consumer: {
        maxBytesPerPartition: 65_536,
        maxRecordsPerTransaction: 2000,
        progressIntervalMs: 300,
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 1000,
      },
    });
    const child = spawnCli(
      [
        'ingest',
        '--from',
        'kafka',
        '--db',
        db,
        '--topics',
        'postings',
        '--group',
        'g-restart',
        '--exit-when-idle',
        '8000',
        '--worker-id',
        'r',
      ],
      { KAFKA_BROKERS: broker.brokers, LABOURFLOW_TOPIC_PREFIX: prefix, LABOURFLOW_CONFIG: file },
    );
    // Wait until the job has committed something, then take the broker away mid-stream.
    const deadline = Date.now() + 120_000;
    while (!/"event":"kafka_progress"[^\n]*"read":[1-9]/.test(child.output()) && child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(child.exitCode, child.output().slice(-3000)).toBeNull();
    await broker.stop();
    await new Promise((r) => setTimeout(r, 4000));
    expect(child.exitCode, 'ingest must wait for the broker, not exit').toBeNull();
    await broker.start();
    messages.push(...(await publishSamples(config, { count: HALF, seed: 4, badRatio: 0.02, idPrefix: 'r2' })));
    const result = await exited(child);
    expect(result.code, child.output().slice(-4000)).toBe(0);

    const bad = messages.filter((m) => m.bad).length;
    await withReadStore(db, async (store) => {
      const one = async (sql: string) => (await store.all<Record<string, number>>(sql))[0]!;
      expect(
        await one(`SELECT count(*)::INTEGER AS n FROM (SELECT id FROM postings UNION ALL SELECT id FROM seekers UNION ALL
        SELECT id FROM enterprise_reports UNION ALL SELECT id FROM follow_ups)`),
      ).toEqual({ n: 2 * HALF - bad });
      expect(await one('SELECT count(*)::INTEGER AS n FROM rejected')).toEqual({ n: bad });
      expect(await one("SELECT sum(read)::INTEGER AS n FROM ingest_batches WHERE kind = 'kafka'")).toEqual({ n: 2 * HALF });
    });
  });
});
