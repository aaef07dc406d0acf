import type { CoreConfig } from '../../config/Config.ts';
import type { RecommendationMessage, RecommendationSink } from './RecommendationSink.ts';

/**
 * Pushes to the recommendations topic through the project's Kafka producer (src/kafka/KafkaOutbox),
 * loaded only when brokers are configured so embedded runs never load kafkajs.
 */
export class KafkaRecommendationSink implements RecommendationSink {
  private constructor(
    private readonly outbox: {
      publishRecords<T>(topic: string, records: Iterable<T>, keyFn: (r: T) => string | null): Promise<number>;
      close(): Promise<void>;
      topic(t: string): string;
    },
    private readonly topic: string,
    readonly description: string,
  ) {}

  static async create(core: CoreConfig, topic: string): Promise<KafkaRecommendationSink> {
    const { loadKafkaConfig } = await import('../../kafka/KafkaConfig.ts');
    const { KafkaOutbox } = await import('../../kafka/KafkaOutbox.ts');
    const outbox = await KafkaOutbox.create(loadKafkaConfig(core), 'match');
    return new KafkaRecommendationSink(outbox, topic, `kafka:${outbox.topic(topic)}`);
  }

  async publish(messages: readonly RecommendationMessage[]): Promise<number> {
    return this.outbox.publishRecords(this.topic, messages, (m) => m.seeker_id);
  }

  async close(): Promise<void> {
    await this.outbox.close();
  }
}
