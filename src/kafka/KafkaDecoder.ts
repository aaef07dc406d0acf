import { Worker } from 'node:worker_threads';
import { fromIpcBatches, type IpcBatch } from '../ingest/ArrowIpc.ts';
import { DECODE_WORKER_LIMITS, decodeWorkerFailure } from '../ingest/decodeWorkerLimits.ts';
import type { KafkaMessage } from 'kafkajs';
import { SourceError } from '../core/PipelineError.ts';
import type { ColumnLayout } from '../ingest/RecordBatchWriter.ts';
import { decodeItems, type DecodedItems } from '../ingest/decodeItems.ts';
import { MAX_RAW_CHARS, type RejectedItem, type SourceItem } from '../ingest/SourceItem.ts';
import { positionOf, type PartitionChunk } from './BatchSink.ts';

/** One partition batch as plain transferable data: values concatenated, -1 length for no value. */
export interface DecodeRequest {
  id: number;
  topic: string;
  partition: number;
  offsets: string[];
  lengths: Int32Array;
  values: Uint8Array;
}

export type DecodeReply =
  | { id: number; batches: IpcBatch[]; rejects: RejectedItem[]; validCount: number; error?: undefined }
  | { id: number; error: string };

/** Validates the messages of one partition batch (same rules on either thread). */
export function decodeMessages(request: Omit<DecodeRequest, 'id'>, values: Buffer, maxBytes: number): DecodedItems {
  const items: SourceItem[] = new Array(request.offsets.length);
  let at = 0;
  for (let i = 0; i < request.offsets.length; i++) {
    const position = positionOf(request.partition, request.offsets[i]!);
    const length = request.lengths[i]!;
    if (length <= 0) {
      items[i] = {
        position,
        raw: '',
        rawBytes: 0,
        issues: [{ code: 'empty_message', path: '', message: 'message has no value (tombstone or empty)' }],
      };
    } else if (length > maxBytes) {
      items[i] = {
        position,
        raw: values.toString('utf8', at, at + Math.min(length, MAX_RAW_CHARS)),
        rawBytes: length,
        issues: [
          {
            code: 'oversize',
            path: '',
            message: `message is ${length} bytes, over the ${maxBytes}-byte limit (kafka.consumer.maxMessageBytes)`,
          },
        ],
      };
    } else {
      items[i] = { position, raw: values.toString('utf8', at, at + length) };
    }
    if (length > 0) at += length;
  }
  return decodeItems(items, `kafka:${request.topic}`);
}

function toRequest(id: number, topic: string, partition: number, messages: readonly KafkaMessage[]): DecodeRequest {
  const lengths = new Int32Array(messages.length);
  let total = 0;
  messages.forEach((m, i) => {
    lengths[i] = m.value === null ? -1 : m.value.length;
    total += m.value?.length ?? 0;
  });
  // An unpooled buffer: its ArrayBuffer is transferred to the worker (a pooled one would detach the pool).
  const values = Buffer.allocUnsafeSlow(total);
  let at = 0;
  for (const m of messages) if (m.value) at += m.value.copy(values, at);
  return {
    id,
    topic,
    partition,
    offsets: messages.map((m) => m.offset),
    lengths,
    values: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

/**
 * Turns a fetched partition batch into a PartitionChunk. With a worker (default), JSON parsing,
 * validation and Arrow layout run on another core and the chunk carries Arrow batches; inline,
 * the chunk carries the validated envelopes.
 */
export class KafkaDecoder {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: DecodeReply) => void; reject: (e: unknown) => void }>();
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker | null,
    private readonly maxBytes: number,
  ) {
    worker?.on('message', (reply: DecodeReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiter?.resolve(reply);
    });
    const fail = (cause: Error) => {
      const error = decodeWorkerFailure(cause, 'decoding Kafka messages failed');
      this.failure ??= error;
      for (const w of this.waiting.values()) w.reject(error);
      this.waiting.clear();
    };
    worker?.on('error', fail);
    worker?.on('exit', (code) => {
      if (code !== 0) fail(new Error(`kafka decode worker exited with code ${code}`));
    });
  }

  static create(options: { layout: ColumnLayout | null; maxMessageBytes: number }): KafkaDecoder {
    if (!options.layout) return new KafkaDecoder(null, options.maxMessageBytes);
    const worker = new Worker(new URL('./kafkaDecodeWorker.bootstrap.mjs', import.meta.url), {
      workerData: { layout: options.layout, maxMessageBytes: options.maxMessageBytes },
      execArgv: [],
      resourceLimits: DECODE_WORKER_LIMITS,
    });
    return new KafkaDecoder(worker, options.maxMessageBytes);
  }

  async decode(topic: string, partition: number, messages: readonly KafkaMessage[]): Promise<PartitionChunk> {
    const request = toRequest(this.nextId++, topic, partition, messages);
    const range = {
      topic,
      partition,
      read: messages.length,
      firstOffset: BigInt(messages[0]!.offset),
      nextOffset: BigInt(messages[messages.length - 1]!.offset) + 1n,
    };
    if (!this.worker) {
      const { valid, rejects } = decodeMessages(
        request,
        Buffer.from(request.values.buffer, request.values.byteOffset, request.values.byteLength),
        this.maxBytes,
      );
      return { ...range, valid, rejects };
    }
    if (this.failure) throw this.failure;
    const reply = await new Promise<DecodeReply>((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      this.worker!.postMessage(request, [request.values.buffer as ArrayBuffer, request.lengths.buffer as ArrayBuffer]);
    });
    if (reply.error !== undefined)
      throw new SourceError(`decoding ${topic}/${partition} failed: ${reply.error}`, { code: 'DECODE_WORKER_FAILED' });
    return { ...range, batches: fromIpcBatches(reply.batches), validCount: reply.validCount, rejects: reply.rejects };
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}
