import type { TestProject } from 'vitest/node';
import { KafkaBroker } from '../scripts/kafka/KafkaBroker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}

/**
 * Starts one real Kafka broker (KRaft, loopback) for the kafka test project, or uses the cluster
 * in KAFKA_BROKERS. Tests name their topics and groups uniquely, so they share the broker.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const external = process.env.KAFKA_BROKERS;
  if (external) {
    project.provide('kafkaBrokers', external);
    return;
  }
  const broker = await KafkaBroker.create({ defaultPartitions: 3 });
  project.provide('kafkaBrokers', broker.brokers);
  return async () => {
    await broker.close();
  };
}
