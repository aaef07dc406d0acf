import { promisify } from 'node:util';
import { gzip as gzipCallback, unzip as unzipCallback } from 'node:zlib';
import zstd from '@mongodb-js/zstd';
import kafkajs from 'kafkajs';
import lz4 from 'lz4-napi';
import snappy from 'snappy';
import { Logger } from '../core/Logger.ts';
import { SinkError, SourceError } from '../core/PipelineError.ts';
import { batchHeaderBefore, holdsRecords, placeholderRecords, type UndecodableBatch } from './UndecodableBatch.ts';

/** What kafkajs calls with a batch's bytes (its `CompressionCodecs` entries return one of these). */
export interface KafkaCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

export type CodecName = 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Kafka's codec ids (the low three bits of a record batch's attributes); 5–7 are unassigned. */
const CODEC_IDS: Record<CodecName, number> = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
const CODEC_NAMES: Record<number, string> = { 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd', 5: 'codec 5', 6: 'codec 6', 7: 'codec 7' };

const gzip = promisify(gzipCallback);
const unzip = promisify(unzipCallback);

/** snappy-java's stream header, which the Java producer writes (Kafka's "xerial" framing). */
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
/** snappy-java's default block size, so our batches are framed as a Java producer frames them. */
const XERIAL_BLOCK_BYTES = 32 * 1024;

const snappyCodec: KafkaCodec = {
  async compress({ buffer }) {
    const parts: Buffer[] = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])];
    for (let at = 0; at < buffer.length; at += XERIAL_BLOCK_BYTES) {
      const block = await snappy.compress(buffer.subarray(at, at + XERIAL_BLOCK_BYTES));
      const size = Buffer.allocUnsafe(4);
      size.writeUInt32BE(block.length);
      parts.push(size, block);
    }
    return Buffer.concat(parts);
  },
  async decompress(buffer) {
    // librdkafka and older clients send one raw snappy block; Java frames blocks behind a header.
    if (buffer.length < XERIAL_HEADER_BYTES || !buffer.subarray(0, 8).equals(XERIAL_MAGIC)) {
      return (await snappy.uncompress(buffer)) as Buffer;
    }
    const blocks: Promise<Buffer>[] = [];
    let at = XERIAL_HEADER_BYTES;
    while (at < buffer.length) {
      if (at + 4 > buffer.length) throw framingError(`snappy stream cut inside a block header at byte ${at}`);
      const size = buffer.readUInt32BE(at);
      at += 4;
      if (at + size > buffer.length) throw framingError(`snappy block of ${size} bytes runs past the end of the batch`);
      blocks.push(snappy.uncompress(buffer.subarray(at, at + size)) as Promise<Buffer>);
      at += size;
    }
    return Buffer.concat(await Promise.all(blocks));
  },
};

function framingError(message: string): SourceError {
  return new SourceError(message, { code: 'KAFKA_SNAPPY_FRAMING' });
}

/** Kafka's LZ4 is the standard LZ4 frame format (KIP-57) with independent blocks, as lz4_flex writes by default. */
const lz4Codec: KafkaCodec = {
  compress: ({ buffer }) => lz4.compressFrame(buffer),
  decompress: (buffer) => lz4.decompressFrame(buffer),
};

/** Level 3 is zstd's (and the Java producer's) default. */
const zstdCodec: KafkaCodec = {
  compress: ({ buffer }) => zstd.compress(buffer, 3),
  decompress: (buffer) => zstd.decompress(buffer),
};

const gzipCodec: KafkaCodec = {
  compress: ({ buffer }) => gzip(buffer),
  decompress: (buffer) => unzip(buffer),
};

export const BUNDLED_CODECS: Readonly<Record<CodecName, KafkaCodec>> = {
  gzip: gzipCodec,
  snappy: snappyCodec,
  lz4: lz4Codec,
  zstd: zstdCodec,
};

let installed = false;

/**
 * Registers a codec for every compression id a record batch can carry, once per process (kafkajs
 * keeps one global codec table). Each decompressor is wrapped: a batch that still cannot be
 * decoded (corrupt, or a codec missing from `codecs`) becomes placeholder messages for its
 * offsets (see `undecodableBatchOf`) instead of an error that would fail the whole fetch and,
 * since the consumer would fetch the same batch again, stop the stream for good.
 */
export function ensureKafkaCodecs(): void {
  if (!installed) installKafkaCodecs(BUNDLED_CODECS);
}

/** Replaces the codec table; codecs left out are treated as unsupported (tests use this). */
export function installKafkaCodecs(codecs: Partial<Record<CodecName, KafkaCodec>>): void {
  const table = kafkajs.CompressionCodecs as unknown as Record<number, () => KafkaCodec>;
  for (let id = 1; id <= 7; id++) {
    const name = CODEC_NAMES[id]!;
    const codec = codecs[name as CodecName] ?? null;
    const wrapped = guardedCodec(id, codec);
    table[id] = () => wrapped;
  }
  installed = true;
}

/** The codec ids our producer may use (kafkajs' CompressionTypes values). */
export function codecId(name: CodecName): number {
  return CODEC_IDS[name];
}

function guardedCodec(id: number, codec: KafkaCodec | null): KafkaCodec {
  const name = CODEC_NAMES[id]!;
  const log = Logger.for('kafka');
  return {
    async compress(encoder) {
      if (!codec)
        throw new SinkError(`${name} compression is not available`, {
          code: 'KAFKA_CODEC_MISSING',
          hint: 'set kafka.compression to gzip, snappy, lz4, zstd or none',
        });
      return codec.compress(encoder);
    },
    async decompress(buffer) {
      let failure: string;
      if (!codec) failure = `${name} is not a codec this consumer supports`;
      else {
        try {
          const out = await codec.decompress(buffer);
          const header = batchHeaderBefore(buffer, id);
          if (!header || holdsRecords(out, header.records)) return out;
          failure = `decompressed ${out.length} bytes do not hold the ${header.records} records the batch declares`;
        } catch (error) {
          failure = (error as Error).message || String(error);
        }
      }
      const header = batchHeaderBefore(buffer, id);
      if (!header) {
        throw new SourceError(`${name} batch could not be decompressed (${failure}) and its offsets could not be read`, {
          code: 'KAFKA_BATCH_UNDECODABLE',
          hint: 'the batch cannot be skipped safely; read its partition with a Kafka client that has the codec, or report the kafkajs version',
        });
      }
      const batch: UndecodableBatch = {
        codec: name,
        firstOffset: header.firstOffset.toString(),
        lastOffset: (header.firstOffset + BigInt(header.lastOffsetDelta)).toString(),
        records: header.records,
        compressedBytes: buffer.length,
        error: failure.slice(0, 500),
      };
      log.warn('kafka_batch_undecodable', { ...batch });
      return placeholderRecords(header, batch);
    },
  };
}
