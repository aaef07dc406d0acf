import { mkdir, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { SinkError } from '../../core/PipelineError.ts';
import type { RecommendationMessage, RecommendationSink } from './RecommendationSink.ts';

/**
 * Embedded mode: one NDJSON file per run under <outboxDir>/recommendations/, one line per push
 * as `{"topic","key","value"}`, the same shape a relay would hand to Kafka later. The file is
 * written under a temporary name and renamed when complete, so a reader never sees half a run.
 */
export class OutboxRecommendationSink implements RecommendationSink {
  readonly description: string;

  private constructor(
    private readonly path: string,
    private readonly topic: string,
  ) {
    this.description = `outbox:${path}`;
  }

  static async create(outboxDir: string, runId: string, topic: string): Promise<OutboxRecommendationSink> {
    const dir = join(outboxDir, 'recommendations');
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new SinkError(`cannot create outbox directory ${dir}: ${(error as Error).message}`, {
        code: 'OUTBOX_UNWRITABLE',
        cause: error,
        hint: 'set --outbox DIR or LABOURFLOW_OUTBOX_DIR to a writable directory',
      });
    }
    return new OutboxRecommendationSink(join(dir, `${runId}.ndjson`), topic);
  }

  async publish(messages: readonly RecommendationMessage[]): Promise<number> {
    const tmp = `${this.path}.partial`;
    const handle = await open(tmp, 'w');
    try {
      let chunk: string[] = [];
      for (const value of messages) {
        chunk.push(JSON.stringify({ topic: this.topic, key: value.seeker_id, value }));
        if (chunk.length >= 5000) {
          await handle.write(`${chunk.join('\n')}\n`);
          chunk = [];
        }
      }
      if (chunk.length) await handle.write(`${chunk.join('\n')}\n`);
    } finally {
      await handle.close();
    }
    await rename(tmp, this.path);
    return messages.length;
  }

  async close(): Promise<void> {}
}
