import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLevel, Kafka, type KafkaMessage } from 'kafkajs';
import { inject } from 'vitest';
import { loadCoreConfig } from '../../src/config/config.ts';
import { loadKafkaConfig, topicName, type KafkaConfig, type KafkaSection } from '../../src/kafka/KafkaConfig.ts';
import { KafkaOutbox } from '../../src/kafka/KafkaOutbox.ts';
import { SampleEnvelopes, type SampleMessage, type SampleOptions } from '../../src/kafka/SampleEnvelopes.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function brokers(): string {
  return inject('kafkaBrokers');
}

/** A topic prefix no other test (or earlier run on an external cluster) uses. */
export function uniquePrefix(name: string): string {
  return `t-${name}-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}.`;
}

export function scratchDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `labourflow-${name}-`));
}

export function testConfig(prefix: string, section: Partial<KafkaSection> = {}, brokerList = brokers()): KafkaConfig {
  return loadKafkaConfig(loadCoreConfig({ kafkaBrokers: brokerList, topicPrefix: prefix }, {}), section);
}

/** Creates the labourflow topics under the prefix and publishes sample envelopes to the postings topic. */
export async function publishSamples(config: KafkaConfig, options: SampleOptions, topicKey = 'postings'): Promise<SampleMessage[]> {
  const admin = await TopicAdmin.create(config);
  try {
    await admin.ensureTopics();
  } finally {
    await admin.close();
  }
  const messages = [...new SampleEnvelopes(options).messages()];
  const outbox = await KafkaOutbox.create(config, 'test');
  try {
    for (let i = 0; i < messages.length; i += 5000) {
      await outbox.publishMessages(
        topicKey,
        messages.slice(i, i + 5000).map((m) => ({ key: m.key, value: m.value })),
      );
    }
  } finally {
    await outbox.close();
  }
  return messages;
}

/** Writes a config file for child processes (LABOURFLOW_CONFIG) with the given "kafka" section. */
export function configFile(dir: string, kafka: Record<string, unknown>): string {
  const path = join(dir, 'labourflow.json');
  writeFileSync(path, JSON.stringify({ kafka }));
  return path;
}

/**
 * Runs the CLI as one node process (`node --import tsx`, not `npx tsx`, which would put a
 * wrapper process between us and the job, so SIGKILL would not reach the job itself).
 */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'pipelines/cli/main.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LABOURFLOW_LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // LABOURFLOW_TEST_LOG_DIR keeps every child's full output, for debugging a failed run.
  const logDir = process.env.LABOURFLOW_TEST_LOG_DIR;
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-200_000);
    if (logDir) appendFileSync(join(logDir, `cli-${child.pid}.log`), d);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return Object.assign(child, { output: () => out });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export async function withReadStore<T>(path: string, fn: (store: DuckDBStore) => Promise<T>): Promise<T> {
  const store = await DuckDBStore.create({ path, readOnly: true });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export async function countRows(dbPath: string, sql: string): Promise<number> {
  return withReadStore(dbPath, async (store) => Number((await store.all<{ n: number }>(sql))[0]!.n));
}

/** Reads a whole topic from the beginning (fresh group) until `expected` messages or the timeout. */
export async function readTopic(config: KafkaConfig, topic: string, expected: number, timeoutMs = 60_000): Promise<KafkaMessage[]> {
  const kafka = new Kafka({ brokers: config.brokers, clientId: 'labourflow-test-reader', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  const out: KafkaMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachBatch: async ({ batch }) => {
        out.push(...batch.messages);
        if (out.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await done;
  // Give a moment for anything beyond `expected` (duplicates) to arrive.
  await new Promise((r) => setTimeout(r, 1500));
  await consumer.disconnect();
  return out;
}

export function deadLetterTopic(config: KafkaConfig): string {
  return topicName(config, 'dead-letter');
}
