import type { Admin } from 'kafkajs';
import { Logger } from '../core/Logger.ts';
import { SinkError } from '../core/PipelineError.ts';
import { createKafkaClient } from './createKafkaClient.ts';
import type { SocketRegistry } from './SocketRegistry.ts';
import { TOPIC_KEYS, partitionsFor, topicName, type KafkaConfig, type TopicKey } from './KafkaConfig.ts';

export interface TopicStatus {
  key: TopicKey;
  topic: string;
  partitions: number;
  created: boolean;
}

/** Creates the labourflow topics (idempotently) and reads their offsets, e.g. for lag. */
export class TopicAdmin {
  private readonly log = Logger.for('kafka');

  private constructor(
    private readonly admin: Admin,
    private readonly config: KafkaConfig,
  ) {}

  static async create(config: KafkaConfig, sockets?: SocketRegistry): Promise<TopicAdmin> {
    const admin = createKafkaClient(config, 'admin', sockets).admin();
    try {
      await admin.connect();
    } catch (error) {
      throw new SinkError(`cannot connect to Kafka at ${config.brokers.join(',')}: ${(error as Error).message}`, {
        code: 'KAFKA_UNREACHABLE',
        retriable: true,
        cause: error,
        hint: 'check KAFKA_BROKERS and that the brokers are up (`npx tsx scripts/kafka/broker.ts status` for the dev broker)',
      });
    }
    return new TopicAdmin(admin, config);
  }

  /** Creates the missing topics with the configured partition counts; existing topics are left as they are. */
  async ensureTopics(keys: readonly TopicKey[] = TOPIC_KEYS): Promise<TopicStatus[]> {
    const existing = new Set(await this.admin.listTopics());
    const wanted = keys.map((key) => ({ key, topic: topicName(this.config, key), partitions: partitionsFor(this.config, key) }));
    const missing = wanted.filter((w) => !existing.has(w.topic));
    if (missing.length > 0) {
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((m) => ({ topic: m.topic, numPartitions: m.partitions, replicationFactor: this.config.replicationFactor })),
      });
    }
    const metadata = await this.admin.fetchTopicMetadata({ topics: wanted.map((w) => w.topic) });
    const counts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
    const result = wanted.map((w) => ({
      key: w.key,
      topic: w.topic,
      partitions: counts.get(w.topic) ?? w.partitions,
      created: missing.includes(w),
    }));
    for (const r of result) this.log.info(r.created ? 'topic_created' : 'topic_exists', { topic: r.topic, partitions: r.partitions });
    return result;
  }

  /** Creates one topic by full name when missing (tests, benchmarks, custom topics). */
  async ensureTopic(topic: string, partitions: number): Promise<void> {
    const existing = new Set(await this.admin.listTopics());
    if (existing.has(topic)) return;
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: this.config.replicationFactor }],
    });
  }

  /** High watermark (next offset to be written) per partition. */
  async highWatermarks(topic: string): Promise<Map<number, bigint>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  }

  /** Low watermark (first offset still retained) per partition. */
  async lowWatermarks(topic: string): Promise<Map<number, bigint>> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.low)]));
  }

  get raw(): Admin {
    return this.admin;
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
