import { randomBytes } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';

/**
 * How a record batch that cannot be decompressed still moves the consumer on: KafkaCodecs
 * returns placeholder records for the batch's offsets in place of its contents, kafkajs delivers
 * them like any message, and KafkaDecoder turns them into one dead letter per batch. (The
 * alternative, an error from the codec, fails the whole fetch response, and the consumer would
 * fetch the same batch again forever.) No codec library is loaded here: the decode worker imports it.
 */

/** Header that marks a placeholder message; its value is a per-process secret, so a producer cannot forge one. */
export const UNDECODABLE_HEADER = 'labourflow.undecodable-batch';
const TOKEN = randomBytes(16);

/** What is known about a batch that could not be decompressed, carried by each of its placeholders. */
export interface UndecodableBatch {
  codec: string;
  /** First and last offset the batch covers (inclusive), as decimal strings. */
  firstOffset: string;
  lastOffset: string;
  records: number;
  compressedBytes: number;
  error: string;
}

/** The batch a placeholder message stands for, or null for an ordinary message. */
export function undecodableBatchOf(message: Pick<KafkaMessage, 'headers' | 'value'>): UndecodableBatch | null {
  const mark = message.headers?.[UNDECODABLE_HEADER];
  if (!Buffer.isBuffer(mark) || !mark.equals(TOKEN) || !message.value) return null;
  return JSON.parse(message.value.toString('utf8')) as UndecodableBatch;
}

/**
 * Record batch v2 (magic 2) header, in bytes from the batch start: baseOffset int64 @0,
 * batchLength int32 @8, partitionLeaderEpoch @12, magic int8 @16, crc @17, attributes int16 @21,
 * lastOffsetDelta int32 @23, timestamps, producer fields, then the record count int32 @57 and
 * the (compressed) records from @61.
 */
const BATCH_HEADER_BYTES = 61;
/**
 * More records than any real batch holds (a producer's batch is at most a few MB); a count above
 * it means a damaged header, which must not turn into millions of placeholders.
 */
const MAX_RECORDS = 1_000_000;

export interface BatchHeader {
  firstOffset: bigint;
  lastOffsetDelta: number;
  records: number;
}

/**
 * kafkajs hands a codec only the compressed bytes, a view into the fetch response that begins
 * right after the batch header; the header (offsets, record count) is read from the bytes just
 * before the view. Null unless everything about it checks out (magic 2, the codec id, a batch
 * length that ends exactly where the view ends, a sane record count), so a different layout in
 * a future kafkajs can only lead back to the plain error, never to wrong offsets.
 */
export function batchHeaderBefore(compressed: Buffer, codecIdValue: number): BatchHeader | null {
  if (compressed.byteOffset < BATCH_HEADER_BYTES) return null;
  const header = Buffer.from(compressed.buffer, compressed.byteOffset - BATCH_HEADER_BYTES, BATCH_HEADER_BYTES);
  const batchLength = header.readInt32BE(8);
  const magic = header.readInt8(16);
  const attributes = header.readInt16BE(21);
  const lastOffsetDelta = header.readInt32BE(23);
  const records = header.readInt32BE(57);
  if (magic !== 2 || (attributes & 0x07) !== codecIdValue) return null;
  if (12 + batchLength !== BATCH_HEADER_BYTES + compressed.length) return null;
  if (records <= 0 || records > MAX_RECORDS || lastOffsetDelta < records - 1) return null;
  return { firstOffset: header.readBigInt64BE(0), lastOffsetDelta, records };
}

/** True when `data` holds at least `count` length-prefixed records (what kafkajs will read). */
export function holdsRecords(data: Buffer, count: number): boolean {
  let at = 0;
  for (let i = 0; i < count; i++) {
    let shift = 0;
    let raw = 0;
    let byte: number;
    do {
      if (at >= data.length || shift > 28) return false;
      byte = data[at++]!;
      raw |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    const length = (raw >>> 1) ^ -(raw & 1);
    if (length < 0 || at + length > data.length) return false;
    at += length;
  }
  return true;
}

// Kafka's varints are zigzag-encoded.
function pushVarint(out: number[], value: number): void {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

/**
 * As many records as the batch declares, so kafkajs delivers the batch's offsets and the
 * consumer moves past them: offset deltas 0, 1, … and the batch's last delta for the last one
 * (a compacted batch may have gaps), no key, the description as value, and the secret header.
 */
export function placeholderRecords(header: BatchHeader, batch: UndecodableBatch): Buffer {
  const value = Buffer.from(JSON.stringify(batch));
  const headerKey = Buffer.from(UNDECODABLE_HEADER);
  const parts: Buffer[] = [];
  for (let i = 0; i < header.records; i++) {
    const delta = i === header.records - 1 ? header.lastOffsetDelta : i;
    const head: number[] = [0, 0]; // attributes, timestamp delta
    pushVarint(head, delta);
    pushVarint(head, -1); // no key
    pushVarint(head, value.length);
    const tail: number[] = [];
    pushVarint(tail, 1); // one header
    pushVarint(tail, headerKey.length);
    const tail2: number[] = [];
    pushVarint(tail2, TOKEN.length);
    const body = Buffer.concat([Buffer.from(head), value, Buffer.from(tail), headerKey, Buffer.from(tail2), TOKEN]);
    const length: number[] = [];
    pushVarint(length, body.length);
    parts.push(Buffer.from(length), body);
  }
  return Buffer.concat(parts);
}
