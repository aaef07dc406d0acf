import type { CoreConfig } from '../config/Config.ts';

/** What one push sent and where: `kafka:<topic>` or `outbox:<file>`. */
export interface PushResult {
  count: number;
  where: string;
}

/**
 * Where recommendations and alerts are pushed: a Kafka topic, or in embedded mode an NDJSON
 * file of `{topic, key, value}` lines, the records a relay would hand to Kafka. Every pushed
 * kind goes through this one interface, so each is keyed, named and written the same way.
 */
export interface Outbox {
  /**
   * Sends `values` to the topic `topicKey` ("recommendations", "layoff-alerts") keyed by `key`;
   * `batch` names the unit they belong to (a run id), which the file outbox uses as file name.
   */
  publish<V>(topicKey: string, batch: string, values: readonly V[], key: (value: V) => string): Promise<PushResult>;
  close(): Promise<void>;
}

/** Kafka when brokers are configured (kafkajs is loaded only then), else the file outbox. */
export async function openOutbox(
  core: Pick<CoreConfig, 'kafkaBrokers' | 'outboxDir' | 'topicPrefix' | 'configFile'> & Partial<CoreConfig>,
  role: string,
): Promise<Outbox> {
  if (core.kafkaBrokers) {
    const { loadKafkaConfig } = await import('../kafka/KafkaConfig.ts');
    const { KafkaOutbox } = await import('../kafka/KafkaOutbox.ts');
    const kafka = await KafkaOutbox.create(loadKafkaConfig(core as CoreConfig), role);
    return {
      async publish(topicKey, _batch, values, key) {
        return { count: await kafka.publishRecords(topicKey, values, key), where: `kafka:${kafka.topic(topicKey)}` };
      },
      close: () => kafka.close(),
    };
  }
  const { FileOutbox } = await import('./FileOutbox.ts');
  return new FileOutbox(core.outboxDir, core.topicPrefix ?? '');
}
