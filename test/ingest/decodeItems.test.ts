import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeItems } from '../../src/ingest/decodeItems.ts';
import { readNdjsonFile } from '../../src/ingest/readNdjsonFile.ts';
import type { RejectedItem, SourceItem } from '../../src/ingest/SourceItem.ts';
import { decodeMessages } from '../../src/kafka/KafkaDecoder.ts';
import { SampleEnvelopes } from '../../src/kafka/SampleEnvelopes.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** One valid posting envelope as JSON text, with its description replaced by `description` (raw JSON text). */
function postingLine(description: string): string {
  const text = [...new SampleEnvelopes({ count: 1, seed: 3, type: 'posting', idPrefix: 'enc' }).messages()][0]!.value;
  const out = text.replace(/"description":"[^"]*"/, `"description":${description}`);
  expect(out).not.toBe(text);
  return out;
}

/** The file path: lines read by readNdjsonFile, then the shared decode step. */
async function viaFile(lines: Buffer[]): Promise<{ valid: number; rejects: RejectedItem[] }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const path = join(t.dir, 'in.ndjson');
  writeFileSync(path, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
  const items: SourceItem[] = [];
  for await (const item of readNdjsonFile(path)) items.push(item);
  const { valid, rejects } = decodeItems(items, path);
  return { valid: valid.length, rejects };
}

/** The Kafka path: message values as the consumer hands them to the decode step (inline or on the worker). */
function viaKafka(values: Buffer[]): { valid: number; rejects: RejectedItem[] } {
  const lengths = new Int32Array(values.map((v) => v.length));
  const all = Buffer.concat(values);
  const { valid, rejects } = decodeMessages(
    { topic: 'labourflow.postings', partition: 0, offsets: values.map((_, i) => String(i)), lengths, values: all },
    all,
    1024 * 1024,
  );
  return { valid: valid.length, rejects };
}

const GBK_DESCRIPTION = Buffer.from('b8dacebbd6b0d4f0a3bab8bad4f0c8edbcfebfaab7a2', 'hex'); // 岗位职责：负责软件开发 in GBK

describe('the shared decode step: the same reason for bad text on every path', () => {
  it('rejects invalid UTF-8 (a GBK description) with the same code and message from a file and from Kafka', async () => {
    const [head, tail] = postingLine('"@@"').split('@@') as [string, string];
    const bytes = Buffer.concat([Buffer.from(head), GBK_DESCRIPTION, Buffer.from(tail)]);
    const file = await viaFile([bytes]);
    const kafka = viaKafka([bytes]);
    expect(file.valid).toBe(0);
    expect(kafka.valid).toBe(0);
    const offset = Buffer.byteLength(head);
    expect(file.rejects[0]!.issues).toEqual([
      { code: 'invalid_encoding', path: '', message: `invalid UTF-8 at byte ${offset} of the record; re-export or re-publish it as UTF-8` },
    ]);
    expect(kafka.rejects[0]!.issues).toEqual(file.rejects[0]!.issues);
    // Not stored as mojibake on the Kafka path any more: the reason is the bytes, not a schema problem.
    expect(kafka.rejects[0]!.rawBytes).toBe(bytes.length);
  });

  it('Kafka: finds a character split between two messages, though the batch as a whole is valid UTF-8', () => {
    const split = Buffer.from('{"t":"岗位"}');
    const cut = split.indexOf(Buffer.from('位')) + 1; // inside 位
    const messages = [Buffer.from('{"a":1}'), split.subarray(0, cut), split.subarray(cut), Buffer.from('{"b":2}')];
    expect(Buffer.concat(messages).toString('utf8')).not.toContain('\uFFFD');
    const { rejects } = viaKafka(messages);
    // The first and last are not envelopes (no type); the two halves are not UTF-8.
    expect(rejects.map((r) => [r.position, r.issues[0]!.code])).toEqual([
      ['p0@0', 'invalid_value'],
      ['p0@1', 'invalid_encoding'],
      ['p0@2', 'invalid_encoding'],
      ['p0@3', 'invalid_value'],
    ]);
    expect(rejects[1]!.issues[0]!.message).toContain(`byte ${cut - 1} of the record`);
    expect(rejects[2]!.issues[0]!.message).toContain('byte 0 of the record');
  });

  it('rejects lone surrogate escapes on both paths, naming the field, and keeps well-formed pairs', async () => {
    const cases = [
      { escape: '"岗位\\ud800职责"', unit: 'D800', at: 2 },
      { escape: '"\\udc00"', unit: 'DC00', at: 0 },
      { escape: '"\\uDBFF\\u0041"', unit: 'DBFF', at: 0 }, // high half followed by a non-surrogate
      { escape: '"\\ude00\\ud83d"', unit: 'DE00', at: 0 }, // the two halves in the wrong order
    ];
    const lines = cases.map((c) => Buffer.from(postingLine(c.escape)));
    for (const result of [await viaFile(lines), viaKafka(lines)]) {
      expect(result.valid).toBe(0);
      expect(result.rejects.map((r) => r.issues[0])).toEqual(
        cases.map((c) => ({
          code: 'invalid_encoding',
          path: 'payload.description',
          message:
            `lone surrogate \\u${c.unit} at character ${c.at}: a JSON \\u escape in D800–DFFF must be ` +
            `half of a surrogate pair; fix the escape at the source`,
        })),
      );
      expect(result.rejects.every((r) => r.recordType === 'posting' && r.recordId === 'enc-po-0')).toBe(true);
    }
  });

  it('finds a lone surrogate in an object key and in an array element', async () => {
    const line = postingLine('"ok"').replace('"skills":[', '"skills":["\\ud801",').replace('"title"', '"\\udfff":1,"title"');
    const { rejects } = viaKafka([Buffer.from(line)]);
    // Keys are checked as they come, before the values inside them.
    expect(rejects[0]!.issues[0]).toMatchObject({ code: 'invalid_encoding', path: 'payload', message: expect.stringMatching(/\\uDFFF/) });
    const arrayOnly = postingLine('"ok"').replace('"skills":[', '"skills":["\\ud801",');
    expect(viaKafka([Buffer.from(arrayOnly)]).rejects[0]!.issues[0]).toMatchObject({ path: 'payload.skills.0' });
  });

  it('accepts surrogate pairs, an escaped backslash before "ud800", and a literal U+FFFD', async () => {
    const lines = [
      postingLine('"表情\\ud83d\\ude00"'), // 😀 written as an escaped pair
      postingLine('"路径 C:\\\\ud800"'), // the text \ud800, not an escape
      postingLine('"替换字符\uFFFD"'),
    ].map((l) => Buffer.from(l));
    expect((await viaFile(lines)).rejects).toEqual([]);
    expect(viaKafka(lines)).toEqual({ valid: 3, rejects: [] });
  });
});
