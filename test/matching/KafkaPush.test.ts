import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { configureLogging } from '../../src/core/Logger.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';
import { posting, seeker } from './fixtures.ts';

/**
 * Pushes to a real broker when KAFKA_BROKERS is set (e.g. `npx tsx scripts/kafka/broker.ts start`),
 * under a topic prefix of its own that it deletes afterwards; skipped otherwise. The outbox path
 * is covered by runMatchJob.test.ts on every run.
 */
const brokers = process.env.KAFKA_BROKERS;
const prefix = `matchtest${process.pid}.`;
let dir: string;

describe.skipIf(!brokers)('labourflow match → Kafka', () => {
  beforeAll(async () => {
    configureLogging({ level: 'warn' });
    dir = await mkdtemp(join(tmpdir(), 'lf-match-kafka-'));
  });
  afterAll(async () => {
    const { Kafka } = await import('kafkajs');
    const admin = new Kafka({ brokers: brokers!.split(','), clientId: 'match-test', logLevel: 0 }).admin();
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (mine.length) await admin.deleteTopics({ topics: mine });
    await admin.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes T1/T2 recommendations keyed by seeker to <prefix>labourflow.recommendations', async () => {
    const db = join(dir, 'lf.duckdb');
    const employer = completeCreditCode('91510100MA6C1234X');
    const lines = [
      ...['P1', 'P2'].map((id) =>
        JSON.stringify({
          type: 'posting',
          id,
          version: 1,
          event_time: '2026-06-25T08:00:00+08:00',
          // Two different jobs (the same title twice would be held at review as a duplicate).
          payload: {
            employer_credit_code: employer,
            ...(({ id: _i, ...p }) => p)(posting(id === 'P2' ? { title: '数控车床操作工' } : {})),
          },
        }),
      ),
      ...['S1', 'S2', 'S3'].map((id) =>
        JSON.stringify({
          type: 'seeker',
          id,
          version: 1,
          event_time: '2026-06-25T08:00:00+08:00',
          payload: (({ id: _i, ...s }) => s)(seeker()),
        }),
      ),
    ];
    await writeFile(join(dir, 'in.ndjson'), `${lines.join('\n')}\n`);
    // Only approved postings are pushed (policy: posting-review): the feed is trusted, so clean postings are approved at ingest.
    await writeFile(join(dir, 'trust.json'), JSON.stringify({ review: { trustedSources: [{ ingest: '*' }] } }));
    expect(await runCli(['ingest', '--from', join(dir, 'in.ndjson'), '--db', db, '--config', join(dir, 'trust.json'), '--quiet'])).toBe(0);
    expect(await runCli(['topics', 'create', '--brokers', brokers!, '--prefix', prefix])).toBe(0);
    process.env.LABOURFLOW_TOPIC_PREFIX = prefix;
    try {
      expect(await runCli(['match', '--full', '--db', db, '--brokers', brokers!, '--as-of', '2026-06-30'])).toBe(0);
    } finally {
      delete process.env.LABOURFLOW_TOPIC_PREFIX;
    }
    const runs = await withStore({ path: db }, (s) => s.all<{ pushed: number; sink: string }>('SELECT pushed, sink FROM match_runs'));
    expect(runs[0]!.sink).toBe(`kafka:${prefix}labourflow.recommendations`);
    expect(runs[0]!.pushed).toBe(6);

    const { Kafka } = await import('kafkajs');
    const kafka = new Kafka({ brokers: brokers!.split(','), clientId: 'match-test', logLevel: 0 });
    const consumer = kafka.consumer({ groupId: `${prefix}check` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${prefix}labourflow.recommendations`, fromBeginning: true });
    const got: { key: string; seeker: string }[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          got.push({ key: message.key!.toString(), seeker: JSON.parse(message.value!.toString()).seeker_id });
          if (got.length === 6) resolve();
        },
      });
      setTimeout(resolve, 20_000);
    });
    await consumer.disconnect();
    expect(got).toHaveLength(6);
    expect(got.every((m) => m.key === m.seeker)).toBe(true);
  }, 90_000);
});
