import { createReadStream } from 'node:fs';
import { SourceError } from '../core/PipelineError.ts';
import { utf8SequenceLength } from './readNdjsonFile.ts';
import type { TextEncodingName } from './TextEncodingName.ts';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** How it was decided, for the log and the summary ("valid UTF-8", "UTF-8 byte-order mark", …). */
  how: string;
}

/**
 * A damaged UTF-8 file has a few bad sequences among many good ones; a GB18030/GBK file read as
 * UTF-8 has mostly bad ones (its lead bytes 0x81–0xFE are followed by trail bytes that rarely
 * continue a UTF-8 sequence). Above this ratio of good to bad multi-byte sequences the file is
 * taken as UTF-8 with some damage, and the rows holding the damage are rejected one by one.
 */
const DAMAGED_UTF8_RATIO = 10;

/**
 * Finds a CSV file's encoding without being told: a byte-order mark (UTF-8, UTF-16LE/BE) is
 * decisive; else `fixed` (the mapping's `csv.encoding`) if given; else the whole file is
 * checked for UTF-8 validity (a GBK file may be ASCII for its first thousand rows); else it is
 * GB18030, what Excel and government systems on Chinese Windows save (GBK is its subset).
 */
export async function detectEncoding(path: string, fixed?: TextEncodingName): Promise<DetectedEncoding> {
  const bom = bomEncoding(await readHead(path, 4));
  if (bom) return { encoding: bom, how: `${bom === 'utf-8' ? 'UTF-8' : bom.toUpperCase()} byte-order mark` };
  if (fixed) return { encoding: fixed, how: 'the mapping’s csv.encoding' };
  if (await isValidUtf8File(path)) return { encoding: 'utf-8', how: 'valid UTF-8' };
  const { valid, invalid } = await countUtf8Sequences(path);
  if (valid >= DAMAGED_UTF8_RATIO * invalid) {
    return {
      encoding: 'utf-8',
      how: `mostly valid UTF-8: ${invalid} bad byte sequence${invalid === 1 ? '' : 's'}, whose rows are rejected`,
    };
  }
  return { encoding: 'gb18030', how: `not valid UTF-8: ${invalid} bad byte sequences, so GB18030/GBK` };
}

export function bomEncoding(head: Uint8Array): TextEncodingName | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** The first `bytes` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1 })) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
    }
  } catch (error) {
    throw new SourceError(`cannot read ${path}: ${(error as Error).message}`, { code: 'SOURCE_UNREADABLE', cause: error });
  }
  return Buffer.concat(chunks, total);
}

/** Native decoder with fatal errors: the fast path, since most files are UTF-8. */
async function isValidUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw new SourceError(`cannot read ${path}: ${(error as Error).message}`, { code: 'SOURCE_UNREADABLE', cause: error });
  }
}

/** Well-formed multi-byte UTF-8 sequences (RFC 3629) and bytes that start none, over the whole file. */
async function countUtf8Sequences(path: string): Promise<{ valid: number; invalid: number }> {
  let valid = 0;
  let invalid = 0;
  let carry = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let i = 0;
    // Leave a possibly cut sequence at the chunk's end for the next chunk.
    const end = bytes.length - 3;
    while (i < end) {
      const b = bytes[i]!;
      if (b < 0x80) {
        i++;
        continue;
      }
      const need = utf8SequenceLength(bytes, i);
      if (need > 0) {
        valid++;
        i += need;
      } else {
        invalid++;
        i++;
      }
    }
    carry = Buffer.from(bytes.subarray(Math.max(i, 0)));
  }
  for (let i = 0; i < carry.length; ) {
    if (carry[i]! < 0x80) i++;
    else {
      const need = utf8SequenceLength(carry, i);
      if (need > 0) valid++;
      else invalid++;
      i += Math.max(need, 1);
    }
  }
  return { valid, invalid };
}
