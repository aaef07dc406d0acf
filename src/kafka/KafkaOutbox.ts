import { CompressionTypes, Partitioners, type IHeaders, type Producer } from 'kafkajs';
import { codecId } from './kafkaCodecs.ts';
import { SinkError } from '../core/PipelineError.ts';
import { createKafkaClient } from './createKafkaClient.ts';
import type { SocketRegistry } from './SocketRegistry.ts';
import { resolveTopic, type KafkaConfig } from './KafkaConfig.ts';

export interface OutboxMessage {
  key: string | null;
  value: string | Buffer;
  headers?: IHeaders;
}

/**
 * Uncompressed bytes per produce request, so the compressed request stays under the broker's
 * message.max.bytes (1 MiB by default) with room to spare: the sample envelopes shrink 13× with
 * gzip or zstd and 5–7× with snappy or lz4; real descriptions repeat less.
 */
const UNCOMPRESSED_BATCH_BYTES: Record<KafkaConfig['compression'], number> = {
  gzip: 8 * 1024 * 1024,
  zstd: 8 * 1024 * 1024,
  snappy: 2 * 1024 * 1024,
  lz4: 2 * 1024 * 1024,
  none: 768 * 1024,
};

export interface PublishOptions {
  /** Messages per produce request (default 2000). */
  batchSize?: number;
  /** Uncompressed bytes per produce request; kept under the broker's message.max.bytes when not compressing. */
  maxBatchBytes?: number;
  onProgress?: (sent: number) => void;
}

/**
 * The one Kafka producer other stages use: `publishRecords(topic, records, keyFn)` sends JSON
 * records keyed by `keyFn(record)` (the record id, so one entity's events stay ordered in one
 * partition), batched and compressed, with an idempotent producer so a retried request never
 * duplicates a message. `topic` is a logical key ("recommendations", "layoff-alerts", …) or a full name.
 */
export class KafkaOutbox {
  private constructor(
    private readonly producer: Producer,
    private readonly config: KafkaConfig,
  ) {}

  static async create(config: KafkaConfig, role = 'outbox', sockets?: SocketRegistry): Promise<KafkaOutbox> {
    const producer = createKafkaClient(config, role, sockets).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    try {
      await producer.connect();
    } catch (error) {
      throw new SinkError(`cannot connect a producer to Kafka at ${config.brokers.join(',')}: ${(error as Error).message}`, {
        code: 'KAFKA_UNREACHABLE',
        retriable: true,
        cause: error,
        hint: 'check KAFKA_BROKERS and that the brokers are up',
      });
    }
    return new KafkaOutbox(producer, config);
  }

  topic(nameOrKey: string): string {
    return resolveTopic(this.config, nameOrKey);
  }

  /** Sends JSON records (strings are sent as they are); returns how many were sent. */
  async publishRecords<T>(
    topic: string,
    records: Iterable<T> | AsyncIterable<T>,
    keyFn: (record: T) => string | null,
    options: PublishOptions = {},
  ): Promise<number> {
    const target = this.topic(topic);
    const batchSize = options.batchSize ?? 2000;
    const maxBatchBytes = options.maxBatchBytes ?? UNCOMPRESSED_BATCH_BYTES[this.config.compression];
    let pending: OutboxMessage[] = [];
    let pendingBytes = 0;
    let sent = 0;
    for await (const record of records as AsyncIterable<T>) {
      const value = typeof record === 'string' ? record : JSON.stringify(record);
      if (pending.length > 0 && (pending.length >= batchSize || pendingBytes + value.length > maxBatchBytes)) {
        sent += await this.sendTo(target, pending);
        options.onProgress?.(sent);
        pending = [];
        pendingBytes = 0;
      }
      pending.push({ key: keyFn(record), value });
      pendingBytes += value.length;
    }
    if (pending.length > 0) {
      sent += await this.sendTo(target, pending);
      options.onProgress?.(sent);
    }
    return sent;
  }

  /** Sends prepared messages (with headers) to a topic in one request. */
  async publishMessages(topic: string, messages: readonly OutboxMessage[]): Promise<number> {
    return this.sendTo(this.topic(topic), messages);
  }

  private async sendTo(topic: string, messages: readonly OutboxMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    try {
      await this.producer.send({
        topic,
        acks: -1,
        compression: this.config.compression === 'none' ? CompressionTypes.None : (codecId(this.config.compression) as CompressionTypes),
        messages: messages as OutboxMessage[],
      });
    } catch (error) {
      const message = String((error as Error).message);
      // kafkajs marks an error non-retriable once its own retries ran out (broker down for a
      // while); only errors no retry can fix are final here.
      const permanent = /UNKNOWN_TOPIC|does not exist|AUTHORIZATION|SASL|too large|TOO_LARGE|INVALID_/i.test(message);
      throw new SinkError(`publishing ${messages.length} messages to ${topic} failed: ${message}`, {
        code: 'KAFKA_PUBLISH_FAILED',
        retriable: !permanent,
        cause: error,
        hint: /not exist|UNKNOWN_TOPIC/i.test(message)
          ? `create the topic first: labourflow topics create (topic ${topic})`
          : 'check that the brokers are reachable; publishing again is safe (records are upserted by id and version)',
      });
    }
    return messages.length;
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
