import type { CoreConfig } from '../config/config.ts';
import { FileOutbox } from './FileOutbox.ts';
import type { Outbox } from './Outbox.ts';

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
  return new FileOutbox(core.outboxDir, core.topicPrefix ?? '');
}
