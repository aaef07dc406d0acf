import { isUtf8 } from 'node:buffer';
import { Worker } from 'node:worker_threads';
import { fromIpcBatches, type IpcBatch } from '../ingest/arrowIpc.ts';
import { DECODE_WORKER_LIMITS, decodeWorkerFailure } from '../ingest/decodeWorkerLimits.ts';
import type { KafkaMessage } from 'kafkajs';
import { SourceError } from '../core/PipelineError.ts';
import type { ColumnLayout } from '../ingest/RecordBatchWriter.ts';
import { decodeItems, invalidUtf8Issue, type DecodedItems } from '../ingest/decodeItems.ts';
import { firstInvalidUtf8Offset } from '../ingest/readNdjsonFile.ts';
import { MAX_RAW_CHARS, type RejectedItem, type SourceItem } from '../ingest/SourceItem.ts';
import { positionOf, type PartitionChunk } from './BatchSink.ts';
import { UNDECODABLE_HEADER, undecodableBatchOf, type UndecodableBatch } from './UndecodableBatch.ts';

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
  // A strict check, as for files: a lenient decode would store U+FFFD in place of bad bytes. One
  // pass over the whole batch; when it is valid, a message can only be invalid if a character is
  // split at its start or its end, i.e. if it or the next message starts with a continuation byte.
  const batchValid = isUtf8(values);
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
      const raw = values.toString('utf8', at, at + length);
      const end = at + length;
      const valid = batchValid
        ? (values[at]! & 0xc0) !== 0x80 && (end === values.length || (values[end]! & 0xc0) !== 0x80)
        : isUtf8(values.subarray(at, end));
      if (valid) items[i] = { position, raw };
      else {
        const offset = firstInvalidUtf8Offset(values.subarray(at, at + length));
        items[i] = { position, raw, rawBytes: length, issues: [invalidUtf8Issue(offset)] };
      }
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

  async decode(topic: string, partition: number, all: readonly KafkaMessage[]): Promise<PartitionChunk> {
    const range = {
      topic,
      partition,
      read: all.length,
      firstOffset: BigInt(all[0]!.offset),
      nextOffset: BigInt(all[all.length - 1]!.offset) + 1n,
    };
    const { messages, undecodable } = splitUndecodable(topic, partition, all);
    if (undecodable) {
      // Each batch that could not be decompressed is one dead letter, whatever its record count.
      const rest = messages.length > 0 ? await this.decodeMessages(topic, partition, messages) : { read: 0, rejects: [], valid: [] };
      return { ...range, ...rest, read: rest.read + undecodable.length, rejects: [...undecodable, ...rest.rejects] };
    }
    return { ...range, ...(await this.decodeMessages(topic, partition, messages)) };
  }

  private async decodeMessages(
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
  ): Promise<Pick<PartitionChunk, 'read' | 'valid' | 'batches' | 'validCount' | 'rejects'>> {
    const request = toRequest(this.nextId++, topic, partition, messages);
    const range = { read: messages.length };
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

/**
 * Takes out the placeholders KafkaCodecs put in place of a batch it could not decompress and
 * turns each batch into one rejected item for its offset range. Ordinary batches pay one
 * header lookup per message.
 */
function splitUndecodable(
  topic: string,
  partition: number,
  messages: readonly KafkaMessage[],
): { messages: readonly KafkaMessage[]; undecodable: RejectedItem[] | null } {
  let first = -1;
  for (let i = 0; i < messages.length; i++) {
    if (messages[i]!.headers?.[UNDECODABLE_HEADER] !== undefined && undecodableBatchOf(messages[i]!)) {
      first = i;
      break;
    }
  }
  if (first < 0) return { messages, undecodable: null };
  const kept: KafkaMessage[] = messages.slice(0, first);
  const batches = new Map<string, { batch: UndecodableBatch; from: string; to: string }>();
  for (let i = first; i < messages.length; i++) {
    const m = messages[i]!;
    const batch = undecodableBatchOf(m);
    if (!batch) {
      kept.push(m);
      continue;
    }
    // The consumer may have started inside the batch: the range is what this chunk consumes of it.
    const seen = batches.get(batch.firstOffset);
    if (seen) seen.to = m.offset;
    else batches.set(batch.firstOffset, { batch, from: m.offset, to: m.offset });
  }
  const items: SourceItem[] = [...batches.values()].map(({ batch, from, to }) => ({
    position: `${positionOf(partition, from)}-${to}`,
    raw: JSON.stringify({ undecodable_batch: { topic, partition, ...batch, firstOffset: from, lastOffset: to } }),
    rawBytes: batch.compressedBytes,
    issues: [
      {
        code: 'undecodable_batch',
        path: '',
        message:
          `record batch at offsets ${from}–${to} of ${topic}/${partition} (${batch.records} records, ` +
          `${batch.codec}, ${batch.compressedBytes} bytes) could not be decompressed: ${batch.error}; read it ` +
          `with a client that has the codec, fix and republish`,
      },
    ],
  }));
  return { messages: kept, undecodable: decodeItems(items, `kafka:${topic}`).rejects };
}
