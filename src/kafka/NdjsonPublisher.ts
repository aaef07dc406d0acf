import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Logger } from '../core/Logger.ts';
import { SourceError } from '../core/PipelineError.ts';
import { KafkaOutbox } from './KafkaOutbox.ts';
import type { KafkaConfig } from './KafkaConfig.ts';
import { TopicAdmin } from './TopicAdmin.ts';

export interface PublishSummary {
  topic: string;
  files: number;
  published: number;
  /** Lines sent without a key because they are not JSON envelopes with a string id. */
  unkeyed: number;
  wall_s: number;
  records_per_s: number;
}

/** The record id used as message key, or null for lines that are not envelopes (sent anyway, to be dead-lettered downstream). */
export function envelopeKey(line: string): string | null {
  try {
    const value = JSON.parse(line) as { id?: unknown };
    return typeof value?.id === 'string' ? value.id : null;
  } catch {
    return null;
  }
}

async function* nonEmptyLines(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) {
    const stream = path === '-' ? process.stdin : createReadStream(path);
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    try {
      for await (const line of lines) if (line.trim() !== '') yield line;
    } catch (error) {
      throw new SourceError(`cannot read ${path}: ${(error as Error).message}`, {
        code: 'SOURCE_READ_FAILED',
        cause: error,
        hint: 'check the --from path',
      });
    }
  }
}

/** `labourflow publish`: streams NDJSON files into a topic with progress logs. */
export class NdjsonPublisher {
  static async publishFiles(
    config: KafkaConfig,
    paths: readonly string[],
    topic: string,
    options: { batchSize?: number; createTopics?: boolean } = {},
  ): Promise<PublishSummary> {
    const log = Logger.for('publish');
    if (options.createTopics) {
      const admin = await TopicAdmin.create(config);
      try {
        await admin.ensureTopics();
      } finally {
        await admin.close();
      }
    }
    const outbox = await KafkaOutbox.create(config, 'publish');
    const target = outbox.topic(topic);
    const started = performance.now();
    let lastLog = started;
    let unkeyed = 0;
    try {
      const published = await outbox.publishRecords(
        target,
        nonEmptyLines(paths),
        (line) => {
          const key = envelopeKey(line);
          if (key === null) unkeyed++;
          return key;
        },
        {
          batchSize: options.batchSize,
          onProgress: (sent) => {
            const now = performance.now();
            if (now - lastLog < 2000) return;
            lastLog = now;
            log.info('publish_progress', { topic: target, published: sent, records_per_s: Math.round(sent / ((now - started) / 1000)) });
          },
        },
      );
      const wall = (performance.now() - started) / 1000;
      const summary = {
        topic: target,
        files: paths.length,
        published,
        unkeyed,
        wall_s: Number(wall.toFixed(2)),
        records_per_s: Math.round(published / Math.max(wall, 1e-6)),
      };
      log.info('publish_done', { ...summary });
      return summary;
    } finally {
      await outbox.close();
    }
  }
}
