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
