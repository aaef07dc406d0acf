import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import kafkajs from 'kafkajs';
import snappy from 'snappy';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_CODECS, type CodecName, installKafkaCodecs, type KafkaCodec } from '../../src/kafka/kafkaCodecs.ts';
import { topicName } from '../../src/kafka/KafkaConfig.ts';
import { KafkaOutbox } from '../../src/kafka/KafkaOutbox.ts';
import { TopicAdmin } from '../../src/kafka/TopicAdmin.ts';
import { UNDECODABLE_HEADER, undecodableBatchOf } from '../../src/kafka/UndecodableBatch.ts';
import { readTopic, testConfig, uniquePrefix } from './kafkaTestKit.ts';

// kafkajs' own record batch encoder and fetch-response decoder: the codecs are exercised exactly
// as the consumer calls them, on bytes laid out as a broker sends them.
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (options: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: Record<string, unknown>) => unknown;
const Encoder = require('kafkajs/src/protocol/encoder') as new () => { writeInt32(n: number): unknown; buffer: Buffer };
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const decodeMessages = require('kafkajs/src/protocol/requests/fetch/v4/decodeMessages') as (d: unknown) => Promise<DecodedMessage[]>;

interface DecodedMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer>;
}

const CODEC_ID: Record<CodecName, number> = { gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

function values(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ i: from + i, text: '邢台市南和区招聘数控车床操作工'.repeat(1 + (i % 7)) }),
  );
}

/** One record batch (firstOffset, compression id) as a broker stores and sends it. */
async function batch(codec: number, firstOffset: number, texts: string[], lastOffsetDelta = texts.length - 1): Promise<Buffer> {
  const records = texts.map((value, i) => Record({ offsetDelta: i, key: Buffer.from(`k${firstOffset + i}`), value: Buffer.from(value) }));
  return (
    await RecordBatch({ compression: codec, firstOffset: BigInt(firstOffset).toString(), lastOffsetDelta, records, firstTimestamp: 1 })
  ).buffer;
}

/** The record set of one partition in a fetch response (several batches), decoded by kafkajs. */
async function fetchDecode(batches: Buffer[]): Promise<DecodedMessage[]> {
  const set = Buffer.concat(batches);
  const size = new Encoder();
  size.writeInt32(set.length);
  return decodeMessages(new Decoder(Buffer.concat([size.buffer, set])));
}

/** Offset in a batch buffer where the compressed records start (after the 61-byte v2 header). */
const RECORDS_AT = 61;

afterEach(() => installKafkaCodecs(BUNDLED_CODECS));

describe('KafkaCodecs: every codec Kafka has, as kafkajs calls them', () => {
  it.each(['gzip', 'snappy', 'lz4', 'zstd'] as const)('%s: a batch we compress decodes to the same records and offsets', async (name) => {
    installKafkaCodecs(BUNDLED_CODECS);
    const texts = values(300);
    const bytes = await batch(CODEC_ID[name], 1000, texts);
    const plain = await batch(0, 1000, texts);
    expect(bytes.length).toBeLessThan(plain.length / 3); // really compressed
    const messages = await fetchDecode([bytes]);
    expect(messages.map((m) => m.value!.toString())).toEqual(texts);
    expect(messages.map((m) => m.offset)).toEqual(texts.map((_, i) => String(1000 + i)));
    expect(messages.every((m) => undecodableBatchOf(m) === null)).toBe(true);
  });

  it('snappy: reads both snappy-java framing (what Java producers send) and one raw block (librdkafka)', async () => {
    const data = Buffer.from(values(2000).join('\n'));
    const framed = await BUNDLED_CODECS.snappy.compress({ buffer: data });
    expect(framed.subarray(0, 8)).toEqual(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]));
    expect(framed.readUInt32BE(16)).toBeGreaterThan(0); // first block length: 32 KiB blocks, as snappy-java frames them
    // Buffer.equals: a deep toEqual over 400 kB takes seconds.
    expect((await BUNDLED_CODECS.snappy.decompress(framed)).equals(data)).toBe(true);
    const raw = await snappy.compress(data);
    expect((await BUNDLED_CODECS.snappy.decompress(raw)).equals(data)).toBe(true);
  });
});

describe('KafkaCodecs: a batch that cannot be decoded becomes placeholders for its offsets', () => {
  it('a corrupt zstd batch: placeholders for exactly its offsets, and the next batch of the same fetch still decodes', async () => {
    installKafkaCodecs(BUNDLED_CODECS);
    const bad = await batch(CODEC_ID.zstd, 500, values(40));
    randomBytes(16).copy(bad, RECORDS_AT + 20); // damage the frame after its header
    const good = await batch(CODEC_ID.zstd, 540, values(10, 40));
    const messages = await fetchDecode([bad, good]);
    expect(messages.map((m) => m.offset)).toEqual(Array.from({ length: 50 }, (_, i) => String(500 + i)));
    const described = messages.slice(0, 40).map((m) => undecodableBatchOf(m));
    expect(new Set(described.map((d) => JSON.stringify(d))).size).toBe(1);
    expect(described[0]).toMatchObject({
      codec: 'zstd',
      firstOffset: '500',
      lastOffset: '539',
      records: 40,
      compressedBytes: bad.length - RECORDS_AT,
      error: expect.any(String),
    });
    expect(described[0]!.error.length).toBeGreaterThan(0);
    expect(messages.slice(40).map((m) => JSON.parse(m.value!.toString()).i)).toEqual(Array.from({ length: 10 }, (_, i) => 40 + i));
  });

  it('a codec this consumer lacks: placeholders name the codec; a compacted batch covers up to its last offset', async () => {
    // Compaction removed records: 30 left in a batch that spans 100 offsets.
    const compacted = await batch(CODEC_ID.lz4, 7000, values(30), 99);
    installKafkaCodecs({ gzip: BUNDLED_CODECS.gzip }); // lz4 deliberately missing
    const messages = await fetchDecode([compacted]);
    expect(messages).toHaveLength(30);
    expect(messages[0]!.offset).toBe('7000');
    expect(messages[29]!.offset).toBe('7099');
    expect(undecodableBatchOf(messages[0]!)).toMatchObject({
      codec: 'lz4',
      firstOffset: '7000',
      lastOffset: '7099',
      records: 30,
      error: 'lz4 is not a codec this consumer supports',
    });
  });

  it('an unassigned codec id (5) and a stream that decompresses to something that is not the records', async () => {
    installKafkaCodecs(BUNDLED_CODECS);
    const odd = await batch(CODEC_ID.gzip, 10, values(5));
    odd.writeInt16BE(5, 21); // attributes: codec 5 (kafkajs does not check the CRC)
    const garbage: KafkaCodec = { ...BUNDLED_CODECS.gzip, compress: async () => gzipSync(Buffer.alloc(64, 0xff)) };
    installKafkaCodecs({ ...BUNDLED_CODECS, gzip: garbage });
    const wrong = await batch(CODEC_ID.gzip, 15, values(5));
    installKafkaCodecs(BUNDLED_CODECS);
    const messages = await fetchDecode([odd, wrong]);
    expect(messages.map((m) => undecodableBatchOf(m)?.codec)).toEqual([...Array(5).fill('codec 5'), ...Array(5).fill('gzip')]);
    expect(undecodableBatchOf(messages[9]!)).toMatchObject({
      firstOffset: '15',
      lastOffset: '19',
      error: 'decompressed 64 bytes do not hold the 5 records the batch declares',
    });
  });

  it('without the batch header in front of the bytes, the plain error stands (never guessed offsets)', async () => {
    installKafkaCodecs(BUNDLED_CODECS);
    const table = kafkajs.CompressionCodecs as unknown as Record<number, () => KafkaCodec>;
    await expect(table[4]!().decompress(Buffer.from('not zstd at all'))).rejects.toThrow(
      /zstd batch could not be decompressed \(.+\) and its offsets could not be read/,
    );
  });

  it('a producer cannot forge a placeholder: the header value is a per-process secret', () => {
    const forged = { headers: { [UNDECODABLE_HEADER]: Buffer.from('guess') }, value: Buffer.from('{"codec":"zstd"}') };
    expect(undecodableBatchOf(forged)).toBeNull();
    expect(undecodableBatchOf({ headers: {}, value: Buffer.from('{}') })).toBeNull();
  });
});

describe('KafkaOutbox publishes in every codec (real broker)', () => {
  it.each(['snappy', 'lz4', 'zstd'] as const)(
    'kafka.compression=%s: the broker accepts the batches and every record reads back',
    async (codec) => {
      installKafkaCodecs(BUNDLED_CODECS);
      const config = testConfig(uniquePrefix(`out-${codec}`), { compression: codec });
      const admin = await TopicAdmin.create(config);
      await admin.ensureTopics(['recommendations']);
      await admin.close();
      const records = values(500).map((v, i) => ({ id: `r${i}`, v }));
      const outbox = await KafkaOutbox.create(config, 'test');
      // The broker decompresses each compressed batch to validate it, with Kafka's own Java codecs.
      expect(await outbox.publishRecords('recommendations', records, (r) => r.id, { batchSize: 100 })).toBe(500);
      await outbox.close();
      const topic = topicName(config, 'recommendations');
      const read = await readTopic(config, topic, 500, 30_000);
      expect(read.map((m) => JSON.parse(m.value!.toString()).id).sort()).toEqual(records.map((r) => r.id).sort());
      installKafkaCodecs({});
      const raw = await readTopic(config, topic, 500, 30_000);
      expect(new Set(raw.map((m) => undecodableBatchOf(m)?.codec))).toEqual(new Set([codec]));
    },
  );
});
