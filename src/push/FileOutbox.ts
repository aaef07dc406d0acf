import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { SinkError } from '../core/PipelineError.ts';
import { resolveTopic } from '../kafka/KafkaConfig.ts';
import type { Outbox, PushResult } from './Outbox.ts';

/**
 * Embedded mode's outbox: `<outboxDir>/<topic key>/<batch>.ndjson`, one `{"topic","key","value"}`
 * line per message. Each file is written under a temporary name and renamed when complete, so a
 * reader (or a relay to Kafka) never sees half a batch.
 */
export class FileOutbox implements Outbox {
  constructor(
    private readonly dir: string,
    private readonly topicPrefix: string,
  ) {}

  async publish<V>(topicKey: string, batch: string, values: readonly V[], key: (value: V) => string): Promise<PushResult> {
    const dir = join(this.dir, topicKey);
    const path = join(dir, `${batch}.ndjson`);
    if (values.length === 0) return { count: 0, where: `outbox:${path}` };
    const topic = resolveTopic({ topicPrefix: this.topicPrefix }, topicKey);
    try {
      await mkdir(dir, { recursive: true });
      const tmp = `${path}.partial`;
      const handle = await open(tmp, 'w');
      try {
        let chunk: string[] = [];
        for (const value of values) {
          chunk.push(JSON.stringify({ topic, key: key(value), value }));
          if (chunk.length >= 5000) {
            await handle.write(`${chunk.join('\n')}\n`);
            chunk = [];
          }
        }
        if (chunk.length) await handle.write(`${chunk.join('\n')}\n`);
      } finally {
        await handle.close();
      }
      await rename(tmp, path);
    } catch (error) {
      throw new SinkError(`cannot write the outbox file ${path}: ${(error as Error).message}`, {
        code: 'OUTBOX_WRITE_FAILED',
        cause: error,
        hint: 'set --outbox-dir or LABOURFLOW_OUTBOX_DIR to a writable directory',
      });
    }
    return { count: values.length, where: `outbox:${path}` };
  }

  async close(): Promise<void> {}
}
