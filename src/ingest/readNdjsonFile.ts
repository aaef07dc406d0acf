import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { SourceError } from '../core/PipelineError.ts';
import { invalidUtf8Issue } from './decodeItems.ts';
import type { SourceItem } from './SourceItem.ts';

export interface NdjsonReadOptions {
  /** Lines longer than this are rejected without being held in memory whole. */
  maxLineBytes?: number;
  /** Called as bytes are consumed (for progress). */
  onBytes?: (bytesRead: number, totalBytes: number) => void;
  /** Blank lines hold no record and are not items; this counts them for the summary. */
  onBlankLine?: () => void;
  /**
   * Which lines (1-based) to decode. Others are only counted, never copied or decoded: several
   * decode workers share one file this way, each taking its own ranges of lines.
   */
  include?: (lineNumber: number) => boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const KEEP_OF_LONG_LINE = 1024;
const NEWLINE = 0x0a;
const CR = 0x0d;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Streams an NDJSON file as source items, one per non-blank line, in constant memory: chunks
 * are split on newline bytes, a line over `maxLineBytes` is cut off and turned into a rejected
 * item carrying only its head, and invalid UTF-8 is reported with its byte offset instead of
 * being silently replaced. A UTF-8 byte-order mark at the start of the file (Windows editors and
 * Excel's "UTF-8 CSV" save one) is dropped, so the first record is read like any other.
 *
 * The size limit is exact for every line wherever it lies in the read buffer: a line's size
 * is its bytes without the LF (and without a CR before it, so CRLF files get the same limit),
 * and a line of exactly `maxLineBytes` passes while one byte more is `too_big`.
 */
export async function* readNdjsonFile(path: string, options: NdjsonReadOptions = {}): AsyncGenerator<SourceItem> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let totalBytes: number;
  try {
    totalBytes = (await stat(path)).size;
  } catch (error) {
    throw new SourceError(`cannot read ${path}: ${(error as Error).message}`, {
      code: 'SOURCE_NOT_FOUND',
      cause: error,
      hint: 'check the --from path or glob',
    });
  }
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let lineNumber = 0;
  // The part of the current line read in earlier chunks (only its head once it is too big).
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false; // the current line already passed maxLineBytes (+1 for a CR) in earlier chunks
  let overflowBytes = 0;
  let lastPendingByte = -1; // the last byte read of the current line in earlier chunks
  let bytesRead = 0;
  let atFileStart = true;

  const finishLine = (tail: Buffer): SourceItem | null => {
    lineNumber++;
    let size = (overflow ? overflowBytes : pendingBytes) + tail.length;
    if ((tail.length > 0 ? tail[tail.length - 1] : lastPendingByte) === CR) size--;
    lastPendingByte = -1;
    if (overflow || size > maxLineBytes) {
      const head = (pending.length > 0 ? Buffer.concat([...pending, tail.subarray(0, KEEP_OF_LONG_LINE)]) : tail)
        .subarray(0, KEEP_OF_LONG_LINE)
        .toString('utf8');
      pending = [];
      pendingBytes = 0;
      overflow = false;
      overflowBytes = 0;
      return {
        position: `line ${lineNumber}`,
        raw: head,
        rawBytes: size,
        issues: [
          {
            code: 'too_big',
            path: '',
            message: `line is ${size} bytes, over the ${maxLineBytes}-byte limit (raise --max-line-bytes if such records are legitimate)`,
          },
        ],
      };
    }
    const bytes = pending.length > 0 ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    return decodeLine(bytes, lineNumber);
  };

  const include = options.include;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      let start = 0;
      if (atFileStart) {
        atFileStart = false;
        if (chunk.length >= 3 && chunk[0] === UTF8_BOM[0] && chunk[1] === UTF8_BOM[1] && chunk[2] === UTF8_BOM[2]) start = 3;
      }
      for (;;) {
        const nl = chunk.indexOf(NEWLINE, start);
        if (nl < 0) break;
        if (include && !include(lineNumber + 1)) {
          lineNumber++;
        } else {
          const item = finishLine(chunk.subarray(start, nl));
          if (item) yield item;
          else options.onBlankLine?.();
        }
        start = nl + 1;
      }
      const rest = chunk.subarray(start);
      if (rest.length > 0 && include && !include(lineNumber + 1)) {
        // The line continues in the next chunk and is not ours: nothing to keep.
      } else if (rest.length > 0) {
        lastPendingByte = rest[rest.length - 1]!;
        if (overflow) {
          overflowBytes += rest.length;
        } else if (pendingBytes + rest.length > maxLineBytes + 1) {
          // Over the limit even if its last byte is a CR: keep only the head from here on.
          overflow = true;
          overflowBytes = pendingBytes + rest.length;
          pending = [Buffer.concat([...pending, rest]).subarray(0, KEEP_OF_LONG_LINE)];
        } else {
          // Copy: the stream may reuse the chunk's memory.
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      }
      options.onBytes?.(bytesRead, totalBytes);
    }
  } catch (error) {
    throw new SourceError(`reading ${path} failed at line ${lineNumber + 1}: ${(error as Error).message}`, {
      code: 'SOURCE_READ_FAILED',
      retriable: true,
      cause: error,
    });
  }
  if (pendingBytes > 0 || overflow) {
    const item = finishLine(Buffer.alloc(0));
    if (item) yield item;
    else options.onBlankLine?.();
  }
}

function decodeLine(bytes: Buffer, lineNumber: number): SourceItem | null {
  let text = bytes.toString('utf8');
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text.trim() === '') return null; // blank lines hold no record; they are counted apart
  const position = `line ${lineNumber}`;
  // The lenient decode turns bad bytes into U+FFFD; only then pay for a scan of the bytes to find where.
  const offset = text.includes('\uFFFD') ? firstInvalidUtf8Offset(bytes) : -1;
  if (offset >= 0) {
    return {
      position,
      raw: text,
      rawBytes: bytes.length,
      issues: [invalidUtf8Issue(offset)],
    };
  }
  return { position, raw: text, rawBytes: bytes.length };
}

/** Offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** Length of the well-formed UTF-8 sequence (RFC 3629) that starts at `i` with a non-ASCII byte, or 0 if none does. */
export function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  let need: number;
  let min: number;
  if (b >= 0xc2 && b <= 0xdf) {
    need = 1;
    min = 0x80;
  } else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    min = 0x800;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    min = 0x10000;
  } else return 0;
  let cp = b & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const c = bytes[i + k];
    if (c === undefined || (c & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return need + 1;
}
