import { summarizeIssues, type RejectedItem } from '../ingest/SourceItem.ts';
import type { KafkaOutbox, OutboxMessage } from './KafkaOutbox.ts';
import type { PartitionChunk } from './BatchSink.ts';

/** `p3@120` for a message, `p3@120-169` for a record batch that could not be decompressed. */
const POSITION = /^p(\d+)@(\d+)(?:-(\d+))?$/;

/**
 * Sends rejected messages to the dead-letter topic with headers saying why and where from, so
 * an operator can fix and republish them. Sent before the store commit: a crash in between
 * may repeat a dead letter (same source topic/partition/offset headers), never lose one.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly outbox: KafkaOutbox,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  static messagesFor(chunk: PartitionChunk, groupId: string): OutboxMessage[] {
    return chunk.rejects.map((r: RejectedItem) => {
      const match = POSITION.exec(r.position);
      return {
        key: r.recordId,
        value: r.raw,
        headers: {
          'labourflow.reason': summarizeIssues(r.issues).slice(0, 1000),
          'labourflow.issues': JSON.stringify(r.issues).slice(0, 8000),
          'labourflow.source.topic': chunk.topic,
          'labourflow.source.partition': match?.[1] ?? String(chunk.partition),
          'labourflow.source.offset': match?.[2] ?? '',
          'labourflow.source.last-offset': match?.[3] ?? match?.[2] ?? '',
          'labourflow.record.type': r.recordType ?? '',
          'labourflow.raw.bytes': String(r.rawBytes),
          'labourflow.group': groupId,
        },
      };
    });
  }

  async publish(chunks: readonly PartitionChunk[]): Promise<number> {
    const messages = chunks.flatMap((c) => DeadLetterPublisher.messagesFor(c, this.groupId));
    if (messages.length === 0) return 0;
    return this.outbox.publishMessages(this.topic, messages);
  }
}
